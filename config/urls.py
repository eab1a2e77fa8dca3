from django.contrib import admin
from django.urls import include, path

from config.api import api
from stations.views import scan_view

urlpatterns = [
    path("", include("core.urls")),
    path("stations/", include("stations.urls")),
    path("s/<str:token>/", scan_view, name="scan"),
    path("teams/", include("volunteers.urls")),
    path("ledger/", include("ledger.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

admin.site.site_header = admin.site.site_title = "红驿 Hongyi"
