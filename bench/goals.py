"""Goals as short strings, checked mechanically so the table can say met or missed.

A goal is one or more clauses joined by "; ". A clause compares the figure ("< 150 ms",
"≥ 30 cert/s") or its ratio to the baseline measured in the same run ("ratio ≥ 6").
The unit after the number is for the reader; the figure is already in that unit.
"""

import operator
import re

COMPARE = {"<": operator.lt, "≤": operator.le, "<=": operator.le,
           ">": operator.gt, "≥": operator.ge, ">=": operator.ge}  # fmt: skip
CLAUSE = re.compile(r"^\s*(ratio\s+)?(<=|>=|<|≤|>|≥)\s*([\d,.]+)")


def goal_met(goal: str, value: float, baseline: float) -> bool:
    """Whether every clause of ``goal`` holds; a clause we cannot read is a ValueError."""
    return all(_clause_met(clause, value, baseline) for clause in goal.split(";"))


def _clause_met(clause: str, value: float, baseline: float) -> bool:
    match = CLAUSE.match(clause)
    if not match:
        raise ValueError(f"unreadable goal clause: {clause!r}")
    is_ratio, sign, number = match.groups()
    figure = (value / baseline if baseline else float("inf")) if is_ratio else value
    return COMPARE[sign](figure, float(number.replace(",", "")))
