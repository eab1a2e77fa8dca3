from django.urls import path

from volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("", views.team_list_view, name="team_list"),
]
