"""Every route of the site: Django's URL patterns, and the API's operations by method."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

API_PREFIX = "api/"


def url_routes(patterns=None, prefix: str = "") -> list[str]:
    """Each URL pattern as its full route text, e.g. ``stations/<int:pk>/``."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += url_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.append(route)
    return found


def api_operations() -> list[str]:
    """Each operation of the ninja API as ``METHOD /api/path/{param}``."""
    from config.api import api

    schema = api.get_openapi_schema()
    return [
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method in methods
    ]


def is_api_operation_route(route: str) -> bool:
    """The API's operations are listed by method; only its own pages are URL routes."""
    return route.startswith(API_PREFIX + "v1/")


def fill(template: str, values: dict) -> str:
    """``/stations/{station}/`` with the object's key from ``values``."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), template)
