"""Session authentication for the API, answering with the user itself.

ninja's ``django_auth`` hands the view ``request.user``, which is Django's lazy wrapper
(``SimpleLazyObject``) around the user: every attribute read through it is a Python
call or two more. A check-in reads the user's attributes a few dozen times (suspended?
a minor? the session's foreign key), and those calls cost as much as its rate limit.
``session_auth`` checks the same things the same way (the CSRF token, then
``request.user.is_authenticated``) and hands the view the object the wrapper holds.

``pass_session_auth``, for the check-in scan alone, takes the login from the request's
login pass when it has a good one (``core.passes``), reading nothing. The view must then
hand ``request.login_pass`` to an INSERT that checks it (``core.passes.login_unchanged``)
and, when that finds it changed, call ``login_again`` and start over.
"""

from django.utils.functional import SimpleLazyObject
from ninja.errors import AuthenticationError
from ninja.security import SessionAuth as NinjaSessionAuth

from core import passes
from core.auth_middleware import get_user


class SessionAuth(NinjaSessionAuth):
    """Named as ninja's, so the API schema shows one session scheme, not two; with
    ``by_pass``, the login may come from a login pass (see the module's doc)."""

    def __init__(self, *, by_pass: bool = False):
        self.by_pass = by_pass
        super().__init__()

    def authenticate(self, request, key):
        login = passes.read(request) if self.by_pass else None
        request.login_pass = login
        if login is None:
            user = get_user(request)  # what request.user wraps, loaded once per request
            return user if user.is_authenticated else None
        request._cached_user = login.user  # what request.user then wraps
        return login.user


def login_again(request):
    """The user as the database says now, after the pass's login turned out changed;
    raises ninja's ``AuthenticationError`` (401) when the login no longer holds. The
    response then carries a new pass, or none (``core.passes.PassMiddleware``)."""
    request.__dict__.pop("_cached_user", None)
    request.user = SimpleLazyObject(lambda: get_user(request))
    request.login_pass = None
    user = get_user(request)
    if not user.is_authenticated:
        raise AuthenticationError
    request.auth = user
    return user


session_auth = SessionAuth()
pass_session_auth = SessionAuth(by_pass=True)
