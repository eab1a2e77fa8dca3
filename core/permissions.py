from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from core.roles import Role
from core.selectors import user_has_role

OFFICE_ROLES = (Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE, Role.ADMIN)


def role_required(*roles: Role):
    """A view for holders of any of ``roles``: others are sent to log in, or get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
