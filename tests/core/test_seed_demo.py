from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from core.models import Region, RoleGrant, User
from core.roles import Role
from stations.models import Station
from volunteers.models import Team

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", "--scale", "small", stdout=out)
    return out.getvalue()


def counts():
    return (
        User.objects.count(),
        Region.objects.count(),
        Station.objects.count(),
        Team.objects.count(),
        RoleGrant.objects.count(),
    )


def test_seed_demo_builds_every_role_stations_and_teams():
    output = seed()
    assert Station.objects.count() == 22
    assert Team.objects.filter(kind=Team.Kind.CHORUS).count() == 5
    assert RoleGrant.objects.filter(role=Role.VOLUNTEER).count() >= 60
    for account in DEMO_ACCOUNTS:
        assert account.mobile in output
        assert RoleGrant.objects.filter(user__mobile=account.mobile, role=account.role).exists()
    assert "red stations" in output


def test_seed_demo_twice_changes_nothing():
    seed()
    before = counts()
    seed()
    assert counts() == before


def test_every_demo_login_works():
    seed()
    for account in DEMO_ACCOUNTS:
        client = Client()
        assert client.login(mobile=account.mobile, password=DEMO_PASSWORD), account.mobile


def test_the_demo_station_manager_manages_a_station():
    seed()
    manager = User.objects.get(mobile="13900000004")
    assert manager.managed_stations.count() == 1


def test_seed_demo_offers_ten_times_pingshan_and_refuses_an_unknown_scale():
    from django.core.management import CommandError

    from core.demo import SCALES
    from core.management.commands.seed_demo import Command
    from stations.demo import ENTRIES

    parser = Command().create_parser("manage.py", "seed_demo")
    assert parser.parse_args(["--scale", "pingshan10"]).scale == "pingshan10"
    assert SCALES["pingshan10"]["volunteers"] == 10 * SCALES["pingshan"]["volunteers"] == 170_000
    assert ENTRIES["pingshan10"] == 10 * ENTRIES["pingshan"]
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("seed_demo", "--scale", "pingshan100", stdout=StringIO())
