"""Private calendar-feed tokens: rotating one revokes the old URL at once."""

import secrets

from django.db import transaction
from django.utils import timezone

from core.services import audit_log
from events.models import FeedToken


@transaction.atomic
def feed_token_rotate(*, user, now=None) -> FeedToken:
    now = now or timezone.now()
    FeedToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    token = FeedToken.objects.create(user=user, secret=secrets.token_urlsafe(32), created_at=now)
    audit_log(actor=user, action="feed_token.rotate", target=token)
    return token
