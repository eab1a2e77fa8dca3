from core.selectors import scoped
from volunteers.models import Team


def team_list(*, user):
    """The teams ``user`` may see: leaders their own, offices their region's."""
    queryset = Team.objects.select_related("region").prefetch_related("leaders")
    return scoped(queryset, user, region="region", team="")
