"""Who may open which route: the expected answer for every route and every role.

Read a row as: the route, how it is requested, the URL with its parameters filled from
the test county (``tests/hardening/conftest.py``), then one answer per role in the order of
``ROLES``:

    anonymous · volunteer · volunteer of another team · team leader ·
    manager of another station · office of another township · county office · admin

Answers: a status code, ``LOGIN`` (a redirect to the login page), ``ADMIN_LOGIN`` (a
redirect to the admin's login page) or ``ANY`` (anything but a server error; used only for
the admin role on the admin site, where Django answers per model).

A new route needs a row here; the test names any route that has none. API operations are
keyed ``METHOD /api/v1/...`` as the OpenAPI schema lists them. To draft the rows of a new
app, add its objects to ``County`` and their keys to ``County.values``, then run

    HONGYI_MATRIX_DISCOVER=1 pytest tests/test_permission_matrix.py -s -p no:randomly

which prints what each role got; check every answer against the app's rules before
copying it here. Writes run after reads, in the order of their keys.

The objects behind the parameters belong to the insiders: the volunteer (a member of the
team led by the team leader, in 西柏坡镇), the station of 西柏坡 (not the other manager's),
and a roster uploaded by 西柏坡's office.

**Permission before state.** ``STATE`` asks every state-changing route twice: with the
objects fresh, and once ``County.spend()`` has put each in the state its actions refuse
(the claim decided, the check-in undone, the event cancelled…). A role that is refused
must get the very same refusal both times: 403 stays 403 and never becomes a 409 "already
decided" or a 404 that tells the object's state. Every POST route and every page that
reads a form needs a ``STATE`` row (the test names those without); draft one with
``HONGYI_MATRIX_DISCOVER=1`` as above, which prints both answers.
"""

from typing import NamedTuple

LOGIN = "login"
ADMIN_LOGIN = "admin-login"
ANY = "any"


class Row(NamedTuple):
    method: str
    url: str
    answers: tuple
    body: str | None = None  # JSON, with the same {parameters} as the URL


class StateRow(NamedTuple):
    """A state-changing request, answered with fresh objects and with spent ones."""

    fresh: tuple
    spent: tuple
    body: str | None = None  # an API operation's JSON
    form: dict | None = None  # a page's POST fields, with {parameters}
    url: str = ""  # a page's URL, when it is not its PAGES row's


def state(fresh, spent, *, body=None, form=None, url="") -> StateRow:
    return StateRow(tuple(fresh), tuple(spent), body, form, url)


def row(method, url, anonymous, volunteer, other_volunteer, leader, other_manager,
        other_office, county, admin) -> Row:  # fmt: skip
    return Row(method, url, (anonymous, volunteer, other_volunteer, leader, other_manager,
                             other_office, county, admin))  # fmt: skip


def admin_only(method, url, admin) -> Row:
    """Django's admin site: every other role is sent to the admin's login page."""
    return row(method, url, *[ADMIN_LOGIN] * 7, admin)


def api(*answers, body: str | None = None) -> Row:
    """An API operation: its method and path are its key; a write sends ``body``."""
    return row("", "", *answers)._replace(body=body)


# A notice from the team leader to their team (the volunteer's), as the API takes it.
NOTICE = (
    '{"audience": {"kind": "team", "id": {team}}, "title": "排练通知", "body": "您好：周六排练。"}'
)

