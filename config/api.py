"""The API root. Each app contributes a router; every route lives under /api/v1/."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from core.api import router as core_router
from core.api_errors import validation_body
from core.errors import DomainError
from ledger.api import router as ledger_router
from stations.api import router as stations_router

api = NinjaAPI(
    title="红驿 Hongyi API",
    version="1",
    description="志愿者、红色驿站与文化活动管理 · Volunteers, red stations and cultural events.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/v1/", core_router)
api.add_router("/v1/ledger/", ledger_router)
api.add_router("/v1/stations/", stations_router)


@api.exception_handler(AuthenticationError)
def not_logged_in(request, exc):
    return api.create_response(request, {"detail": _("Please log in first.")}, status=401)


@api.exception_handler(DomainError)
def refused(request, exc):
    body = {"code": exc.code, "detail": str(exc.message)}
    return api.create_response(request, body, status=exc.http_status)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, validation_body(exc.errors), status=422)
