"""Login passes: what the check-in scan needs of a login, signed, carried by the browser.

Every logged-in request reads its session row with its user and volunteer record (one
joined query, ``core.sessions``). Of all that, a scan needs only who the volunteer is,
that the account is active, the volunteer's status (suspended?) and date of birth (the
rule for minors). A pass carries exactly those, signed with the ``SECRET_KEY``
(``django.core.signing``, its own salt, timestamped) in an HttpOnly cookie beside the
session cookie, and bound to that session by a digest of its key: without the session
cookie it names, a pass is worth nothing.

A pass does not replace the session, it only spares the scan reading it first. A scan
that takes its login from a pass writes its row only if, in the same INSERT, the
database still agrees (``login_unchanged``): the session row is there, unexpired and
the same user's; the account is active with the same password (its algorithm,
iterations and salt, never the hash: a new password always gets a new salt); and the
volunteer record's status and date of birth are as the pass says. A logout, a password
change, a deactivation or a suspension made anywhere therefore stops the very next
scan, which then reads the login the usual way and answers as it would have (401,
``volunteer_suspended``).

``PassMiddleware`` issues a pass on the response to any request that loaded a
logged-in volunteer (a login, a page) when the browser's pass is missing or says
something else, and drops it when the session ends; it does nothing on a request that
loaded no user, so static files and the scan itself pay nothing for it.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core import signing
from django.db.models.base import ModelState
from django.utils.functional import SimpleLazyObject

COOKIE = "hongyi_pass"
SALT = "hongyi.core.passes"


@dataclass(frozen=True)
class Login:
    """A login as a pass states it; ``user`` is built from it, with its volunteer."""

    key: str  # the session key, from the session cookie the pass is bound to
    user_id: int
    volunteer_id: int
    status: str
    birth_date: date
    password: str  # the stored password up to its hash: algorithm, iterations, salt
    user: object = None


def issue(key: str, user) -> str | None:
    """The signed pass for ``user`` logged in by session ``key``, or None if the user is
    not a volunteer (only volunteers scan)."""
    statement = _statement(key, user)
    return _sign(statement) if statement else None


def read(request) -> Login | None:
    """The login the request's pass states, if the pass is genuine, not older than a
    session may live, and bound to the request's session cookie; otherwise None."""
    token, key = request.COOKIES.get(COOKIE), request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not token or not key:
        return None
    try:
        s, u, v, status, born, password = signing.loads(
            token, salt=SALT, max_age=settings.SESSION_COOKIE_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if s != _digest(key):
        return None
    born = date.fromisoformat(born)
    return Login(key, u, v, status, born, password, _principal(u, v, status, born))


def _statement(key: str, user) -> list | None:
    volunteer = getattr(user, "volunteer", None)
    if not key or volunteer is None or not getattr(user, "is_authenticated", False):
        return None
    born = volunteer.birth_date.isoformat()
    return [_digest(key), user.pk, volunteer.pk, volunteer.status, born, _salted(user.password)]


def _sign(statement: list) -> str:
    return signing.dumps(statement, salt=SALT, compress=False)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _salted(password: str) -> str:
    """The stored password without its hash: ``pbkdf2_sha256$<iterations>$<salt>$``;
    an unusable password (a random string after "!") whole."""
    head, sep, _hash = password.rpartition("$")
    return f"{head}{sep}" if sep else password


def _principal(user_id: int, volunteer_id: int, status: str, born: date):
    """The user and volunteer record as the pass states them, as if read from the
    database with those columns only: any other field a caller reads is loaded then
    (Django's deferred fields). Built as unpickling builds a model (``__new__`` and the
    attributes), without ``__init__``'s walk over every field and its signals."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    relation = user_model._meta.get_field("volunteer")
    user = _loaded(user_model, id=user_id, is_active=True)
    volunteer = _loaded(
        relation.related_model,
        id=volunteer_id,
        status=status,
        birth_date=born,
        **{relation.field.attname: user_id},
    )
    relation.set_cached_value(user, volunteer)
    relation.field.set_cached_value(volunteer, user)
    return user


def _loaded(model, **values):
    obj = model.__new__(model)
    obj.__dict__.update(values)
    obj._state = ModelState()
    obj._state.adding, obj._state.db = False, "default"
    return obj


def login_unchanged(connection) -> str:
    """An SQL condition, for an INSERT's ``WHERE``: the login a pass states still holds.
    Its parameters, in order, are ``login_params``'s."""
    from core.models import LoginSession

    quote = connection.ops.quote_name
    session = LoginSession._meta
    user = session.get_field("user").related_model._meta
    volunteer = user.get_field("volunteer").related_model._meta
    names = {
        "s": session.db_table,
        "s_user": session.get_field("user").column,
        "s_key": session.get_field("session_key").column,
        "s_expiry": session.get_field("expire_date").column,
        "u": user.db_table,
        "u_id": user.pk.column,
        "u_active": user.get_field("is_active").column,
        "u_password": user.get_field("password").column,
        "v": volunteer.db_table,
        "v_id": volunteer.pk.column,
        "v_user": volunteer.get_field("user").column,
        "v_status": volunteer.get_field("status").column,
        "v_born": volunteer.get_field("birth_date").column,
    }
    return _CONDITION.format(**{name: quote(value) for name, value in names.items()})


_CONDITION = (
    "EXISTS (SELECT 1 FROM {s} INNER JOIN {u} ON {u}.{u_id} = {s}.{s_user}"
    " INNER JOIN {v} ON {v}.{v_user} = {u}.{u_id}"
    " WHERE {s}.{s_key} = %s AND {s}.{s_expiry} > %s AND {s}.{s_user} = %s"
    " AND {u}.{u_active} = %s AND SUBSTR({u}.{u_password}, 1, %s) = %s"
    " AND {v}.{v_id} = %s AND {v}.{v_status} = %s AND {v}.{v_born} = %s)"
)


def login_params(login: Login, now: datetime, connection) -> tuple:
    ops = connection.ops
    return (
        login.key,
        ops.adapt_datetimefield_value(now),
        login.user_id,
        True,
        len(login.password),
        login.password,
        login.volunteer_id,
        login.status,
        ops.adapt_datefield_value(login.birth_date),
    )


class PassMiddleware:
    """Issues and drops passes (see the module's doc). After the session and
    authentication middleware: it reads the user they loaded, never loads one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "login_pass", None) is None:  # a scan by pass: all is current
            self._update(request, response)
        return response

    def _update(self, request, response) -> None:
        user = _loaded_user(request)
        if user is None:
            return
        session = getattr(request, "session", None)
        key = session.session_key if session is not None else None
        current = request.COOKIES.get(COOKIE)
        statement = _statement(key, user)
        if statement is None:
            if current:
                response.delete_cookie(COOKIE, samesite=settings.SESSION_COOKIE_SAMESITE)
            return
        if current and _states(current, statement):
            return
        response.set_cookie(
            COOKIE,
            _sign(statement),
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )


def _loaded_user(request):
    """The user this request loaded or logged in or out, or None if it loaded none."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        return request.__dict__.get("_cached_user")
    return user


def _states(token: str, statement: list) -> bool:
    try:
        return signing.loads(token, salt=SALT, max_age=settings.SESSION_COOKIE_AGE) == statement
    except signing.BadSignature:
        return False
