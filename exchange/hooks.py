"""What exchange adds to pages of apps below it, through the hooks they offer.

Registered from ``ExchangeConfig.ready()``: "我的" (volunteers) gets points and external
records; the certificate snapshot (reports) gets the external records' totals, apart from
the county's hours; the dashboard (reports) gets points issued and redeemed.
"""

from core.roles import Role
from core.selectors import user_has_role
from exchange import selectors


def me_points(user) -> dict | None:
    if not user_has_role(user, Role.VOLUNTEER):
        return None
    return {
        "template": "exchange/me_points.html",
        "points": selectors.points_summary(user),
        "open_redemptions": selectors.redemptions_of(user).filter(status="reserved")[:5],
    }


def me_external(user) -> dict | None:
    if not user_has_role(user, Role.VOLUNTEER):
        return None
    return {
        "template": "exchange/me_external.html",
        "external_totals": selectors.external_totals(user),
    }


def certificate_external(user_ids) -> dict[int, dict]:
    """Hours served elsewhere, per origin, frozen into the certificate (never its total)."""
    return {
        pk: {"external": totals} for pk, totals in selectors.external_totals_of(user_ids).items()
    }


def dashboard_points(user, scope) -> dict | None:
    """Points issued and redeemed by township and month: the county, or an office's townships."""
    if scope.countywide:
        townships = None
    elif scope.township_keys:
        townships = [int(key) for key in scope.township_keys]
    else:
        return None
    return {
        "template": "exchange/dashboard_points.html",
        "points_rows": selectors.points_by_township_month(townships),
        "points_totals": selectors.points_totals(townships),
    }
