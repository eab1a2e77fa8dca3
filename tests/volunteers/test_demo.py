from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from volunteers.identity import decrypt, parse_id_number
from volunteers.models import Membership, Team, Volunteer
from volunteers.selectors import volunteer_age

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--scale", "small", stdout=StringIO())


def test_every_demo_account_and_volunteer_login_has_a_valid_record():
    seed()
    assert Volunteer.objects.count() == 60 + 7
    for volunteer in Volunteer.objects.all():
        parsed = parse_id_number(decrypt(volunteer.id_number_encrypted), today=timezone.localdate())
        assert parsed.birth_date == volunteer.birth_date
        assert parsed.gender == volunteer.gender  # the 17th digit: odd is male
        assert volunteer.village.parent_id == volunteer.township_id
        assert (volunteer.status == "active") == bool(volunteer.number and volunteer.card_secret)


def test_the_demo_volunteer_is_active_with_a_card_in_the_first_chorus_team():
    seed()
    client = Client()
    assert client.login(mobile="13900000007", password=DEMO_PASSWORD)
    page = client.get(reverse("volunteers:card")).content.decode()
    volunteer = Volunteer.objects.get(user__mobile="13900000007")
    assert volunteer.number in page
    assert "平山红第一合唱队" in page


def test_the_demo_has_minors_with_guardians_pending_registrations_and_rosters():
    seed()
    minors = [v for v in Volunteer.objects.all() if volunteer_age(v) < 18]
    assert minors
    assert all(v.guardian_consent_at and v.guardian_name for v in minors)
    assert Volunteer.objects.filter(status="pending", township__code="130131110").count() >= 3
    assert Team.objects.get(name="小小红色讲解员").minors_allowed
    chorus = Membership.objects.filter(team__kind="chorus").select_related("volunteer")
    assert chorus.exists()
    assert all(volunteer_age(m.volunteer) >= 18 for m in chorus)
    leader_team = Team.objects.get(name="平山红第一合唱队")
    assert leader_team.leaders.filter(mobile="13900000006").exists()


def test_seeding_twice_adds_nothing():
    seed()
    before = (Volunteer.objects.count(), Membership.objects.count())
    numbers = set(Volunteer.objects.values_list("number", flat=True))
    seed()
    assert (Volunteer.objects.count(), Membership.objects.count()) == before
    assert set(Volunteer.objects.values_list("number", flat=True)) == numbers


def test_each_demo_login_has_the_sex_its_name_suggests_and_its_id_number_says():
    seed()
    for account in DEMO_ACCOUNTS:
        volunteer = Volunteer.objects.get(user__mobile=account.mobile)
        number = decrypt(volunteer.id_number_encrypted)
        assert volunteer.gender == account.sex == ("male" if int(number[16]) % 2 else "female")


def test_the_demo_volunteer_zhang_xiaobing_is_shown_as_male():
    seed()
    client = Client()
    assert client.login(mobile="13900000007", password=DEMO_PASSWORD)
    page = client.get(reverse("volunteers:me")).content.decode()
    assert "<dd>男</dd>" in page
