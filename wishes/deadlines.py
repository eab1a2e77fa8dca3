"""Huzhou's three colours for open items, in working days with 调休.

An item is red once its due date has passed, yellow when it is due within one working
day (today or the next working day), green otherwise. The boundary dates are worked out
once per request (``Palette.today``), so a list of thousands of items is coloured by two
date comparisons in the database, not a calendar walk per row.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.workdays import add_working_days

RED, YELLOW, GREEN = "red", "yellow", "green"
RANK = {RED: 0, YELLOW: 1, GREEN: 2}
LABELS = {RED: _("Overdue"), YELLOW: _("Due within a working day"), GREEN: _("On time")}


def due_date(filed_on: date, working_days: int, overrides: dict | None = None) -> date:
    return add_working_days(filed_on, working_days, overrides)


@dataclass(frozen=True)
class Palette:
    """The colour boundaries on one day."""

    today: date
    yellow_until: date  # the next working day after today

    @classmethod
    def on(cls, day: date | None = None) -> "Palette":
        day = day or timezone.localdate()
        return cls(today=day, yellow_until=add_working_days(day, 1))

    def colour(self, due_on: date) -> str:
        if due_on < self.today:
            return RED
        if due_on <= self.yellow_until:
            return YELLOW
        return GREEN

    def rank_expression(self, field: str = "due_on") -> Case:
        """0 red, 1 yellow, 2 green, for ``order_by`` and ``annotate`` in SQL."""
        return Case(
            When(**{f"{field}__lt": self.today}, then=Value(RANK[RED])),
            When(**{f"{field}__lte": self.yellow_until}, then=Value(RANK[YELLOW])),
            default=Value(RANK[GREEN]),
            output_field=IntegerField(),
        )


COLOUR_OF_RANK = {rank: colour for colour, rank in RANK.items()}
