from django.contrib import admin

from stations.models import Station


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "site"]
    list_filter = ["region"]
    search_fields = ["name", "site"]
    autocomplete_fields = ["region", "managers"]
