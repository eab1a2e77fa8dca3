from django.urls import path

from stations import views

app_name = "stations"
urlpatterns = [
    path("", views.station_list_view, name="list"),
]
