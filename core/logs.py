"""Log filters.

Django logs every 4xx answer as a warning on ``django.request``. A 409 is a service's
refusal with its own code ("already checked in", "shift full"): an answer the user was
meant to get, which at a busy station would fill the log with thousands of lines a day
and hide the warnings worth reading. 404s, 403s and rate limits are still logged.
"""

from http import HTTPStatus


def not_a_refusal(record) -> bool:
    return getattr(record, "status_code", None) != HTTPStatus.CONFLICT
