"""Templates with placeholders: which ones exist, checking a text, rendering it, SMS length.

Placeholders are Chinese words in braces: ``{姓名}`` (the recipient's name), ``{活动}``,
``{时间}`` and ``{地点}`` (the notice's event, time and place, frozen at send time).
Rendering is a plain substitution, never ``str.format``: a sender's text cannot reach
attributes or indexes.
"""

import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from notices.errors import NoticeError

NAME, EVENT, TIME, PLACE = "姓名", "活动", "时间", "地点"
PLACEHOLDERS = (NAME, EVENT, TIME, PLACE)
SMS_SEGMENT = 70  # characters of one SMS segment in UCS-2, the signature included
SHANGHAI = ZoneInfo("Asia/Shanghai")
_FIELD = re.compile(r"\{([^{}]*)\}")


def template_placeholders(text: str) -> list[str]:
    return _FIELD.findall(text)


def template_check(text: str, *, context: dict, field: str) -> None:
    """Refuse unknown placeholders, stray braces and placeholders nothing fills."""
    names = template_placeholders(text)
    unknown = [name for name in names if name not in PLACEHOLDERS]
    if unknown:
        raise NoticeError(
            _("The %(field)s uses an unknown placeholder {%(name)s}; use %(known)s.")
            % {"field": field, "name": unknown[0], "known": known_placeholders()},
            "unknown_placeholder",
        )
    if "{" in _FIELD.sub("", text) or "}" in _FIELD.sub("", text):
        raise NoticeError(
            _("The %(field)s has a brace without its pair: write placeholders as {姓名}.")
            % {"field": field},
            "template_invalid",
        )
    unfilled = [name for name in names if name != NAME and not context.get(name)]
    if unfilled:
        raise NoticeError(
            _("The %(field)s uses {%(name)s}, but this notice gives no %(name)s.")
            % {"field": field, "name": unfilled[0]},
            "placeholder_unfilled",
        )


def known_placeholders() -> str:
    return "、".join(f"{{{name}}}" for name in PLACEHOLDERS)


def template_render(text: str, values: dict) -> str:
    return _FIELD.sub(lambda match: str(values.get(match.group(1), "")), text)


def sms_text(body: str) -> str:
    return settings.HONGYI_SMS_SIGNATURE + body


def sms_check(body: str, *, longest_name: int, context: dict) -> int:
    """The longest SMS this body renders to; refused when it is over one segment."""
    values = dict(context, **{NAME: "名" * longest_name})
    length = len(sms_text(template_render(body, values)))
    if length > SMS_SEGMENT:
        raise NoticeError(
            _(
                "The SMS is %(length)s characters with the signature %(signature)s; one "
                "message holds %(limit)s. Shorten the text by %(over)s characters."
            )
            % {
                "length": length,
                "signature": settings.HONGYI_SMS_SIGNATURE,
                "limit": SMS_SEGMENT,
                "over": length - SMS_SEGMENT,
            },
            "sms_too_long",
        )
    return length


def local_time(moment) -> str:
    """``12月5日 09:00`` in Asia/Shanghai: how {时间} reads."""
    local = moment.astimezone(SHANGHAI)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def event_context(event) -> dict:
    return {EVENT: event.title, TIME: local_time(event.starts_at), PLACE: event.venue.name}


def recipient_values(recipient) -> dict:
    return dict(recipient.notice.context, **{NAME: recipient.name})


def recipient_text(recipient) -> str:
    """The notice's text as this recipient reads it (the inbox)."""
    return template_render(recipient.notice.body, recipient_values(recipient))


def recipient_title(recipient) -> str:
    return template_render(recipient.notice.title, recipient_values(recipient))
