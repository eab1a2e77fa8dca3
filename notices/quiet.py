"""Quiet hours: no SMS between 21:00 and 08:00 Asia/Shanghai unless the county marks it urgent.

A message that falls in the quiet hours waits until 08:00; it is deferred, never dropped.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)


def is_quiet(moment: datetime) -> bool:
    local = moment.astimezone(SHANGHAI).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def quiet_end(moment: datetime) -> datetime:
    """``moment`` itself outside the quiet hours, else the 08:00 that ends them (in UTC)."""
    if not is_quiet(moment):
        return moment
    local = moment.astimezone(SHANGHAI)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, tzinfo=SHANGHAI).astimezone(moment.tzinfo)
