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


def url_views(patterns=None, prefix: str = "") -> dict:
    """Each URL pattern's route text and the view function behind its decorators."""
    import inspect

    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found |= url_views(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found[route] = inspect.unwrap(pattern.callback)
    return found


def takes_a_post(view) -> bool:
    """A page that reads a form: it may change state, so the matrix asks it with a POST."""
    import inspect

    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):  # a class-based view of Django's own (login, admin)
        return False
    return bool(re.search(r'request\.POST|request\.method == "POST"', source))


def fill_form(form: dict | None, values: dict) -> dict | None:
    return {key: fill(str(value), values) for key, value in form.items()} if form else None
