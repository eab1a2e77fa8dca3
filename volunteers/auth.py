from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class VolunteerAwareBackend(ModelBackend):
    """Django's backend, loading the volunteer record with the user in the same query.

    Every request then knows the volunteer's status (suspended, pending) without asking
    the database again: the check-in on a weak mountain signal stays at six queries.
    """

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("volunteer")
        user = users.filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None
