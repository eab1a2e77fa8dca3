"""Single events: create, edit, publish, cancel, close with the audience count, programme."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_log
from events import hooks
from events.errors import EventError
from events.models import Event, ProgrammeItem, Venue
from events.selectors import event_conflicts, may_manage
from stations.tokens import random_secret


def check_times(starts_at, ends_at) -> None:
    if starts_at is None or ends_at is None:
        raise EventError(_("Enter both the start and the end."), "end_before_start")
    if ends_at <= starts_at:
        raise EventError(_("The end must be after the start."), "end_before_start")


def require_manager(actor, event: Event) -> None:
    if not may_manage(actor, event):
        raise EventError(_("Only the event's organizer may do this."), "not_allowed")


def settle_conflicts(conflicts, *, override_reason: str, actor, target) -> None:
    """Refuse on conflicts, unless the organizer gives a reason: then log the override."""
    if not conflicts:
        return
    if not override_reason.strip():
        raise EventError(
            _("This clashes with other bookings. Change it, or give a reason to go ahead."),
            "conflict",
            conflicts=conflicts,
        )
    audit_log(
        actor=actor,
        action="event.conflict_override",
        target=target,
        data={"reason": override_reason.strip(), "conflicts": [c.code for c in conflicts]},
    )


@transaction.atomic
def venue_ensure(*, name: str, region, address="", capacity=None, station=None, **extra) -> Venue:
    if capacity is not None and capacity <= 0:
        raise EventError(_("The capacity must be at least 1."), "capacity_invalid")
    venue, _created = Venue.objects.update_or_create(
        name=name,
        defaults={"region": region, "address": address, "capacity": capacity, "station": station}
        | extra,
    )
    return venue


@transaction.atomic
def event_create(
    *,
    organizer,
    kind,
    title: str,
    starts_at,
    ends_at,
    venue: Venue,
    teams=(),
    description: str = "",
    expected_audience: int | None = None,
    override_reason: str = "",
    now=None,
) -> Event:
    """A draft event. Conflicts refuse it unless ``override_reason`` is given (logged)."""
    check_times(starts_at, ends_at)
    conflicts = event_conflicts(starts_at=starts_at, ends_at=ends_at, venue=venue, teams=teams)
    event = Event.objects.create(
        kind=kind,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        organizer=organizer,
        expected_audience=expected_audience,
        checkin_secret=random_secret(16),
        created_at=now or timezone.now(),
    )
    event.teams.set(teams)
    settle_conflicts(conflicts, override_reason=override_reason, actor=organizer, target=event)
    audit_log(actor=organizer, action="event.create", target=event, data={"title": title})
    return event


EDITABLE = ("kind", "title", "description", "starts_at", "ends_at", "venue", "expected_audience")


@transaction.atomic
def event_update(*, event: Event, actor, teams=None, override_reason: str = "", **fields):
    """Edit one event (for an occurrence: "this occurrence only")."""
    require_manager(actor, event)
    event = Event.objects.select_for_update().select_related("venue").get(pk=event.pk)
    before = (event.starts_at, event.ends_at, event.venue)
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(name)
        setattr(event, name, value)
    check_times(event.starts_at, event.ends_at)
    team_list = list(teams) if teams is not None else list(event.teams.all())
    conflicts = event_conflicts(
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue=event.venue,
        teams=team_list,
        exclude_ids=[event.pk],
    )
    settle_conflicts(conflicts, override_reason=override_reason, actor=actor, target=event)
    event.sequence += 1
    event.save()
    if teams is not None:
        event.teams.set(team_list)
    audit_log(actor=actor, action="event.update", target=event, data={"fields": sorted(fields)})
    if before != (event.starts_at, event.ends_at, event.venue):
        announce_move(event, actor, *before)
    return event


def announce_move(event: Event, actor, starts_at, ends_at, venue) -> None:
    """Tell the hooks' listeners that ``event`` moved from where and when it was."""
    change = hooks.OccurrenceChange(
        event=event,
        kind=hooks.MOVED,
        previous_status=event.status,
        actor=actor,
        previous_starts_at=starts_at,
        previous_ends_at=ends_at,
        previous_venue=venue.name,
    )
    hooks.occurrence_changed(change)


def announce_cancel(event: Event, actor, previous_status, reason: str = "") -> None:
    change = hooks.OccurrenceChange(
        event=event,
        kind=hooks.CANCELLED,
        previous_status=previous_status,
        actor=actor,
        reason=reason,
    )
    hooks.occurrence_changed(change)


@transaction.atomic
def event_publish(*, event: Event, actor, override_reason: str = "") -> Event:
    """Publish a draft; the conflicts are checked again (they are shown before this).
    Publishing it again changes nothing; a cancelled or held event stays as it is."""
    require_manager(actor, event)
    if event.status == Event.Status.PUBLISHED:
        return event
    if event.status != Event.Status.DRAFT:
        raise EventError(_("Only a draft can be published."), "event_not_open")
    conflicts = event_conflicts(
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue=event.venue,
        teams=list(event.teams.all()),
        exclude_ids=[event.pk],
    )
    settle_conflicts(conflicts, override_reason=override_reason, actor=actor, target=event)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
    event.status = Event.Status.PUBLISHED
    audit_log(actor=actor, action="event.publish", target=event)
    return event


@transaction.atomic
def event_cancel(*, event: Event, actor, reason: str = "") -> Event:
    require_manager(actor, event)
    previous_status = event.status
    event.status = Event.Status.CANCELLED
    event.sequence += 1
    event.save(update_fields=["status", "sequence"])
    audit_log(actor=actor, action="event.cancel", target=event, data={"reason": reason})
    announce_cancel(event, actor, previous_status, reason)
    return event


@transaction.atomic
def event_close(*, event: Event, actor, actual_audience: int) -> Event:
    """Mark the event held, with the audience count (人次) entered afterwards."""
    require_manager(actor, event)
    if actual_audience is None or actual_audience < 0:
        raise EventError(_("Enter the audience count (0 or more)."), "audience_invalid")
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("A cancelled event cannot be closed."), "event_not_open")
    event.status = Event.Status.DONE
    event.actual_audience = actual_audience
    event.save(update_fields=["status", "actual_audience"])
    audit_log(actor=actor, action="event.close", target=event, data={"audience": actual_audience})
    return event


@transaction.atomic
def programme_set(*, event: Event, actor, items) -> list[ProgrammeItem]:
    """Replace the programme with ``items``: (title, performers, minutes) in order."""
    require_manager(actor, event)
    event.programme.all().delete()
    rows = [
        ProgrammeItem(
            event=event,
            position=index,
            title=title,
            performers=performers,
            duration_minutes=minutes,
        )
        for index, (title, performers, minutes) in enumerate(items, start=1)
    ]
    return ProgrammeItem.objects.bulk_create(rows)
