"""The API's answer to bad input: every error names its field and says what is wrong in
the active language (Chinese by default), instead of pydantic's English.

The body is ``{"code": "invalid", "detail": "<summary>", "errors": [{"field", "message"}]}``;
the input itself is never echoed, since it may hold an ID number.
"""

from django.utils.translation import gettext as _

MESSAGES = {
    "missing": lambda ctx: _("This field is required."),
    "too_short": lambda ctx: _("This field is required."),
    "string_too_short": lambda ctx: _("This field is required."),
    "int_parsing": lambda ctx: _("Enter a whole number."),
    "int_type": lambda ctx: _("Enter a whole number."),
    "int_from_float": lambda ctx: _("Enter a whole number."),
    "string_type": lambda ctx: _("Enter text."),
    "bool_parsing": lambda ctx: _("Enter true or false."),
    "date_parsing": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": lambda ctx: _("Enter a date and time (ISO 8601)."),
    "list_type": lambda ctx: _("Enter a list."),
    "json_invalid": lambda ctx: _("The request body is not valid JSON."),
    "enum": lambda ctx: _("Choose one of the listed values."),
    "literal_error": lambda ctx: _("Choose one of the listed values."),
    "greater_than_equal": lambda ctx: _("Must be at least %(limit)s.") % {"limit": ctx.get("ge")},
    "greater_than": lambda ctx: _("Must be more than %(limit)s.") % {"limit": ctx.get("gt")},
    "less_than_equal": lambda ctx: _("Must be at most %(limit)s.") % {"limit": ctx.get("le")},
    "less_than": lambda ctx: _("Must be less than %(limit)s.") % {"limit": ctx.get("lt")},
    "string_too_long": lambda ctx: (
        _("Too long: at most %(max)s characters.") % {"max": ctx.get("max_length")}
    ),
    "too_long": lambda ctx: _("Too many items."),
    "date_out_of_range": lambda ctx: _("Enter a date between 2000 and 2100."),
}


def field_name(loc) -> str:
    """``("body", "payload", "service_categories", 0)`` → ``service_categories``."""
    names = [str(part) for part in loc[1:] if isinstance(part, str)]
    if len(names) > 1 and names[0] == "payload":
        return names[-1]
    return (names or ["__all__"])[0]


def describe(error: dict) -> dict:
    message = MESSAGES.get(error.get("type"), lambda ctx: _("This value has the wrong format."))
    return {
        "field": field_name(error.get("loc", ())),
        "message": str(message(error.get("ctx") or {})),
    }


def validation_body(errors: list[dict]) -> dict:
    return {
        "code": "invalid",
        "detail": _("Please correct the fields listed."),
        "errors": [describe(error) for error in errors],
    }


class NulRefusingParser:
    """Ninja's JSON parser, refusing a NUL character anywhere in the body.

    JSON allows ``\\u0000`` in a string, but PostgreSQL cannot store it in a text column: a
    name holding one would be a server error on PostgreSQL and a stored oddity on SQLite.
    A refused body is answered 400 in Chinese (``config.api.http_error``), like bad JSON.
    """

    def __init__(self):
        from ninja.parser import Parser

        self._parser = Parser()

    def parse_body(self, request):
        data = self._parser.parse_body(request)
        if _holds_nul(data):
            raise ValueError("the request body holds a NUL character")
        return data

    def parse_querydict(self, data, list_fields, request):
        return self._parser.parse_querydict(data, list_fields, request)


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False
