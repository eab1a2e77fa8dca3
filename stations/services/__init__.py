"""Every write of the stations app.

- units: ``station_unit_sync``
- sessions: ``session_check_in``, ``session_check_out``, ``session_undo``,
  ``sessions_close_forgotten``
- posters: ``poster_rotate``, ``poster_ensure``
- kiosks: ``kiosk_create``, ``kiosk_pair``, ``kiosk_revoke``, ``batch_sync``
"""

from stations.services.kiosks import batch_sync, kiosk_create, kiosk_pair, kiosk_revoke
from stations.services.posters import poster_ensure, poster_rotate
from stations.services.sessions import (
    session_check_in,
    session_check_out,
    session_undo,
    sessions_close_forgotten,
)
from stations.services.units import station_unit_key, station_unit_sync

__all__ = [
    "batch_sync",
    "kiosk_create",
    "kiosk_pair",
    "kiosk_revoke",
    "poster_ensure",
    "poster_rotate",
    "session_check_in",
    "session_check_out",
    "session_undo",
    "sessions_close_forgotten",
    "station_unit_key",
    "station_unit_sync",
]
