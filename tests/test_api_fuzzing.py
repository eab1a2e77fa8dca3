"""Schemathesis against /api/openapi.json, in-process, as a volunteer and as the county office.

Each operation gets a bounded number of generated requests, valid and invalid, with the
same seed every run. No answer may be a server error, and every documented answer must
match its schema. The number of cases tried is printed (``-s`` shows it).
"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db
EXAMPLES_PER_OPERATION = 15
CSRF = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"  # a well-formed token, sent as cookie and header


def session_cookies(user) -> dict:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


def fuzz(schema, cookies: dict) -> tuple[int, list[str]]:
    """Run every operation; return the cases tried and a line per failed case."""
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.failures import FailureGroup
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
    )

    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    tried, failures = 0, []
    for result in schema.get_all_operations():
        operation = result.ok()
        cases = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        )

        @given(case=cases)
        @settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None,
                  database=None, suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case):
            nonlocal tried
            tried += 1
            try:
                case.call_and_validate(
                    cookies=cookies, headers={"X-CSRFToken": CSRF}, checks=checks
                )
            except (AssertionError, FailureGroup) as failure:
                failures.append(f"{case.method} {case.formatted_path} {case.body!r}: {failure}")

        run()
    return tried, failures


@pytest.fixture
def connections_kept_open():
    """Requests go straight to the WSGI handler, which closes the test's database
    connection when a request ends; Django's test client keeps it open the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ["volunteer", "county_office"])
@pytest.mark.usefixtures("connections_kept_open")
def test_no_api_answer_is_a_server_error_or_off_its_schema(county, role, settings):
    import schemathesis

    from config.wsgi import application

    settings.RATELIMIT_ENABLE = False  # the fuzzer would only meet 429s after a few scans
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    tried, failures = fuzz(schema, session_cookies(county.users[role]))
    print(f"API fuzzing as {role}: {tried} cases tried, {len(failures)} failed")  # noqa: T201
    assert tried > 0
    assert failures == [], "\n\n".join(failures[:10])
