"""Every write of the exchange app. Views, the API, tasks and commands call these.

- points: ``points_accrue``, ``points_catch_up``, ``points_grant``, ``points_reverse``,
  ``points_rebuild``
- rewards: ``reward_create``, ``reward_update``, ``reward_redeem``, ``redemption_cancel``,
  ``redemption_collect``, ``redemptions_expire``
- national files: ``export_create``, ``export_run``, ``export_file``; ``import_create``,
  ``import_run``
- transfers: ``transfer_issue``, ``transfer_import``, ``transfer_verify``,
  ``trusted_county_add``
"""

from exchange.services.exports import export_create, export_file, export_run
from exchange.services.imports import import_create, import_run
from exchange.services.points import (
    points_accrue,
    points_catch_up,
    points_grant,
    points_reverse,
)
from exchange.services.posting import points_rebuild
from exchange.services.rewards import (
    redemption_cancel,
    redemption_collect,
    redemptions_expire,
    reward_create,
    reward_redeem,
    reward_update,
)
from exchange.services.transfers import (
    transfer_import,
    transfer_issue,
    transfer_verify,
    trusted_county_add,
)

__all__ = [
    "export_create",
    "export_file",
    "export_run",
    "import_create",
    "import_run",
    "points_accrue",
    "points_catch_up",
    "points_grant",
    "points_rebuild",
    "points_reverse",
    "redemption_cancel",
    "redemption_collect",
    "redemptions_expire",
    "reward_create",
    "reward_redeem",
    "reward_update",
    "transfer_import",
    "transfer_issue",
    "transfer_verify",
    "trusted_county_add",
]
