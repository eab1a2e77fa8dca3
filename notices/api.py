"""Notices API under /api/v1/notices/: what a sender may address, preview, send, the sent
list with delivery figures, one notice's recipients (masked); a recipient's inbox, marking
read, and their channels. The same services and selectors as the pages.

Senders see counts and masked values only: no phone number, email address or full name
of a recipient ever leaves here. A refusal answers {"code", "detail"} in Chinese.
"""

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from core.api_bounds import RowId
from core.links import public_url
from notices import selectors, services
from notices.audiences import audience_from_json
from notices.figures import list_figures
from notices.models import Channel
from notices.rendering import recipient_text
from notices.senders import may_send

router = Router(tags=["notices"], auth=django_auth)

# Every kind a sender may pick ("people", a fixed list, is for reminders only).
AudienceKind = Literal[
    "team", "event_performers", "event_roster", "station", "township", "county", "star", "person"
]


class AudienceIn(Schema):
    kind: AudienceKind
    id: int | None = Field(None, ge=1, le=2**63 - 1)
    roster: Literal["confirmed", "waitlisted", "both"] = "both"
    days: int | None = Field(None, ge=1, le=365)
    level: int | None = Field(None, ge=0, le=5)


class DraftIn(Schema):
    audience: AudienceIn
    title: str = Field(min_length=1, max_length=100)
    body: str = Field(min_length=1, max_length=2000)
    channels: list[Channel] = Field(default_factory=lambda: [Channel.INAPP], max_length=3)
    urgent: bool = False
    event_id: int | None = Field(None, ge=1, le=2**63 - 1)
    time: str = Field("", max_length=50)
    place: str = Field("", max_length=100)


class Choice(Schema):
    id: int
    name: str


class OptionsOut(Schema):
    """What this sender may address (the compose form's choices)."""

    teams: list[Choice]
    events: list[Choice]
    stations: list[Choice]
    townships: list[Choice]
    county: bool
    star: bool
    urgent: bool
    channels: list[str]
    placeholders: list[str]


class PreviewOut(Schema):
    count: int
    audience_label: str
    channels: dict[str, int]
    no_address: dict[str, int]
    sample_title: str
    sample_text: str
    sms_text: str
    sms_length: int
    sms_deferred_until: datetime | None


class ChannelFiguresOut(Schema):
    queued: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0


class FiguresOut(ChannelFiguresOut):
    recipients: int
    deliveries: int  # one per recipient and channel
    read: int
    progress: float  # delivered or failed, of all deliveries: 0 to 1


class SentOut(Schema):
    id: int
    title: str
    audience_label: str
    channels: list[str]
    urgent: bool
    created_at: datetime
    recipient_count: int
    status: str
    figures: FiguresOut


class RecipientOut(Schema):
    name: str  # masked: 张*兵
    channel: str
    address: str  # masked: 138****5678
    status: str
    reason: str
    read: bool


class SentDetailOut(SentOut):
    body: str
    by_channel: dict[str, ChannelFiguresOut]
    recipients: list[RecipientOut]


class InboxOut(Schema):
    id: int
    title: str
    text: str
    sent_at: datetime
    read: bool
    event_id: int | None
    calendar_url: str  # the event's iCal feed, or empty


class PageIn(Schema):
    limit: int = Field(50, ge=1, le=200)


class PreferenceIn(Schema):
    sms: bool
    email: bool
    email_address: str = Field("", max_length=254)


class PreferenceOut(Schema):
    inapp: bool = True  # cannot be turned off
    sms: bool
    email: bool
    email_address: str


def _sender(request):
    if not may_send(request.auth):
        raise PermissionDenied
    return request.auth


def _draft(payload: DraftIn) -> services.Draft:
    return services.Draft(
        audience=audience_from_json(payload.audience.dict()),
        title=payload.title,
        body=payload.body,
        channels=tuple(payload.channels),
        urgent=payload.urgent,
        event_id=payload.event_id,
        time=payload.time,
        place=payload.place,
    )


