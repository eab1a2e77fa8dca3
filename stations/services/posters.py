"""Poster secrets: one active per station; rotating revokes the old posters."""

from django.db import transaction
from django.utils import timezone

from core.services import audit_log
from stations.models import PosterSecret, Station
from stations.tokens import forget_posters, random_secret


@transaction.atomic
def poster_rotate(*, station: Station, actor=None, now=None) -> PosterSecret:
    """A new secret for the station's poster; every older poster now says "replaced"."""
    now = now or timezone.now()
    Station.objects.select_for_update().filter(pk=station.pk).first()
    station.posters.filter(revoked_at__isnull=True).update(revoked_at=now)
    poster = PosterSecret.objects.create(station=station, secret=random_secret(), created_at=now)
    forget_posters(station_id=station.pk)  # other processes learn it at their next INSERT
    if actor is not None:
        audit_log(actor=actor, action="poster.rotate", target=station)
    return poster


def poster_ensure(*, station: Station) -> PosterSecret:
    """The station's active poster secret, made on first use."""
    poster = station.posters.filter(revoked_at__isnull=True).first()
    return poster or poster_rotate(station=station)
