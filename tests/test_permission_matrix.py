"""Every route as every role, against the table in ``tests/permission_matrix.py``.

A route without a row fails with its name; a row whose route is gone fails too. A refusal
of a POST must come before any write; no role ever meets a server error.
"""

import os

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse

from tests import permission_matrix as matrix
from tests.hardening.county import ROLES
from tests.hardening.routes import (
    api_operations,
    fill,
    fill_form,
    is_api_operation_route,
    takes_a_post,
    url_routes,
    url_views,
)

pytestmark = pytest.mark.django_db
REFUSALS = {401, 403, 404, 405, matrix.LOGIN, matrix.ADMIN_LOGIN}
MODEL_ADMIN_SHAPES = ("", "add/", "<path:object_id>/", "<path:object_id>/change/",
                      "<path:object_id>/delete/", "<path:object_id>/history/")  # fmt: skip


def model_admin_route(route: str):
    """``("core", "user", "add/")`` for ``admin/core/user/add/``; None for other routes."""
    parts = route.split("/", 3)
    labels = {config.label for config in apps.get_app_configs()}
    if len(parts) == 4 and parts[0] == "admin" and parts[1] in labels:
        return (parts[1], parts[2], parts[3]) if parts[3] in MODEL_ADMIN_SHAPES else None
    return None


def route_key(route: str) -> str:
    """The admin's index of one app lists every app in its pattern; its row does not."""
    return "admin/<app_label>/" if route.startswith("admin/^(?P<app_label>") else route


def expected_rows(values: dict) -> tuple[dict, list[str]]:
    """``{key: (method, url, answers, JSON body)}`` for every route, and the routes with no row."""
    rows, missing = {}, []
    for route in map(route_key, url_routes()):
        if is_api_operation_route(route):
            continue
        if shape := model_admin_route(route):
            app_label, model_name, suffix = shape
            if suffix not in matrix.ADMIN_MODEL:
                missing.append(route)
                continue
            method, url, answers, _body = matrix.ADMIN_MODEL[suffix]
            obj = apps.get_model(app_label, model_name).objects.order_by("pk").first()
            url = fill(url, {"app": app_label, "model": model_name, "pk": obj.pk if obj else 0})
            rows[route] = (method, url, answers, None)
        elif route in matrix.PAGES or route in matrix.ADMIN:
            method, url, answers, _body = matrix.PAGES.get(route) or matrix.ADMIN[route]
            rows[route] = (method, fill(url, values), answers, None)
        else:
            missing.append(route)
    for operation in api_operations():
        if operation not in matrix.API:
            missing.append(operation)
            continue
        method, path = operation.split(" ", 1)
        row = matrix.API[operation]
        body = fill(row.body, values) if row.body else None
        rows[operation] = (method, fill(path, values), row.answers, body)
    return rows, missing


def test_every_route_has_a_row_in_the_matrix(county):
    rows, missing = expected_rows(county.values)
    assert missing == [], f"routes without a row in tests/permission_matrix.py: {missing}"
    stale = (set(matrix.PAGES) | set(matrix.ADMIN) | set(matrix.API)) - set(rows)
    assert stale == set(), f"rows in tests/permission_matrix.py for routes that are gone: {stale}"


def test_a_route_without_a_row_is_named(county, monkeypatch):
    monkeypatch.delitem(matrix.PAGES, "reports/county/")
    monkeypatch.delitem(matrix.API, "GET /api/v1/stats/summary")
    _rows, missing = expected_rows(county.values)
    assert missing == ["reports/county/", "GET /api/v1/stats/summary"]


def answer(client, method: str, url: str, body: str | None, form: dict | None = None):
    """The status code, or the matrix's name for a login redirect; 500 for an exception."""
    json = {"data": body, "content_type": "application/json"} if body else {}
    try:
        if form is not None:
            response = client.post(url, form)
        else:
            response = getattr(client, method.lower())(url, **json)
    except Exception as error:  # noqa: BLE001 - any exception is the server error we report
        return 500, repr(error)
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith("/admin/login/"):
        return matrix.ADMIN_LOGIN, location
    if response.status_code == 302 and location.startswith(reverse("login")):
        return matrix.LOGIN, location
    return response.status_code, location


