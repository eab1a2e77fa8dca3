from datetime import date

import pytest

from exchange.models import Reward
from exchange.services import points_accrue, reward_create
from ledger.services import claim_approve
from tests.volunteers.factories import VolunteerFactory


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member(pingshan):
    """A registered volunteer of 西柏坡镇 (with an ID number), other than pingshan.volunteer."""
    return VolunteerFactory(township=pingshan.xibaipo)


@pytest.fixture
def serve(submit, pingshan):
    """Approve ``minutes`` of service for ``user`` (default: the 西柏坡 member) and accrue."""

    def _serve(minutes, *, user, on=date(2026, 10, 8), accrue=True, **overrides):
        entry = claim_approve(
            claim=submit(minutes, volunteer=user, on=on, **overrides), actor=pingshan.manager
        )
        if accrue:
            points_accrue()
        return entry

    return _serve


@pytest.fixture
def reward(pingshan):
    """A 西柏坡镇 reward of 100 points, 2 in stock, collected at the 西柏坡 station."""
    return reward_create(
        actor=pingshan.township_office,
        township=pingshan.xibaipo,
        name="红色文创帆布袋",
        points=100,
        stock=2,
        station=pingshan.station,
        place="西柏坡纪念馆红色驿站服务台",
    )


@pytest.fixture
def county_reward(pingshan):
    return Reward.objects.create(
        township=pingshan.county_office.role_grants.get().region,
        name="县级纪念徽章",
        points=50,
        stock=1,
        place="县新时代文明实践中心",
    )
