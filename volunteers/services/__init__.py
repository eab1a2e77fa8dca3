"""Every write of the volunteers app, as keyword-only ``<entity>_<verb>`` functions.
Every staff action on a volunteer is audited.

Each service is atomic; a rule broken raises ``ValidationError`` with a message for the
person in front of the screen, keyed by the form field it is about.

- registration: ``volunteer_register`` (and the stored fields: ``identity_fields``,
  ``profile_fields``, ``guardian_fields``)
- review: ``volunteer_transition`` with a ``Transition``, through ``volunteer_approve``,
  ``volunteer_reject``, ``volunteer_suspend``, ``volunteer_reactivate``
- numbers: ``volunteer_numbers_allocate``, ``new_card_secret``
- credentials: ``id_number_reveal``, ``card_rotate``
- teams: ``team_member_add``, ``team_member_remove``
- accounts: ``volunteer_close_account``, ``volunteer_claim_account``
- imports: ``roster_import_preview``, ``roster_import_enqueue``, ``roster_import_commit``,
  ``roster_import_discard``, ``roster_volunteers_create``
"""

from volunteers.services.accounts import (
    CLOSED_NAME,
    unusable_password,
    volunteer_claim_account,
    volunteer_close_account,
)
from volunteers.services.credentials import card_rotate, id_number_reveal
from volunteers.services.imports import (
    roster_import_commit,
    roster_import_discard,
    roster_import_enqueue,
    roster_import_preview,
    roster_volunteers_create,
)
from volunteers.services.numbers import (
    CARD_ALPHABET,
    CARD_SECRET_LENGTH,
    new_card_secret,
    volunteer_numbers_allocate,
)
from volunteers.services.registration import (
    guardian_fields,
    identity_fields,
    profile_fields,
    volunteer_register,
)
from volunteers.services.review import (
    APPROVE,
    REACTIVATE,
    REJECT,
    SUSPEND,
    Transition,
    volunteer_approve,
    volunteer_reactivate,
    volunteer_reject,
    volunteer_suspend,
    volunteer_transition,
)
from volunteers.services.teams import team_member_add, team_member_remove

__all__ = [
    "APPROVE",
    "CARD_ALPHABET",
    "CARD_SECRET_LENGTH",
    "CLOSED_NAME",
    "REACTIVATE",
    "REJECT",
    "SUSPEND",
    "Transition",
    "card_rotate",
    "guardian_fields",
    "id_number_reveal",
    "identity_fields",
    "new_card_secret",
    "profile_fields",
    "roster_import_commit",
    "roster_import_discard",
    "roster_import_enqueue",
    "roster_import_preview",
    "roster_volunteers_create",
    "team_member_add",
    "team_member_remove",
    "unusable_password",
    "volunteer_approve",
    "volunteer_claim_account",
    "volunteer_close_account",
    "volunteer_numbers_allocate",
    "volunteer_reactivate",
    "volunteer_register",
    "volunteer_reject",
    "volunteer_suspend",
    "volunteer_transition",
]
