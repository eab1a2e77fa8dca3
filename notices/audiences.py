"""Audiences: who a notice goes to, defined by the sender and resolved at send time.

An ``Audience`` is a plain definition (its ``kind`` and one key) that is stored on the
notice as JSON and shown in the audit log. ``audience_check`` refuses a sender whose role
does not reach it; ``audience_user_ids`` resolves it to user ids, read once, when sending.
"""

from dataclasses import asdict, dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEAM = "team"  # a team's current members
    EVENT_PERFORMERS = "event_performers"  # current members of an event's performing teams
    EVENT_ROSTER = "event_roster"  # an event's shift sign-ups (roster: confirmed/waitlisted/both)
    STATION = "station"  # volunteers checked in at a station in the last ``days`` days
    TOWNSHIP = "township"  # a township's active volunteers
    COUNTY = "county"  # the county's active volunteers
    STAR = "star"  # active volunteers holding star level ``level`` (0-5)
    PERSON = "person"  # one user
    PEOPLE = "people"  # a fixed list of users (reminders only; never from the compose form)


class Roster(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    BOTH = "both"


@dataclass(frozen=True)
class Audience:
    kind: Kind
    id: int | None = None  # team, event, station, township (Region) or user id
    roster: Roster = Roster.BOTH  # event_roster only
    days: int | None = None  # station only; default settings.HONGYI_NOTICE_STATION_DAYS
    level: int | None = None  # star only
    user_ids: tuple[int, ...] = ()  # people only

    def as_json(self) -> dict:
        data = {key: value for key, value in asdict(self).items() if value not in (None, ())}
        data["user_ids"] = list(self.user_ids) if self.user_ids else None
        return {key: value for key, value in data.items() if value is not None}
