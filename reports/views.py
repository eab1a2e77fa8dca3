"""Reports pages: certificates, verification, batches and the statistics dashboard."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import SafeTableExport, export_format
from core.masking import mask_name
from core.models import User
from core.pdf import refuses_without_font
from core.permissions import OFFICE_ROLES, role_required
from core.quantities import format_hours
from core.ratelimits import limited
from core.replica import reading_replica
from core.roles import Role
from core.selectors import user_sees_county
from ledger.selectors import ledger_head_seq
from reports import charts, hooks, selectors, services
from reports.county import Period, county_report_pdf, report_data
from reports.forms import BatchForm, IssueForm, PeriodForm, RevokeForm, StaffIssueForm
from reports.models import Batch, Certificate
from reports.people import volunteers_matching
from reports.rendering import certificate_file
from reports.services import ReportError
from reports.tables import BreakdownTable, EventsHeldTable
from reports.tasks import enqueue_batch, resume_stalled
from wishes.reporting import dashboard_panel

STATS_ROLES = (Role.STATION_MANAGER, *OFFICE_ROLES)


@limited("verify")
def verify(request, serial):
    """Anyone with the serial (or the QR code) sees what the certificate stated."""
    certificate = Certificate.objects.filter(serial=serial.upper()).first()
    if certificate is None:
        return render(request, "reports/verify.html", {"serial": serial}, status=404)
    facts = certificate.snapshot
    context = {"certificate": certificate, "facts": facts, "name_masked": mask_name(facts["name"])}
    return render(request, "reports/verify.html", context)


@login_required
def my_certificates(request):
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_issue(volunteer=request.user, actor=request.user,
                                                     **form.cleaned_data)  # fmt: skip
        except ReportError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Certificate %(serial)s issued.") % {"serial": certificate.serial}
            )
            return redirect("reports:mine")
    certificates = request.user.certificates.all()
    return render(request, "reports/mine.html", {"form": form, "certificates": certificates})


def _may_print(user, certificate) -> bool:
    return certificate.volunteer_id == user.pk or user_sees_county(user)


@login_required
@refuses_without_font
def certificate_pdf(request, serial):
    certificate = get_object_or_404(Certificate, serial=serial)
    if not _may_print(request.user, certificate):
        raise Http404
    seal = services.current_issuer()
    seal_path = seal.seal.path if seal and seal.seal else None
    filename, mimetype, data = certificate_file(certificate, seal_url=seal_path)
    response = HttpResponse(data, content_type=mimetype)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@role_required(Role.COUNTY_OFFICE, Role.ADMIN)
def staff_certificates(request):
    form = StaffIssueForm(request.POST or None, prefix="issue")
    if request.method == "POST" and form.is_valid():
        volunteer = User.objects.filter(mobile=form.cleaned_data["mobile"]).first()
        if volunteer is None:
            form.add_error("mobile", _("No volunteer has this mobile number."))
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "mobile"}
            return _issue_for(request, form, volunteer, data)
    certificates = Certificate.objects.select_related("volunteer")[:100]
    return render(request, "reports/staff.html", {"form": form, "certificates": certificates})


def _issue_for(request, form, volunteer, data):
    try:
        certificate = services.certificate_issue(volunteer=volunteer, actor=request.user, **data)
    except ReportError as error:
        form.add_error(None, error.message)
        return render(request, "reports/staff.html", {"form": form, "certificates": []})
    messages.success(request, _("Certificate %(serial)s issued.") % {"serial": certificate.serial})
    return redirect("reports:staff")


@role_required(Role.COUNTY_OFFICE, Role.ADMIN)
def certificate_revoke(request, serial):
    certificate = get_object_or_404(Certificate, serial=serial)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(certificate=certificate, actor=request.user,
                                        reason=form.cleaned_data["reason"])  # fmt: skip
        except ReportError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Certificate revoked."))
            return redirect("reports:staff")
    return render(request, "reports/revoke.html", {"certificate": certificate, "form": form})


@role_required(Role.COUNTY_OFFICE, Role.ADMIN)
def batches(request):
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = _start_batch(request.user, form.cleaned_data)
        if batch:
            return redirect("reports:batch", pk=batch.pk)
        form.add_error(None, _("No volunteer matches these criteria."))
    return render(
        request, "reports/batches.html", {"form": form, "batches": Batch.objects.all()[:20]}
    )


def _start_batch(user, criteria):
    from ledger.models import Balance

    volunteers = volunteers_matching(township=criteria["township"], team=criteria["team"])
    minimum = max((criteria["min_hours"] or 0) * 60, _star_minutes(criteria["star_level"]))
    if minimum:
        volunteers = volunteers.filter(pk__in=Balance.objects.filter(
            service_minutes__gte=minimum).values("volunteer"))  # fmt: skip
    volunteers = list(volunteers.order_by("pk"))
    if not volunteers:
        return None
    described = {k: str(v) for k, v in criteria.items() if v not in (None, False, "")}
    batch = services.batch_create(actor=user, volunteers=volunteers, criteria=described,
                                  with_seal=criteria["with_seal"])  # fmt: skip
    enqueue_batch(batch)
    return batch


def _star_minutes(level) -> int:
    return settings.HONGYI_STAR_THRESHOLDS_HOURS[level - 1] * 60 if level else 0


@role_required(Role.COUNTY_OFFICE, Role.ADMIN)
def batch_detail(request, pk):
    batch = get_object_or_404(Batch, pk=pk)
    if batch.status != Batch.Status.DONE:
        resume_stalled()  # a worker that died meanwhile is replaced, without duplicates
    return render(request, "reports/batch.html", {"batch": batch})


@role_required(Role.COUNTY_OFFICE, Role.ADMIN)
def batch_pdf(request, pk):
    batch = get_object_or_404(Batch, pk=pk, status=Batch.Status.DONE)
    return FileResponse(batch.output.open("rb"), filename=f"certificates-batch-{batch.pk}.pdf")


@role_required(*STATS_ROLES)
@reading_replica()
def dashboard(request):
    scope = selectors.scope_for(request.user)
    if scope is None:
        raise PermissionDenied
    figures = selectors.summary(request.user, scope)
    context = {"scope": scope, "figures": figures, "charts": _charts(scope),
               "panels": hooks.dashboard_panels(request.user, scope),
               "top": selectors.top_volunteers() if scope.countywide else None,
               "wishes": dashboard_panel(request.user)}  # fmt: skip
    return render(request, "reports/dashboard.html", context)


CHARTED = (
    (selectors.Dimension.TOWNSHIP, "按乡镇（小时）", "乡镇"),
    (selectors.Dimension.STATION, "按驿站（小时）", "驿站"),
    (selectors.Dimension.PROGRAM, "按服务项目（小时）", "服务项目"),
    (selectors.Dimension.TEAM, "按队伍（小时）", "队伍"),
)


def _charts(scope) -> list[charts.Chart]:
    """The dashboard's charts, cached until the ledger changes (its head moves)."""
    key = f"dashboard-charts:{scope.cache_key}:{ledger_head_seq()}"
    made = cache.get(key)
    if made is None:
        made = _draw_charts(scope)
        cache.set(key, made, timeout=24 * 3600)
    return made


