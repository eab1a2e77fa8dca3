"""Series: create from an RRULE, skip or move one occurrence, edit "this and following".

Each occurrence is an Event row keyed by (series, original_start): its RECURRENCE-ID.
"""

import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_log
from events.errors import EventError
from events.models import Event, Series, Shift
from events.recurrence import expand
from events.selectors import event_conflicts
from events.services.events import (
    announce_cancel,
    announce_move,
    check_times,
    require_manager,
    settle_conflicts,
)
from stations.tokens import random_secret


def _occurrence(series: Series, start, *, status, now) -> Event:
    return Event(
        kind=series.kind,
        title=series.title,
        starts_at=start,
        ends_at=start + timedelta(minutes=series.duration_minutes),
        venue=series.venue,
        organizer=series.organizer,
        series=series,
        original_start=start,
        status=status,
        checkin_secret=random_secret(16),
        created_at=now,
    )


def _conflicts_of(events, teams, exclude_ids=()):
    found = []
    for event in events:
        found += event_conflicts(
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            venue=event.venue,
            teams=teams,
            exclude_ids=exclude_ids,
        )
    return found


def _attach_teams(events, teams) -> None:
    through = Event.teams.through
    rows = [through(event_id=e.pk, team_id=t.pk) for e in events for t in teams]
    through.objects.bulk_create(rows)


def _check_duration(minutes) -> None:
    if minutes is None or minutes <= 0:
        raise EventError(_("The end must be after the start."), "end_before_start")


@transaction.atomic
def series_create(
    *,
    organizer,
    kind,
    title: str,
    rrule: str,
    starts_at,
    duration_minutes: int,
    venue,
    teams=(),
    skip_holidays: bool = False,
    makeup_workdays: bool = False,
    publish: bool = True,
    override_reason: str = "",
    check_conflicts: bool = True,
    now=None,
) -> Series:
    """A series and all its occurrences. A rule that never ends is refused."""
    now = now or timezone.now()
    _check_duration(duration_minutes)
    expansion = expand(
        rrule=rrule,
        starts_at=starts_at,
        skip_holidays=skip_holidays,
        makeup_workdays=makeup_workdays,
    )
    series = Series.objects.create(
        title=title,
        kind=kind,
        rrule=rrule.strip().removeprefix("RRULE:"),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        skip_holidays=skip_holidays,
        makeup_workdays=makeup_workdays,
        venue=venue,
        organizer=organizer,
        created_at=now,
    )
    status = Event.Status.PUBLISHED if publish else Event.Status.DRAFT
    events = [_occurrence(series, start, status=status, now=now) for start in expansion.starts]
    conflicts = _conflicts_of(events, teams) if check_conflicts else []
    skipped = [_occurrence(series, start, status=status, now=now) for start in expansion.exdates]
    for event in skipped:
        event.status, event.skipped = Event.Status.CANCELLED, True
    created = Event.objects.bulk_create(events + skipped)
    _attach_teams([e for e in created if not e.skipped], teams)
    settle_conflicts(conflicts, override_reason=override_reason, actor=organizer, target=series)
    audit_log(
        actor=organizer,
        action="series.create",
        target=series,
        data={"rrule": series.rrule, "occurrences": len(events)},
    )
    return series


@transaction.atomic
def occurrence_skip(*, event: Event, actor) -> Event:
    """Skip one date of a series: exported as an EXDATE."""
    require_manager(actor, event)
    if event.series_id is None:
        raise EventError(_("Only an occurrence of a series can be skipped."), "not_in_series")
    previous_status = event.status
    event.skipped, event.status = True, Event.Status.CANCELLED
    event.sequence += 1
    event.save(update_fields=["skipped", "status", "sequence"])
    audit_log(actor=actor, action="occurrence.skip", target=event)
    announce_cancel(event, actor, previous_status)
    return event


@transaction.atomic
def occurrence_move(*, event: Event, actor, starts_at, ends_at, override_reason: str = ""):
    """Move one occurrence (its shifts move with it): exported with its RECURRENCE-ID."""
    require_manager(actor, event)
    check_times(starts_at, ends_at)
    conflicts = event_conflicts(
        starts_at=starts_at,
        ends_at=ends_at,
        venue=event.venue,
        teams=list(event.teams.all()),
        exclude_ids=[event.pk],
    )
    settle_conflicts(conflicts, override_reason=override_reason, actor=actor, target=event)
    _shift_times(event, starts_at - event.starts_at)
    before = (event.starts_at, event.ends_at, event.venue)
    event.starts_at, event.ends_at = starts_at, ends_at
    event.sequence += 1
    event.save(update_fields=["starts_at", "ends_at", "sequence"])
    audit_log(actor=actor, action="occurrence.move", target=event)
    if before[:2] != (starts_at, ends_at):
        announce_move(event, actor, *before)
    return event