# fmt: off
# Answers:  anonymous, volunteer, other team's volunteer, leader, other station's manager,
#           other township's office, county office, admin
PAGES = {
    "": row("GET", "/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "login/": row("GET", "/login/",
        200, 302, 302, 302, 302, 302, 302, 302),
    "logout/": row("POST", "/logout/",
        302, 302, 302, 302, 302, 302, 302, 302),
    "stations/": row("GET", "/stations/",
        LOGIN, 403, 403, 403, 200, 200, 200, 200),
    "stations/<int:pk>/": row("GET", "/stations/{station}/",
        LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "stations/<int:pk>/poster.pdf": row("GET", "/stations/{station}/poster.pdf",
        LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "stations/<int:pk>/poster/rotate/": row("POST", "/stations/{station}/poster/rotate/",
        LOGIN, 403, 403, 403, 403, 403, 302, 302),
    "stations/<int:pk>/kiosks/": row("POST", "/stations/{station}/kiosks/",
        LOGIN, 403, 403, 403, 403, 403, 302, 302),
    "stations/kiosks/<int:pk>/revoke/": row("POST", "/stations/kiosks/{kiosk}/revoke/",
        LOGIN, 403, 403, 403, 403, 403, 302, 302),
    "stations/kiosk/": row("GET", "/stations/kiosk/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "stations/me/": row("GET", "/stations/me/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "stations/me/check-out/": row("POST", "/stations/me/check-out/",
        LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "stations/sessions/<int:pk>/undo/": row("POST", "/stations/sessions/{session}/undo/",
        LOGIN, 409, 403, 403, 403, 403, 302, 302),
    "s/<str:token>/": row("GET", "/s/{token}/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "ledger/mine/": row("GET", "/ledger/mine/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "ledger/mine/report/": row("GET", "/ledger/mine/report/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "ledger/queue/": row("GET", "/ledger/queue/",
        LOGIN, 403, 403, 403, 200, 200, 200, 200),
    "ledger/claims/<int:pk>/": row("GET", "/ledger/claims/{claim}/",
        LOGIN, 403, 403, 403, 404, 404, 200, 200),
    "ledger/disputes/<int:pk>/": row("GET", "/ledger/disputes/{dispute}/",
        LOGIN, 403, 403, 403, 404, 404, 200, 200),
    "ledger/entries/": row("GET", "/ledger/entries/",
        LOGIN, 403, 403, 403, 200, 200, 200, 200),
    "reports/certificates/mine/": row("GET", "/reports/certificates/mine/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "reports/certificates/": row("GET", "/reports/certificates/",
        LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "reports/certificates/<str:serial>.pdf": row("GET", "/reports/certificates/{serial}.pdf",
        LOGIN, 200, 404, 404, 404, 404, 200, 200),
    "reports/certificates/<str:serial>/revoke/":
        row("POST", "/reports/certificates/{serial}/revoke/",
        LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "reports/batches/": row("GET", "/reports/batches/",
        LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "reports/batches/<int:pk>/": row("GET", "/reports/batches/{batch}/",
        LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "reports/batches/<int:pk>.pdf": row("GET", "/reports/batches/{batch}.pdf",
        LOGIN, 403, 403, 403, 403, 403, 404, 404),
    "reports/dashboard/": row("GET", "/reports/dashboard/",
        LOGIN, 403, 403, 403, 200, 200, 200, 200),
    "reports/county/": row("GET", "/reports/county/",
        LOGIN, 403, 403, 403, 403, 200, 200, 200),
    "verify/<str:serial>/": row("GET", "/verify/{serial}/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "register/": row("GET", "/register/",
        200, 302, 302, 302, 302, 302, 302, 302),
    "privacy/": row("GET", "/privacy/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "claim/": row("GET", "/claim/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "me/": row("GET", "/me/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "me/card/": row("GET", "/me/card/",
        LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "me/card.pdf": row("GET", "/me/card.pdf",
        LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "me/card/renew/": row("POST", "/me/card/renew/",
        LOGIN, 302, 302, 404, 404, 404, 404, 404),
    r"^me/data\.(?P<fmt>json|csv)$": row("GET", "/me/data.json",
        LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "me/close/": row("GET", "/me/close/",
        LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "volunteers/": row("GET", "/volunteers/",
        LOGIN, 403, 403, 200, 403, 200, 200, 200),
    "volunteers/review/": row("GET", "/volunteers/review/",
        LOGIN, 403, 403, 403, 403, 200, 200, 200),
    "volunteers/<int:pk>/": row("GET", "/volunteers/{volunteer}/",
        LOGIN, 403, 403, 200, 403, 404, 200, 200),
    r"^volunteers/(?P<pk>\d+)/(?P<action>approve|reject|suspend|reactivate)/$":
        row("POST", "/volunteers/{volunteer}/suspend/",
        LOGIN, 403, 403, 403, 403, 404, 302, 302),
    "volunteers/<int:pk>/reveal/": row("POST", "/volunteers/{volunteer}/reveal/",
        LOGIN, 403, 403, 403, 403, 403, 200, 403),
    "volunteers/<int:pk>/card/renew/": row("POST", "/volunteers/{volunteer}/card/renew/",
        LOGIN, 403, 403, 403, 403, 404, 302, 302),
    "volunteers/import/": row("GET", "/volunteers/import/",
        LOGIN, 403, 403, 403, 403, 200, 200, 200),
    "volunteers/import/template.xlsx": row("GET", "/volunteers/import/template.xlsx",
        LOGIN, 403, 403, 403, 403, 200, 200, 200),
    "volunteers/import/<uuid:pk>/": row("GET", "/volunteers/import/{roster}/",
        LOGIN, 403, 403, 403, 403, 404, 200, 200),
    "volunteers/import/<uuid:pk>/commit/": row("POST", "/volunteers/import/{roster}/commit/",
        LOGIN, 403, 403, 403, 403, 404, 302, 302),
    "volunteers/import/<uuid:pk>/discard/": row("POST", "/volunteers/import/{roster}/discard/",
        LOGIN, 403, 403, 403, 403, 404, 302, 302),
    "volunteers/import/<uuid:pk>/errors.xlsx": row("GET", "/volunteers/import/{roster}/errors.xlsx",
        LOGIN, 403, 403, 403, 403, 404, 200, 200),
    "teams/": row("GET", "/teams/",
        LOGIN, 403, 403, 200, 403, 200, 200, 200),
    "teams/<int:pk>/": row("GET", "/teams/{team}/",
        LOGIN, 403, 403, 200, 403, 404, 200, 200),
    "teams/<int:pk>/members/": row("POST", "/teams/{team}/members/",
        LOGIN, 403, 403, 200, 403, 404, 200, 200),
    "teams/<int:pk>/members/<int:membership_pk>/leave/":
        row("POST", "/teams/{team}/members/{membership}/leave/",
        LOGIN, 403, 403, 302, 403, 404, 302, 302),
    "i18n/setlang/": row("POST", "/i18n/setlang/",
        302, 302, 302, 302, 302, 302, 302, 302),
    "api/openapi.json": row("GET", "/api/openapi.json",
        200, 200, 200, 200, 200, 200, 200, 200),
    "api/docs": row("GET", "/api/docs",
        200, 200, 200, 200, 200, 200, 200, 200),
    "api/": row("GET", "/api/",
        404, 404, 404, 404, 404, 404, 404, 404),
    "events/": row("GET", "/events/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "events/calendar/": row("GET", "/events/calendar/",
        LOGIN, 403, 403, 403, 403, 200, 200, 200),
    "events/new/": row("GET", "/events/new/",
        LOGIN, 403, 403, 403, 403, 200, 200, 200),
    "events/me/": row("GET", "/events/me/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "events/me/feed/rotate/": row("POST", "/events/me/feed/rotate/",
        LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "events/<int:pk>/": row("GET", "/events/{event}/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "events/<int:pk>.ics": row("GET", "/events/{event}.ics",
        200, 200, 200, 200, 200, 200, 200, 200),
    "events/<int:pk>/programme.pdf": row("GET", "/events/{event}/programme.pdf",
        200, 200, 200, 200, 200, 200, 200, 200),
    "events/<int:pk>/edit/": row("GET", "/events/{event}/edit/",
        LOGIN, 404, 404, 404, 404, 404, 200, 200),
    "events/<int:pk>/publish/": row("POST", "/events/{event}/publish/",
        LOGIN, 404, 404, 404, 404, 404, 302, 302),
    "events/<int:pk>/close/": row("POST", "/events/{event}/close/",
        LOGIN, 404, 404, 404, 404, 404, 302, 302),
    "events/<int:pk>/skip/": row("POST", "/events/{event}/skip/",
        LOGIN, 404, 404, 404, 404, 404, 302, 302),
    "events/<int:pk>/shifts/new/": row("GET", "/events/{event}/shifts/new/",
        LOGIN, 403, 403, 403, 403, 404, 200, 200),
    "events/<int:pk>/attendance/": row("GET", "/events/{event}/attendance/",
        LOGIN, 404, 404, 404, 404, 404, 200, 200),
    "events/<int:pk>/hours/": row("POST", "/events/{event}/hours/",
        LOGIN, 404, 404, 404, 404, 404, 302, 302),
    "events/shifts/<int:pk>/sign-up/": row("POST", "/events/shifts/{shift}/sign-up/",
        LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "events/shifts/<int:pk>/assign/": row("POST", "/events/shifts/{shift}/assign/",
        LOGIN, 404, 404, 404, 404, 404, 302, 302),
    "events/signups/<int:pk>/cancel/": row("POST", "/events/signups/{signup}/cancel/",
        LOGIN, 302, 404, 404, 404, 404, 404, 404),
    "events/signups/<int:pk>/unassign/": row("POST", "/events/signups/{signup}/unassign/",
        LOGIN, 404, 404, 404, 404, 404, 302, 302),
    "events/c/<str:secret>/": row("GET", "/events/c/{checkin_secret}/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "events/feeds/county.ics": row("GET", "/events/feeds/county.ics",
        200, 200, 200, 200, 200, 200, 200, 200),
    "events/feeds/team/<int:pk>.ics": row("GET", "/events/feeds/team/{team}.ics",
        200, 200, 200, 200, 200, 200, 200, 200),
    "events/feeds/venue/<int:pk>.ics": row("GET", "/events/feeds/venue/{venue}.ics",
        200, 200, 200, 200, 200, 200, 200, 200),
    "events/feeds/me/<str:secret>.ics": row("GET", "/events/feeds/me/{feed_secret}.ics",
        200, 200, 200, 200, 200, 200, 200, 200),
    "wishes/": row("GET", "/wishes/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "wishes/new/": row("GET", "/wishes/new/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "wishes/new/for-resident/": row("GET", "/wishes/new/for-resident/",
        LOGIN, 403, 403, 403, 200, 200, 200, 200),
    "wishes/filed/<str:code>/": row("GET", "/wishes/filed/{code}/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "wishes/follow/": row("GET", "/wishes/follow/?code={code}",
        302, 302, 302, 302, 302, 302, 302, 302),
    "wishes/t/<str:code>/": row("GET", "/wishes/t/{code}/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "wishes/t/<str:code>/confirm/": row("POST", "/wishes/t/{code}/confirm/",
        409, 409, 409, 409, 409, 409, 409, 409),
    "wishes/t/<str:code>/reopen/": row("POST", "/wishes/t/{code}/reopen/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "wishes/t/<str:code>/rate/": row("POST", "/wishes/t/{code}/rate/",
        200, 200, 200, 200, 200, 200, 200, 200),
    "wishes/photos/<str:secret>.jpg": row("GET", "/wishes/photos/{secret}.jpg",
        200, 200, 200, 200, 200, 200, 200, 200),
    "wishes/mine/": row("GET", "/wishes/mine/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "wishes/board/": row("GET", "/wishes/board/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "wishes/staff/": row("GET", "/wishes/staff/",
        LOGIN, 403, 403, 403, 200, 200, 200, 200),
    "wishes/stats/": row("GET", "/wishes/stats/",
        LOGIN, 403, 403, 403, 200, 200, 200, 200),
    "wishes/<int:pk>/": row("GET", "/wishes/{wish}/",
        LOGIN, 200, 403, 403, 403, 403, 200, 200),
    "wishes/<int:pk>/accept/": row("POST", "/wishes/{wish}/accept/",
        LOGIN, 403, 403, 403, 403, 403, 409, 409),
    "wishes/<int:pk>/decline/": row("POST", "/wishes/{wish}/decline/",
        LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "wishes/<int:pk>/merge/": row("POST", "/wishes/{wish}/merge/",
        LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "wishes/<int:pk>/assign/": row("POST", "/wishes/{wish}/assign/",
        LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "wishes/<int:pk>/claim/": row("POST", "/wishes/{wish}/claim/",
        LOGIN, 409, 409, 403, 403, 403, 403, 403),
    "wishes/<int:pk>/release/": row("POST", "/wishes/{wish}/release/",
        LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "wishes/<int:pk>/progress/": row("POST", "/wishes/{wish}/progress/",
        LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "wishes/<int:pk>/resolve/": row("POST", "/wishes/{wish}/resolve/",
        LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "wishes/<int:pk>/contact/": row("POST", "/wishes/{wish}/contact/",
        LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "exchange/points/": row("GET", "/exchange/points/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "exchange/points/grant/": row("GET", "/exchange/points/grant/",
        LOGIN, 403, 403, 403, 403, 403, 200, 403),
    "exchange/points/entries/<int:pk>/reverse/":
        row("POST", "/exchange/points/entries/{points_entry}/reverse/",
        LOGIN, 403, 403, 403, 403, 403, 302, 403),
    "exchange/rewards/": row("GET", "/exchange/rewards/",
        LOGIN, 403, 403, 403, 403, 200, 200, 200),
    "exchange/rewards/<int:pk>/edit/": row("GET", "/exchange/rewards/{reward}/edit/",
        LOGIN, 403, 403, 403, 403, 404, 200, 200),
    "exchange/rewards/<int:pk>/redeem/": row("POST", "/exchange/rewards/{reward}/redeem/",
        LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "exchange/redemptions/<int:pk>/": row("GET", "/exchange/redemptions/{redemption}/",
        LOGIN, 200, 404, 404, 404, 404, 200, 200),
    "exchange/redemptions/<int:pk>/cancel/":
        row("POST", "/exchange/redemptions/{redemption}/cancel/",
        LOGIN, 302, 404, 404, 404, 404, 302, 302),
    "exchange/pickup/": row("GET", "/exchange/pickup/",
        LOGIN, 403, 403, 403, 200, 200, 200, 200),
    "exchange/national/": row("GET", "/exchange/national/",
        LOGIN, 403, 403, 403, 403, 200, 200, 403),
    "exchange/national/exports/<int:pk>/": row("GET", "/exchange/national/exports/{export}/",
        LOGIN, 403, 403, 403, 403, 403, 200, 403),
    "exchange/national/exports/<int:pk>.xlsx":
        row("GET", "/exchange/national/exports/{export}.xlsx",
        LOGIN, 403, 403, 403, 403, 403, 302, 403),
    "exchange/national/imports/<uuid:pk>/": row("GET", "/exchange/national/imports/{import}/",
        LOGIN, 403, 403, 403, 403, 404, 200, 403),
    "exchange/transfers/": row("GET", "/exchange/transfers/",
        LOGIN, 403, 403, 403, 403, 403, 200, 403),
    "exchange/public-key.pem": row("GET", "/exchange/public-key.pem",
        200, 200, 200, 200, 200, 200, 200, 200),
    "exchange/me/records/": row("GET", "/exchange/me/records/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "exchange/me/transfer.zip": row("POST", "/exchange/me/transfer.zip",
        LOGIN, 200, 200, 404, 404, 404, 404, 404),
    "notices/": row("GET", "/notices/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "notices/<int:pk>/": row("GET", "/notices/{recipient}/",
        LOGIN, 200, 404, 404, 404, 404, 404, 404),
    "notices/preferences/": row("GET", "/notices/preferences/",
        LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "notices/compose/": row("GET", "/notices/compose/",
        LOGIN, 403, 403, 200, 200, 200, 200, 200),
    "notices/sent/": row("GET", "/notices/sent/",
        LOGIN, 403, 403, 200, 200, 200, 200, 200),
    "notices/sent/<int:pk>/": row("GET", "/notices/sent/{notice}/",
        LOGIN, 403, 403, 200, 404, 404, 200, 200),
}

API = {
    "GET /api/v1/me":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/regions":
        api(200, 200, 200, 200, 200, 200, 200, 200),
    "POST /api/v1/volunteers/register":
        api(422, 422, 422, 422, 422, 422, 422, 422,
        body='{}'),
    "GET /api/v1/volunteers/me":
        api(401, 200, 200, 404, 404, 404, 404, 404),
    "GET /api/v1/volunteers/":
        api(401, 403, 403, 200, 403, 200, 200, 200),
    "GET /api/v1/volunteers/{number}":
        api(401, 403, 403, 200, 403, 404, 200, 200),
    "GET /api/v1/ledger/me":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/ledger/me/entries":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/ledger/claims/pending":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "POST /api/v1/ledger/claims/approve":
        api(401, 200, 200, 200, 200, 200, 200, 200,
        body='{"claim_ids": [{claim}]}'),
    "POST /api/v1/ledger/claims/{claim_id}/approve":
        api(401, 403, 403, 403, 403, 403, 409, 409,
        body='{}'),
    "POST /api/v1/ledger/claims/{claim_id}/reject":
        api(401, 403, 403, 403, 403, 403, 409, 409,
        body='{"reason": "不实"}'),
    "GET /api/v1/ledger/entries":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "POST /api/v1/ledger/disputes":
        api(401, 201, 201, 201, 201, 201, 201, 201,
        body='{"kind": "omission", "unit_key": "{unit_key}", "service_date": "2026-11-02", '
             '"minutes": 30, "description": "漏记"}'),
    "GET /api/v1/ledger/disputes/mine":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/stats/summary":
        api(401, 403, 403, 403, 200, 200, 200, 200),
    "GET /api/v1/stats/by/{dimension}":
        api(401, 403, 403, 403, 200, 200, 200, 200),
    "GET /api/v1/stats/months":
        api(401, 403, 403, 403, 200, 200, 200, 200),
    "GET /api/v1/certificates/{serial}":
        api(200, 200, 200, 200, 200, 200, 200, 200),
    "POST /api/v1/stations/scan":
        api(401, 201, 201, 201, 201, 201, 201, 201,
        body='{"token": "{token}"}'),
    "POST /api/v1/stations/checkout":
        api(401, 200, 409, 409, 409, 409, 409, 409,
        body='{}'),
    "POST /api/v1/stations/sessions/{session_id}/undo":
        api(401, 409, 403, 403, 403, 403, 200, 200,
        body='{"reason": ""}'),
    "POST /api/v1/stations/kiosks/pair":
        api(403, 403, 403, 403, 403, 403, 403, 403,
        body='{"code": "ABCDEF"}'),
    "POST /api/v1/stations/checkins/batch":
        api(401, 401, 401, 401, 401, 401, 401, 401,
        body='{"items": []}'),
    "GET /api/v1/stations/":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/stations/{station_id}":
        api(401, 404, 404, 404, 404, 404, 200, 200),
    "GET /api/v1/events/":
        api(200, 200, 200, 200, 200, 200, 200, 200),
    "POST /api/v1/events/":
        api(401, 422, 422, 422, 422, 422, 422, 422,
        body='{}'),
    "POST /api/v1/events/series":
        api(401, 422, 422, 422, 422, 422, 422, 422,
        body='{}'),
    "POST /api/v1/events/conflicts":
        api(401, 422, 422, 422, 422, 422, 422, 422,
        body='{}'),
    "GET /api/v1/events/{event_id}":
        api(200, 200, 200, 200, 200, 200, 200, 200),
    "POST /api/v1/events/{event_id}/publish":
        api(401, 404, 404, 404, 404, 404, 200, 200,
        body='{}'),
    "POST /api/v1/events/{event_id}/skip":
        api(401, 404, 404, 404, 404, 404, 400, 400),
    "POST /api/v1/events/{event_id}/move":
        api(401, 422, 422, 422, 422, 422, 422, 422,
        body='{}'),
    "POST /api/v1/events/{event_id}/following":
        api(401, 404, 404, 404, 404, 404, 400, 400,
        body='{}'),
    "POST /api/v1/events/{event_id}/hours":
        api(401, 404, 404, 404, 404, 404, 200, 200),
    "POST /api/v1/events/shifts/{shift_id}/sign-up":
        api(401, 409, 201, 400, 400, 400, 400, 400),
    "POST /api/v1/events/signups/{signup_id}/cancel":
        api(401, 200, 404, 404, 404, 404, 404, 404),
    "POST /api/v1/events/check-in":
        api(401, 400, 400, 400, 400, 400, 400, 400,
        body='{"secret": "{checkin_secret}"}'),
    "POST /api/v1/wishes/":
        api(422, 422, 422, 422, 422, 422, 422, 422,
        body='{}'),
    "GET /api/v1/wishes/":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/wishes/track/{code}":
        api(200, 200, 200, 200, 200, 200, 200, 200),
    "POST /api/v1/wishes/track/{code}/confirm":
        api(409, 409, 409, 409, 409, 409, 409, 409),
    "POST /api/v1/wishes/track/{code}/reopen":
        api(409, 409, 409, 409, 409, 409, 409, 409,
        body='{"reason": "还没修好"}'),
    "POST /api/v1/wishes/track/{code}/rate":
        api(409, 409, 409, 409, 409, 409, 409, 409,
        body='{"stars": 5}'),
    "POST /api/v1/wishes/{wish_id}/claim":
        api(401, 409, 409, 403, 403, 403, 403, 403),
    "POST /api/v1/wishes/{wish_id}/assign":
        api(401, 403, 403, 403, 403, 403, 409, 409,
        body='{"volunteer_number": "{number}"}'),
    "POST /api/v1/wishes/{wish_id}/progress":
        api(401, 403, 403, 403, 403, 403, 409, 409,
        body='{"note": "已联系"}'),
    "POST /api/v1/wishes/{wish_id}/close":
        api(401, 403, 403, 403, 403, 403, 409, 409,
        body='{"note": "办好了", "hours": [{"minutes": 30}]}'),
    "POST /api/v1/wishes/{wish_id}/review":
        api(401, 403, 403, 403, 403, 403, 200, 200,
        body='{"decision": "accept"}'),
    "GET /api/v1/exchange/points/me":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/exchange/points/me/entries":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/exchange/rewards":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "POST /api/v1/exchange/rewards/{reward_id}/redeem":
        api(401, 201, 400, 400, 400, 400, 400, 400),
    "GET /api/v1/exchange/redemptions/mine":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "POST /api/v1/exchange/redemptions/{redemption_id}/cancel":  # after the pick-up below
        api(401, 200, 403, 403, 403, 403, 409, 409,
        body='{}'),
    "POST /api/v1/exchange/pickup":
        api(401, 403, 403, 403, 403, 403, 200, 200,
        body='{"code": "{pickup_code}"}'),
    "POST /api/v1/exchange/points/grant":
        api(401, 403, 403, 403, 403, 403, 201, 403,
        body='{"volunteer_number": "{number}", "points": 5, "reason": "表彰"}'),
    "GET /api/v1/exchange/external/me":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/notices/compose":
        api(401, 403, 403, 200, 200, 200, 200, 200),
    "POST /api/v1/notices/preview":
        api(401, 403, 403, 200, 403, 403, 200, 200, body=NOTICE),
    "POST /api/v1/notices/":
        api(401, 403, 403, 201, 403, 403, 201, 201, body=NOTICE),
    "GET /api/v1/notices/sent":
        api(401, 403, 403, 200, 200, 200, 200, 200),
    "GET /api/v1/notices/sent/{notice_id}":
        api(401, 403, 403, 200, 404, 404, 200, 200),
    "GET /api/v1/notices/inbox":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/notices/inbox/unread":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "POST /api/v1/notices/inbox/{recipient_id}/read":
        api(401, 200, 404, 404, 404, 404, 404, 404),
    "GET /api/v1/notices/preferences":
        api(401, 200, 200, 200, 200, 200, 200, 200),
    "POST /api/v1/notices/preferences":
        api(401, 200, 200, 200, 200, 200, 200, 200, body='{"sms": false, "email": false}'),
}

# Django's admin site: the same rows for every registered model (``admin/<app>/<model>/``).
ADMIN_MODEL = {
    "": admin_only("GET", "/admin/{app}/{model}/", ANY),
    "add/": admin_only("GET", "/admin/{app}/{model}/add/", ANY),
    "<path:object_id>/": admin_only("GET", "/admin/{app}/{model}/{pk}/", ANY),
    "<path:object_id>/change/": admin_only("GET", "/admin/{app}/{model}/{pk}/change/", ANY),
    "<path:object_id>/delete/": admin_only("GET", "/admin/{app}/{model}/{pk}/delete/", ANY),
    "<path:object_id>/history/": admin_only("GET", "/admin/{app}/{model}/{pk}/history/", ANY),
}

ADMIN = {
    "admin/": admin_only("GET", "/admin/", 200),
    "admin/(?P<url>.*)$": admin_only("GET", "/admin/nowhere", 404),
    "admin/core/user/<id>/password/": admin_only("GET", "/admin/core/user/{user}/password/", 200),
    "admin/<app_label>/": admin_only("GET", "/admin/core/", 200),  # one app's models
    "admin/autocomplete/": admin_only("GET", "/admin/autocomplete/", 403),
    "admin/jsi18n/": admin_only("GET", "/admin/jsi18n/", 200),
    "admin/login/": row("GET", "/admin/login/",
        200, 200, 200, 200, 200, 200, 200, 302),
    "admin/logout/": row("POST", "/admin/logout/",
        302, 302, 302, 302, 302, 302, 302, 302),
    "admin/password_change/": admin_only("GET", "/admin/password_change/", 200),
    "admin/password_change/done/": admin_only("GET", "/admin/password_change/done/", 200),
    "admin/r/<path:content_type_id>/<path:object_id>/": admin_only("GET", "/admin/r/1/1/", 404),
}

# Every state-changing route, asked with fresh objects, then with spent ones (``County.spend``).
# Answers as above, one per role; a refusal (401, 403, 404, LOGIN) must be the same twice.
MOVE = '{"starts_at": "2036-11-01T19:00:00+08:00", "ends_at": "2036-11-01T21:00:00+08:00"}'
STATE = {
    "exchange/points/grant/": state(
        (LOGIN, 403, 403, 403, 403, 403, 200, 403),
        (LOGIN, 403, 403, 403, 403, 403, 200, 403), form={"points": "x"}),
    "exchange/points/entries/<int:pk>/reverse/": state(
        (LOGIN, 403, 403, 403, 403, 403, 302, 403),
        (LOGIN, 403, 403, 403, 403, 403, 302, 403), form={"reason": "撤销"}),
    "exchange/rewards/": state(
        (LOGIN, 403, 403, 403, 403, 200, 200, 200),
        (LOGIN, 403, 403, 403, 403, 200, 200, 200), form={"name": ""}),
    "exchange/rewards/<int:pk>/edit/": state(
        (LOGIN, 403, 403, 403, 403, 404, 200, 200),
        (LOGIN, 403, 403, 403, 403, 404, 200, 200), form={"name": ""}),
    "exchange/rewards/<int:pk>/redeem/": state(
        (LOGIN, 302, 302, 302, 302, 302, 302, 302),
        (LOGIN, 302, 302, 302, 302, 302, 302, 302)),
    "exchange/redemptions/<int:pk>/cancel/": state(
        (LOGIN, 302, 404, 404, 404, 404, 302, 302),
        (LOGIN, 302, 404, 404, 404, 404, 302, 302)),
    "exchange/pickup/": state(
        (LOGIN, 403, 403, 403, 200, 200, 200, 200),
        (LOGIN, 403, 403, 403, 200, 200, 200, 200), form={"code": "{pickup_code}"}),
    "exchange/national/": state(
        (LOGIN, 403, 403, 403, 403, 200, 200, 403),
        (LOGIN, 403, 403, 403, 403, 200, 200, 403), form={"export-reason": ""}),
    "exchange/transfers/": state(
        (LOGIN, 403, 403, 403, 403, 403, 200, 403),
        (LOGIN, 403, 403, 403, 403, 403, 200, 403), form={"issue-submit": "1"}),
    "exchange/me/records/": state(
        (LOGIN, 200, 200, 200, 200, 200, 200, 200),
        (LOGIN, 200, 200, 200, 200, 200, 200, 200)),
    "exchange/me/transfer.zip": state(
        (LOGIN, 200, 200, 404, 404, 404, 404, 404),
        (LOGIN, 200, 200, 404, 404, 404, 404, 404)),
    "POST /api/v1/exchange/rewards/{reward_id}/redeem": state(
        (401, 201, 400, 400, 400, 400, 400, 400),
        (401, 201, 400, 400, 400, 400, 400, 400)),  # the confirmed claim earned points
    "POST /api/v1/exchange/redemptions/{redemption_id}/cancel": state(
        (401, 200, 403, 403, 403, 403, 200, 200),
        (401, 409, 403, 403, 403, 403, 409, 409), body='{}'),
    "POST /api/v1/exchange/pickup": state(
        (401, 403, 403, 403, 403, 403, 200, 200),
        (401, 403, 403, 403, 403, 403, 409, 409), body='{"code": "{pickup_code}"}'),
    "POST /api/v1/exchange/points/grant": state(
        (401, 403, 403, 403, 403, 403, 201, 403),
        (401, 403, 403, 403, 403, 403, 201, 403),
        body='{"volunteer_number": "{number}", "points": 5, "reason": "表彰"}'),
    "stations/<int:pk>/poster/rotate/": state(
        (LOGIN, 403, 403, 403, 403, 403, 302, 302),
        (LOGIN, 403, 403, 403, 403, 403, 302, 302)),
    "stations/<int:pk>/kiosks/": state(
        (LOGIN, 403, 403, 403, 403, 403, 200, 200),
        (LOGIN, 403, 403, 403, 403, 403, 200, 200), form={"name": "二号机"}),
    "stations/kiosks/<int:pk>/revoke/": state(
        (LOGIN, 403, 403, 403, 403, 403, 302, 302),
        (LOGIN, 403, 403, 403, 403, 403, 302, 302)),
    "stations/me/check-out/": state(
        (LOGIN, 302, 409, 409, 409, 409, 409, 409),
        (LOGIN, 409, 409, 409, 409, 409, 409, 409)),
    "stations/sessions/<int:pk>/undo/": state(
        (LOGIN, 302, 403, 403, 403, 403, 302, 302),
        (LOGIN, 302, 403, 403, 403, 403, 302, 302), form={"reason": "扫错了"}),
    "s/<str:token>/": state(
        (LOGIN, 400, 400, 400, 400, 400, 400, 400),
        (LOGIN, 400, 400, 400, 400, 400, 400, 400), form={"grant": "x"}),
    "ledger/mine/report/": state(
        (LOGIN, 200, 200, 200, 200, 200, 200, 200),
        (LOGIN, 200, 200, 200, 200, 200, 200, 200), form={"kind": "omission"}),
    "ledger/queue/": state(
        (LOGIN, 403, 403, 403, 302, 302, 302, 302),
        (LOGIN, 403, 403, 403, 302, 302, 302, 302), form={"claims": "{claim}"}),
    "ledger/claims/<int:pk>/": state(
        (LOGIN, 403, 403, 403, 404, 404, 302, 302),
        (LOGIN, 403, 403, 403, 404, 404, 200, 200), form={"approve-minutes": ""}),
    "ledger/disputes/<int:pk>/": state(
        (LOGIN, 403, 403, 403, 404, 404, 302, 302),
        (LOGIN, 403, 403, 403, 404, 404, 200, 200), form={"reason": "已核实"}),
    "reports/certificates/mine/": state(
        (LOGIN, 200, 200, 200, 200, 200, 200, 200),
        (LOGIN, 200, 200, 200, 200, 200, 200, 200), form={}),
    "reports/certificates/": state(
        (LOGIN, 403, 403, 403, 403, 403, 200, 200),
        (LOGIN, 403, 403, 403, 403, 403, 200, 200), form={"issue-mobile": "{mobile}"}),
    "reports/certificates/<str:serial>/revoke/": state(
        (LOGIN, 403, 403, 403, 403, 403, 302, 302),
        (LOGIN, 403, 403, 403, 403, 403, 200, 200), form={"reason": "重复开具"}),
    "reports/batches/": state(
        (LOGIN, 403, 403, 403, 403, 403, 200, 200),
        (LOGIN, 403, 403, 403, 403, 403, 200, 200), form={}),
    "register/": state(
        (200, 302, 302, 302, 302, 302, 302, 302),
        (200, 302, 302, 302, 302, 302, 302, 302), form={}),
    "claim/": state(
        (200, 200, 200, 200, 200, 200, 200, 200),
        (200, 200, 200, 200, 200, 200, 200, 200), form={}),
    "me/card/renew/": state(
        (LOGIN, 302, 302, 404, 404, 404, 404, 404),
        (LOGIN, 404, 302, 404, 404, 404, 404, 404)),
    "me/close/": state(
        (LOGIN, 200, 200, 404, 404, 404, 404, 404),
        (LOGIN, 200, 200, 404, 404, 404, 404, 404), form={}),
    r"^volunteers/(?P<pk>\d+)/(?P<action>approve|reject|suspend|reactivate)/$":
        state(
        (LOGIN, 403, 403, 403, 403, 404, 302, 302),
        (LOGIN, 403, 403, 403, 403, 404, 302, 302), form={"reason": "暂停服务"}),
    "volunteers/<int:pk>/reveal/": state(
        (LOGIN, 403, 403, 403, 403, 403, 200, 403),
        (LOGIN, 403, 403, 403, 403, 403, 200, 403), form={"reason": "核对身份"}),
    "volunteers/<int:pk>/card/renew/": state(
        (LOGIN, 403, 403, 403, 403, 404, 302, 302),
        (LOGIN, 403, 403, 403, 403, 404, 302, 302)),
    "volunteers/import/": state(
        (LOGIN, 403, 403, 403, 403, 200, 200, 200),
        (LOGIN, 403, 403, 403, 403, 200, 200, 200), form={}),
    "volunteers/import/<uuid:pk>/commit/": state(
        (LOGIN, 403, 403, 403, 403, 404, 302, 302),
        (LOGIN, 403, 403, 403, 403, 404, 302, 302)),
    "volunteers/import/<uuid:pk>/discard/": state(
        (LOGIN, 403, 403, 403, 403, 404, 302, 302),
        (LOGIN, 403, 403, 403, 403, 404, 302, 302)),
    "teams/<int:pk>/members/": state(
        (LOGIN, 403, 403, 200, 403, 404, 200, 200),
        (LOGIN, 403, 403, 200, 403, 404, 200, 200), form={"number": "{number}"}),
    "teams/<int:pk>/members/<int:membership_pk>/leave/": state(
        (LOGIN, 403, 403, 302, 403, 404, 302, 302),
        (LOGIN, 403, 403, 302, 403, 404, 302, 302)),
    "i18n/setlang/": state(
        (302, 302, 302, 302, 302, 302, 302, 302),
        (302, 302, 302, 302, 302, 302, 302, 302), form={"language": "zh-hans"}),
    "events/new/": state(
        (LOGIN, 403, 403, 403, 403, 200, 200, 200),
        (LOGIN, 403, 403, 403, 403, 200, 200, 200), form={}),
    "events/me/feed/rotate/": state(
        (LOGIN, 302, 302, 302, 302, 302, 302, 302),
        (LOGIN, 302, 302, 302, 302, 302, 302, 302)),
    "events/<int:pk>/edit/": state(
        (LOGIN, 404, 404, 404, 404, 404, 200, 200),
        (LOGIN, 404, 404, 404, 404, 404, 200, 200), form={"title": "改期的展演"}),
    "events/<int:pk>/publish/": state(
        (LOGIN, 404, 404, 404, 404, 404, 302, 302),
        (LOGIN, 404, 404, 404, 404, 404, 302, 302)),
    "events/<int:pk>/close/": state(
        (LOGIN, 404, 404, 404, 404, 404, 302, 302),
        (LOGIN, 404, 404, 404, 404, 404, 302, 302), form={"actual_audience": "100"}),
    "events/<int:pk>/skip/": state(
        (LOGIN, 404, 404, 404, 404, 404, 302, 302),
        (LOGIN, 404, 404, 404, 404, 404, 302, 302)),
    "events/<int:pk>/shifts/new/": state(
        (LOGIN, 403, 403, 403, 403, 404, 200, 200),
        (LOGIN, 403, 403, 403, 403, 404, 200, 200), form={}),
    "events/<int:pk>/attendance/": state(
        (LOGIN, 404, 404, 404, 404, 404, 302, 302),
        (LOGIN, 404, 404, 404, 404, 404, 302, 302), form={"attended": "{signup}"}),
    "events/<int:pk>/hours/": state(
        (LOGIN, 404, 404, 404, 404, 404, 302, 302),
        (LOGIN, 404, 404, 404, 404, 404, 302, 302)),
    "events/shifts/<int:pk>/sign-up/": state(
        (LOGIN, 302, 302, 302, 302, 302, 302, 302),
        (LOGIN, 302, 302, 302, 302, 302, 302, 302)),
    "events/shifts/<int:pk>/assign/": state(
        (LOGIN, 404, 404, 404, 404, 404, 302, 302),
        (LOGIN, 404, 404, 404, 404, 404, 302, 302), form={"number": "{number}"}),
    "events/signups/<int:pk>/cancel/": state(
        (LOGIN, 302, 404, 404, 404, 404, 404, 404),
        (LOGIN, 302, 404, 404, 404, 404, 404, 404)),
    "events/signups/<int:pk>/unassign/": state(
        (LOGIN, 404, 404, 404, 404, 404, 302, 302),
        (LOGIN, 404, 404, 404, 404, 404, 302, 302)),
    "events/c/<str:secret>/": state(
        (LOGIN, 302, 302, 302, 302, 302, 302, 302),
        (LOGIN, 302, 302, 302, 302, 302, 302, 302), form={}),
    "POST /api/v1/volunteers/register": state(
        (422, 422, 422, 422, 422, 422, 422, 422),
        (422, 422, 422, 422, 422, 422, 422, 422), body="{}"),
    "POST /api/v1/ledger/claims/{claim_id}/approve": state(
        (401, 403, 403, 403, 403, 403, 200, 200),
        (401, 403, 403, 403, 403, 403, 409, 409), body="{}"),
    "POST /api/v1/ledger/claims/{claim_id}/reject": state(
        (401, 403, 403, 403, 403, 403, 200, 200),
        (401, 403, 403, 403, 403, 403, 409, 409), body='{"reason": "不实"}'),
    "POST /api/v1/ledger/claims/approve": state(
        (401, 200, 200, 200, 200, 200, 200, 200),
        (401, 200, 200, 200, 200, 200, 200, 200), body='{"claim_ids": [{claim}]}'),
    "POST /api/v1/ledger/disputes": state(
        (401, 400, 400, 400, 400, 400, 400, 400),
        (401, 201, 400, 400, 400, 400, 400, 400),
        body='{"kind": "error", "entry_seq": 1, "minutes": 30, "description": "多记了"}'),
    "POST /api/v1/stations/scan": state(
        (401, 409, 201, 201, 201, 201, 201, 201),
        (401, 403, 201, 201, 201, 201, 201, 201), body='{"token": "{token}"}'),
    "POST /api/v1/stations/checkout": state(
        (401, 200, 409, 409, 409, 409, 409, 409),
        (401, 409, 409, 409, 409, 409, 409, 409), body="{}"),
    "POST /api/v1/stations/sessions/{session_id}/undo": state(
        (401, 200, 403, 403, 403, 403, 200, 200),
        (401, 200, 403, 403, 403, 403, 200, 200), body='{"reason": ""}'),
    "POST /api/v1/stations/kiosks/pair": state(
        (403, 403, 403, 403, 403, 403, 403, 403),
        (403, 403, 403, 403, 403, 403, 403, 403), body='{"code": "ABCDEF"}'),
    "POST /api/v1/stations/checkins/batch": state(
        (401, 401, 401, 401, 401, 401, 401, 401),
        (401, 401, 401, 401, 401, 401, 401, 401), body='{"items": []}'),
    "POST /api/v1/events/": state(
        (401, 422, 422, 422, 422, 422, 422, 422),
        (401, 422, 422, 422, 422, 422, 422, 422), body="{}"),
    "POST /api/v1/events/series": state(
        (401, 422, 422, 422, 422, 422, 422, 422),
        (401, 422, 422, 422, 422, 422, 422, 422), body="{}"),
    "POST /api/v1/events/conflicts": state(
        (401, 422, 422, 422, 422, 422, 422, 422),
        (401, 422, 422, 422, 422, 422, 422, 422), body="{}"),
    "POST /api/v1/events/{event_id}/publish": state(
        (401, 404, 404, 404, 404, 404, 200, 200),
        (401, 404, 404, 404, 404, 404, 409, 409), body="{}"),
    "POST /api/v1/events/{event_id}/skip": state(
        (401, 404, 404, 404, 404, 404, 400, 400),
        (401, 404, 404, 404, 404, 404, 400, 400)),
    "POST /api/v1/events/{event_id}/move": state(
        (401, 404, 404, 404, 404, 404, 200, 200),
        (401, 404, 404, 404, 404, 404, 200, 200), body=MOVE),
    "POST /api/v1/events/{event_id}/following": state(
        (401, 404, 404, 404, 404, 404, 400, 400),
        (401, 404, 404, 404, 404, 404, 400, 400), body='{"title": "改名"}'),
    "POST /api/v1/events/{event_id}/hours": state(
        (401, 404, 404, 404, 404, 404, 200, 200),
        (401, 404, 404, 404, 404, 404, 409, 409)),
    "POST /api/v1/events/shifts/{shift_id}/sign-up": state(
        (401, 409, 201, 400, 400, 400, 400, 400),
        (401, 403, 409, 400, 400, 400, 400, 400)),
    "POST /api/v1/events/signups/{signup_id}/cancel": state(
        (401, 200, 404, 404, 404, 404, 404, 404),
        (401, 400, 404, 404, 404, 404, 404, 404)),
    "POST /api/v1/events/check-in": state(
        (401, 400, 400, 400, 400, 400, 400, 400),
        (401, 400, 400, 400, 400, 400, 400, 400), body='{"secret": "{checkin_secret}"}'),
    "wishes/t/<str:code>/confirm/": state(
        (409, 409, 409, 409, 409, 409, 409, 409),
        (409, 409, 409, 409, 409, 409, 409, 409)),
    "wishes/t/<str:code>/reopen/": state(
        (200, 200, 200, 200, 200, 200, 200, 200),
        (200, 200, 200, 200, 200, 200, 200, 200), form={"reason": "还没修好"}),
    "wishes/t/<str:code>/rate/": state(
        (200, 200, 200, 200, 200, 200, 200, 200),
        (200, 200, 200, 200, 200, 200, 200, 200), form={"stars": "5"}),
    "wishes/<int:pk>/accept/": state(
        (LOGIN, 403, 403, 403, 403, 403, 302, 302),
        (LOGIN, 403, 403, 403, 403, 403, 409, 409), form={"note": "已受理"}),
    "wishes/<int:pk>/decline/": state(
        (LOGIN, 403, 403, 403, 403, 403, 200, 200),
        (LOGIN, 403, 403, 403, 403, 403, 200, 200), form={"reason": "不属于驿站服务范围"}),
    "wishes/<int:pk>/merge/": state(
        (LOGIN, 403, 403, 403, 403, 403, 200, 200),
        (LOGIN, 403, 403, 403, 403, 403, 200, 200), form={"duplicate_code": "{code}"}),
    "wishes/<int:pk>/assign/": state(
        (LOGIN, 403, 403, 403, 403, 403, 200, 200),
        (LOGIN, 403, 403, 403, 403, 403, 200, 200), form={"volunteer_number": "{number}"}),
    "wishes/<int:pk>/claim/": state(
        (LOGIN, 409, 409, 403, 403, 403, 403, 403),
        (LOGIN, 403, 409, 403, 403, 403, 403, 403)),
    "wishes/<int:pk>/release/": state(
        (LOGIN, 403, 403, 403, 403, 403, 200, 200),
        (LOGIN, 403, 403, 403, 403, 403, 200, 200), form={"reason": "临时有事"}),
    "wishes/<int:pk>/progress/": state(
        (LOGIN, 403, 403, 403, 403, 403, 200, 200),
        (LOGIN, 403, 403, 403, 403, 403, 200, 200), form={"note": "已联系"}),
    "wishes/<int:pk>/resolve/": state(
        (LOGIN, 403, 403, 403, 403, 403, 200, 200),
        (LOGIN, 403, 403, 403, 403, 403, 200, 200), form={"note": "办好了", "minutes": "30"}),
    "wishes/<int:pk>/contact/": state(
        (LOGIN, 403, 403, 403, 403, 403, 403, 403),
        (LOGIN, 403, 403, 403, 403, 403, 403, 403), form={"reason": "上门联系"}),
    "POST /api/v1/wishes/": state(
        (422, 422, 422, 422, 422, 422, 422, 422),
        (422, 422, 422, 422, 422, 422, 422, 422), body='{}'),
    "POST /api/v1/wishes/track/{code}/confirm": state(
        (409, 409, 409, 409, 409, 409, 409, 409),
        (409, 409, 409, 409, 409, 409, 409, 409)),
    "POST /api/v1/wishes/track/{code}/reopen": state(
        (409, 409, 409, 409, 409, 409, 409, 409),
        (409, 409, 409, 409, 409, 409, 409, 409), body='{"reason": "还没修好"}'),
    "POST /api/v1/wishes/track/{code}/rate": state(
        (409, 409, 409, 409, 409, 409, 409, 409),
        (409, 409, 409, 409, 409, 409, 409, 409), body='{"stars": 5}'),
    "POST /api/v1/wishes/{wish_id}/claim": state(
        (401, 409, 409, 403, 403, 403, 403, 403),
        (401, 403, 409, 403, 403, 403, 403, 403)),
    "POST /api/v1/wishes/{wish_id}/assign": state(
        (401, 403, 403, 403, 403, 403, 409, 409),
        (401, 403, 403, 403, 403, 403, 409, 409), body='{"volunteer_number": "{number}"}'),
    "POST /api/v1/wishes/{wish_id}/progress": state(
        (401, 403, 403, 403, 403, 403, 409, 409),
        (401, 403, 403, 403, 403, 403, 409, 409), body='{"note": "已联系"}'),
    "POST /api/v1/wishes/{wish_id}/close": state(
        (401, 403, 403, 403, 403, 403, 409, 409),
        (401, 403, 403, 403, 403, 403, 409, 409),
        body='{"note": "办好了", "hours": [{"minutes": 30}]}'),
    "POST /api/v1/wishes/{wish_id}/review": state(
        (401, 403, 403, 403, 403, 403, 200, 200),
        (401, 403, 403, 403, 403, 403, 409, 409), body='{"decision": "accept"}'),
    "notices/compose/": state(
        (LOGIN, 403, 403, 200, 200, 200, 200, 200),
        (LOGIN, 403, 403, 200, 200, 200, 200, 200),
        form={"kind": "team", "team": "{team}", "title": "排练通知", "body": "周六排练。"}),
    "notices/preferences/": state(
        (LOGIN, 302, 302, 302, 302, 302, 302, 302),
        (LOGIN, 302, 302, 302, 302, 302, 302, 302), form={"sms": "on"}),
    "POST /api/v1/notices/preview": state(  # spent: the volunteer left the team, it is empty
        (401, 403, 403, 200, 403, 403, 200, 200),
        (401, 403, 403, 400, 403, 403, 400, 400), body=NOTICE),
    "POST /api/v1/notices/": state(
        (401, 403, 403, 201, 403, 403, 201, 201),
        (401, 403, 403, 400, 403, 403, 400, 400), body=NOTICE),
    "POST /api/v1/notices/inbox/{recipient_id}/read": state(
        (401, 200, 404, 404, 404, 404, 404, 404),
        (401, 200, 404, 404, 404, 404, 404, 404)),
    "POST /api/v1/notices/preferences": state(
        (401, 200, 200, 200, 200, 200, 200, 200),
        (401, 200, 200, 200, 200, 200, 200, 200), body='{"sms": false, "email": false}'),
    "logout/": state(
        (302, 302, 302, 302, 302, 302, 302, 302),
        (302, 302, 302, 302, 302, 302, 302, 302)),
}
# fmt: on
