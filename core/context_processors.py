from core.navigation import nav_for
from core.selectors import user_roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": []}
    # A page may render more than one template with the request (a table, a form): the
    # navigation (and its badges' counts) is worked out once per request.
    if not hasattr(request, "_hongyi_nav"):
        request._hongyi_nav = nav_for(user, request.path)
    return {
        "nav_items": request._hongyi_nav,
        "user_roles": sorted(user_roles(user), key=lambda role: list(type(role)).index(role)),
    }
