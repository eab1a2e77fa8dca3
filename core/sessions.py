"""Django's database sessions, read with SQL compiled once (``core.prepared``).

The same table, the same signed data and the same server-side logout as
``django.contrib.sessions.backends.db``; only the read of a session by its key skips
the ORM's per-request compile, which costs more than the query itself.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.prepared import RowByKey

_SESSION = RowByKey(lambda: Session.objects, "session_key")


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        session = _SESSION.get(self.session_key)
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
