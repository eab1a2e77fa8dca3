"""The worker's side: claim deliveries in batches, send them, record each outcome.

Every delivery moves ``queued → sending → sent`` (or ``failed`` with a reason). Claiming is
one conditional UPDATE (``WHERE status = 'queued'``) that stamps the rows with a fresh
claim token, so two workers never hold the same row. Where the commit sits decides what a
crash can do (docs/notices.md, "Exactly once"):

- a *transactional* backend (in-app, the console outbox) sends inside the transaction
  that marks the rows sent: both commit or neither does. Rows a dead worker left in
  ``sending`` are queued again and sent once.
- any other backend (SMTP, an SMS provider) is called first and each message's status
  commits right after its call. A row found in ``sending`` after its lease ran out was
  maybe sent: it is queued again only if the provider drops repeats of its key
  (``idempotent``), else it fails as "outcome unknown" — never a second message.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notices import rendering
from notices.channels import Message, Result, backend_for
from notices.models import Channel, Delivery, Notice
from notices.quiet import is_quiet, quiet_end

LEASE = timedelta(minutes=5)  # a claim older than this belongs to a dead worker
MAX_ATTEMPTS = 5
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))


@dataclass
class RunResult:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    recovered: int = 0
    next_due: datetime | None = None  # when deferred or backed-off rows fall due


def deliveries_run(
    *, notice_id: int | None = None, batch_size: int | None = None, now=None, backends=None
) -> RunResult:
    """Deliver everything that is due, batch by batch; the worker's task calls this.

    ``backends`` maps a channel to a backend (tests pass a failing one); by default the
    configured ones. ``now`` fixes the clock (tests of quiet hours and backoff).
    """
    clock = (lambda: now) if now else timezone.now
    batch_size = batch_size or settings.HONGYI_NOTICE_BATCH
    backends = {channel: (backends or {}).get(channel) for channel in Channel.values}
    for channel in Channel.values:
        backends[channel] = backends[channel] or backend_for(channel)
    result = RunResult(recovered=deliveries_recover(now=clock(), backends=backends))
    _hold_for_quiet_hours(notice_id, clock())
    run = _Run(notices={}, result=result, clock=clock)
    busy = True
    while busy:
        busy = False
        for channel, backend in backends.items():
            claim = _claim(channel, notice_id=notice_id, size=batch_size, now=clock())
            if claim is None:
                continue
            busy = True
            _deliver(backend, claim, run)
    _finish(notice_id, run.notices, clock())
    result.next_due = _next_due(notice_id)
    return result


def deliveries_recover(*, now=None, backends=None, lease: timedelta = LEASE) -> int:
    """Rows a dead worker left in ``sending``: queued again where that is safe, else failed."""
    now = now or timezone.now()
    stale = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - lease)
    count = 0
    for channel in Channel.values:
        backend = (backends or {}).get(channel) or backend_for(channel)
        rows = stale.filter(channel=channel)
        if backend.transactional or backend.idempotent:
            count += rows.update(status=Delivery.Status.QUEUED, claim=None)
        else:
            reason = _("The worker stopped while sending; not sent again to avoid a duplicate.")
            count += rows.update(status=Delivery.Status.FAILED, claim=None, reason=reason)
    return count


def _hold_for_quiet_hours(notice_id, now) -> int:
    """SMS queued by day but still waiting at 21:00 (a long queue) wait until 08:00 too."""
    if not is_quiet(now):
        return 0
    due = Delivery.objects.filter(
        status=Delivery.Status.QUEUED,
        channel=Channel.SMS,
        not_before__lte=now,
        notice__urgent=False,
    )
    if notice_id is not None:
        due = due.filter(notice_id=notice_id)
    return due.update(not_before=quiet_end(now))


@dataclass
class _Claim:
    token: uuid.UUID
    rows: list[tuple]  # (pk, recipient_id, notice_id, address, name, attempts)

    def attempts(self, pk: int) -> int:
        return next(row[5] for row in self.rows if row[0] == pk)


@dataclass
class _Run:
    notices: dict  # id → Notice, read once per run
    result: RunResult
    clock: object


def _claim(channel: str, *, notice_id, size: int, now) -> _Claim | None:
    due = Delivery.objects.filter(
        status=Delivery.Status.QUEUED, channel=channel, not_before__lte=now
    )
    if notice_id is not None:
        due = due.filter(notice_id=notice_id)
    token = uuid.uuid4()
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return None
        claimed = Delivery.objects.filter(pk__in=ids, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1
        )
    if not claimed:
        return None
    rows = Delivery.objects.filter(claim=token).order_by("pk")
    values = rows.values_list(
        "pk", "recipient_id", "notice_id", "address", "recipient__name", "attempts"
    )
    return _Claim(token=token, rows=list(values))


def _deliver(backend, claim: _Claim, run: _Run) -> None:
    for notice_id in {row[2] for row in claim.rows} - run.notices.keys():
        run.notices[notice_id] = Notice.objects.get(pk=notice_id)
    messages = [_message(backend.channel, row, run.notices[row[2]]) for row in claim.rows]
    try:
        if backend.transactional:
            with transaction.atomic():
                _record(backend.send_many(messages), claim, run)
        else:
            for message in messages:
                _record(backend.send_many([message]), claim, run)
    except BaseException:
        # This worker gives up the rows it has not recorded; a kill leaves them to the lease.
        Delivery.objects.filter(claim=claim.token, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.QUEUED, claim=None
        )
        raise


def _message(channel: str, row: tuple, notice: Notice) -> Message:
    pk, recipient_id, _notice_id, address, name, _attempts = row
    values = dict(notice.context, **{rendering.NAME: name})
    if channel == Channel.SMS:
        text = rendering.sms_text(rendering.template_render(notice.sms_body or notice.body, values))
    else:
        text = rendering.template_render(notice.body, values)
    subject = rendering.template_render(notice.title, values)
    return Message(pk, recipient_id, f"hongyi-{pk}", address, subject, text)


def _record(results: list[Result], claim: _Claim, run: _Run) -> None:
    now = run.clock()
    sent = [r for r in results if r.ok]
    mine = Delivery.objects.filter(claim=claim.token, status=Delivery.Status.SENDING)
    refs = [r for r in sent if r.ref and not r.ref.startswith("hongyi-")]
    ref_ids = {r.delivery_id for r in refs}
    plain = [r.delivery_id for r in sent if r.delivery_id not in ref_ids]
    done = {"status": Delivery.Status.SENT, "sent_at": now, "claim": None, "reason": ""}
    if plain:
        mine.filter(pk__in=plain).update(**done)
    for r in refs:
        mine.filter(pk=r.delivery_id).update(**done, provider_ref=r.ref[:100])
    run.result.sent += len(sent)
    for r in results:
        if not r.ok:
            _failure(mine.filter(pk=r.delivery_id), r, claim.attempts(r.delivery_id), run)


def _failure(row, r: Result, attempts: int, run: _Run) -> None:
    now, result = run.clock(), run.result
    reason = (r.reason or str(_("The channel refused the message.")))[:200]
    if r.permanent or attempts >= MAX_ATTEMPTS:
        row.update(status=Delivery.Status.FAILED, claim=None, reason=reason)
        result.failed += 1
        return
    delay = BACKOFF[min(attempts, len(BACKOFF)) - 1]
    retry_at = now + delay
    delivery = row.values_list("channel", "notice_id").first()
    if delivery and delivery[0] == Channel.SMS and not run.notices[delivery[1]].urgent:
        retry_at = quiet_end(retry_at)
    row.update(status=Delivery.Status.QUEUED, claim=None, reason=reason, not_before=retry_at)
    result.retried += 1


def _finish(notice_id, notices: dict, now) -> None:
    ids = [notice_id] if notice_id is not None else list(notices)
    open_rows = Delivery.objects.filter(
        notice_id__in=ids, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )
    busy = set(open_rows.values_list("notice_id", flat=True).distinct())
    Notice.objects.filter(pk__in=set(ids) - busy, status=Notice.Status.QUEUED).update(
        status=Notice.Status.DONE, finished_at=now
    )


def _next_due(notice_id) -> datetime | None:
    rows = Delivery.objects.filter(status=Delivery.Status.QUEUED)
    if notice_id is not None:
        rows = rows.filter(notice_id=notice_id)
    return rows.aggregate(due=Min("not_before"))["due"]


def open_notice_ids() -> list[int]:
    """Notices with deliveries not yet done: what ``resume`` queues again after a restart."""
    rows = Delivery.objects.filter(
        Q(status=Delivery.Status.QUEUED) | Q(status=Delivery.Status.SENDING)
    )
    return list(rows.values_list("notice_id", flat=True).distinct().order_by("notice_id"))
