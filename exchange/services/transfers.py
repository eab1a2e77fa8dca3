"""Record transfer between counties (转移接续): issuing signed packages, importing them.

A volunteer who moves away downloads a package of their records (or the county office
issues it); the receiving county's Hongyi verifies it against the keys it trusts and keeps
its records as external records of the volunteer registered there, matched by the masked
ID number and the name (the package carries no full ID number).
"""

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from core.links import public_url
from core.quantities import format_hours
from core.roles import Role
from core.selectors import user_has_role
from core.services import audit_log
from exchange import packages, people, signing
from exchange.errors import ExchangeError
from exchange.mapping import ID_TYPE, record_number
from exchange.models import ExternalImport, TransferPackage, TrustedCounty
from exchange.packages import PackageRefusedError
from exchange.rendering import transfer_pdf
from exchange.services.imports import records_write
from ledger.selectors import effective_entries

SERIAL_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ZIP = "application/zip"


def public_key_url() -> str:
    return public_url("/exchange/public-key.pem")


def _records(user) -> list[dict]:
    county = settings.HONGYI_COUNTY_CODE
    return [
        {
            "record": record_number(county, e.seq),
            "date": e.service_date.isoformat(),
            "activity": e.activity,
            "program": e.program_name,
            "place": e.place,
            "content": e.content,
            "unit": e.unit.name,
            "person_in_charge": e.person_in_charge,
            "minutes": e.minutes,
        }
        for e in effective_entries(user)
    ]


def transfer_record(user, *, serial: str, now) -> dict:
    """What a package states about ``user``: identity (masked), every standing record."""
    profile = people.volunteer_profile(user)
    records = _records(user)
    minutes = sum(row["minutes"] for row in records)
    return {
        "serial": serial,
        "issued_at": timezone.localtime(now).isoformat(timespec="seconds"),
        "issuer": {
            "county_code": settings.HONGYI_COUNTY_CODE,
            "county": settings.HONGYI_COUNTY_NAME,
            "unit": settings.HONGYI_ISSUER_NAME,
            "public_key_url": public_key_url(),
        },
        "volunteer": {
            "name": user.name,
            "id_type": ID_TYPE,
            "id_masked": profile.id_number_masked if profile else "",
            "number": (profile.number or "") if profile else "",
        },
        "records": records,
        "minutes": minutes,
        "hours": format_hours(minutes),
        "key_fingerprint": signing.fingerprint(),
    }


def _may_issue(actor, volunteer) -> bool:
    return actor.pk == volunteer.pk or user_has_role(actor, Role.COUNTY_OFFICE)


@transaction.atomic
def transfer_issue(*, volunteer, actor, now=None) -> tuple[str, str, bytes]:
    """A signed package of ``volunteer``'s records: (filename, mimetype, ZIP bytes)."""
    if not _may_issue(actor, volunteer):
        raise PermissionDenied
    now = now or timezone.now()
    serial = (
        f"{settings.HONGYI_COUNTY_CODE}-T{timezone.localdate(now):%Y%m%d}-"
        f"{get_random_string(6, SERIAL_ALPHABET)}"
    )
    record = transfer_record(volunteer, serial=serial, now=now)
    content, data = packages.build(record, transfer_pdf(record))
    TransferPackage.objects.create(
        serial=serial,
        volunteer=volunteer,
        issued_at=now,
        issued_by=actor,
        records=len(record["records"]),
        minutes=record["minutes"],
        record_sha256=hashlib.sha256(data).hexdigest(),
    )
    audit_log(
        actor=actor,
        action="exchange.transfer_issue",
        target=volunteer,
        data={"serial": serial, "records": len(record["records"])},
    )
    return f"transfer-{serial}.zip", ZIP, content


def trusted_keys() -> list[tuple[str, object]]:
    """(name, public key) of every county whose packages this system accepts."""
    keys = []
    for county in TrustedCounty.objects.all():
        try:
            keys.append((county.name, signing.load_public(county.public_key)))
        except ValueError:
            continue
    return keys


def transfer_verify(content: bytes, keys=None) -> packages.Verified:
    """Verify a package against ``keys`` (default: the trusted counties and this county)."""
    if keys is None:
        keys = [*trusted_keys(), (settings.HONGYI_COUNTY_NAME, signing.public_key())]
    return packages.verify(content, keys)


