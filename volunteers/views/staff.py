"""Staff pages: the volunteer list and its exports, the review queue, a volunteer's page.

Team leaders see their teams' volunteers; offices see their region's and may review,
suspend and reactivate them; only the county office may unmask an ID number.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from core.exports import EXPORT_FORMATS, SafeTableExport
from core.permissions import OFFICE_ROLES, role_required
from core.roles import Role
from core.selectors import user_has_role
from core.services import audit_log
from volunteers.choices import Availability, ServiceCategory
from volunteers.filters import VolunteerFilter
from volunteers.forms import ReasonForm, RevealForm
from volunteers.identity import looks_like_id_number
from volunteers.selectors import (
    labels_of,
    may_reveal_id_number,
    may_review,
    review_queue,
    volunteer_age,
    volunteer_history,
    volunteer_list,
    volunteer_reviewable,
)
from volunteers.services import (
    card_rotate,
    id_number_reveal,
    volunteer_approve,
    volunteer_reactivate,
    volunteer_reject,
    volunteer_suspend,
)
from volunteers.tables import VolunteerTable

STAFF_ROLES = (Role.TEAM_LEADER, *OFFICE_ROLES)
ACTIONS = {
    "approve": (volunteer_approve, gettext_lazy("approved: they now have a number and a card.")),
    "reject": (volunteer_reject, gettext_lazy("not approved: they will see your reason.")),
    "suspend": (volunteer_suspend, gettext_lazy("suspended.")),
    "reactivate": (volunteer_reactivate, gettext_lazy("active again.")),
}


@role_required(*STAFF_ROLES)
def volunteer_list_view(request):
    if looks_like_id_number(request.GET.get("q", "")):
        return _without_id_number(request)
    queryset = volunteer_list(user=request.user).order_by("-registered_at", "-id")
    filterset = VolunteerFilter(request.GET or None, queryset=queryset, request=request)
    table = VolunteerTable(filterset.qs)
    export = request.GET.get("_export")
    if export in EXPORT_FORMATS:
        return _export(request, table, export)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    context = {"table": table, "filter": filterset, "formats": EXPORT_FORMATS}
    context["can_import"] = user_has_role(request.user, *OFFICE_ROLES)
    return render(request, "volunteers/volunteer_list.html", context)


def _without_id_number(request):
    """A full ID number typed into the search box is dropped, not searched and not shown."""
    query = request.GET.copy()
    query.pop("q")
    messages.warning(
        request,
        _("Search by name, volunteer number or mobile: ID numbers are not searched or shown."),
    )
    return redirect(f"{request.path}?{query.urlencode()}")


def _export(request, table, export_format):
    """The filtered list as CSV or XLSX, masked like the page; exporting is audited."""
    exporter = SafeTableExport(export_format, table)
    audit_log(
        actor=request.user,
        action="volunteer.export",
        data={"format": export_format, "rows": len(exporter.dataset), "filter": request.GET.dict()},
    )
    return exporter.response(f"volunteers.{export_format}")


@role_required(*OFFICE_ROLES)
def review_queue_view(request):
    page = Paginator(review_queue(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "volunteers/review.html", {"page": page, "form": ReasonForm()})


@role_required(*STAFF_ROLES)
def volunteer_detail(request, pk, reveal_form=None):
    volunteer = get_object_or_404(volunteer_list(user=request.user), pk=pk)
    context = {
        "volunteer": volunteer,
        "age": volunteer_age(volunteer),
        "history": volunteer_history(volunteer),
        "categories": labels_of(ServiceCategory, volunteer.service_categories),
        "availability": labels_of(Availability, volunteer.availability),
        "can_review": may_review(request.user, volunteer),
        "can_reveal": may_reveal_id_number(request.user),
        "reason_form": ReasonForm(),
        "reveal_form": reveal_form or RevealForm(),
    }
    return render(request, "volunteers/volunteer_detail.html", context)


@require_POST
@role_required(*OFFICE_ROLES)
def volunteer_action(request, pk, action):
    volunteer = get_object_or_404(volunteer_reviewable(user=request.user), pk=pk)
    service, done = ACTIONS[action]
    extra = {} if action == "approve" else {"reason": request.POST.get("reason", "")}
    try:
        service(volunteer=volunteer, actor=request.user, **extra)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"{volunteer.user.name}：{done}")
    if request.POST.get("back") == "review":
        return redirect("volunteers:review")
    return redirect("volunteers:detail", pk=volunteer.pk)


@require_POST
@role_required(Role.COUNTY_OFFICE)
def volunteer_reveal(request, pk):
    """One full ID number, for one reason, written to the audit log; never cached."""
    volunteer = get_object_or_404(volunteer_list(user=request.user), pk=pk)
    form = RevealForm(request.POST)
    if not form.is_valid():
        return volunteer_detail(request, pk, reveal_form=form)
    try:
        number = id_number_reveal(
            volunteer=volunteer, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("volunteers:detail", pk=volunteer.pk)
    response = render(request, "volunteers/reveal.html", {"volunteer": volunteer, "id": number})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(*OFFICE_ROLES)
def volunteer_card_renew(request, pk):
    volunteer = get_object_or_404(volunteer_reviewable(user=request.user), pk=pk)
    try:
        card_rotate(volunteer=volunteer, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("New card issued: cards printed before no longer work."))
    return redirect("volunteers:detail", pk=volunteer.pk)
