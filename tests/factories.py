import factory

from core.models import Region, User
from core.services import role_grant
from stations.models import Station
from volunteers.models import Team

TEST_PASSWORD = "correct-horse-battery"


def township(code: str) -> Region:
    """A region seeded by the migrations (the county or one of its townships)."""
    return Region.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    mobile = factory.Sequence(lambda n: f"137{n:08d}")
    name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @classmethod
    def with_role(cls, role, region=None, **fields):
        user = cls(**fields)
        user.save()
        role_grant(user=user, role=role, region=region)
        user.refresh_from_db()
        return user


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    parent = factory.LazyFunction(lambda: township("130131110"))
    code = factory.Sequence(lambda n: f"130131110{n + 500:03d}")
    name = factory.Sequence(lambda n: f"测试村{n}")
    level = Region.Level.VILLAGE


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    name = factory.Sequence(lambda n: f"测试红色驿站{n}")
    region = factory.LazyFunction(lambda: township("130131110"))
    site = "纪念馆"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"测试合唱队{n}")
    kind = Team.Kind.CHORUS
    region = factory.LazyFunction(lambda: township("130131110"))