def _match(record: dict, actor, volunteer):
    facts = record.get("volunteer") or {}
    masked, name = str(facts.get("id_masked", "")), str(facts.get("name", ""))
    if volunteer is not None:
        profile = people.volunteer_profile(volunteer)
        if profile is None or (profile.id_number_masked, volunteer.name) != (masked, name):
            raise PackageRefusedError(
                _("This package is for %(name)s (ID %(id)s), not for you.")
                % {"name": name, "id": masked}
            )
        return volunteer
    found = list(people.volunteers_by_masked(masked, name)[:2])
    if len(found) != 1:
        raise PackageRefusedError(
            _(
                "No single volunteer registered here has the name %(name)s and ID %(id)s: "
                "register the volunteer first."
            )
            % {"name": name, "id": masked}
        )
    return found[0].user


def _records_of(record: dict) -> list[dict]:
    try:
        return [
            {
                "record_ref": str(row["record"])[:100],
                "service_date": date.fromisoformat(row["date"]),
                "activity": str(row["activity"])[:200],
                "program": str(row.get("program", ""))[:200],
                "place": str(row.get("place", ""))[:200],
                "content": str(row.get("content", ""))[:500],
                "unit": str(row.get("unit", ""))[:200],
                "person_in_charge": str(row.get("person_in_charge", ""))[:50],
                "minutes": int(row["minutes"]),
                "is_correction": False,
            }
            for row in record["records"]
        ]
    except (KeyError, TypeError, ValueError) as error:
        raise PackageRefusedError(_("The signed record cannot be read.")) from error


@transaction.atomic
def transfer_import(*, content: bytes, actor, filename: str = "", for_self: bool = False):
    """Verify a package and keep its records as the volunteer's external records.

    ``for_self``: the logged-in volunteer imports their own package; otherwise the county
    office imports it for the volunteer it matches. Returns the ExternalImport.
    """
    if not (for_self or user_has_role(actor, Role.COUNTY_OFFICE)):
        raise PermissionDenied
    verified = transfer_verify(content)
    issuer = verified.record.get("issuer") or {}
    if issuer.get("county_code") == settings.HONGYI_COUNTY_CODE:
        raise PackageRefusedError(
            _("This package was issued by this county: its records are already here.")
        )
    volunteer = _match(verified.record, actor, actor if for_self else None)
    records = [{**row, "volunteer_id": volunteer.pk} for row in _records_of(verified.record)]
    origin = f"{issuer.get('county', '')}（{issuer.get('county_code', '')}）"[:200]
    imported = ExternalImport.objects.create(
        kind=ExternalImport.Kind.TRANSFER,
        origin=origin,
        filename=(filename or str(verified.record.get("serial", "")))[:200],
        created_by=actor,
        total_rows=len(records),
    )
    records_write(imported=imported, records=records, total=len(records))
    audit_log(
        actor=actor,
        action="exchange.transfer_import",
        target=imported,
        data={
            "serial": verified.record.get("serial"),
            "signer": str(verified.signer),
            "volunteer": volunteer.pk,
        },
    )
    imported.refresh_from_db()
    return imported


@transaction.atomic
def trusted_county_add(*, name: str, county_code: str, public_key: str, actor) -> TrustedCounty:
    """Trust another county's published public key (the county office, audited)."""
    if not user_has_role(actor, Role.COUNTY_OFFICE):
        raise PermissionDenied
    try:
        key = signing.load_public(public_key)
    except ValueError:
        raise ExchangeError(
            _("This is not an Ed25519 public key in PEM form (-----BEGIN PUBLIC KEY-----)."),
            "bad_key",
        ) from None
    try:
        with transaction.atomic():
            county = TrustedCounty.objects.create(
                name=name.strip()[:100],
                county_code=county_code.strip()[:12],
                public_key=signing.public_pem(key),
                fingerprint=signing.fingerprint(key),
                added_by=actor,
            )
    except IntegrityError:
        raise ExchangeError(_("This key is already trusted."), "already_trusted") from None
    audit_log(
        actor=actor,
        action="exchange.trust_county",
        target=county,
        data={"name": county.name, "fingerprint": county.fingerprint},
    )
    return county
