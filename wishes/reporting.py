"""What the reports app (a layer above) reads for the dashboard and the county report:
the period's figures, the tables by kind and township, and the cluster map."""

from datetime import date

from django.utils import timezone

from wishes import selectors
from wishes.maps import scope_map


def dashboard_panel(user) -> dict | None:
    """This year's figures and map for the user's scope; None outside any scope."""
    if selectors.scope_q(user) is None:
        return None
    year = timezone.localdate().year
    start, stop = date(year, 1, 1), date(year + 1, 1, 1)
    return {
        "year": year,
        "headline": selectors.headline(user=user, start=start, stop=stop),
        "map": scope_map(user, start, stop, title=f"心愿与求助分布（{year}年）"),
    }


def report_section(user, start: date, stop: date, *, title: str) -> dict:
    """The county report's section: figures, by kind, by township, and the map."""

    def by(group):
        return selectors.statistics(user=user, start=start, stop=stop, by=group)

    return {
        "headline": selectors.headline(user=user, start=start, stop=stop),
        "by_kind": by("kind"),
        "by_township": by("township"),
        "map": scope_map(user, start, stop, title=f"心愿与求助分布（{title}）"),
    }
