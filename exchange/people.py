"""The one place exchange learns who a volunteer is: through the volunteers app.

Full ID numbers are decrypted here for two purposes only: the national export (county
office, with a reason, audited by the caller) and matching an imported record to the
volunteer it belongs to (by keyed hash, never by decrypting the stored numbers).
"""

from functools import lru_cache

from django.conf import settings

from core.models import Region
from volunteers import identity
from volunteers.choices import Status
from volunteers.models import Volunteer

EXPORTED_STATUSES = (Status.ACTIVE, Status.SUSPENDED)


@lru_cache(maxsize=8)
def _county_region_id(code: str) -> int:
    return Region.objects.values_list("pk", flat=True).get(code=code)


def county_region_id() -> int:
    return _county_region_id(settings.HONGYI_COUNTY_CODE)


def home_townships(user_ids) -> dict[int, int]:
    """Each user's home township (the county for a user who is not a volunteer)."""
    ids, homes = list(set(user_ids)), {}
    for start in range(0, len(ids), 5000):
        chunk = Volunteer.objects.filter(user_id__in=ids[start : start + 5000])
        homes.update(chunk.values_list("user_id", "township_id"))
    county = county_region_id()
    return {pk: homes.get(pk, county) for pk in ids}


def volunteer_profile(user) -> Volunteer | None:
    return Volunteer.objects.select_related("user", "township").filter(user=user).first()


def volunteers_by_id_hash(hashes) -> dict[str, Volunteer]:
    """Volunteers whose ID number has one of ``hashes`` (keyed), with their user."""
    hashes, found = list(set(hashes)), {}
    for start in range(0, len(hashes), 5000):
        chunk = Volunteer.objects.select_related("user").filter(
            id_number_hash__in=hashes[start : start + 5000]
        )
        found.update((v.id_number_hash, v) for v in chunk)
    return found


def volunteers_by_masked(masked: str, name: str):
    """Volunteers whose masked ID number and name are these (a transfer package's match)."""
    return Volunteer.objects.select_related("user").filter(id_number_masked=masked, user__name=name)


def exported_volunteers():
    """Volunteers the national file lists: registered and reviewed, with an ID number."""
    return (
        Volunteer.objects.filter(status__in=EXPORTED_STATUSES)
        .exclude(id_number_encrypted="")
        .select_related("user", "township", "village")
        .order_by("pk")
    )


def full_id_number(volunteer: Volunteer) -> str:
    return identity.decrypt(volunteer.id_number_encrypted)
