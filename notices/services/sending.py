"""Compose, preview and send: everything is checked before anything is queued.

``notice_send`` validates the draft (title, text, placeholders, channels, urgency), checks
the sender's scope, resolves the audience once and freezes it: one ``Recipient`` per
person and one ``Delivery`` per channel they get, in bulk. The audit log keeps the
audience's definition and the counts; the worker is queued when the transaction commits.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.masking import mask_name
from core.selectors import user_sees_county
from core.services import audit_log
from events.models import Event
from notices import rendering
from notices.audiences import (
    Audience,
    Kind,
    audience_check,
    audience_label,
    audience_users,
)
from notices.errors import NoticeError
from notices.models import Channel, Notice, Recipient
from notices.quiet import quiet_end
from notices.services import freezing

TITLE_MAX = 100
BODY_MAX = 1000


@dataclass(frozen=True)
class Draft:
    """What the compose form (or the API) hands in."""

    audience: Audience
    title: str
    body: str  # Chinese text with placeholders {姓名} {活动} {时间} {地点}
    channels: tuple[str, ...] = (Channel.INAPP,)  # in-app is always added
    urgent: bool = False  # county only: SMS ignores quiet hours
    event_id: int | None = None  # fills {活动} {时间} {地点} from the event
    time: str = ""  # or typed by the sender
    place: str = ""
    sms_body: str = ""  # a shorter text for SMS, with the same placeholders (reminders)


@dataclass(frozen=True)
class Preview:
    count: int  # recipients
    channels: dict[str, int] = field(default_factory=dict)  # deliveries per channel
    no_address: dict[str, int] = field(default_factory=dict)  # chose a channel, no address
    sample_title: str = ""
    sample_text: str = ""  # rendered for the first recipient (name masked)
    sms_text: str = ""  # with the signature
    sms_length: int = 0  # the longest rendering, signature included
    sms_deferred_until: datetime | None = None  # quiet hours: SMS waits until 08:00
    audience_label: str = ""


@dataclass
class _Person:
    pk: int
    name: str
    mobile: str
    sms: bool
    email: bool
    email_address: str


@dataclass
class _Plan:
    audience: Audience
    label: str
    title: str
    body: str
    channels: tuple[str, ...]
    urgent: bool
    context: dict
    event_id: int | None
    people: list[_Person]
    sms_length: int
    sms_at: datetime
    sms_body: str = ""  # when set, what the SMS says instead of ``body``

    def routes(self, person: _Person) -> list[tuple[str, str]]:
        """The (channel, address) pairs ``person`` gets: in-app always, the rest if allowed."""
        routes = [(Channel.INAPP, "")]
        if Channel.EMAIL in self.channels and person.email and person.email_address:
            routes.append((Channel.EMAIL, person.email_address))
        if Channel.SMS in self.channels and person.sms and person.mobile:
            routes.append((Channel.SMS, person.mobile))
        return routes


def notice_preview(*, sender, draft: Draft, now: datetime | None = None) -> Preview:
    """The count and a sample before sending; the same checks as sending, nothing written."""
    now = now or timezone.now()
    audience_check(sender=sender, audience=draft.audience)
    plan = _plan(draft, now=now, urgent_allowed=user_sees_county(sender))
    counts = dict.fromkeys(plan.channels, 0)
    for person in plan.people:
        for channel, _address in plan.routes(person):
            counts[channel] += 1
    no_address = {
        channel: len(plan.people) - counts[channel]
        for channel in plan.channels
        if channel != Channel.INAPP
    }
    first = plan.people[0]
    values = dict(plan.context, **{rendering.NAME: mask_name(first.name)})
    text = rendering.template_render(plan.body, values)
    return Preview(
        count=len(plan.people),
        channels=counts,
        no_address=no_address,
        sample_title=rendering.template_render(plan.title, values),
        sample_text=text,
        sms_text=rendering.sms_text(text) if Channel.SMS in plan.channels else "",
        sms_length=plan.sms_length,
        sms_deferred_until=plan.sms_at if plan.sms_at > now else None,
        audience_label=plan.label,
    )


@transaction.atomic
def notice_send(*, sender, draft: Draft, now: datetime | None = None) -> Notice:
    now = now or timezone.now()
    audience_check(sender=sender, audience=draft.audience)
    plan = _plan(draft, now=now, urgent_allowed=user_sees_county(sender), people=False)
    notice = _freeze(plan, sender=sender, now=now)
    audit_log(actor=sender, action="notice.send", target=notice, data=_audit_data(notice, plan))
    _enqueue(notice)
    return notice


def reminder_enqueue(
    *,
    key: str,
    user_ids,
    title: str,
    body: str,
    sms_body: str = "",
    channels=(Channel.INAPP, Channel.SMS),
    event_id: int | None = None,
    context: dict | None = None,
    now: datetime | None = None,
) -> Notice | None:
    """A system notice to ``user_ids`` (reminders, changes, promotions); once per ``key``.

    Same checks, preferences and quiet hours as any notice, no sender and no scope. A
    second call with a key already used queues nothing and returns None; so does an
    audience with nobody left in it.
    """
    now = now or timezone.now()
    if Notice.objects.filter(key=key).exists():
        return None
    audience = Audience(kind=Kind.PEOPLE, user_ids=tuple(sorted(set(user_ids))))
    draft = Draft(
        audience=audience, title=title, body=body, channels=tuple(channels), sms_body=sms_body
    )
    plan = _plan(
        draft, now=now, urgent_allowed=False, context=context, event_id=event_id, people=False
    )
    try:
        with transaction.atomic():
            notice = _freeze(plan, sender=None, now=now, key=key)
            audit_log(
                actor=None, action="notice.remind", target=notice, data=_audit_data(notice, plan)
            )
            _enqueue(notice)
    except IntegrityError:  # the same key, queued by a concurrent run
        return None
    except NoticeError as error:
        if error.code == "audience_empty":
            return None
        raise
    return notice


@transaction.atomic
def notice_read(*, user, recipient_id: int, now: datetime | None = None) -> Recipient:
    """Open an inbox item: it is marked read the first time."""
    recipient = (
        Recipient.objects.select_for_update()
        .filter(pk=recipient_id, user=user, inbox_at__isnull=False)
        .first()
    )
    if recipient is None:
        raise NoticeError(_("This message was not found."), "not_found")
    if recipient.read_at is None:
        recipient.read_at = now or timezone.now()
        recipient.save(update_fields=["read_at"])
    return recipient


# --- Checks ---------------------------------------------------------------------------------


def _plan(
    draft: Draft, *, now, urgent_allowed: bool, context=None, event_id=None, people=True
) -> _Plan:  # fmt: skip
    """Every check that needs no rows written; with ``people``, the audience read too."""
    title, body = (draft.title or "").strip(), (draft.body or "").strip()
    if not title:
        raise NoticeError(_("Enter a title."), "title_empty")
    if not body:
        raise NoticeError(_("Enter the text of the notice."), "body_empty")
    if len(title) > TITLE_MAX or len(body) > BODY_MAX:
        raise NoticeError(
            _("The title is at most %(title)s characters and the text %(body)s.")
            % {"title": TITLE_MAX, "body": BODY_MAX},
            "too_long",
        )
    channels = _channels(draft.channels)
    if draft.urgent and not urgent_allowed:
        raise NoticeError(
            _("Only the county office may mark a notice urgent."), "urgent_not_allowed"
        )
    event_id = event_id or draft.event_id or _event_of(draft.audience)
    context = _context(draft, event_id) | (context or {})
    rendering.template_check(title, context=context, field=str(_("title")))
    rendering.template_check(body, context=context, field=str(_("text")))
    sms_body = (draft.sms_body or "").strip()
    if sms_body:
        rendering.template_check(sms_body, context=context, field=str(_("SMS text")))
    sms_length, found = 0, []
    if people:
        found = _people(draft.audience, now)
        _refuse_empty(len(found))
        if Channel.SMS in channels:
            longest = max(len(person.name) for person in found)
            sms_length = rendering.sms_check(
                sms_body or body, longest_name=longest, context=context
            )
    return _Plan(
        audience=draft.audience,
        label=audience_label(draft.audience),
        title=title,
        body=body,
        sms_body=sms_body,
        channels=channels,
        urgent=draft.urgent,
        context=context,
        event_id=event_id,
        people=found,
        sms_length=sms_length,
        sms_at=now if draft.urgent else quiet_end(now),
    )


def _refuse_empty(count: int) -> None:
    if not count:
        raise NoticeError(
            _("Nobody is in this audience: the notice would reach no one."), "audience_empty"
        )


def _channels(chosen) -> tuple[str, ...]:
    channels = [Channel.INAPP.value]
    for channel in chosen or ():
        if channel not in Channel.values:
            raise NoticeError(
                _("Unknown channel: %(channel)s.") % {"channel": channel}, "channel_invalid"
            )
        if channel not in channels:
            channels.append(str(channel))
    return tuple(channels)


def _event_of(audience: Audience) -> int | None:
    if audience.kind in (Kind.EVENT_PERFORMERS, Kind.EVENT_ROSTER):
        return audience.id
    return None


def _context(draft: Draft, event_id) -> dict:
    context = {}
    if event_id:
        event = Event.objects.select_related("venue").filter(pk=event_id).first()
        if event is None:
            raise NoticeError(_("The event was not found."), "audience_invalid")
        context = rendering.event_context(event)
    if draft.time.strip():
        context[rendering.TIME] = draft.time.strip()
    if draft.place.strip():
        context[rendering.PLACE] = draft.place.strip()
    return context


def _people(audience: Audience, now) -> list[_Person]:
    rows = audience_users(audience, now=now).values_list(
        "pk",
        "name",
        "mobile",
        "notice_preference__sms",
        "notice_preference__email",
        "notice_preference__email_address",
    )
    return [
        _Person(pk, name, mobile, sms is not False, bool(email), address or "")
        for pk, name, mobile, sms, email, address in rows.order_by("pk")
    ]


# --- Freezing ------------------------------------------------------------------------------


def _freeze(plan: _Plan, *, sender, now, key: str | None = None) -> Notice:
    """The notice, its recipients and deliveries (set-based); refusals roll it all back."""
    notice = Notice.objects.create(
        sender=sender,
        source=Notice.Source.REMINDER if sender is None else Notice.Source.MANUAL,
        key=key,
        created_at=now,
        title=plan.title,
        body=plan.body,
        sms_body=plan.sms_body,
        audience=plan.audience.as_json(),
        audience_label=plan.label[:200],
        channels=list(plan.channels),
        urgent=plan.urgent,
        context=plan.context,
        event_id=plan.event_id,
    )
    count = freezing.recipients_insert(notice, audience_users(plan.audience, now=now))
    _refuse_empty(count)
    if Channel.SMS in plan.channels:
        longest = freezing.longest_name(notice)
        plan.sms_length = rendering.sms_check(
            plan.sms_body or plan.body, longest_name=longest, context=plan.context
        )
    notice.delivery_counts = {
        channel: freezing.deliveries_insert(
            notice, channel, not_before=plan.sms_at if channel == Channel.SMS else now
        )
        for channel in plan.channels
    }
    notice.recipient_count = count
    notice.save(update_fields=["recipient_count"])
    return notice


def _audit_data(notice: Notice, plan: _Plan) -> dict:
    return {
        "audience": notice.audience,
        "audience_label": notice.audience_label,
        "recipients": notice.recipient_count,
        "deliveries": notice.delivery_counts,
        "channels": notice.channels,
        "urgent": notice.urgent,
        "title": notice.title,
        "sms_deferred_until": plan.sms_at.isoformat() if plan.sms_at > notice.created_at else None,
    }


def _enqueue(notice: Notice) -> None:
    from notices.tasks import deliver_notice  # tasks sit above services

    pk = notice.pk
    transaction.on_commit(lambda: deliver_notice.enqueue(pk))
