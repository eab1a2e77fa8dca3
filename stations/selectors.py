from core.selectors import scoped
from stations.models import Station


def station_list(*, user):
    """The stations ``user`` may see: managers their own, offices their region's."""
    queryset = Station.objects.select_related("region").prefetch_related("managers")
    return scoped(queryset, user, region="region", station="")
