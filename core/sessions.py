"""Database sessions whose read also brings the logged-in user, in one query.

The same signed data, expiry and server-side logout as
``django.contrib.sessions.backends.db``. Two things differ, both for the hot path:

- the session row carries the user's id (``LoginSession.user``), so the read joins the
  user and their volunteer record, and authentication needs no second query
  (``core.auth_middleware``);
- that read runs SQL compiled once per process (``core.prepared``), which skips the
  ORM's per-request compile, dearer than the query itself;
- of the volunteer record it reads only what a request asks of ``request.user``: its
  status (suspended, pending) and date of birth (the rule for minors), with its number.
  The profile pages read the whole record on their own (``volunteers.selectors.
  volunteer_of``); any other field of ``request.user.volunteer`` is still there, one
  query away. Building the other 27 columns cost a check-in a tenth of its CPU.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from core.prepared import RowByKey

# What a request reads of its volunteer record (above); the user is read whole.
VOLUNTEER_FIELDS = ("id", "user", "number", "status", "birth_date")


def _sessions():
    from core.models import LoginSession, User

    user = [f"user__{field.name}" for field in User._meta.concrete_fields]
    volunteer = [f"user__volunteer__{name}" for name in VOLUNTEER_FIELDS]
    session = ("session_key", "session_data", "expire_date", "user")
    return LoginSession.objects.select_related("user__volunteer").only(*session, *user, *volunteer)


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
