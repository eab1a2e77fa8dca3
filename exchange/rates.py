"""How many points an hour of confirmed service earns: the county's settings.

A fulfilled wish's hours (the ledger records them with the kind ``wish``) earn the wish
rate; other hours earn their program's rate (``HONGYI_POINTS_PROGRAM_RATES``, by the program key
the ledger records, such as ``program:3``), else the default rate. Rates are points per hour;
an entry earns ``minutes × rate ÷ 60``, rounded down.
"""

from django.conf import settings

# The ledger's kind for a fulfilled wish's hours (ledger.models.Kind.WISH); exchange reads
# the ledger only through its selectors, which hand out the kind as this string.
WISH_KIND = "wish"


def rate_for(program_key: str, kind: str) -> int:
    if kind == WISH_KIND:
        return settings.HONGYI_POINTS_WISH_RATE
    return settings.HONGYI_POINTS_PROGRAM_RATES.get(program_key, settings.HONGYI_POINTS_PER_HOUR)


def rate_table() -> list[tuple[str, int]]:
    """The rates in force, for the points page: (what it applies to, points per hour)."""
    table = [("*", settings.HONGYI_POINTS_PER_HOUR)]
    table += sorted(settings.HONGYI_POINTS_PROGRAM_RATES.items())
    table.append((f"kind:{WISH_KIND}", settings.HONGYI_POINTS_WISH_RATE))
    return table