def request_order(item) -> tuple:
    """Reads first, then writes; logging out last, so the client stays who it is."""
    key, (method, url, _answers, _body) = item
    return ("logout/" in url, method != "GET", key)


def matches(got, want) -> bool:
    return got != 500 and want in (matrix.ANY, got)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_every_route(county, role):
    rows, _missing = expected_rows(county.values)
    client, index, wrong = county.client(role), ROLES.index(role), []
    for key, (method, url, answers, body) in sorted(rows.items(), key=request_order):
        before = county.written() if method != "GET" else None
        got, detail = answer(client, method, url, body)
        if os.environ.get("HONGYI_MATRIX_DISCOVER"):  # to draft the rows of a new route
            print(f"MATRIX {role} {key!r} {method} {url} -> {got}")  # noqa: T201
        if not matches(got, answers[index]):
            wrong.append(f"{method} {url} ({key}): expected {answers[index]}, got {got} {detail}")
        elif before is not None and got in REFUSALS and county.written() != before:
            wrong.append(f"{method} {url} ({key}): refused with {got} after writing")
    assert wrong == [], "\n".join(wrong)


# --- Permission before state -----------------------------------------------------------------


def state_changing_routes() -> list[str]:
    """Every POST page, every page that reads a form, and every API write."""
    views = url_views()
    pages = [key for key, row in matrix.PAGES.items()
             if row.method == "POST" or (key in views and takes_a_post(views[key]))]  # fmt: skip
    return pages + [op for op in api_operations() if not op.startswith("GET ")]


def state_requests(values: dict) -> dict:
    """``{key: (url, JSON body, form)}`` for every ``STATE`` row."""
    requests = {}
    for key, row in matrix.STATE.items():
        if key in matrix.API:
            url, form = fill(key.split(" ", 1)[1], values), None
        else:
            url, form = fill(row.url or matrix.PAGES[key].url, values), fill_form(row.form, values)
            form = {} if form is None else form
        requests[key] = (url, fill(row.body, values) if row.body else None, form)
    return requests


def test_every_state_changing_route_has_a_state_row():
    wanted = state_changing_routes()
    missing = [key for key in wanted if key not in matrix.STATE]
    assert missing == [], f"state-changing routes without a STATE row: {missing}"
    assert set(matrix.STATE) - set(wanted) == set(), "STATE rows for routes that are gone"


def test_a_refusal_never_depends_on_the_objects_state():
    """403 before 409: whoever is refused a fresh object is refused a spent one alike."""
    leaks = [
        f"{key}: {role} gets {fresh} for a fresh object but {spent} for a spent one"
        for key, row in matrix.STATE.items()
        for role, fresh, spent in zip(ROLES, row.fresh, row.spent, strict=True)
        if fresh in REFUSALS and spent != fresh
    ]
    assert leaks == []


def ask_state_rows(county, role: str, world: str) -> list[str]:
    """Each row on objects as the world left them: every request is rolled back after it,
    so no write of one row changes what the next row finds."""
    client, index, wrong = county.client(role), ROLES.index(role), []
    for key, (url, body, form) in state_requests(county.values).items():
        row = matrix.STATE[key]
        want = (row.fresh if world == "fresh" else row.spent)[index]
        with transaction.atomic():
            before = county.written()
            got, detail = answer(client, "POST", url, body, form)
            written = county.written() != before
            transaction.set_rollback(True)
        if os.environ.get("HONGYI_MATRIX_DISCOVER"):
            print(f"STATE {world} {role} {key!r} -> {got}")  # noqa: T201
        if not matches(got, want):
            wrong.append(f"POST {url} ({key}, {world}): expected {want}, got {got} {detail}")
        elif got in REFUSALS and written:
            wrong.append(f"POST {url} ({key}, {world}): refused with {got} after writing")
    return wrong


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_every_write_on_fresh_objects(county, role):
    wrong = ask_state_rows(county, role, "fresh")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_every_write_on_spent_objects(county, role):
    county.spend()
    wrong = ask_state_rows(county, role, "spent")
    assert wrong == [], "\n".join(wrong)
