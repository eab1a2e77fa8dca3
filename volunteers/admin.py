from django.contrib import admin

from volunteers.models import Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]
    autocomplete_fields = ["region", "leaders"]
