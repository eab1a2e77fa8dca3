"""Pages: the public programme, the organizer's calendar, event pages, sign-up, check-in,
"my shifts" and the calendar feeds. Views translate HTTP to services and back; an
EventError becomes a message on the page, never a 500.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.links import public_url, webcal_url
from core.permissions import role_required
from events import ical, selectors, services
from events.errors import EventError
from events.forms import CloseForm, EditForm, EventForm, ShiftForm
from events.models import Event, Shift, SignUp, Venue
from volunteers.models import Team


def _month(request) -> date:
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def _next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


def _webcal(request, url: str) -> str:
    return webcal_url(url)


def programme(request):
    """What is on and where, a month at a time, for residents."""
    first = _month(request)
    after = _next_month(first)
    events = selectors.public_events(
        start=selectors.local_midnight(first), end=selectors.local_midnight(after)
    )
    context = {
        "events": events,
        "month": first,
        "previous": (first - timedelta(days=1)).replace(day=1),
        "next": after,
        "webcal": _webcal(request, reverse("events:feed_public")),
    }
    return render(request, "events/programme.html", context)


@role_required(*selectors.ORGANIZER_ROLES)
def calendar(request):
    """The organizer's month (or, with ?week=YYYY-MM-DD, week) of their events."""
    week = request.GET.get("week")
    if week:
        try:
            start = date.fromisoformat(week)
        except ValueError:
            start = timezone.localdate()
        start -= timedelta(days=start.weekday())
        end = start + timedelta(days=7)
    else:
        start = _month(request)
        end = _next_month(start)
    events = (
        selectors.managed_events(request.user)
        .filter(
            starts_at__gte=selectors.local_midnight(start),
            starts_at__lt=selectors.local_midnight(end),
        )
        .select_related("venue")
    )
    context = {"start": start, "week": bool(week), "events": events}
    if week:
        context["days"] = [{"date": start + timedelta(days=i), "events": []} for i in range(7)]
        for event in events:
            index = (timezone.localtime(event.starts_at).date() - start).days
            context["days"][index]["events"].append(event)
        context["previous"] = start - timedelta(days=7)
        context["next"] = end
    else:
        context["weeks"] = selectors.month_grid(events, start.year, start.month)
        context["previous"] = (start - timedelta(days=1)).replace(day=1)
        context["next"] = end
    return render(request, "events/calendar.html", context)


def _visible_event(request, pk: int) -> tuple[Event, bool]:
    try:
        event = selectors.event_detail(pk)
    except Event.DoesNotExist:
        raise Http404 from None
    manager = selectors.may_manage(request.user, event)
    if event.status == Event.Status.DRAFT and not manager:
        raise Http404
    return event, manager


def event_detail(request, pk: int):
    event, manager = _visible_event(request, pk)
    shifts = list(event.shifts.all())
    context = {
        "event": event,
        "manager": manager,
        "shifts": shifts,
        "mine": selectors.my_signups(request.user, [s.pk for s in shifts]),
        "webcal": _webcal(request, reverse("events:ics", args=[event.pk])),
    }
    if manager:
        context |= {
            "roster": selectors.shift_roster(event),
            "conflicts": selectors.event_conflicts(
                starts_at=event.starts_at,
                ends_at=event.ends_at,
                venue=event.venue,
                teams=list(event.teams.all()),
                exclude_ids=[event.pk],
            ),
            "shift_form": ShiftForm(
                initial={"starts_at": event.starts_at, "ends_at": event.ends_at, "needed": 2}
            ),
            "close_form": CloseForm(initial={"actual_audience": event.actual_audience}),
            "checkin_url": public_url(reverse("events:check_in", args=[event.checkin_secret])),
        }
    return render(request, "events/detail.html", context)


@role_required(*selectors.ORGANIZER_ROLES)
def event_new(request):
    form = EventForm(request.POST or None)
    conflicts = []
    if request.method == "POST" and form.is_valid():
        try:
            created = _create(request.user, form.cleaned_data)
        except EventError as error:
            conflicts = error.conflicts
            form.add_refusal(error)
        else:
            messages.success(request, _("Saved as a draft. Check it, then publish."))
            return redirect("events:detail", created.pk)
    return render(request, "events/form.html", {"form": form, "conflicts": conflicts})


