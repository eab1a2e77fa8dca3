"""Masking of personal data before it reaches a screen, an export or a log."""

SECRET_KEYS = frozenset({"password", "secret", "token", "api_key", "key"})
ID_NUMBER_KEYS = frozenset({"id_number", "id_card", "guardian_id_number"})
HIDDEN = "******"


def mask_id_number(value: str) -> str:
    """``130131199001011234`` → ``130131********1234``: the area and the last four stay."""
    value = str(value or "")
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_mobile(value: str) -> str:
    """``13812345678`` → ``138****5678``."""
    value = str(value or "")
    if len(value) != 11:
        return value
    return value[:3] + "****" + value[-4:]


def mask_data(data):
    """A copy of ``data`` with ID numbers masked and secrets hidden, at any depth."""
    if isinstance(data, dict):
        return {key: _mask_value(str(key), value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [mask_data(item) for item in data]
    return data


def _mask_value(key: str, value):
    lowered = key.lower()
    if lowered in ID_NUMBER_KEYS:
        return mask_id_number(value)
    if lowered in SECRET_KEYS or any(word in lowered for word in ("password", "secret")):
        return HIDDEN
    return mask_data(value)


def mask_name(value: str) -> str:
    """``张小兵`` → ``张*兵``; ``李明`` → ``李*``: enough to recognise, not to identify."""
    value = str(value or "")
    if len(value) <= 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_address(value: str) -> str:
    """``西柏坡村二组12号`` → ``西柏坡村****``: the place is recognisable, the door is not."""
    value = str(value or "").strip()
    if not value:
        return ""
    keep = min(4, max(1, len(value) // 3))
    return value[:keep] + "****"
