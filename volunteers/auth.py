from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.prepared import RowByKey

# Every logged-in request loads its user: compiled once (core.prepared), not per request.
_USER = RowByKey(lambda: get_user_model()._default_manager.select_related("volunteer"), "pk")


class VolunteerAwareBackend(ModelBackend):
    """Django's backend, loading the volunteer record with the user in the same query.

    Every request then knows the volunteer's status (suspended, pending) without asking
    the database again: the check-in on a weak mountain signal stays at six queries.
    """

    def get_user(self, user_id):
        try:
            user = _USER.get(user_id)
        except (TypeError, ValueError):  # a session naming no valid id
            return None
        return user if user and self.user_can_authenticate(user) else None