def _create(user, data) -> Event:
    common = {
        "organizer": user,
        "kind": data["kind"],
        "title": data["title"],
        "venue": data["venue"],
        "teams": list(data["teams"]),
        "override_reason": data["override_reason"],
    }
    if data["rrule"]:
        series = services.series_create(
            **common,
            rrule=data["rrule"],
            starts_at=data["starts_at"],
            duration_minutes=int((data["ends_at"] - data["starts_at"]).total_seconds() // 60),
            skip_holidays=data["skip_holidays"],
            makeup_workdays=data["makeup_workdays"],
            publish=False,
        )
        return series.occurrences.filter(skipped=False).first()
    return services.event_create(
        **common,
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        description=data["description"],
        expected_audience=data["expected_audience"],
    )


def _managed(request, pk: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("venue__region"), pk=pk)
    if not selectors.may_manage(request.user, event):
        raise Http404
    return event


def _done(request, pk: int, action):
    try:
        action()
    except EventError as error:
        messages.error(request, error.message)
        for conflict in error.conflicts:
            messages.warning(request, conflict.message)
    return redirect("events:detail", pk)


@login_required
def event_edit(request, pk: int):
    """Edit an event; an occurrence as "this occurrence only" or "this and following"."""
    event = _managed(request, pk)
    initial = {
        "title": event.title,
        "starts_at": timezone.localtime(event.starts_at),
        "ends_at": timezone.localtime(event.ends_at),
        "venue": event.venue_id,
    }
    form = EditForm(request.POST or None, initial=initial, in_series=bool(event.series_id))
    conflicts = []
    if request.method == "POST" and form.is_valid():
        try:
            _apply_edit(event, request.user, form.cleaned_data)
        except EventError as error:
            conflicts = error.conflicts
            form.add_refusal(error)
        else:
            messages.success(request, _("Saved."))
            return redirect("events:detail", pk)
    context = {"form": form, "conflicts": conflicts, "event": event}
    return render(request, "events/edit.html", context)


def _apply_edit(event: Event, user, data) -> None:
    if data.get("scope") == "following":
        services.series_edit_following(
            event=event,
            actor=user,
            starts_at=data["starts_at"],
            duration_minutes=int((data["ends_at"] - data["starts_at"]).total_seconds() // 60),
            title=data["title"],
            venue=data["venue"],
            override_reason=data["override_reason"],
        )
    elif event.series_id and (data["starts_at"], data["ends_at"]) != (
        event.starts_at,
        event.ends_at,
    ):
        services.occurrence_move(
            event=event,
            actor=user,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            override_reason=data["override_reason"],
        )
        services.event_update(
            event=event,
            actor=user,
            title=data["title"],
            venue=data["venue"],
            override_reason=data["override_reason"],
        )
    else:
        services.event_update(
            event=event,
            actor=user,
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            venue=data["venue"],
            override_reason=data["override_reason"],
        )


@require_POST
@login_required
def event_publish(request, pk: int):
    event = _managed(request, pk)
    reason = request.POST.get("override_reason", "")[:300]
    return _done(
        request,
        pk,
        lambda: services.event_publish(event=event, actor=request.user, override_reason=reason),
    )


@require_POST
@login_required
def event_close(request, pk: int):
    event = _managed(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the audience count (0 or more)."))
        return redirect("events:detail", pk)
    audience = form.cleaned_data["actual_audience"]
    return _done(
        request,
        pk,
        lambda: services.event_close(event=event, actor=request.user, actual_audience=audience),
    )


@require_POST
@login_required
def occurrence_skip(request, pk: int):
    event = _managed(request, pk)
    return _done(request, pk, lambda: services.occurrence_skip(event=event, actor=request.user))


@role_required(*selectors.ORGANIZER_ROLES)
def shift_new(request, pk: int):
    event = _managed(request, pk)
    form = ShiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.shift_create(event=event, actor=request.user, **form.cleaned_data)
        except EventError as error:
            form.add_refusal(error)
        else:
            messages.success(request, _("Shift added."))
            return redirect("events:detail", pk)
    return render(request, "events/shift_form.html", {"form": form, "event": event})


@require_POST
@login_required
def sign_up(request, pk: int):
    shift = get_object_or_404(Shift, pk=pk)
    try:
        signup = services.shift_sign_up(shift=shift, user=request.user)
    except EventError as error:
        messages.error(request, error.message)
    else:
        if signup.status == SignUp.Status.WAITLISTED:
            messages.info(request, _("The shift is full: you are on the waitlist."))
        else:
            messages.success(request, _("You are signed up."))
    return redirect("events:detail", shift.event_id)


@require_POST
@login_required
def cancel(request, pk: int):
    signup = get_object_or_404(SignUp.objects.select_related("shift"), pk=pk)
    if signup.volunteer_id != request.user.pk:
        raise Http404
    return _done(
        request,
        signup.shift.event_id,
        lambda: services.shift_cancel(signup=signup, user=request.user),
    )


@require_POST
@login_required
def assign(request, pk: int):
    """The organizer puts a volunteer, by volunteer number, on a shift."""
    from volunteers.selectors import volunteer_by_number

    shift = get_object_or_404(Shift.objects.select_related("event"), pk=pk)
    event = _managed(request, shift.event_id)
    volunteer = volunteer_by_number(request.POST.get("number", "")[:40])
    if volunteer is None:
        messages.error(request, _("No volunteer has this number."))
        return redirect("events:detail", event.pk)
    reason = request.POST.get("override_reason", "")[:300]
    return _done(
        request,
        event.pk,
        lambda: services.shift_assign(
            shift=shift, volunteer_user=volunteer.user, actor=request.user, override_reason=reason
        ),
    )


@require_POST
@login_required
def unassign(request, pk: int):
    signup = get_object_or_404(SignUp.objects.select_related("shift"), pk=pk)
    _managed(request, signup.shift.event_id)
    return _done(
        request,
        signup.shift.event_id,
        lambda: services.shift_unassign(signup=signup, actor=request.user),
    )


@login_required
def attendance(request, pk: int):
    """The printable attendance list; ticking it records attendance and no-shows."""
    event = _managed(request, pk)
    roster = [s for s in selectors.shift_roster(event) if s.status == SignUp.Status.CONFIRMED]
    if request.method == "POST":
        ticked = set(request.POST.getlist("attended"))
        for signup in roster:
            services.attendance_mark(
                signup=signup, actor=request.user, attended=str(signup.pk) in ticked
            )
        messages.success(request, _("Attendance saved."))
        return redirect("events:attendance", pk)
    return render(request, "events/attendance.html", {"event": event, "roster": roster})


@require_POST
@login_required
def post_hours(request, pk: int):
    event = _managed(request, pk)

    def submit():
        claims = services.attendance_post(event=event, actor=request.user)
        messages.success(
            request,
            _("%(count)s records sent to the ledger for your approval.") % {"count": len(claims)},
        )

    return _done(request, pk, submit)


@login_required
def check_in(request, secret: str):
    """The page the event's QR code opens; the button checks in, later out."""
    event = Event.objects.filter(checkin_secret=secret, skipped=False).first()
    if event is None:
        return render(
            request,
            "events/refused.html",
            {"message": _("This QR code is not one of ours.")},
            status=404,
        )
    if request.method == "POST":
        try:
            signup = services.attendance_check_in(secret=secret, user=request.user)
        except EventError as error:
            messages.error(request, error.message)
        else:
            if signup.checked_out_at:
                messages.success(request, _("Checked out. Thank you!"))
            else:
                messages.success(request, _("Checked in."))
        return redirect("events:check_in", secret)
    return render(request, "events/check_in.html", {"event": event})


@login_required
def mine(request):
    token = selectors.current_feed_token(request.user)
    feed = _webcal(request, reverse("events:feed_mine", args=[token.secret])) if token else ""
    context = {"shifts": selectors.upcoming_shifts(request.user), "token": token, "feed": feed}
    return render(request, "events/mine.html", context)


@require_POST
@login_required
def feed_rotate(request):
    services.feed_token_rotate(user=request.user)
    messages.success(request, _("A new calendar link: the old one no longer works."))
    return redirect("events:mine")


# --- feeds ----------------------------------------------------------------------------------


def _ics(rendered) -> HttpResponse:
    filename, mimetype, content = rendered
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed_public(request):
    return _ics(ical.calendar(name=_("Pingshan county programme"), events=selectors.feed_events()))


def feed_team(request, pk: int):
    team = get_object_or_404(Team, pk=pk)
    events = selectors.feed_events(team=team)
    return _ics(ical.calendar(name=team.name, events=events, filename=f"team-{pk}.ics"))


def feed_venue(request, pk: int):
    venue = get_object_or_404(Venue, pk=pk)
    events = selectors.feed_events(venue=venue)
    return _ics(ical.calendar(name=venue.name, events=events, filename=f"venue-{pk}.ics"))


def feed_mine(request, secret: str):
    user = selectors.feed_owner(secret)
    if user is None:
        raise Http404
    events, shifts = selectors.volunteer_feed(user)
    return _ics(ical.calendar(name=_("My shifts and performances"), events=events, shifts=shifts))


def programme_pdf(request, pk: int):
    from events.programme import programme_pdf as render_programme
    from volunteers.cards import PdfFontMissingError

    event, _manager = _visible_event(request, pk)
    try:
        filename, mimetype, content = render_programme(event)
    except PdfFontMissingError as error:
        return render(request, "events/refused.html", {"message": str(error)}, status=503)
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics(request, pk: int):
    event, _manager = _visible_event(request, pk)
    return _ics(ical.single_event(event))
