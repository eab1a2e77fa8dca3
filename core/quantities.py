"""Quantities shown to people. Service time is stored as integer minutes everywhere and
shown as hours with one decimal, rounded half up the way a person would round it."""

from decimal import ROUND_HALF_UP, Decimal


def hours(minutes: int) -> Decimal:
    """``95`` → ``Decimal("1.6")``: hours with one decimal, half up."""
    return (Decimal(int(minutes)) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_hours(minutes: int) -> str:
    return f"{hours(minutes)}"
