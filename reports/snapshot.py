"""What a certificate states, frozen at issue (志愿服务记录与证明出具办法 Art.15).

The snapshot is plain JSON: it is hashed, stored with the certificate, and rendered
both into the PDF and onto the public verification page.
"""

import hashlib
import json
from collections import deque

from django.conf import settings

from core.quantities import format_hours
from ledger import policies
from ledger.selectors import (
    effective_entries,
    effective_entries_of,
    service_minutes_of,
    service_periods_of,
    volunteer_balance,
)
from reports.hooks import certificate_facts
from reports.people import identities_of, identity_of

MAX_LISTED_RECORDS = 500


def issuer_facts(issuer, officer_name: str) -> dict:
    return {
        "name": issuer.name if issuer else settings.HONGYI_ISSUER_NAME,
        "person_in_charge": issuer.person_in_charge if issuer else settings.HONGYI_ISSUER_PERSON,
        "contact": issuer.contact if issuer else settings.HONGYI_ISSUER_CONTACT,
        "officer": officer_name,
    }


def records_of(volunteer, start=None, end=None) -> list[dict]:
    """The newest ``MAX_LISTED_RECORDS`` records that stand, oldest first."""
    newest = effective_entries(volunteer, start=start, end=end).reverse()[:MAX_LISTED_RECORDS]
    return [_record(entry) for entry in list(newest)[::-1]]


def _record(entry) -> dict:
    return {
        "date": entry.service_date.isoformat(),
        "activity": entry.activity,
        "place": entry.place,
        "content": entry.content,
        "unit": entry.unit.name,
        "program": entry.program_name,
        "station": entry.station_name,
        "minutes": entry.minutes,
        "hours": format_hours(entry.minutes),
    }


def build(*, volunteer, **issue) -> dict:
    """What a certificate for ``volunteer`` states. ``issue``: kind, serial, issued_on,
    issuer, officer_name and with_seal, as ``compose`` takes them.

    Hours and period come from one reading of the ledger, ``volunteer_balance``, the same
    "我的" shows: the balance, and the first and last dates of the records that stand."""
    balance = volunteer_balance(volunteer)
    extra = certificate_facts([volunteer.pk]).get(volunteer.pk)
    period = (balance.first_service_date, balance.last_service_date)
    return compose(identity=identity_of(volunteer), records=records_of(volunteer),
                   minutes=balance.service_minutes, period=period, extra=extra,
                   **issue)  # fmt: skip


def build_many(*, volunteers, serials, **issue) -> list[dict]:
    """``build`` for many volunteers in three queries (batch printing): the same
    snapshots, with one serial each."""
    ids = [volunteer.pk for volunteer in volunteers]
    identities, minutes = identities_of(volunteers), service_minutes_of(ids)
    periods = service_periods_of(ids)
    newest = {pk: deque(maxlen=MAX_LISTED_RECORDS) for pk in ids}  # as ``records_of`` lists
    for entry in effective_entries_of(ids):
        newest[entry.volunteer_id].append(entry)
    records = {pk: [_record(entry) for entry in kept] for pk, kept in newest.items()}
    extras = certificate_facts(ids)
    return [
        compose(identity=identities[pk], records=records[pk], minutes=minutes[pk], serial=serial,
                period=periods[pk], extra=extras.get(pk), **issue)
        for pk, serial in zip(ids, serials, strict=True)
    ]  # fmt: skip


def compose(*, identity, records, minutes, kind, serial, issued_on, issuer, officer_name,
            with_seal, period=None, extra=None) -> dict:  # fmt: skip
    """The snapshot. ``period``: the first and last service dates of the records that
    stand (``ledger.selectors.service_periods_of``; all of them, even past the listed
    ``MAX_LISTED_RECORDS``). ``extra``: facts an app above reports adds (``reports.hooks``)."""
    if period is None:
        period = (records[0]["date"], records[-1]["date"]) if records else (None, None)
    first, last = (day.isoformat() if hasattr(day, "isoformat") else day for day in period)
    return (extra or {}) | {
        "serial": serial,
        "kind": kind,
        "name": identity.name,
        "id_type": identity.id_type,
        "id_masked": identity.id_masked,
        "number": identity.number,
        "minutes": minutes,
        "hours": format_hours(minutes),
        "star_level": policies.star_level(minutes),
        "period": [first, last],
        "records": records,
        "programs": sorted({r["program"] for r in records if r["program"]}),
        "stations": sorted({r["station"] for r in records if r["station"]}),
        "units": sorted({r["unit"] for r in records}),
        "issuer": issuer_facts(issuer, officer_name),
        "issued_on": issued_on.isoformat(),
        "with_seal": with_seal,
    }


def hash_of(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
