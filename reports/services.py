"""Writes of the reports app: issuing and revoking certificates, and batches."""

import math
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import audit_log, audit_log_many
from reports import snapshot as snapshots
from reports.models import Batch, BatchItem, Certificate, Issuer, SerialCounter

MIN_PART, MAX_PART = 10, 100
SERIAL_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no O/0, I/1/L: safe on bad printers


class ReportError(DomainError):
    """A refusal while issuing or revoking a certificate."""


def _next_serials(year: int, count: int = 1) -> list[str]:
    """``2026-000123-K7QF``: a yearly sequence, plus a random tail so serials can't be guessed."""
    counter, _created = SerialCounter.objects.select_for_update().get_or_create(year=year)
    first, counter.last = counter.last + 1, counter.last + count
    counter.save(update_fields=["last"])
    return [f"{year}-{n:06d}-{_tail()}" for n in range(first, counter.last + 1)]


def _tail() -> str:
    return "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(4))


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
    (serial,) = _next_serials(timezone.localdate(now).year)
    return snapshots.build(volunteer=volunteer, serial=serial,
                           **_issue_facts(kind, actor, volunteer, with_seal, now))  # fmt: skip


def _issue_facts(kind, actor, volunteer, with_seal, now) -> dict:
    # The certificate is a Chinese document whatever language the issuer (or a worker
    # process, which has none) runs in; the snapshot keeps what it states.
    with translation.override(settings.LANGUAGE_CODE):
        self_service = _("self-service")
    staff = actor and actor.is_authenticated and actor != volunteer
    officer = actor.name if staff else self_service
    return {"kind": str(kind), "issued_on": timezone.localdate(now), "issuer": current_issuer(),
            "officer_name": str(officer), "with_seal": with_seal}  # fmt: skip


@transaction.atomic
def certificates_issue_many(*, volunteers, actor=None, with_seal=False,
                            now=None) -> list[Certificate]:  # fmt: skip
    """``certificate_issue`` of service certificates for many volunteers (batch printing)
    in a few queries whatever their number: the same snapshots, numbers, supersession
    and audit entries. The caller (staff) is the handling officer."""
    now, kind = now or timezone.now(), Certificate.Kind.SERVICE
    facts = _issue_facts(kind, actor, None, with_seal, now)
    states = snapshots.build_many(
        volunteers=volunteers,
        serials=_next_serials(facts["issued_on"].year, len(volunteers)),
        **facts,
    )
    certificates = Certificate.objects.bulk_create(
        Certificate(serial=state["serial"], kind=kind, volunteer=volunteer, snapshot=state,
                    snapshot_hash=snapshots.hash_of(state), issued_at=now,
                    issued_by=actor if actor and actor.is_authenticated else None)
        for volunteer, state in zip(volunteers, states, strict=True)
    )  # fmt: skip
    _supersede_earlier(certificates, kind)
    audit_log_many(actor=actor, action="certificate.issue", targets=certificates,
                   data={"kind": kind})  # fmt: skip
    return certificates


def _supersede_earlier(certificates, kind) -> None:
    """Each volunteer's earlier valid certificate now points to their new one."""
    new = [certificate.pk for certificate in certificates]
    newer = Certificate.objects.filter(pk__in=new, volunteer=OuterRef("volunteer"))
    Certificate.objects.filter(
        volunteer__in=[c.volunteer_id for c in certificates], kind=kind,
        status=Certificate.Status.VALID,
    ).exclude(pk__in=new).update(status=Certificate.Status.SUPERSEDED,
                                 superseded_by=Subquery(newer.values("pk")[:1]))  # fmt: skip


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


def part_size(total: int) -> int:
    """Parts of up to 100 volunteers, but at least two for each rendering process, so a
    team's batch of 60 is printed by both processes too (and never parts below 10,
    whose fixed cost per document would show)."""
    share = math.ceil(total / (2 * settings.HONGYI_BATCH_PROCESSES))
    return max(MIN_PART, min(MAX_PART, share))


@transaction.atomic
def batch_create(*, actor, volunteers, criteria: dict, with_seal=False,
                 chunk_size: int | None = None) -> Batch:  # fmt: skip
    """Record the batch and its volunteers; the worker then issues and prints them."""
    volunteer_ids = list(dict.fromkeys(v.pk for v in volunteers))
    batch = Batch.objects.create(
        created_by=actor, criteria=criteria, with_seal=with_seal, total=len(volunteer_ids),
        chunk_size=chunk_size or part_size(len(volunteer_ids)),
    )  # fmt: skip
    BatchItem.objects.bulk_create(
        BatchItem(batch=batch, position=n, volunteer_id=pk) for n, pk in enumerate(volunteer_ids)
    )
    audit_log(
        actor=actor, action="batch.create", target=batch, data={**criteria, "total": batch.total}
    )
    return batch
