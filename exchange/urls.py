from django.urls import path

from exchange.views import points, records

app_name = "exchange"
urlpatterns = [
    path("points/", points.my_points, name="points"),
    path("points/grant/", points.grant, name="grant"),
    path("points/entries/<int:pk>/reverse/", points.reverse, name="reverse"),
    path("rewards/", points.rewards, name="rewards"),
    path("rewards/<int:pk>/edit/", points.reward_edit, name="reward_edit"),
    path("rewards/<int:pk>/redeem/", points.redeem, name="redeem"),
    path("redemptions/<int:pk>/", points.redemption_detail, name="redemption"),
    path("redemptions/<int:pk>/cancel/", points.redemption_cancel, name="redemption_cancel"),
    path("pickup/", points.pickup, name="pickup"),
    path("national/", records.national, name="national"),
    path("national/exports/<int:pk>/", records.export_detail, name="export"),
    path("national/exports/<int:pk>.xlsx", records.export_download, name="export_download"),
    path("national/imports/<uuid:pk>/", records.import_detail, name="import"),
    path("transfers/", records.transfers, name="transfers"),
    path("public-key.pem", records.public_key, name="public_key"),
    path("me/records/", records.my_records, name="my_records"),
    path("me/transfer.zip", records.my_transfer, name="my_transfer"),
]
