"""认领, 分派, 办理, 办结: a volunteer claims an accepted request (or staff assign a
volunteer or a team), notes progress with photos, and reports it done with the minutes
each helper served. Each helper's minutes become one ledger claim (``wish-hours:<id>``)
that the station's managers confirm in the ledger queue: the ledger never imports wishes.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ledger.models import Kind
from ledger.services import Activity, claim_submit
from stations.services import station_unit_sync
from volunteers.selectors import volunteer_can_take
from wishes.errors import WishError
from wishes.models import Status, Wish, WishEvent, WishHours, WishPhoto
from wishes.selectors import active_volunteer, is_assigned, may_handle
from wishes.services.base import (
    lock,
    photos_save,
    processed_photos,
    record,
    require_step,
    required_text,
)
from wishes.services.review import require_staff

A = WishEvent.Action
MAX_MINUTES = 24 * 60


def _require_suitable(user, wish: Wish) -> None:
    volunteer = active_volunteer(user)
    if volunteer is None or not volunteer_can_take(
        volunteer=volunteer, minors_allowed=wish.kind.minors_allowed
    ):
        raise WishError(
            _("Only active volunteers suited to this task may take it."), "volunteer_unsuitable"
        )


@transaction.atomic
def wish_claim(*, wish: Wish, user, now=None) -> Wish:
    """A volunteer takes an accepted request. Two at once: the row lock lets one through;
    the other then reads it taken and is told ``already_claimed``."""
    now = now or timezone.now()
    wish = lock(wish)
    _require_suitable(user, wish)
    if wish.status == Status.ASSIGNED:
        raise WishError(_("Another volunteer has already taken this request."), "already_claimed")
    require_step(wish, "claim")
    wish.status, wish.assignee, wish.assigned_at = Status.ASSIGNED, user, now
    wish.save(update_fields=["status", "assignee", "assigned_at"])
    record(wish, A.CLAIMED, actor=user, role="volunteer", now=now)
    return wish


@transaction.atomic
def wish_assign(*, wish: Wish, actor, volunteer=None, team=None, now=None) -> Wish:
    """Staff hand the request to one volunteer (a user) or to a team."""
    now = now or timezone.now()
    wish = lock(wish)
    require_staff(actor, wish)
    if (volunteer is None) == (team is None):
        raise WishError(_("Assign either a volunteer or a team."), "assignee_required")
    require_step(wish, "assign")
    if volunteer is not None:
        _require_suitable(volunteer, wish)
    wish.status, wish.assignee, wish.team, wish.assigned_at = (
        Status.ASSIGNED, volunteer, team, now)  # fmt: skip
    wish.save(update_fields=["status", "assignee", "team", "assigned_at"])
    to = volunteer.name if volunteer is not None else team.name
    record(wish, A.ASSIGNED, actor=actor, role="staff", now=now, data={"to": to})
    return wish


@transaction.atomic
def wish_release(*, wish: Wish, actor, reason: str, now=None) -> Wish:
    """The assignee cannot do it after all (or staff take it back): open for others."""
    now = now or timezone.now()
    wish = lock(wish)
    _require_handler(actor, wish)
    reason = required_text(reason, _("Say why, so the next volunteer knows."))
    require_step(wish, "release")
    wish.status, wish.assignee, wish.team, wish.assigned_at = Status.ACCEPTED, None, None, None
    wish.save(update_fields=["status", "assignee", "team", "assigned_at"])
    record(wish, A.REOPENED, actor=actor, role=_role(actor, wish), now=now, note=reason,
           data={"released": True})  # fmt: skip
    return wish


def _role(actor, wish: Wish) -> str:
    return "volunteer" if is_assigned(actor, wish) else "staff"


def _require_handler(actor, wish: Wish) -> None:
    if not may_handle(actor, wish):
        raise WishError(_("Only the assigned volunteer or the staff may do this."), "not_assignee")


@transaction.atomic
def wish_progress(*, wish: Wish, actor, note: str, photos=(), now=None) -> WishEvent:
    now = now or timezone.now()
    wish = lock(wish)
    _require_handler(actor, wish)
    note = required_text(note, _("Write what was done."), "note_required")
    require_step(wish, "progress")
    processed = processed_photos(photos)
    event = record(wish, A.PROGRESS, actor=actor, role=_role(actor, wish), now=now, note=note)
    photos_save(wish, processed, stage=WishPhoto.Stage.PROGRESS, event=event, now=now)
    return event


@dataclass(frozen=True)
class Helper:
    """One person who did the work and the minutes they served (travel excluded)."""

    user: object
    minutes: int


@transaction.atomic
def wish_resolve(*, wish: Wish, actor, note: str, helpers, photos=(), now=None) -> Wish:
    """办结: done. The filer is asked to confirm; the helpers' minutes go to the ledger."""
    now = now or timezone.now()
    wish = lock(wish)
    _require_handler(actor, wish)
    note = required_text(note, _("Write what was done."), "note_required")
    require_step(wish, "resolve")
    helpers = _checked_helpers(helpers, wish)
    processed = processed_photos(photos)
    wish.status, wish.resolved_at = Status.RESOLVED, now
    wish.resolved_late = timezone.localtime(now).date() > wish.due_on
    wish.save(update_fields=["status", "resolved_at", "resolved_late"])
    data = {"hours": [{"name": h.user.name, "minutes": h.minutes} for h in helpers]}
    event = record(wish, A.RESOLVED, actor=actor, role=_role(actor, wish), now=now, note=note,
                   data=data)  # fmt: skip
    for helper in helpers:
        _claim_hours(wish, helper, actor=actor, note=note, now=now)
    photos_save(wish, processed, stage=WishPhoto.Stage.PROGRESS, event=event, now=now)
    return wish


def _checked_helpers(helpers, wish: Wish) -> list[Helper]:
    helpers, seen = list(helpers), set()
    if not helpers:
        raise WishError(_("Say who did the work and for how long."), "minutes_invalid")
    for helper in helpers:
        if not 1 <= helper.minutes <= MAX_MINUTES:
            raise WishError(_("Minutes must be between 1 and 1440."), "minutes_invalid")
        if helper.user.pk in seen:
            raise WishError(_("Each volunteer once, please."), "minutes_invalid")
        seen.add(helper.user.pk)
        _require_suitable(helper.user, wish)
    return helpers


def _claim_hours(wish: Wish, helper: Helper, *, actor, note: str, now) -> None:
    row = WishHours.objects.create(wish=wish, volunteer=helper.user, minutes=helper.minutes,
                                   reported_by=actor, reported_at=now)  # fmt: skip
    station, program = wish.station, wish.kind.program
    flags = ("own_request",) if wish.filer_id == helper.user.pk else ()
    claim_submit(
        source_key=row.source_key,
        volunteer=helper.user,
        unit=station_unit_sync(station=station),
        activity=Activity(
            kind=Kind.WISH,
            service_date=timezone.localtime(now).date(),
            activity=f"{wish.kind.name}：{wish.title}"[:200],
            place=station.site or station.name,
            content=note[:500],
            township=wish.township,
            station_key=f"station:{station.pk}",
            station_name=station.name,
            program_key=f"program:{program.pk}" if program else "",
            program_name=program.name if program else "",
        ),
        minutes=helper.minutes,
        flags=flags,
        now=now,
    )
