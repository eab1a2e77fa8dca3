"""Reads of the volunteers app: who may see which volunteer, rosters, cards, suitability.

Other apps call ``volunteer_can_take`` before giving a volunteer a task, and
``volunteer_by_card_secret`` when a card is scanned.
"""

from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from core.roles import Role
from core.selectors import scoped, user_has_role, user_sees_county
from volunteers.choices import AGE_BAND_LIMITS, AgeBand, Availability, ServiceCategory, Status
from volunteers.identity import ADULT_AGE, age_on, keyed_hash, years_before
from volunteers.models import Membership, RosterImport, Team, Volunteer


def team_list(*, user):
    """The teams ``user`` may see: leaders their own, offices their region's."""
    queryset = Team.objects.select_related("region").prefetch_related("leaders")
    return scoped(queryset, user, region="region", team="")


def current_memberships() -> Prefetch:
    """Prefetch each volunteer's current teams into ``volunteer.current_memberships``."""
    queryset = Membership.objects.filter(left_on__isnull=True).select_related("team")
    return Prefetch("memberships", queryset=queryset, to_attr="current_memberships")


def volunteer_list(*, user) -> QuerySet:
    """Volunteers ``user`` may see: offices their region's, leaders their teams' (past too)."""
    related = ("user", "user__ledger_balance", "township", "village")
    queryset = Volunteer.objects.select_related(*related).prefetch_related(current_memberships())
    return scoped(queryset, user, region="township", team="memberships__team")


def volunteer_reviewable(*, user) -> QuerySet:
    """Volunteers whose status ``user`` may change: offices only, each in its own region."""
    if not user_has_role(user, Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE, Role.ADMIN):
        return Volunteer.objects.none()
    queryset = Volunteer.objects.select_related("user", "township", "village")
    return scoped(queryset, user, region="township")


def review_queue(*, user) -> QuerySet:
    """Registrations waiting for ``user``'s office, oldest first: first come, first served."""
    return (
        volunteer_reviewable(user=user)
        .filter(status=Status.PENDING)
        .order_by("registered_at", "id")
    )


def may_review(user, volunteer: Volunteer) -> bool:
    return volunteer_reviewable(user=user).filter(pk=volunteer.pk).exists()


def may_reveal_id_number(user) -> bool:
    """Only the county office unmasks, one volunteer at a time (never an admin by default)."""
    return user_has_role(user, Role.COUNTY_OFFICE)


def volunteer_of(user) -> Volunteer | None:
    """The logged-in person's own volunteer record, if they registered."""
    if not user.is_authenticated:
        return None
    return (
        Volunteer.objects.select_related("user", "township", "village")
        .prefetch_related(current_memberships())
        .filter(user=user)
        .first()
    )


def volunteer_by_number(number: str) -> Volunteer | None:
    return Volunteer.objects.select_related("user").filter(number=number.strip()).first()


def volunteer_by_card_secret(secret: str) -> Volunteer | None:
    """The active volunteer whose current card carries ``secret``; None for an old card."""
    if not secret:
        return None
    return (
        Volunteer.objects.select_related("user")
        .filter(card_secret=secret.strip(), status=Status.ACTIVE)
        .first()
    )


def volunteer_age(volunteer: Volunteer, today: date | None = None) -> int:
    return age_on(volunteer.birth_date, today or timezone.localdate())


def volunteer_can_take(*, volunteer: Volunteer, minors_allowed: bool, on: date | None = None):
    """May ``volunteer`` be given a task? Active, and adult unless the task suits minors.

    Art.15 of the regulations: tasks fit the volunteer's age. A task such as the
    小小红色讲解员 program is marked ``minors_allowed``; every other task is adults only.
    """
    if volunteer.status != Status.ACTIVE:
        return False
    return minors_allowed or volunteer_age(volunteer, on) >= ADULT_AGE


def birth_dates_for_band(band: str, today: date) -> dict:
    """Filter arguments on ``birth_date`` that select the people of an age band today."""
    low, high = AGE_BAND_LIMITS[AgeBand(band)]
    lookups = {"birth_date__lte": years_before(today, low)}
    if high is not None:
        lookups["birth_date__gt"] = years_before(today, high + 1)
    return lookups


