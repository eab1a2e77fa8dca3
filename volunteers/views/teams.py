"""Teams and their rosters. Whoever may see a team may manage its roster:
its leaders, the office of its township, and the county office."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import OFFICE_ROLES, role_required
from core.roles import Role
from core.tables import render_table
from volunteers.forms import AddMemberForm
from volunteers.models import Membership
from volunteers.selectors import team_list, team_roster
from volunteers.services import team_member_add, team_member_remove
from volunteers.tables import TeamTable

TEAM_ROLES = (Role.TEAM_LEADER, *OFFICE_ROLES)


@role_required(*TEAM_ROLES)
def team_list_view(request):
    table = TeamTable(team_list(user=request.user))
    return render_table(request, table, title=_("Teams"))


@role_required(*TEAM_ROLES)
def team_detail(request, pk, form=None):
    team = get_object_or_404(team_list(user=request.user), pk=pk)
    current, past = team_roster(team)
    context = {"team": team, "current": current, "past": past, "form": form or AddMemberForm()}
    return render(request, "volunteers/team_detail.html", context)


@require_POST
@role_required(*TEAM_ROLES)
def member_add(request, pk):
    team = get_object_or_404(team_list(user=request.user), pk=pk)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        try:
            membership = team_member_add(
                team=team, number=form.cleaned_data["number"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            name = membership.volunteer.user.name
            messages.success(request, _("%s joined the team.") % name)
            return redirect("volunteers:team_detail", pk=team.pk)
    return team_detail(request, pk, form=form)


@require_POST
@role_required(*TEAM_ROLES)
def member_remove(request, pk, membership_pk):
    team = get_object_or_404(team_list(user=request.user), pk=pk)
    membership = get_object_or_404(
        Membership.objects.select_related("volunteer__user"), pk=membership_pk, team=team
    )
    try:
        team_member_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("%s left the team.") % membership.volunteer.user.name)
    return redirect("volunteers:team_detail", pk=team.pk)
