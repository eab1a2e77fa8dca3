"""Writes of the reports app: issuing and revoking certificates, and batches."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import audit_log
from reports import snapshot as snapshots
from reports.models import Batch, BatchItem, Certificate, Issuer, SerialCounter

SERIAL_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no O/0, I/1/L: safe on bad printers


class ReportError(DomainError):
    """A refusal while issuing or revoking a certificate."""


def _next_serial(year: int) -> str:
    """``2026-000123-K7QF``: a yearly sequence, plus a random tail so serials can't be guessed."""
    counter, _created = SerialCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    tail = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(4))
    return f"{year}-{counter.last:06d}-{tail}"


def current_issuer() -> Issuer | None:
    return Issuer.objects.order_by("pk").first()


@transaction.atomic
def certificate_issue(*, volunteer, kind=Certificate.Kind.SERVICE, actor=None, with_seal=False,
                      now=None) -> Certificate:  # fmt: skip
    """Issue a certificate stating the volunteer's record as it stands now.

    Any earlier valid certificate of the same kind becomes *superseded*: it still
    verifies as what it stated, and says a newer one exists.
    """
    now = now or timezone.now()
    snapshot = _snapshot(volunteer, kind, actor, with_seal, now)
    if kind == Certificate.Kind.STAR and snapshot["star_level"] < 1:
        raise ReportError(_("Star certificates start at 100 hours of service."), "no_star_level")
    certificate = Certificate.objects.create(
        serial=snapshot["serial"], kind=kind, volunteer=volunteer, snapshot=snapshot,
        snapshot_hash=snapshots.hash_of(snapshot), issued_at=now,
        issued_by=actor if actor and actor.is_authenticated else None,
    )  # fmt: skip
    Certificate.objects.filter(
        volunteer=volunteer, kind=kind, status=Certificate.Status.VALID
    ).exclude(pk=certificate.pk).update(
        status=Certificate.Status.SUPERSEDED, superseded_by=certificate
    )
    audit_log(actor=actor, action="certificate.issue", target=certificate, data={"kind": kind})
    return certificate


def _snapshot(volunteer, kind, actor, with_seal, now) -> dict:
    officer = (
        actor.name if actor and actor.is_authenticated and actor != volunteer else _("self-service")
    )
    return snapshots.build(
        volunteer=volunteer, kind=str(kind), serial=_next_serial(timezone.localdate(now).year),
        issued_on=timezone.localdate(now), issuer=current_issuer(), officer_name=str(officer),
        with_seal=with_seal,
    )  # fmt: skip


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not reason.strip():
        raise ReportError(_("Please give a reason."), "reason_required")
    if certificate.status == Certificate.Status.REVOKED:
        raise ReportError(_("This certificate is already revoked."), "already_revoked")
    certificate.status, certificate.status_reason = Certificate.Status.REVOKED, reason.strip()
    certificate.save(update_fields=["status", "status_reason"])
    audit_log(actor=actor, action="certificate.revoke", target=certificate, data={"reason": reason})
    return certificate


@transaction.atomic
def batch_create(*, actor, volunteers, criteria: dict, with_seal=False, chunk_size=100) -> Batch:
    """Record the batch and its volunteers; the worker then issues and prints them."""
    volunteer_ids = list(dict.fromkeys(v.pk for v in volunteers))
    batch = Batch.objects.create(created_by=actor, criteria=criteria, with_seal=with_seal,
                                 total=len(volunteer_ids), chunk_size=chunk_size)  # fmt: skip
    BatchItem.objects.bulk_create(
        BatchItem(batch=batch, position=n, volunteer_id=pk) for n, pk in enumerate(volunteer_ids)
    )
    audit_log(
        actor=actor, action="batch.create", target=batch, data={**criteria, "total": batch.total}
    )
    return batch
