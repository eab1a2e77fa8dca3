"""Every write of the events app, as keyword-only ``<entity>_<verb>`` functions.

- events: ``event_create``, ``event_update``, ``event_publish``, ``event_cancel``,
  ``event_close``, ``programme_set``, ``venue_ensure``
- series: ``series_create``, ``occurrence_skip``, ``occurrence_move``, ``series_edit_following``
- shifts: ``shift_create``, ``shift_sign_up``, ``shift_cancel``, ``shift_assign``,
  ``shift_unassign``
- attendance: ``attendance_check_in``, ``attendance_mark``, ``attendance_post``
- feeds: ``feed_token_rotate``
"""

from events.services.attendance import attendance_check_in, attendance_mark, attendance_post
from events.services.events import (
    event_cancel,
    event_close,
    event_create,
    event_publish,
    event_update,
    programme_set,
    venue_ensure,
)
from events.services.feeds import feed_token_rotate
from events.services.series import (
    occurrence_move,
    occurrence_skip,
    series_create,
    series_edit_following,
)
from events.services.shifts import (
    shift_assign,
    shift_cancel,
    shift_create,
    shift_sign_up,
    shift_unassign,
)

__all__ = [
    "attendance_check_in",
    "attendance_mark",
    "attendance_post",
    "event_cancel",
    "event_close",
    "event_create",
    "event_publish",
    "event_update",
    "feed_token_rotate",
    "occurrence_move",
    "occurrence_skip",
    "programme_set",
    "series_create",
    "series_edit_following",
    "shift_assign",
    "shift_cancel",
    "shift_create",
    "shift_sign_up",
    "shift_unassign",
    "venue_ensure",
]
