"""What a certificate states, frozen at issue (志愿服务记录与证明出具办法 Art.15).

The snapshot is plain JSON: it is hashed, stored with the certificate, and rendered
both into the PDF and onto the public verification page.
"""

import hashlib
import json

from django.conf import settings

from core.quantities import format_hours
from ledger.selectors import effective_entries, volunteer_balance
from reports.people import identity_of

MAX_LISTED_RECORDS = 500


def issuer_facts(issuer, officer_name: str) -> dict:
    return {
        "name": issuer.name if issuer else settings.HONGYI_ISSUER_NAME,
        "person_in_charge": issuer.person_in_charge if issuer else settings.HONGYI_ISSUER_PERSON,
        "contact": issuer.contact if issuer else settings.HONGYI_ISSUER_CONTACT,
        "officer": officer_name,
    }


def records_of(volunteer, start=None, end=None) -> list[dict]:
    entries = effective_entries(volunteer, start=start, end=end)[:MAX_LISTED_RECORDS]
    return [
        {
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
        for entry in entries
    ]


def build(*, volunteer, kind, serial, issued_on, issuer, officer_name, with_seal) -> dict:
    identity = identity_of(volunteer)
    records = records_of(volunteer)
    minutes = volunteer_balance(volunteer).service_minutes
    return {
        "serial": serial,
        "kind": kind,
        "name": identity.name,
        "id_type": identity.id_type,
        "id_masked": identity.id_masked,
        "number": identity.number,
        "minutes": minutes,
        "hours": format_hours(minutes),
        "star_level": volunteer_balance(volunteer).star_level,
        "period": [records[0]["date"], records[-1]["date"]] if records else [None, None],
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
