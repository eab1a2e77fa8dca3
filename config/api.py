"""The API root. Each app contributes a router; every route lives under /api/v1/."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from core.api import router as core_router

api = NinjaAPI(
    title="红驿 Hongyi API",
    version="1",
    description="志愿者、红色驿站与文化活动管理 · Volunteers, red stations and cultural events.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/v1/", core_router)


@api.exception_handler(AuthenticationError)
def not_logged_in(request, exc):
    return api.create_response(request, {"detail": _("Please log in first.")}, status=401)
