"""Bounds every API shares, so a number too large for the database is refused as bad input
(422, in Chinese) instead of overflowing a query into a server error."""

from datetime import UTC, date, datetime
from typing import Annotated

from django.utils import timezone
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

MAX_ROW_ID = 2**63 - 1  # a 64-bit primary key, the largest SQLite and PostgreSQL store
MAX_PAGE = 500
MAX_OFFSET = 10_000_000

RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]


class Pages(LimitOffsetPagination):
    """Limit and offset with upper bounds in the schema (ninja's own have none)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


FIRST_YEAR, LAST_YEAR = 2000, 2100


def _out_of_range():
    return PydanticCustomError("date_out_of_range", "date out of range")


def _sensible_moment(moment: datetime) -> datetime:
    """Aware, in UTC, and between 2000 and 2100: PostgreSQL refuses a time-zone offset
    beyond ±15:59 that Python accepts, and no county record lies outside those years."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    moment = moment.astimezone(UTC)
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise _out_of_range()
    return moment


def _sensible_day(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _out_of_range()
    return day


Moment = Annotated[datetime, AfterValidator(_sensible_moment)]
Day = Annotated[date, AfterValidator(_sensible_day)]
