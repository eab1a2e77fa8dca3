import pytest
from django.conf import settings
from django.test import Client

from core.roles import Role
from tests.factories import StationFactory, TeamFactory, UserFactory, township


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests log many users in; a slow hasher would only measure PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    """Pages render from the source folders; production's hashed manifest is tested apart."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def make_user(db):
    return UserFactory.with_role


@pytest.fixture
def login():
    """A client logged in as ``user``."""

    def _login(user, **headers):
        client = Client(**headers)
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def pingshan(db):
    """Two townships, each with a station, a team and every kind of insider.

    ``pingshan.xibaipo`` holds the insiders; ``pingshan.wentang`` the outsiders' turf.
    """

    class World:
        xibaipo = township("130131110")
        wentang = township("130131102")
        station = StationFactory(region=xibaipo, name="西柏坡纪念馆红色驿站")
        other_station = StationFactory(region=wentang, name="平山团纪念馆红色驿站")
        team = TeamFactory(region=xibaipo, name="平山红第二合唱队")
        other_team = TeamFactory(region=wentang, name="温塘文艺小分队")
        volunteer = UserFactory.with_role(Role.VOLUNTEER)
        manager = UserFactory.with_role(Role.STATION_MANAGER)
        other_manager = UserFactory.with_role(Role.STATION_MANAGER)
        leader = UserFactory.with_role(Role.TEAM_LEADER)
        township_office = UserFactory.with_role(Role.TOWNSHIP_OFFICE, region=xibaipo)
        other_township_office = UserFactory.with_role(Role.TOWNSHIP_OFFICE, region=wentang)
        county_office = UserFactory.with_role(Role.COUNTY_OFFICE, region=township("130131"))
        admin = UserFactory.with_role(Role.ADMIN)

    world = World()
    world.station.managers.add(world.manager)
    world.other_station.managers.add(world.other_manager)
    world.team.leaders.add(world.leader)
    return world


pytest_plugins = ["tests.ledger.conftest_fixtures", "tests.hardening.county"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: LocaleMiddleware leaves the language of
    the last request it served active in the thread, so a test after one that asked for
    English would otherwise read English from services it calls directly."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
