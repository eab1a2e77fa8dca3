"""Admin views of the volunteers app: looking, not changing.

Status changes, rosters and closing accounts go through the staff pages (and so through
the services and the audit log); the admin never shows an ID number unmasked.
"""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from volunteers.models import Membership, RosterImport, Team, Volunteer


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["volunteer", "joined_on", "left_on"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "minors_allowed"]
    list_filter = ["kind", "region", "minors_allowed"]
    search_fields = ["name"]
    autocomplete_fields = ["region", "leaders"]
    inlines = [MembershipInline]


@admin.register(Volunteer)
class VolunteerAdmin(ReadOnlyAdmin):
    list_display = ["number", "user", "id_number_masked", "township", "status", "registered_at"]
    list_filter = ["status", "township", "consent_source"]
    search_fields = ["number", "user__name", "user__mobile"]
    list_select_related = ["user", "township"]
    exclude = ["id_number_encrypted", "id_number_hash", "card_secret"]


@admin.register(RosterImport)
class RosterImportAdmin(ReadOnlyAdmin):
    list_display = ["filename", "created_by", "created_at", "status", "imported_rows"]
    list_filter = ["status"]
    exclude = ["payload", "problems"]
