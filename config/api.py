"""The API root. Each app contributes a router; every route lives under /api/v1/."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from core.api import router as core_router
from volunteers.api import router as volunteers_router

api = NinjaAPI(
    title="红驿 Hongyi API",
    version="1",
    description="志愿者、红色驿站与文化活动管理 · Volunteers, red stations and cultural events.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/v1/", core_router)
api.add_router("/v1/volunteers/", volunteers_router)


@api.exception_handler(AuthenticationError)
def not_logged_in(request, exc):
    return api.create_response(request, {"detail": _("Please log in first.")}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc):
    """Ninja's own 400 for a body that is not JSON, in Chinese; other codes as raised."""
    detail = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(PermissionDenied)
def not_allowed(request, exc):
    return api.create_response(
        request, {"detail": _("You are not allowed to do this.")}, status=403
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    """Schema errors in Chinese, by field, and without echoing the input (it may hold an ID)."""
    errors = [{"field": _field(e["loc"]), "message": _message(e)} for e in exc.errors]
    body = {"detail": _("Please correct the fields listed."), "errors": errors}
    return api.create_response(request, body, status=422)


def _field(loc) -> str:
    """``("body", "payload", "service_categories", 0)`` → ``service_categories``."""
    names = [str(part) for part in loc[1:] if isinstance(part, str)]
    return names[-1] if len(names) > 1 and names[0] == "payload" else (names or ["__all__"])[0]


def _message(error: dict) -> str:
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("Too long: at most %(max)s characters.") % {"max": context.get("max_length")}
    if kind in {"too_short", "string_too_short"}:
        return _("This field is required.")
    if kind in {"enum", "literal_error"}:
        return _("Choose one of the listed values.")
    if kind == "too_long":
        return _("Too many items.")
    return _("This value has the wrong format.")
