"""Recording units and training records."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.services import audit_log
from ledger.errors import LedgerError
from ledger.models import RecordingUnit, TrainingRecord
from ledger.selectors import require_decider


@transaction.atomic
def unit_ensure(*, key: str, name: str, region, managers=None, person_in_charge="", contact=""):
    """Create or update the recording unit a feed records under (e.g. ``station:12``).

    Feeds call this whenever their own record changes (a new station manager, say), so
    the ledger always knows who may approve without importing the feed.
    """
    unit, _created = RecordingUnit.objects.update_or_create(
        key=key,
        defaults={
            "name": name,
            "region": region,
            "person_in_charge": person_in_charge,
            "contact": contact,
        },
    )
    if managers is not None:
        unit.managers.set(managers)
    return unit


@transaction.atomic
def training_record(*, volunteer, unit, actor, name, minutes, date, organizer="", content=""):
    """Record training (Art.8). Study minutes never count as service time."""
    require_decider(actor, unit)
    if minutes <= 0:
        raise LedgerError(_("Study minutes must be more than zero."), "minutes_invalid")
    record = TrainingRecord.objects.create(
        volunteer=volunteer,
        name=name,
        content=content,
        minutes=minutes,
        organizer=organizer or unit.name,
        date=date,
        recorded_by=actor,
    )
    audit_log(actor=actor, action="training.record", target=record, data={"minutes": minutes})
    return record
