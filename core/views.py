from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.decorators import method_decorator

from core.forms import MobileLoginForm
from core.ratelimits import limited
from core.selectors import user_roles


def home(request):
    """What Hongyi is, for a visitor; what the user can do, for a logged-in user."""
    return render(request, "core/home.html", {"roles": user_roles(request.user)})


@method_decorator(limited("login", method="POST"), name="post")
class LoginView(auth_views.LoginView):
    form_class = MobileLoginForm
    redirect_authenticated_user = True
