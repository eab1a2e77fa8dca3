"""Team rosters: joining keeps a row, leaving dates it, so a team's history stays true."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from core.services import audit_log
from volunteers.choices import Status
from volunteers.models import Membership, Team
from volunteers.selectors import volunteer_by_number, volunteer_can_take


@transaction.atomic
def team_member_add(*, team: Team, number: str, actor: User, on: date | None = None):
    """Add the volunteer with ``number`` to ``team`` from ``on`` (today in Beijing time)."""
    on = on or timezone.localdate()
    volunteer = volunteer_by_number(number or "")
    if volunteer is None:
        raise ValidationError({"number": _("No volunteer has the number %s.") % number})
    if volunteer.status != Status.ACTIVE:
        raise ValidationError({"number": _("Only active volunteers can join a team.")})
    if not volunteer_can_take(volunteer=volunteer, minors_allowed=team.minors_allowed, on=on):
        raise ValidationError({"number": _("This team is not marked suitable for minors.")})
    Team.objects.select_for_update().get(pk=team.pk)  # one add at a time per team
    if Membership.objects.filter(team=team, volunteer=volunteer, left_on__isnull=True).exists():
        raise ValidationError({"number": _("%s is already in this team.") % volunteer.user.name})
    membership = Membership.objects.create(team=team, volunteer=volunteer, joined_on=on)
    audit_log(actor=actor, action="team.member_add", target=volunteer, data=_team(team))
    return membership


@transaction.atomic
def team_member_remove(*, membership: Membership, actor: User, on: date | None = None):
    """Leaving keeps the row, with the day they left: the history stays true."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError(_("This volunteer already left the team."))
    membership.left_on = max(on or timezone.localdate(), membership.joined_on)
    membership.save(update_fields=["left_on"])
    audit_log(
        actor=actor,
        action="team.member_remove",
        target=membership.volunteer,
        data=_team(membership.team),
    )
    return membership


def _team(team: Team) -> dict:
    return {"team": team.name, "team_id": team.pk}