def _figures(figures: dict, schema=FiguresOut) -> dict:
    return {key: figures.get(key, 0) for key in schema.model_fields}


def _sent(notice, figures=None) -> dict:
    figures = figures or selectors.notice_figures(notice)
    return {
        "id": notice.pk,
        "title": notice.title,
        "audience_label": notice.audience_label,
        "channels": list(notice.channels),
        "urgent": notice.urgent,
        "created_at": notice.created_at,
        "recipient_count": notice.recipient_count,
        "status": notice.status,
        "figures": _figures(figures),
        "by_channel": {
            channel: _figures(counts, ChannelFiguresOut)
            for channel, counts in figures.get("by_channel", {}).items()
        },
    }


def _inbox_item(recipient) -> dict:
    return {
        "id": recipient.pk,
        "title": recipient.notice.title,
        "text": recipient_text(recipient),
        "sent_at": recipient.inbox_at or recipient.notice.created_at,
        "read": recipient.read_at is not None,
        "event_id": recipient.notice.event_id,
        "calendar_url": _calendar(recipient.notice.event_id),
    }


def _calendar(event_id) -> str:
    if event_id is None:
        return ""
    return public_url(reverse("events:ics", args=[event_id]))


@router.get("/compose", response=OptionsOut)
def compose(request):
    """The audiences, channels and placeholders this sender may use."""
    options = selectors.audience_options(_sender(request))
    lists = ("teams", "events", "stations", "townships")
    return {
        **{key: [{"id": pk, "name": name} for pk, name in options.get(key, [])] for key in lists},
        "county": options.get("county", False),
        "star": options.get("star", False),
        "urgent": options.get("urgent", False),
        "channels": list(Channel.values),
        "placeholders": ["{姓名}", "{活动}", "{时间}", "{地点}"],
    }


@router.post("/preview", response=PreviewOut)
def preview(request, payload: DraftIn):
    """The recipient count and the rendered text, before sending; nothing is written."""
    shown = services.notice_preview(sender=_sender(request), draft=_draft(payload))
    return shown.__dict__


@router.post("/", response={201: SentDetailOut})
def send(request, payload: DraftIn):
    user = _sender(request)
    notice = services.notice_send(sender=user, draft=_draft(payload))
    return Status(201, _detail(notice))


@router.get("/sent", response=list[SentOut])
def sent(request, page: Query[PageIn]):
    notices = selectors.notices_sent(user=_sender(request)).order_by("-created_at", "-pk")
    notices = notices[: page.limit]
    return [_sent(notice, list_figures(notice)) for notice in notices]


def _detail(notice) -> dict:
    rows = selectors.notice_recipients(notice)
    return {**_sent(notice), "body": notice.body, "recipients": rows}


@router.get("/sent/{notice_id}", response=SentDetailOut)
def sent_detail(request, notice_id: RowId):
    return _detail(selectors.notice_for_sender(user=_sender(request), pk=notice_id))


@router.get("/inbox", response=list[InboxOut])
def inbox(request, page: Query[PageIn]):
    return [_inbox_item(r) for r in selectors.inbox(request.auth)[: page.limit]]


class UnreadOut(Schema):
    unread: int


@router.get("/inbox/unread", response=UnreadOut)
def unread(request):
    return {"unread": selectors.unread_count(request.auth)}


@router.post("/inbox/{recipient_id}/read", response=InboxOut)
def read(request, recipient_id: RowId):
    recipient = services.notice_read(user=request.auth, recipient_id=recipient_id)
    return _inbox_item(recipient)


def _preference(preference) -> dict:
    return {
        "sms": preference.sms,
        "email": preference.email,
        "email_address": preference.email_address,
    }


@router.get("/preferences", response=PreferenceOut)
def preferences(request):
    return _preference(selectors.preference_of(request.auth))


@router.post("/preferences", response=PreferenceOut)
def preferences_set(request, payload: PreferenceIn):
    preference = services.preference_set(
        user=request.auth,
        sms=payload.sms,
        email=payload.email,
        email_address=payload.email_address.strip(),
    )
    return _preference(preference)