CHARTED_BARS = 12
MONTHS_TITLE = "近12个月，按月份（小时）"


def _draw_charts(scope) -> list[charts.Chart]:
    """Each chart with the table of its figures. A bar chart draws the largest
    ``CHARTED_BARS``; its table lists every row, then the hours no row holds (records
    without a station, program or team), then the total: the same total as the page's
    "hours of service in all" (``selectors.minutes_in``)."""
    made, total = [], selectors.minutes_in(scope)
    for dimension, title, heading in CHARTED:
        rows = selectors.breakdown(dimension, scope, limit=500)
        if rows:
            drawn = rows[:CHARTED_BARS]
            labels, values = [r["label"] for r in drawn], [r["minutes"] / 60 for r in drawn]
            svg = charts.bar_chart(labels, values, title=title)
            table = _table(rows, "label", total=total, rest=f"不属于任何{heading}")
            made.append(charts.Chart(title, svg, table, heading))
    months = selectors.by_month(scope)
    if months:
        labels, values = [m["month"] for m in months], [m["minutes"] / 60 for m in months]
        svg = charts.line_chart(labels, values, title=MONTHS_TITLE)
        sum_ = sum(m["minutes"] for m in months)
        table = _table(months, "month", total=sum_, total_label="近12个月合计")
        made.append(charts.Chart(MONTHS_TITLE, svg, table, "月份"))
    return made


def _table(rows, label: str, *, total: int, rest: str = "", total_label: str = "合计"):
    """(label, hours) rows; the minutes no row holds, if any; and the total."""
    table = [(row[label], row["hours"]) for row in rows]
    unassigned = total - sum(row["minutes"] for row in rows)
    if rest and unassigned:
        table.append((rest, format_hours(unassigned)))
    return (*table, (total_label, format_hours(total)))


@role_required(Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE, Role.ADMIN)
@reading_replica()
def county_report(request):
    """The period's tables on screen, each exportable; the official PDF one click away."""
    today = timezone.localdate()
    form = PeriodForm(request.GET or {"kind": "month", "year": today.year, "number": today.month})
    scope = selectors.scope_for(request.user)
    if not form.is_valid():
        return render(request, "reports/county.html", {"form": form, "tables": []})
    period = Period(**form.cleaned_data)
    if request.GET.get("format") == "pdf":
        filename, mimetype, data = county_report_pdf(request.user, scope, period)
        response = HttpResponse(data, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return _county_tables(request, form, scope, period)


def _county_tables(request, form, scope, period):
    data = report_data(request.user, scope, period)
    wanted = request.GET.get("table")
    titles = {"township": _("By township"), "station": _("By red station"),
              "program": _("By service program"), "events": _("Events and audience")}  # fmt: skip
    made = {name: BreakdownTable(rows, prefix=name) for name, rows in data["tables"].items()}
    made["events"] = EventsHeldTable(data["event_rows"], prefix="events")
    export = export_format(request)
    if wanted in made and export:
        name = f"{wanted}-{period.year}-{period.number}.{export}"
        return SafeTableExport(export, made[wanted]).response(name)
    query = urlencode({k: form.cleaned_data[k] for k in ("kind", "year", "number")})
    context = {"form": form, "data": data, "query": query,
               "tables": [(n, titles[n], t) for n, t in made.items()]}  # fmt: skip
    return render(request, "reports/county.html", context)
