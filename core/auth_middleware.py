"""Authentication that takes the user the session row brought along (``core.sessions``).

Django's ``AuthenticationMiddleware`` asks the backend for the user by id after the
session is read: a second query on every logged-in request. Here the backend first
looks at the user joined to this request's session row; Django's own checks (the
backend is configured, the session hash still matches the password) run unchanged.
"""

from contextvars import ContextVar

from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoMiddleware
from django.utils.functional import SimpleLazyObject

# The session of the request being authenticated, only while ``get_user`` runs.
_SESSION = ContextVar("hongyi_auth_session", default=None)


def joined_user(user_id):
    """The user that the current request's session row named, if it is ``user_id``."""
    user = getattr(_SESSION.get(), "joined_user", None)
    return user if user is not None and str(user.pk) == str(user_id) else None


def get_user(request):
    if not hasattr(request, "_cached_user"):
        token = _SESSION.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _SESSION.reset(token)
    return request._cached_user


class AuthenticationMiddleware(DjangoMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))
