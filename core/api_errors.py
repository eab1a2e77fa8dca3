"""The API's answer to bad input: every error names its field and says what is wrong in
the active language (Chinese by default), instead of pydantic's English."""

from django.utils.translation import gettext as _

MESSAGES = {
    "missing": lambda ctx: _("This field is required."),
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
    "enum": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
    "literal_error": lambda ctx: (
        _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    ),
    "greater_than_equal": lambda ctx: _("Must be at least %(limit)s.") % {"limit": ctx.get("ge")},
    "greater_than": lambda ctx: _("Must be more than %(limit)s.") % {"limit": ctx.get("gt")},
    "less_than_equal": lambda ctx: _("Must be at most %(limit)s.") % {"limit": ctx.get("le")},
    "less_than": lambda ctx: _("Must be less than %(limit)s.") % {"limit": ctx.get("lt")},
    "string_too_short": lambda ctx: (
        _("Must be at least %(limit)s characters.") % {"limit": ctx.get("min_length")}
    ),
    "string_too_long": lambda ctx: (
        _("Must be at most %(limit)s characters.") % {"limit": ctx.get("max_length")}
    ),
    "too_long": lambda ctx: (
        _("Too many items (at most %(limit)s).") % {"limit": ctx.get("max_length")}
    ),
    "too_short": lambda ctx: (
        _("Too few items (at least %(limit)s).") % {"limit": ctx.get("min_length")}
    ),
}


def field_name(loc) -> str:
    """``("body", "payload", "minutes")`` → ``"minutes"``; list positions stay: ``ids.2``."""
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "body"


def describe(error: dict) -> dict:
    message = MESSAGES.get(error.get("type"), lambda ctx: _("This value is not valid."))
    field = field_name(error.get("loc", ()))
    text = str(message(error.get("ctx") or {}))
    return {"field": field, "message": f"{field}: {text}", "type": error.get("type", "")}


def validation_body(errors: list[dict]) -> dict:
    described = [describe(error) for error in errors]
    return {"code": "invalid", "detail": described}
