from django.utils.translation import gettext as _

from core.permissions import OFFICE_ROLES, role_required
from core.roles import Role
from core.tables import render_table
from stations.selectors import station_list
from stations.tables import StationTable


@role_required(Role.STATION_MANAGER, *OFFICE_ROLES)
def station_list_view(request):
    table = StationTable(station_list(user=request.user))
    return render_table(request, table, title=_("Red stations"))
