"""Review: the township or county office approves, rejects, suspends and reactivates.

The four actions are one move, ``volunteer_transition``: lock the row, check the
reviewer's scope and then the status, check a minor's guardian where the volunteer
becomes active, ask for a reason where the volunteer will read one, set the status and
audit it. Each action is a ``Transition`` saying what differs.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import User
from core.services import audit_log
from volunteers.choices import Status
from volunteers.identity import age_on, guardian_needed
from volunteers.models import Volunteer
from volunteers.selectors import may_review
from volunteers.services.common import number_data, required_reason
from volunteers.services.numbers import new_card_secret, volunteer_numbers_allocate


@dataclass(frozen=True)
class Transition:
    """One review action: from which statuses to which, and what it checks and records."""

    action: str  # audited as ``volunteer.<action>``
    verb: Promise  # in the refusal: "you cannot <verb> them now"
    allowed: frozenset[Status]
    to: Status
    reason_required: bool = True  # the volunteer reads it; audited with the action
    guardian_checked: bool = False  # a minor needs a guardian's consent to become active
    first_activation: bool = False  # hands out the volunteer number and the first card


APPROVE = Transition(
    "approve", gettext_lazy("approve"), frozenset({Status.PENDING, Status.REJECTED}),
    Status.ACTIVE, reason_required=False, guardian_checked=True, first_activation=True,
)  # fmt: skip
REJECT = Transition("reject", gettext_lazy("reject"), frozenset({Status.PENDING}), Status.REJECTED)
SUSPEND = Transition(
    "suspend", gettext_lazy("suspend"), frozenset({Status.ACTIVE}), Status.SUSPENDED
)
REACTIVATE = Transition(
    "reactivate", gettext_lazy("reactivate"), frozenset({Status.SUSPENDED}), Status.ACTIVE,
    guardian_checked=True,
)  # fmt: skip


@transaction.atomic
def volunteer_transition(
    *,
    volunteer: Volunteer,
    actor: User,
    transition: Transition,
    reason: str = "",
    now: datetime | None = None,
) -> Volunteer:
    """Move ``volunteer`` as ``transition`` says, or raise and change nothing."""
    volunteer = _locked_for_review(volunteer, actor)
    _require_status(volunteer, transition)
    now = now or timezone.now()
    if transition.guardian_checked:
        _require_guardian_if_minor(volunteer, timezone.localdate(now))
    reason = required_reason(reason) if transition.reason_required else ""
    if transition.first_activation:
        _activate(volunteer, now)
    volunteer.status, volunteer.status_reason = transition.to, reason
    volunteer.reviewed_at, volunteer.reviewed_by = now, actor
    volunteer.save()
    data = {"reason": reason} if transition.reason_required else number_data(volunteer)
    audit_log(actor=actor, action=f"volunteer.{transition.action}", target=volunteer, data=data)
    return volunteer


def volunteer_approve(*, volunteer: Volunteer, actor: User, now: datetime | None = None):
    """Activate a registration: it gets its volunteer number and its first card."""
    return volunteer_transition(volunteer=volunteer, actor=actor, transition=APPROVE, now=now)


def volunteer_reject(*, volunteer: Volunteer, actor: User, reason: str):
    return volunteer_transition(volunteer=volunteer, actor=actor, transition=REJECT, reason=reason)


def volunteer_suspend(*, volunteer: Volunteer, actor: User, reason: str):
    return volunteer_transition(volunteer=volunteer, actor=actor, transition=SUSPEND, reason=reason)


def volunteer_reactivate(*, volunteer: Volunteer, actor: User, reason: str):
    return volunteer_transition(
        volunteer=volunteer, actor=actor, transition=REACTIVATE, reason=reason
    )


def _locked_for_review(volunteer: Volunteer, actor: User) -> Volunteer:
    """The row, locked: two reviewers clicking at once must not both act on the old state.
    Scope first: an outsider learns nothing of the status."""
    if not may_review(actor, volunteer):
        raise PermissionDenied
    return Volunteer.objects.select_for_update().select_related("user").get(pk=volunteer.pk)


def _require_status(volunteer: Volunteer, transition: Transition) -> None:
    if volunteer.status not in transition.allowed:
        raise ValidationError(
            _("This volunteer is “%(status)s”: you cannot %(verb)s them now.")
            % {"status": volunteer.get_status_display(), "verb": transition.verb}
        )


def _require_guardian_if_minor(volunteer: Volunteer, today: date) -> None:
    age = age_on(volunteer.birth_date, today)
    if guardian_needed(age) and volunteer.guardian_consent_at is None:
        raise ValidationError(
            _(
                "This volunteer is %(age)d: a guardian's name, mobile, relationship and "
                "consent are needed before the account can be activated."
            )
            % {"age": age}
        )


def _activate(volunteer: Volunteer, now: datetime) -> None:
    """A number and a card the first time; approving a rejected one again keeps them."""
    year = timezone.localdate(now).year
    volunteer.number = volunteer.number or volunteer_numbers_allocate(year=year, count=1)[0]
    volunteer.card_secret = volunteer.card_secret or new_card_secret()
    volunteer.activated_at = volunteer.activated_at or now
