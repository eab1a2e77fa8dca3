"""Pages: the volunteer's scan and session pages, the station dashboard, poster, kiosks.

Views only translate HTTP to services and back; a StationError becomes a Chinese page
with the right status, never a 500.
"""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import OFFICE_ROLES, role_required
from core.quantities import format_hours
from core.ratelimits import limited
from core.roles import Role
from core.tables import render_table
from stations import selectors, services, tokens
from stations.errors import StationError
from stations.forms import CheckInForm, KioskForm, UndoForm
from stations.models import Kiosk, Session, Station
from stations.posters import poster_render
from stations.tables import StationTable

GRANT_SALT = "stations.scan"
GRANT_MAX_AGE = 10 * 60
PENDING_SHOWN = 50


def refused(request, error: StationError):
    context = {"message": error.message, "code": error.code}
    return render(request, "stations/refused.html", context, status=error.http_status)


@limited("scan")
def scan_view(request, token: str):
    """The page a phone opens from a QR code. The token is checked now; the check-in
    form carries a signed grant, so a kiosk code may expire while the volunteer picks."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        return _check_in(request)
    try:
        scanned = tokens.resolve(token, now=timezone.now())
    except StationError as error:
        return refused(request, error)
    station = get_object_or_404(Station.objects.prefetch_related("programs"), pk=scanned.station_id)
    grant = signing.dumps({"s": station.pk, "v": scanned.via}, salt=GRANT_SALT)
    form = CheckInForm(
        initial={"grant": grant, "program": station.default_program_id},
        programs=station.programs.all(),
    )
    context = {"station": station, "form": form, "current": selectors.open_session_of(request.user)}
    return render(request, "stations/scan.html", context)


def _check_in(request):
    form = CheckInForm(request.POST)
    if not form.is_valid():
        return refused(request, StationError(_("Please scan the code again."), "invalid"))
    try:
        grant = signing.loads(form.cleaned_data["grant"], salt=GRANT_SALT, max_age=GRANT_MAX_AGE)
        services.session_check_in(
            volunteer=request.user,
            station_id=grant["s"],
            via=grant["v"],
            program_id=form.cleaned_data["program"],
            location=_location(form.cleaned_data),
        )
    except signing.BadSignature:
        return refused(request, StationError(_("Please scan the code again."), "grant_expired"))
    except StationError as error:
        if error.code not in ("already_checked_in", "open_elsewhere"):
            return refused(request, error)
    return redirect("stations:mine")


def _location(data):
    if data.get("latitude") is None or data.get("longitude") is None:
        return None
    return services.sessions.Location(data["latitude"], data["longitude"], data["accuracy"] or 0)


@login_required
def mine_view(request):
    """The volunteer's check-in: on duty since when, and recent sessions with their status."""
    sessions = list(selectors.sessions_of(request.user)[:10])
    statuses = selectors.claim_statuses(sessions)
    for session in sessions:
        session.claim_status = statuses.get(session.pk, "")
    context = {
        "current": next((s for s in sessions if s.status == Session.Status.OPEN), None),
        "sessions": sessions,
    }
    return render(request, "stations/mine.html", context)


@login_required
@require_POST
def check_out_view(request):
    try:
        services.session_check_out(volunteer=request.user)
    except StationError as error:
        return refused(request, error)
    return redirect("stations:mine")


@login_required
@require_POST
def undo_view(request, pk: int):
    session = get_object_or_404(Session, pk=pk)
    form = UndoForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.session_undo(session=session, actor=request.user, reason=reason)
    except StationError as error:
        return refused(request, error)
    if session.volunteer_id == request.user.pk:
        return redirect("stations:mine")
    return redirect("stations:detail", pk=session.station_id)


@role_required(Role.STATION_MANAGER, *OFFICE_ROLES)
def station_list_view(request):
    table = StationTable(selectors.station_list(user=request.user))
    return render_table(request, table, title=_("Red stations"))


def _managed(request, pk: int) -> Station:
    station = get_object_or_404(Station.objects.select_related("region"), pk=pk)
    if not selectors.may_manage(request.user, station):
        raise PermissionDenied
    return station


@role_required(Role.STATION_MANAGER, *OFFICE_ROLES)
def station_detail_view(request, pk: int):
    """The station dashboard: on duty now, today's sessions, month hours, pending."""
    station = _managed(request, pk)
    context = {
        "station": station,
        "on_duty": selectors.station_on_duty(station),
        "today": selectors.station_sessions_today(station),
        "month_hours": format_hours(selectors.station_month_minutes(station)),
        "pending": list(selectors.station_pending_claims(station)[:PENDING_SHOWN]),
        "hours_today": selectors.station_hours_on(station, timezone.localdate()),
        "kiosks": station.kiosks.filter(revoked_at__isnull=True),
        "kiosk_form": KioskForm(),
    }
    return render(request, "stations/detail.html", context)


@role_required(Role.STATION_MANAGER, *OFFICE_ROLES)
def poster_view(request, pk: int):
    station = _managed(request, pk)
    try:
        filename, mimetype, body = poster_render(services.poster_ensure(station=station))
    except StationError as error:
        return refused(request, error)
    response = HttpResponse(body, content_type=mimetype)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@role_required(Role.STATION_MANAGER, *OFFICE_ROLES)
@require_POST
def poster_rotate_view(request, pk: int):
    station = _managed(request, pk)
    services.poster_rotate(station=station, actor=request.user)
    return redirect("stations:detail", pk=station.pk)


@role_required(Role.STATION_MANAGER, *OFFICE_ROLES)
@require_POST
def kiosk_create_view(request, pk: int):
    station = _managed(request, pk)
    form = KioskForm(request.POST)
    if not form.is_valid():
        return redirect("stations:detail", pk=station.pk)
    kiosk, code = services.kiosk_create(
        station=station, name=form.cleaned_data["name"], actor=request.user
    )
    return render(request, "stations/kiosk_created.html", {"kiosk": kiosk, "code": code})


@role_required(Role.STATION_MANAGER, *OFFICE_ROLES)
@require_POST
def kiosk_revoke_view(request, pk: int):
    kiosk = get_object_or_404(Kiosk, pk=pk)
    _managed(request, kiosk.station_id)
    services.kiosk_revoke(kiosk=kiosk, actor=request.user)
    return redirect("stations:detail", pk=kiosk.station_id)


def kiosk_view(request):
    """The tablet's page. It holds no secret itself: the script pairs, keeps the device
    token in the browser, draws the rotating code and queues card scans offline."""
    return render(request, "stations/kiosk.html")
