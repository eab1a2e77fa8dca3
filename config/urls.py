from django.contrib import admin
from django.urls import include, path

from config.api import api
from reports import views as reports_views
from stations.views import scan_view

# The API first: Django tries patterns in order, and the check-in scan is the busiest
# route; its prefix is taken by nothing else.
urlpatterns = [
    path("api/", api.urls),
    path("", include("core.urls")),
    path("stations/", include("stations.urls")),
    path("events/", include("events.urls")),
    path("s/<str:token>/", scan_view, name="scan"),
    path("ledger/", include("ledger.urls")),
    path("reports/", include("reports.urls")),
    path("wishes/", include("wishes.urls")),
    path("exchange/", include("exchange.urls")),
    path("notices/", include("notices.urls")),
    path("verify/<str:serial>/", reports_views.verify, name="verify"),
    path("", include("volunteers.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = admin.site.site_title = "红驿 Hongyi"
