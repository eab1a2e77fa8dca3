"""Ledger pages. Views only read forms and call services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from core.exports import table_export
from core.permissions import OFFICE_ROLES, role_required
from core.roles import Role
from ledger import selectors, services
from ledger.errors import LedgerError
from ledger.filters import EntryFilter, LedgerBrowserFilter
from ledger.forms import ApproveForm, BulkApproveForm, DisputeAnswerForm, DisputeForm, ReasonForm
from ledger.models import Claim, Dispute
from ledger.tables import ClaimQueueTable, EntryTable, MyEntryTable

DECIDERS = (Role.STATION_MANAGER, Role.EVENT_ORGANIZER, *OFFICE_ROLES)


def _table(request, table, per_page=25):
    RequestConfig(request, paginate={"per_page": per_page}).configure(table)
    return table


@login_required
def my_ledger(request):
    user = request.user
    entries = EntryFilter(request.GET, queryset=selectors.volunteer_entries(user))
    table = MyEntryTable(entries.qs)
    exported = table_export(request, table, "my-service-record")
    if exported:
        return exported
    return render(request, "ledger/mine.html", {
        "balance": selectors.volunteer_balance(user),
        "filter": entries,
        "table": _table(request, table),
        "claims": selectors.volunteer_claims(user).exclude(status=Claim.Status.APPROVED)[:20],
        "disputes": selectors.volunteer_disputes(user)[:20],
    })  # fmt: skip


@login_required
def dispute_new(request):
    form = DisputeForm(request.POST or None, volunteer=request.user,
                       initial={"entry": request.GET.get("entry")})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.dispute_open(volunteer=request.user, **form.cleaned_data)
        except LedgerError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your report was sent to the recording unit."))
            return redirect("ledger:mine")
    return render(request, "ledger/dispute_form.html", {"form": form})


@role_required(*DECIDERS)
def queue(request):
    pending = selectors.pending_claims_for(request.user)
    if request.method == "POST":
        return _bulk_approve(request, pending)
    overdue = selectors.overdue_ids(pending, timezone.localdate())
    return render(request, "ledger/queue.html", {
        "table": _table(request, ClaimQueueTable(pending, overdue_ids=overdue), per_page=50),
        "disputes": selectors.open_disputes_for(request.user),
        "overdue_count": len(overdue),
    })  # fmt: skip


def _bulk_approve(request, pending):
    form = BulkApproveForm(request.POST, pending=pending)
    if not form.is_valid():
        messages.error(request, form.errors["claims"][0])
        return redirect("ledger:queue")
    ids = [claim.pk for claim in form.cleaned_data["claims"]]
    approved, skipped = services.claims_approve(claim_ids=ids, actor=request.user)
    messages.success(request, _("%(n)s claims approved.") % {"n": len(approved)})
    if skipped:
        messages.warning(request, _("%(n)s were already decided.") % {"n": len(skipped)})
    return redirect("ledger:queue")


@role_required(*DECIDERS)
def claim_detail(request, pk):
    units = selectors.units_decidable_by(request.user)
    claims = Claim.objects.select_related("volunteer", "unit")
    claim = get_object_or_404(claims, pk=pk, unit__in=units)
    forms = {
        "approve": ApproveForm(claim=claim, prefix="approve"),
        "reject": ReasonForm(prefix="reject"),
    }
    if request.method == "POST" and claim.status == Claim.Status.PENDING:
        action = "reject" if "reject-reason" in request.POST else "approve"
        form = forms[action] = _decision_form(action, request.POST, claim)
        service = services.claim_reject if action == "reject" else services.claim_approve
        if form.is_valid() and _act(request, form, service, claim=claim, **form.cleaned_data):
            messages.success(request, _("Decision recorded."))
            return redirect("ledger:queue")
    today = timezone.localdate()
    return render(request, "ledger/claim_detail.html", {
        "claim": claim, **forms, "overdue": selectors.is_overdue(claim, today),
    })  # fmt: skip


def _decision_form(action, data, claim):
    if action == "reject":
        return ReasonForm(data, prefix="reject")
    return ApproveForm(data, claim=claim, prefix="approve")


def _act(request, form, service, **kwargs) -> bool:
    """Call ``service``; a refusal lands on the form, with everything typed kept."""
    try:
        service(actor=request.user, **{k: v for k, v in kwargs.items() if v is not None})
    except LedgerError as error:
        form.add_error(None, error.message)
        return False
    return True


@role_required(*DECIDERS)
def dispute_detail(request, pk):
    units = selectors.units_decidable_by(request.user)
    dispute = get_object_or_404(Dispute.objects.select_related("volunteer", "entry", "unit"),
                                pk=pk, unit__in=units)  # fmt: skip
    form = DisputeAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = "accept" in request.POST
        service = services.dispute_accept if accept else services.dispute_reject
        extra = {"minutes": form.cleaned_data["minutes"]} if accept else {}
        if _act(
            request, form, service, dispute=dispute, reason=form.cleaned_data["reason"], **extra
        ):
            messages.success(request, _("Answer recorded; the volunteer sees it."))
            return redirect("ledger:queue")
    return render(request, "ledger/dispute_detail.html", {"dispute": dispute, "form": form})


@role_required(*DECIDERS)
def browser(request):
    entries = LedgerBrowserFilter(request.GET, queryset=selectors.entries_visible_to(request.user))
    table = EntryTable(entries.qs)
    exported = table_export(request, table, "ledger")
    if exported:
        return exported
    return render(
        request, "ledger/browser.html", {"filter": entries, "table": _table(request, table)}
    )
