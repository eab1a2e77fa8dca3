from django.urls import path

from stations import views

app_name = "stations"
urlpatterns = [
    path("", views.station_list_view, name="list"),
    path("<int:pk>/", views.station_detail_view, name="detail"),
    path("<int:pk>/poster.pdf", views.poster_view, name="poster"),
    path("<int:pk>/poster/rotate/", views.poster_rotate_view, name="poster_rotate"),
    path("<int:pk>/kiosks/", views.kiosk_create_view, name="kiosk_create"),
    path("kiosks/<int:pk>/revoke/", views.kiosk_revoke_view, name="kiosk_revoke"),
    path("kiosk/", views.kiosk_view, name="kiosk"),
    path("me/", views.mine_view, name="mine"),
    path("me/check-out/", views.check_out_view, name="check_out"),
    path("sessions/<int:pk>/undo/", views.undo_view, name="undo"),
]
