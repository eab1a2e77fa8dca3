"""Attendance: QR check-in and check-out, the organizer's ticks, and hours into the ledger.

Hours reach the ledger only as claims, through ``ledger.services.claim_submit``: one per
attended shift (``shift-attendance:<sign-up>``) and one per performer
(``performance:<event>:<team>:<user>``). The organizer approves them in the ledger queue.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_log
from events.errors import EventError
from events.models import Event, Kind, SignUp
from events.services.events import require_manager
from ledger.models import Kind as LedgerKind
from ledger.services import Activity, claim_submit, unit_ensure
from stations.tokens import KIOSK_PREFIX, resolve
from volunteers.models import Membership

CHECK_IN_EARLY = timedelta(minutes=60)
RESCAN_GRACE = timedelta(seconds=60)


def _events_of(secret: str, now):
    """The event a printed QR stands for, or the events at the red station whose kiosk
    showed this rotating code (the stations' token mechanism: ``K-<kiosk>-<code>``)."""
    if secret.startswith(KIOSK_PREFIX):
        scanned = resolve(secret, now=now)  # a StationError says expired, revoked, unknown
        return Event.objects.filter(venue__station_id=scanned.station_id, skipped=False)
    events = Event.objects.filter(checkin_secret=secret, skipped=False)
    if not events.exists():
        raise EventError(_("This QR code is not one of ours."), "token_unknown")
    return events


@transaction.atomic
def attendance_check_in(*, secret: str, user, now=None) -> SignUp:
    """A scan of the event's QR code (or its station's kiosk): the first checks in, a later
    one checks out."""
    now = now or timezone.now()
    events = _events_of(secret.strip(), now)
    signup = (
        SignUp.objects.select_for_update()
        .select_related("shift")
        .filter(shift__event__in=events, volunteer=user, status=SignUp.Status.CONFIRMED)
        .filter(
            shift__starts_at__lte=now + CHECK_IN_EARLY, shift__ends_at__gte=now - CHECK_IN_EARLY
        )
        .order_by("shift__starts_at")
        .first()
    )
    if signup is None:
        raise EventError(_("You have no shift at this event right now."), "not_on_shift")
    if signup.checked_in_at is None:
        signup.checked_in_at = now
    elif now - signup.checked_in_at < RESCAN_GRACE:
        raise EventError(_("Already checked in."), "already_checked_in")
    else:
        signup.checked_out_at = now
    signup.attendance = SignUp.Attendance.ATTENDED
    signup.save(update_fields=["checked_in_at", "checked_out_at", "attendance"])
    return signup


@transaction.atomic
def attendance_mark(*, signup: SignUp, actor, attended: bool) -> SignUp:
    """The organizer ticks the printed list: attended, or a no-show."""
    require_manager(actor, signup.shift.event)
    if signup.status != SignUp.Status.CONFIRMED:
        raise EventError(_("Only confirmed volunteers can be marked."), "not_signed_up")
    signup.attendance = SignUp.Attendance.ATTENDED if attended else SignUp.Attendance.NO_SHOW
    signup.save(update_fields=["attendance"])
    return signup


def organizer_unit(event: Event):
    organizer = event.organizer
    return unit_ensure(
        key=f"organizer:{organizer.pk}",
        name=_("%(name)s (event organizer)") % {"name": organizer.name},
        region=event.venue.region,
        managers=[organizer],
        person_in_charge=organizer.name,
    )


def shift_minutes(signup: SignUp) -> int:
    """The actual time where checked in and out, else the shift's length."""
    if signup.checked_in_at and signup.checked_out_at:
        minutes = (signup.checked_out_at - signup.checked_in_at).total_seconds() // 60
        return int(min(max(minutes, 0), 24 * 60))
    return signup.shift.minutes


def _activity(event: Event, kind, content: str, team=None) -> Activity:
    return Activity(
        kind=kind,
        service_date=timezone.localtime(event.starts_at).date(),
        activity=event.title,
        place=event.venue.name,
        content=content,
        township=event.venue.region if event.venue.region.level == "township" else None,
        team_key=f"team:{team.pk}" if team else "",
        team_name=team.name if team else "",
        event_key=f"event:{event.pk}",
    )


@transaction.atomic
def attendance_post(*, event: Event, actor, now=None) -> list:
    """Submit claims for attended shifts and the performing teams' members (idempotent)."""
    require_manager(actor, event)
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED or event.skipped:
        raise EventError(_("A cancelled event earns no hours."), "event_not_open")
    unit = organizer_unit(event)
    claims = []
    attended = SignUp.objects.filter(
        shift__event=event, status=SignUp.Status.CONFIRMED, attendance=SignUp.Attendance.ATTENDED
    ).select_related("shift", "volunteer")
    for signup in attended:
        claims.append(
            claim_submit(
                source_key=f"shift-attendance:{signup.pk}",
                volunteer=signup.volunteer,
                unit=unit,
                activity=_activity(event, LedgerKind.SHIFT, signup.shift.get_role_display()),
                minutes=shift_minutes(signup),
                started_at=signup.checked_in_at,
                ended_at=signup.checked_out_at,
                now=now,
            )
        )
    if event.kind in settings.HONGYI_EVENT_CREDIT_KINDS:
        claims += _performer_claims(event, unit, now)
    Event.objects.filter(pk=event.pk).update(hours_posted_at=now)
    audit_log(actor=actor, action="event.hours_post", target=event, data={"claims": len(claims)})
    return claims


def _performer_claims(event: Event, unit, now) -> list:
    kind = LedgerKind.REHEARSAL if event.kind == Kind.REHEARSAL else LedgerKind.PERFORMANCE
    day = timezone.localtime(event.starts_at).date()
    memberships = (
        Membership.objects.filter(team__in=event.teams.all(), joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .select_related("team", "volunteer__user")
    )
    return [
        claim_submit(
            source_key=f"performance:{event.pk}:{m.team_id}:{m.volunteer.user_id}",
            volunteer=m.volunteer.user,
            unit=unit,
            activity=_activity(event, kind, event.get_kind_display(), team=m.team),
            minutes=min(event.minutes, 24 * 60),
            now=now,
        )
        for m in memberships
    ]
