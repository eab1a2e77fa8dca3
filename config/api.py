"""The API root. Each app contributes a router; every route lives under /api/v1/.

Every answer that is not a success says what went wrong in the active language
(Chinese by default): bad input names each field, a service's refusal carries a code.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from core.api import router as core_router
from core.api_errors import NulRefusingParser, validation_body
from core.errors import DomainError
from events.api import router as events_router
from events.errors import EventError
from exchange.api import router as exchange_router
from ledger.api import router as ledger_router
from notices.api import router as notices_router
from reports.api import router as reports_router
from stations.api import router as stations_router
from volunteers.api import router as volunteers_router
from wishes.api import router as wishes_router

api = NinjaAPI(
    title="红驿 Hongyi API",
    version="1",
    description="志愿者、红色驿站与文化活动管理 · Volunteers, red stations and cultural events.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=NulRefusingParser(),
)
# Stations first: Django tries the API's paths in this order, and the QR scan is the busiest.
api.add_router("/v1/stations/", stations_router)
api.add_router("/v1/", core_router)
api.add_router("/v1/volunteers/", volunteers_router)
api.add_router("/v1/ledger/", ledger_router)
api.add_router("/v1/", reports_router)
api.add_router("/v1/events/", events_router)
api.add_router("/v1/wishes/", wishes_router)
api.add_router("/v1/exchange/", exchange_router)
api.add_router("/v1/notices/", notices_router)


@api.exception_handler(AuthenticationError)
def not_logged_in(request, exc):
    return api.create_response(request, {"detail": _("Please log in first.")}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc):
    """Ninja's own 400 for a body that is not JSON, in Chinese; other codes as raised."""
    detail = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(Ratelimited)
def too_many(request, exc):
    detail = _("Too many attempts in a short time. Please wait a minute and try again.")
    return api.create_response(request, {"code": "rate_limited", "detail": detail}, status=429)


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
    """Schema errors by field, without echoing the input (it may hold an ID number)."""
    return api.create_response(request, validation_body(exc.errors), status=422)


@api.exception_handler(DomainError)
def refused(request, exc):
    body = {"code": exc.code, "detail": str(exc.message)}
    return api.create_response(request, body, status=exc.http_status)


@api.exception_handler(EventError)
def event_refused(request, exc):
    """As ``refused``, with the conflicts that stopped the save, when there are any."""
    body = {"code": exc.code, "detail": str(exc.message)}
    if exc.conflicts:
        body["conflicts"] = [conflict.as_dict() for conflict in exc.conflicts]
    return api.create_response(request, body, status=exc.http_status)
