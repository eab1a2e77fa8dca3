from core.navigation import nav_for
from core.selectors import user_roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": []}
    return {
        "nav_items": nav_for(user, request.path),
        "user_roles": sorted(user_roles(user), key=lambda role: list(type(role)).index(role)),
    }
