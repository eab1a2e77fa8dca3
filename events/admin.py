"""Venues are plain data; events, series, shifts and sign-ups change only through the
services (conflicts, waitlist, audit), so the admin shows them read-only."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from events.models import Event, Series, Shift, SignUp, Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "capacity", "station"]
    list_filter = ["region"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["region", "station"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "starts_at", "venue", "status", "actual_audience"]
    list_filter = ["status", "kind", "venue"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    exclude = ["checkin_secret"]


@admin.register(Series)
class SeriesAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "rrule", "starts_at", "venue"]


@admin.register(Shift)
class ShiftAdmin(ReadOnlyAdmin):
    list_display = ["event", "role", "starts_at", "needed", "minors_allowed"]


@admin.register(SignUp)
class SignUpAdmin(ReadOnlyAdmin):
    list_display = ["shift", "volunteer", "status", "attendance"]
    list_filter = ["status", "attendance"]
