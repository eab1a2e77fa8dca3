"""Admin: kinds are edited here (deadlines, who may file, photos); wishes and their steps
are read-only, because every change must go through the loop and leave a step."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from wishes.models import OverdueDigest, Wish, WishEvent, WishKind


@admin.register(WishKind)
class WishKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "who_may_file", "photo_required", "station_required",
                    "deadline_working_days", "program", "active"]  # fmt: skip
    list_editable = ["deadline_working_days", "active"]


@admin.register(Wish)
class WishAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "kind", "station", "status", "due_on", "filed_at"]
    list_filter = ["kind", "status", "township"]
    search_fields = ["code", "title"]
    exclude = ["phone_encrypted", "phone_hash", "address_encrypted"]


@admin.register(WishEvent)
class WishEventAdmin(ReadOnlyAdmin):
    list_display = ["wish", "action", "actor_role", "at"]
    list_filter = ["action"]


@admin.register(OverdueDigest)
class OverdueDigestAdmin(ReadOnlyAdmin):
    list_display = ["station", "day", "sent_at"]
