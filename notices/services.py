"""Writes of the notices app: preview, send, read, preferences, reminders, delivery."""

from dataclasses import dataclass, field
from datetime import datetime

from notices.audiences import Audience
from notices.models import Channel, Notice, Preference, Recipient


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


def notice_preview(*, sender, draft: Draft, now: datetime | None = None) -> Preview:
    raise NotImplementedError


def notice_send(*, sender, draft: Draft, now: datetime | None = None) -> Notice:
    raise NotImplementedError


def notice_read(*, user, recipient_id: int, now: datetime | None = None) -> Recipient:
    raise NotImplementedError


def preference_set(*, user, sms: bool, email: bool, email_address: str = "") -> Preference:
    raise NotImplementedError


def reminder_enqueue(
    *,
    key: str,
    user_ids,
    title: str,
    body: str,
    channels=(Channel.INAPP, Channel.SMS),
    event_id: int | None = None,
    context: dict | None = None,
    now: datetime | None = None,
) -> Notice | None:
    raise NotImplementedError
