"""Database sessions whose read also brings the logged-in user, in one query.

The same signed data, expiry and server-side logout as
``django.contrib.sessions.backends.db``. Two things differ, both for the hot path:

- the session row carries the user's id (``LoginSession.user``), so the read joins the
  user and their volunteer record, and authentication needs no second query
  (``core.auth_middleware``);
- that read runs SQL compiled once per process (``core.prepared``), which skips the
  ORM's per-request compile, dearer than the query itself.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from core.prepared import RowByKey


def _sessions():
    from core.models import LoginSession

    return LoginSession.objects.select_related("user__volunteer")


_SESSION = RowByKey(_sessions, "session_key")


class SessionStore(DatabaseSessionStore):
    # The user the session row names, as loaded with it; None until loaded, or if none.
    joined_user = None

    @classmethod
    def get_model_class(cls):
        from core.models import LoginSession

        return LoginSession

    def _get_session_from_db(self):
        session = _SESSION.get(self.session_key)
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        self.joined_user = session.user
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session


def _user_id(value) -> int | None:
    """The logged-in user's id from the session data; None for an anonymous session."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
