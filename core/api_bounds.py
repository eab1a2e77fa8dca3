"""Bounds every API shares, so a number too large for the database is refused as bad input
(422, in Chinese) instead of overflowing a query into a server error."""

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_ROW_ID = 2**63 - 1  # a 64-bit primary key, the largest SQLite and PostgreSQL store
MAX_PAGE = 500
MAX_OFFSET = 10_000_000

RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]


class Pages(LimitOffsetPagination):
    """Limit and offset with upper bounds in the schema (ninja's own have none)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