def _shift_times(event: Event, delta: timedelta) -> None:
    if not delta:
        return
    for shift in Shift.objects.filter(event=event):
        shift.starts_at += delta
        shift.ends_at += delta
        shift.save(update_fields=["starts_at", "ends_at"])


def _until_before(rule: str, moment) -> str:
    """``rule`` ending just before ``moment`` (COUNT replaced by a local UNTIL)."""
    local = timezone.localtime(moment - timedelta(seconds=1)).replace(tzinfo=None)
    parts = [p for p in rule.split(";") if not re.match(r"(?i)^(COUNT|UNTIL)=", p)]
    return ";".join([*parts, f"UNTIL={local:%Y%m%dT%H%M%S}"])


def _rule_from(rule: str, series: Series, split_start) -> str:
    """The old rule restarted at ``split_start``: a COUNT keeps only what was left."""
    match = re.search(r"(?i)COUNT=(\d+)", rule)
    if not match:
        return rule
    before = series.occurrences.filter(original_start__lt=split_start, skipped=False)
    skipped_before = series.occurrences.filter(original_start__lt=split_start, skipped=True)
    left = int(match.group(1)) - before.count() - skipped_before.count()
    return re.sub(r"(?i)COUNT=\d+", f"COUNT={max(left, 1)}", rule)


@transaction.atomic
def series_edit_following(
    *,
    event: Event,
    actor,
    starts_at=None,
    duration_minutes: int | None = None,
    rrule: str | None = None,
    title: str | None = None,
    venue=None,
    override_reason: str = "",
    now=None,
) -> Series:
    """ "This and following": the series ends before ``event``; a new one starts there.

    Following occurrences that fall on a date of the new rule keep their shifts and
    sign-ups (they move to the new series and time); the others are skipped.
    """
    require_manager(actor, event)
    if event.series_id is None:
        raise EventError(_("This event is not part of a series."), "not_in_series")
    old = Series.objects.select_for_update().get(pk=event.series_id)
    now = now or timezone.now()
    split = event.original_start
    new_start = starts_at or event.starts_at
    minutes = duration_minutes if duration_minutes is not None else old.duration_minutes
    _check_duration(minutes)
    new_rule = (rrule or _rule_from(old.rrule, old, split)).strip().removeprefix("RRULE:")
    expansion = expand(
        rrule=new_rule,
        starts_at=new_start,
        skip_holidays=old.skip_holidays,
        makeup_workdays=old.makeup_workdays,
    )
    following = list(
        old.occurrences.filter(original_start__gte=split).select_for_update().order_by("pk")
    )
    teams = list(event.teams.all())
    new = Series.objects.create(
        title=title or old.title,
        kind=old.kind,
        rrule=new_rule,
        starts_at=new_start,
        duration_minutes=minutes,
        skip_holidays=old.skip_holidays,
        makeup_workdays=old.makeup_workdays,
        venue=venue or old.venue,
        organizer=old.organizer,
        created_at=now,
    )
    old.rrule = _until_before(old.rrule, split)
    old.save(update_fields=["rrule"])
    kept, added = _rematch(following, new, expansion, now, actor)
    ours = [e.pk for e in following] + [e.pk for e in added]
    conflicts = _conflicts_of(kept + added, teams, exclude_ids=ours)
    settle_conflicts(conflicts, override_reason=override_reason, actor=actor, target=new)
    _attach_teams(added, teams)
    audit_log(
        actor=actor,
        action="series.edit_following",
        target=new,
        data={"from_series": old.pk, "rrule": new_rule, "moved": len(kept), "added": len(added)},
    )
    return new


def _rematch(following, new: Series, expansion, now, actor):
    by_day = {timezone.localtime(e.original_start).date(): e for e in following if not e.skipped}
    kept, added = [], []
    for start in expansion.starts:
        event = by_day.pop(timezone.localtime(start).date(), None)
        if event is None:
            added.append(_occurrence(new, start, status=Event.Status.PUBLISHED, now=now))
            continue
        _shift_times(event, start - event.starts_at)
        before = (event.starts_at, event.ends_at, event.venue)
        event.series, event.original_start, event.starts_at = new, start, start
        event.ends_at = start + timedelta(minutes=new.duration_minutes)
        event.title, event.venue = new.title, new.venue
        event.sequence += 1
        event.save()
        if before != (event.starts_at, event.ends_at, event.venue):
            announce_move(event, actor, *before)
        kept.append(event)
    for event in by_day.values():
        previous_status = event.status
        event.skipped, event.status = True, Event.Status.CANCELLED
        event.sequence += 1
        event.save(update_fields=["skipped", "status", "sequence"])
        announce_cancel(event, actor, previous_status)
    for event in expansion.exdates:
        added.append(_occurrence(new, event, status=Event.Status.CANCELLED, now=now))
        added[-1].skipped = True
    created = Event.objects.bulk_create(added)
    return kept, [e for e in created if not e.skipped]
