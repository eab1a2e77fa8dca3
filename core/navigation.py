"""The navigation bar, by role. One list, so a reader sees every entry in one place.

Entries name URLs by string, so core imports none of the apps it links to.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.permissions import OFFICE_ROLES
from core.roles import Role
from core.selectors import user_roles

OFFICES = frozenset(OFFICE_ROLES)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role]  # an empty set: every logged-in user


NAV_ITEMS = (
    NavItem(_("Home"), "home", frozenset()),
    NavItem(_("My page"), "volunteers:me", frozenset({Role.VOLUNTEER})),
    NavItem(_("Messages"), "notices:inbox", frozenset()),
    NavItem(_("Volunteers"), "volunteers:list", OFFICES | {Role.TEAM_LEADER}),
    NavItem(_("Review"), "volunteers:review", OFFICES),
    NavItem(_("My hours"), "ledger:mine", frozenset({Role.VOLUNTEER})),
    NavItem(_("My check-in"), "stations:mine", frozenset({Role.VOLUNTEER})),
    NavItem(_("My shifts"), "events:mine", frozenset({Role.VOLUNTEER})),
    NavItem(_("What is on"), "events:programme", frozenset()),
    NavItem(_("Wishes to take"), "wishes:board", frozenset({Role.VOLUNTEER})),
    NavItem(
        _("Wishes and requests"),
        "wishes:staff",
        OFFICES | {Role.STATION_MANAGER},
    ),
    NavItem(
        _("Event calendar"),
        "events:calendar",
        frozenset({Role.EVENT_ORGANIZER, Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE, Role.ADMIN}),
    ),
    NavItem(
        _("To confirm"), "ledger:queue", OFFICES | {Role.STATION_MANAGER, Role.EVENT_ORGANIZER}
    ),
    NavItem(_("Ledger"), "ledger:browser", OFFICES | {Role.STATION_MANAGER, Role.EVENT_ORGANIZER}),
    NavItem(_("Certificates"), "reports:mine", frozenset({Role.VOLUNTEER})),
    NavItem(_("My points"), "exchange:points", frozenset({Role.VOLUNTEER})),
    NavItem(_("Hand over rewards"), "exchange:pickup", OFFICES | {Role.STATION_MANAGER}),
    NavItem(_("Rewards catalogue"), "exchange:rewards", OFFICES),
    NavItem(_("National system files"), "exchange:national", OFFICES - {Role.ADMIN}),
    NavItem(_("Record transfer"), "exchange:transfers", frozenset({Role.COUNTY_OFFICE})),
    NavItem(_("Statistics"), "reports:dashboard", OFFICES | {Role.STATION_MANAGER}),
    NavItem(_("Reports"), "reports:county", OFFICES),
    NavItem(_("Issue certificates"), "reports:staff", frozenset({Role.COUNTY_OFFICE, Role.ADMIN})),
    NavItem(_("Red stations"), "stations:list", OFFICES | {Role.STATION_MANAGER}),
    NavItem(_("Teams"), "volunteers:team_list", OFFICES | {Role.TEAM_LEADER}),
    NavItem(
        _("Send notices"),
        "notices:sent",
        OFFICES | {Role.TEAM_LEADER, Role.STATION_MANAGER, Role.EVENT_ORGANIZER},
    ),
    NavItem(_("API"), "api:openapi-view", OFFICES | {Role.EVENT_ORGANIZER}),
    NavItem(_("Admin site"), "admin:index", frozenset({Role.ADMIN})),
)


# Apps above core put a count on an entry (notices: the unread messages) from their
# AppConfig.ready(): ``reader(user)`` returns a number, shown as a badge when it is not 0.
_badge_readers = {}


def register_nav_badge(url_name: str, reader) -> None:
    _badge_readers[url_name] = reader


def nav_for(user, current_path: str = "") -> list[dict]:
    roles = user_roles(user)
    items = []
    for item in NAV_ITEMS:
        if item.roles and roles.isdisjoint(item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        reader = _badge_readers.get(item.url_name)
        badge = reader(user) if reader else 0
        items.append(
            {"label": item.label, "url": url, "current": url == current_path, "badge": badge}
        )
    return items
