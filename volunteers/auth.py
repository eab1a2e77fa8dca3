from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.auth_middleware import joined_user
from core.prepared import RowByKey

# Every logged-in request loads its user: compiled once (core.prepared), not per request.
_USER = RowByKey(lambda: get_user_model()._default_manager.select_related("volunteer"), "pk")


class VolunteerAwareBackend(ModelBackend):
    """Django's backend, loading the volunteer record with the user in the same query.

    Every request then knows the volunteer's status (suspended, pending) without asking
    the database again. Usually the user came with the session row already
    (``core.sessions``, ``core.auth_middleware``), and no query is needed here at all.
    """

    def get_user(self, user_id):
        try:
            user = joined_user(user_id) or _USER.get(user_id)
        except (TypeError, ValueError):  # a session naming no valid id
            return None
        return user if user and self.user_can_authenticate(user) else None