def team_roster(team: Team) -> tuple[list[Membership], list[Membership]]:
    """The team's current members (by name) and its past memberships (latest first)."""
    rows = list(
        Membership.objects.filter(team=team).select_related(
            "volunteer__user", "volunteer__township"
        )
    )
    current = sorted((m for m in rows if m.left_on is None), key=lambda m: m.volunteer.user.name)
    past = [m for m in rows if m.left_on is not None]
    return current, past


def volunteer_history(volunteer: Volunteer) -> list[Membership]:
    return list(volunteer.memberships.select_related("team"))


def mobiles_taken(mobiles) -> set[str]:
    """Which of ``mobiles`` already log someone in (checked in chunks for big rosters)."""
    return _in_chunks(User.objects, "mobile", mobiles)


def id_hashes_taken(hashes) -> set[str]:
    return _in_chunks(Volunteer.objects, "id_number_hash", hashes)


def _in_chunks(manager, field: str, values, size: int = 900) -> set[str]:
    values = list(set(values))
    found = set()
    for start in range(0, len(values), size):
        chunk = values[start : start + size]
        found.update(manager.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
    return found


def id_number_registered(number: str) -> bool:
    return Volunteer.objects.filter(id_number_hash=keyed_hash(number)).exists()


def roster_imports(*, user) -> QuerySet:
    """Imports ``user`` may see: their own uploads, or every upload for the county office."""
    queryset = RosterImport.objects.select_related("created_by").defer("payload")
    if user_sees_county(user):
        return queryset
    return queryset.filter(created_by=user) if user.is_authenticated else queryset.none()


def my_data(volunteer: Volunteer) -> dict:
    """What the app holds about a volunteer, labelled for people: their copy (PIPL Art.45).

    The ID number stays masked: a download may end up in a shared folder.
    """
    user = volunteer.user
    profile = {
        _("Volunteer number"): volunteer.number or "",
        _("Name"): user.name,
        _("Mobile number"): user.mobile,
        _("ID number"): volunteer.id_number_masked,
        _("Gender"): volunteer.get_gender_display(),
        _("Date of birth"): volunteer.birth_date.isoformat(),
        _("Township"): volunteer.township.name,
        _("Village"): volunteer.village.name if volunteer.village else "",
        _("Area of residence"): volunteer.residence,
        _("Service categories"): _labels(ServiceCategory, volunteer.service_categories),
        _("Skills"): volunteer.skills,
        _("When you can serve"): _labels(Availability, volunteer.availability),
        _("Political status"): volunteer.get_political_status_display(),
        _("Emergency contact"): volunteer.emergency_contact_name,
        _("Emergency contact's mobile"): volunteer.emergency_contact_mobile,
        _("Guardian's name"): volunteer.guardian_name,
        _("Guardian's mobile"): volunteer.guardian_mobile,
        _("Relationship"): volunteer.get_guardian_relationship_display(),
        _("Guardian consented at"): _local(volunteer.guardian_consent_at),
        _("Status"): volunteer.get_status_display(),
        _("Reason"): volunteer.status_reason,
        _("Registered at"): _local(volunteer.registered_at),
        _("Activated at"): _local(volunteer.activated_at),
        _("Consent given at"): _local(volunteer.consent_at),
        _("Privacy policy version"): volunteer.consent_policy_version,
        _("Consent given"): volunteer.get_consent_source_display(),
    }
    teams = [
        {
            _("Team"): m.team.name,
            _("Joined on"): str(m.joined_on),
            _("Left on"): str(m.left_on or ""),
        }
        for m in volunteer_history(volunteer)
    ]
    return {"profile": {str(k): str(v) for k, v in profile.items()}, "teams": teams}


def _labels(choices, values) -> str:
    return "、".join(labels_of(choices, values))


def labels_of(choices, values) -> list[str]:
    names = dict(choices.choices)
    return [str(names.get(value, value)) for value in values]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


STALLED_AFTER = timedelta(minutes=15)


def roster_import_stalled(roster_import: RosterImport) -> bool:
    """Running for long: the worker was stopped mid-way. Its one transaction was rolled
    back, so the import can safely be committed again."""
    started = roster_import.started_at
    running = roster_import.status == RosterImport.Status.RUNNING
    return running and started is not None and timezone.now() - started > STALLED_AFTER


def roster_import_committable(roster_import: RosterImport) -> bool:
    ready = {RosterImport.Status.PREVIEWED, RosterImport.Status.FAILED}
    return roster_import.status in ready or roster_import_stalled(roster_import)
