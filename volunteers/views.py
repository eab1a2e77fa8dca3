from django.utils.translation import gettext as _

from core.permissions import OFFICE_ROLES, role_required
from core.roles import Role
from core.tables import render_table
from volunteers.selectors import team_list
from volunteers.tables import TeamTable


@role_required(Role.TEAM_LEADER, *OFFICE_ROLES)
def team_list_view(request):
    table = TeamTable(team_list(user=request.user))
    return render_table(request, table, title=_("Teams"))
