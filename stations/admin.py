from django.contrib import admin

from core.admin import ReadOnlyAdmin
from stations.models import Kiosk, OfflineScan, ServiceProgram, Session, Station
from stations.services import station_unit_sync


@admin.register(ServiceProgram)
class ServiceProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "suitable_for_minors"]
    search_fields = ["name"]


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "site", "site_type"]
    list_filter = ["region", "site_type"]
    search_fields = ["name", "site"]
    autocomplete_fields = ["region", "village", "managers"]
    filter_horizontal = ["programs"]

    def save_related(self, request, form, formsets, change):
        """Managers approve the station's hours in the ledger: keep its unit in step."""
        super().save_related(request, form, formsets, change)
        station_unit_sync(station=form.instance)


@admin.register(Kiosk)
class KioskAdmin(ReadOnlyAdmin):
    """Read-only: kiosks are added, paired and switched off from the station page."""

    list_display = ["name", "station", "paired_at", "revoked_at"]
    list_filter = ["station"]
    exclude = ["hmac_secret", "pairing_code_hash", "token_hash"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    """Read-only: sessions change only through check-in, check-out and undo."""

    list_display = ["volunteer", "station", "program", "status", "started_at", "minutes"]
    list_filter = ["status", "station"]
    date_hierarchy = "started_at"


@admin.register(OfflineScan)
class OfflineScanAdmin(SessionAdmin):
    list_display = ["uuid", "kiosk", "scanned_at", "result"]
    list_filter = ["result"]
    date_hierarchy = "scanned_at"
