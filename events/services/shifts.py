"""Shifts (岗位): sign-up with a waitlist, cancellation with a deadline, assignment.

The shift row is locked for every seat change, so the last seat goes to exactly one of
two volunteers signing up at once, and a cancellation promotes exactly one waiting.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_log
from events import hooks
from events.errors import EventError
from events.models import Event, Shift, SignUp
from events.selectors import signup_conflicts
from events.services.events import check_times, require_manager, settle_conflicts
from volunteers.choices import Status as VolunteerStatus
from volunteers.selectors import volunteer_can_take, volunteer_of


@transaction.atomic
def shift_create(
    *, event: Event, actor, role, starts_at, ends_at, needed, minors_allowed=False
) -> Shift:
    require_manager(actor, event)
    check_times(starts_at, ends_at)
    if needed is None or needed < 1:
        raise EventError(_("A shift needs at least 1 person."), "capacity_invalid")
    shift = Shift.objects.create(
        event=event,
        role=role,
        starts_at=starts_at,
        ends_at=ends_at,
        needed=needed,
        minors_allowed=minors_allowed,
    )
    audit_log(actor=actor, action="shift.create", target=shift)
    return shift


def _locked(shift: Shift) -> Shift:
    return Shift.objects.select_for_update().select_related("event").get(pk=shift.pk)


def _confirmed(shift: Shift) -> int:
    return SignUp.objects.filter(shift=shift, status=SignUp.Status.CONFIRMED).count()


def _check_volunteer(shift: Shift, user) -> None:
    volunteer = volunteer_of(user)
    day = timezone.localtime(shift.starts_at).date()
    if volunteer is None:
        raise EventError(_("Only registered volunteers can take shifts."), "not_a_volunteer")
    if volunteer.status != VolunteerStatus.ACTIVE:
        raise EventError(_("Only active volunteers can take shifts."), "volunteer_inactive")
    if not volunteer_can_take(volunteer=volunteer, minors_allowed=shift.minors_allowed, on=day):
        raise EventError(
            _("This shift is for adults only (volunteers under 18 cannot take it)."),
            "minors_not_allowed",
        )


def _check_open(shift: Shift, now) -> None:
    if shift.event.status != Event.Status.PUBLISHED or shift.event.skipped:
        raise EventError(_("This event is not open for sign-up."), "event_not_open")
    if shift.starts_at <= now:
        raise EventError(_("This shift has already started."), "event_not_open")


def _insert(shift: Shift, user, status, now) -> SignUp:
    try:
        with transaction.atomic():
            return SignUp.objects.create(shift=shift, volunteer=user, status=status, created_at=now)
    except IntegrityError:
        raise EventError(
            _("You have already signed up for this shift."), "already_signed_up"
        ) from None


@transaction.atomic
def shift_sign_up(*, shift: Shift, user, now=None) -> SignUp:
    """Take a seat, or join the waitlist when the shift is full."""
    now = now or timezone.now()
    shift = _locked(shift)
    _check_volunteer(shift, user)  # who may take it, before what state it is in
    _check_open(shift, now)
    if SignUp.objects.filter(shift=shift, volunteer=user).exclude(status="cancelled").exists():
        raise EventError(_("You have already signed up for this shift."), "already_signed_up")
    conflicts = signup_conflicts(shift=shift, user=user)
    if conflicts:
        raise EventError(conflicts[0].message, "conflict", conflicts=conflicts)
    full = _confirmed(shift) >= shift.needed
    status = SignUp.Status.WAITLISTED if full else SignUp.Status.CONFIRMED
    return _insert(shift, user, status, now)


def cancel_deadline(shift: Shift):
    return shift.starts_at - timedelta(hours=settings.HONGYI_SHIFT_CANCEL_HOURS)


@transaction.atomic
def shift_cancel(*, signup: SignUp, user, now=None) -> SignUp:
    """A volunteer withdraws, until the deadline; the first on the waitlist moves up."""
    now = now or timezone.now()
    shift = _locked(signup.shift)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.volunteer_id != user.pk:
        raise EventError(_("This is not your sign-up."), "not_allowed")
    if signup.status == SignUp.Status.CANCELLED:
        raise EventError(_("You are not signed up for this shift."), "not_signed_up")
    if signup.status == SignUp.Status.CONFIRMED and now > cancel_deadline(shift):
        raise EventError(
            _("Cancelling is possible until %(hours)s hours before the shift. Call the organizer.")
            % {"hours": settings.HONGYI_SHIFT_CANCEL_HOURS},
            "cancel_deadline_passed",
        )
    return _release(shift, signup)


def _release(shift: Shift, signup: SignUp) -> SignUp:
    was_confirmed = signup.status == SignUp.Status.CONFIRMED
    signup.status = SignUp.Status.CANCELLED
    signup.save(update_fields=["status"])
    if was_confirmed:
        promote(shift)
    return signup


def promote(shift: Shift) -> SignUp | None:
    """Move the earliest waiting volunteer up, while a seat is free (shift row locked)."""
    if _confirmed(shift) >= shift.needed:
        return None
    waiting = SignUp.objects.filter(shift=shift, status=SignUp.Status.WAITLISTED).first()
    if waiting is not None:
        waiting.status = SignUp.Status.CONFIRMED
        waiting.save(update_fields=["status"])
        hooks.waitlist_promoted(waiting)
    return waiting


@transaction.atomic
def shift_assign(*, shift: Shift, volunteer_user, actor, override_reason: str = "", now=None):
    """The organizer puts a volunteer on a shift (a seat must be free; minors rule holds)."""
    now = now or timezone.now()
    shift = _locked(shift)
    require_manager(actor, shift.event)
    _check_volunteer(shift, volunteer_user)
    live = SignUp.objects.filter(shift=shift, volunteer=volunteer_user).exclude(status="cancelled")
    waiting = live.filter(status=SignUp.Status.WAITLISTED).first()
    if live.exists() and waiting is None:
        raise EventError(_("This volunteer is already on the shift."), "already_signed_up")
    if _confirmed(shift) >= shift.needed:
        raise EventError(_("This shift is full."), "shift_full")
    conflicts = signup_conflicts(shift=shift, user=volunteer_user)
    settle_conflicts(conflicts, override_reason=override_reason, actor=actor, target=shift)
    if waiting is not None:
        waiting.status = SignUp.Status.CONFIRMED
        waiting.save(update_fields=["status"])
        hooks.waitlist_promoted(waiting)
        signup = waiting
    else:
        signup = _insert(shift, volunteer_user, SignUp.Status.CONFIRMED, now)
    audit_log(
        actor=actor, action="shift.assign", target=shift, data={"volunteer": volunteer_user.pk}
    )
    return signup


@transaction.atomic
def shift_unassign(*, signup: SignUp, actor) -> SignUp:
    """The organizer takes a volunteer off a shift at any time; the waitlist moves up."""
    shift = _locked(signup.shift)
    require_manager(actor, shift.event)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.status == SignUp.Status.CANCELLED:
        raise EventError(_("This volunteer is not on the shift."), "not_signed_up")
    audit_log(
        actor=actor, action="shift.unassign", target=shift, data={"volunteer": signup.volunteer_id}
    )
    return _release(shift, signup)
