"""The one place stations learn who a person is. The volunteers app plugs in here.

For now accounts are ``core.User`` only: a card secret resolves to nobody (unless a
lookup is registered, as tests do), and a person is suspended when the account is
inactive. When the volunteers app lands, ``user_for_card`` becomes
``volunteers.selectors.volunteer_by_card_secret(secret).user`` and ``is_suspended``
reads ``Volunteer.status == "suspended"``; nothing else in stations changes.
"""

_card_lookup = None


def register_card_lookup(lookup) -> None:
    """Install ``lookup(secret) -> User | None`` (the volunteers app, or a test)."""
    global _card_lookup  # noqa: PLW0603 - one adapter hook, replaced at start-up
    _card_lookup = lookup


def user_for_card(secret: str):
    """The account a volunteer card's QR secret belongs to, or None."""
    return _card_lookup(secret) if _card_lookup else None


def is_suspended(user) -> bool:
    return not user.is_active
