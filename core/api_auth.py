"""Session authentication for the API, answering with the user itself.

ninja's ``django_auth`` hands the view ``request.user``, which is Django's lazy wrapper
(``SimpleLazyObject``) around the user: every attribute read through it is a Python
call or two more. A check-in reads the user's attributes a few dozen times (suspended?
a minor? the session's foreign key), and those calls cost as much as its rate limit.
``session_auth`` checks the same things the same way (the CSRF token, then
``request.user.is_authenticated``) and hands the view the object the wrapper holds.
"""

from ninja.security import SessionAuth as NinjaSessionAuth

from core.auth_middleware import get_user


class SessionAuth(NinjaSessionAuth):
    """Named as ninja's, so the API schema shows one session scheme, not two."""

    def authenticate(self, request, key):
        user = get_user(request)  # what request.user wraps, loaded once per request
        return user if user.is_authenticated else None


session_auth = SessionAuth()
