"""Volunteers for tests, with ID numbers whose check characters are computed here.

``id_number`` is written from GB 11643 directly rather than through the code under
test, so the validator's tests have an independent oracle.
"""

from datetime import date, timedelta

import factory
from django.utils import timezone

from core.roles import Role
from core.services import role_grant
from tests.factories import UserFactory, VillageFactory, township
from volunteers.choices import Availability, ConsentSource, ServiceCategory, Status
from volunteers.identity import parse_id_number
from volunteers.models import Membership, Volunteer
from volunteers.services import identity_fields, new_card_secret, volunteer_numbers_allocate

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(birth: date, *, seq: int = 12, male: bool = True, area: str = "130131") -> str:
    """A valid number: area, birth date, a sequence whose last digit gives the gender."""
    sequence = f"{seq % 100:02d}{(1 if male else 2)}"
    body = f"{area}{birth:%Y%m%d}{sequence}"
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def years_ago(years: int, days: int = 0) -> date:
    """The birth date of someone who turns ``years`` today, moved ``days`` earlier."""
    today = timezone.localdate()
    day = 28 if (today.month, today.day) == (2, 29) else today.day
    return today.replace(year=today.year - years, day=day) - timedelta(days=days)


class VolunteerUserFactory(UserFactory):
    """A login with the volunteer role, as registration makes one."""

    @factory.post_generation
    def volunteer_role(self, create, extracted, **kwargs):
        if create:
            self.save()
            role_grant(user=self, role=Role.VOLUNTEER)


class VolunteerFactory(factory.django.DjangoModelFactory):
    """An active adult of 西柏坡镇 with a number and a card, unless told otherwise.

    Pass ``id_text`` for a particular ID number; the stored forms are derived from it.
    """

    class Meta:
        model = Volunteer

    user = factory.SubFactory(VolunteerUserFactory)
    id_text = factory.Sequence(lambda n: id_number(date(1970, 1, 1) + timedelta(days=n)))
    township = factory.LazyFunction(lambda: township("130131110"))
    village = factory.LazyAttributeSequence(
        lambda o, n: VillageFactory(parent=o.township, code=f"{o.township.code}{n % 600 + 300:03d}")
    )
    residence = "西柏坡村三组"
    service_categories = factory.LazyFunction(lambda: [ServiceCategory.RED_GUIDE])
    availability = factory.LazyFunction(lambda: [Availability.WEEKEND])
    emergency_contact_name = "王大山"
    emergency_contact_mobile = "13911112222"
    consent_at = factory.LazyFunction(timezone.now)
    consent_policy_version = "2026-01"
    consent_source = ConsentSource.ONLINE
    status = Status.ACTIVE

    @factory.lazy_attribute
    def number(self):
        if self.status == Status.PENDING:
            return None
        return volunteer_numbers_allocate(year=timezone.localdate().year, count=1)[0]

    @factory.lazy_attribute
    def card_secret(self):
        return new_card_secret() if self.status == Status.ACTIVE else None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parsed = parse_id_number(kwargs.pop("id_text"), today=timezone.localdate())
        return super()._create(model_class, *args, **identity_fields(parsed), **kwargs)


def join(volunteer, team, *, joined_on=None, left_on=None):
    return Membership.objects.create(
        team=team,
        volunteer=volunteer,
        joined_on=joined_on or timezone.localdate(),
        left_on=left_on,
    )
