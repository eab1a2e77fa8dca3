from django.contrib import admin

from core.admin import ReadOnlyAdmin
from ledger.models import Claim, Dispute, Entry, MonthlySummary, RecordingUnit, TrainingRecord


@admin.register(RecordingUnit)
class RecordingUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "region", "person_in_charge"]
    search_fields = ["name", "key"]
    autocomplete_fields = ["region", "managers"]


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "service_date", "volunteer", "kind", "activity", "minutes", "unit"]
    list_filter = ["kind"]
    search_fields = ["source_key", "activity"]
    list_select_related = ["volunteer", "unit"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["source_key", "service_date", "volunteer", "minutes", "status", "unit"]
    list_filter = ["status", "kind"]
    search_fields = ["source_key"]
    list_select_related = ["volunteer", "unit"]


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = ["opened_at", "volunteer", "kind", "status", "unit"]
    list_filter = ["status", "kind"]


@admin.register(MonthlySummary)
class MonthlySummaryAdmin(ReadOnlyAdmin):
    list_display = ["dimension", "key", "label", "month", "minutes", "entry_count"]
    list_filter = ["dimension"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ReadOnlyAdmin):
    list_display = ["date", "volunteer", "name", "minutes", "organizer"]
