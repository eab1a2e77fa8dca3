from django.urls import path

from notices import views

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.message, name="message"),
    path("preferences/", views.preferences, name="preferences"),
    path("compose/", views.compose, name="compose"),
    path("sent/", views.sent, name="sent"),
    path("sent/<int:pk>/", views.sent_detail, name="sent_detail"),
]
