"""How many points an hour of confirmed service earns: the county's settings.

A wish's hours (the wishes app posts them with the source ``wish:…``) earn the wish rate;
other hours earn their program's rate (``HONGYI_POINTS_PROGRAM_RATES``, by the program key
the ledger records, such as ``program:3``), else the default rate. Rates are points per hour;
an entry earns ``minutes × rate ÷ 60``, rounded down.
"""

from django.conf import settings


def is_wish(source_key: str) -> bool:
    source = settings.HONGYI_POINTS_WISH_SOURCE
    return bool(source) and source_key.split(":", 1)[0] == source


def rate_for(program_key: str, source_key: str) -> int:
    if is_wish(source_key):
        return settings.HONGYI_POINTS_WISH_RATE
    return settings.HONGYI_POINTS_PROGRAM_RATES.get(program_key, settings.HONGYI_POINTS_PER_HOUR)


def rate_table() -> list[tuple[str, int]]:
    """The rates in force, for the points page: (what it applies to, points per hour)."""
    table = [("*", settings.HONGYI_POINTS_PER_HOUR)]
    table += sorted(settings.HONGYI_POINTS_PROGRAM_RATES.items())
    if settings.HONGYI_POINTS_WISH_SOURCE:
        table.append((f"{settings.HONGYI_POINTS_WISH_SOURCE}:", settings.HONGYI_POINTS_WISH_RATE))
    return table
