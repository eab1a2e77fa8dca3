"""Demo volunteers and teams: the five chorus teams of the 平山红 series, arts squads,
service teams and the 小小红色讲解员 guides, and a volunteer record for every demo account.

Idempotent: accounts that already have a record and teams that already have members are
left alone. ID numbers are made up but valid (GB 11643 check character), so the demo
exercises the same code as real data.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from core.demo import DEMO_ACCOUNTS, demo_account, person_name
from core.masking import mask_id_number
from core.models import Region, User
from core.roles import Role
from volunteers import identity
from volunteers.choices import (
    Availability,
    ConsentSource,
    GuardianRelationship,
    PoliticalStatus,
    ServiceCategory,
    Status,
)
from volunteers.identity import ADULT_AGE, age_on, check_character, guardian_needed, years_before
from volunteers.models import Membership, Team, Volunteer
from volunteers.services import new_card_secret, volunteer_numbers_allocate

TEAMS = (
    ("平山红第一合唱队", Team.Kind.CHORUS, "130131100"),
    ("平山红第二合唱队", Team.Kind.CHORUS, "130131110"),
    ("平山红第三合唱队", Team.Kind.CHORUS, "130131102"),
    ("平山红第四合唱队", Team.Kind.CHORUS, "130131104"),
    ("平山红第五合唱队", Team.Kind.CHORUS, "130131105"),
    ("西柏坡文艺小分队", Team.Kind.ARTS, "130131110"),
    ("平山镇文艺小分队", Team.Kind.ARTS, "130131100"),
    ("温塘文艺小分队", Team.Kind.ARTS, "130131102"),
    ("红色驿站志愿服务队", Team.Kind.SERVICE, "130131100"),
    ("小小红色讲解员", Team.Kind.GUIDES, "130131110"),
)
MINORS_TEAM = "小小红色讲解员"
TEAM_SIZES = {Team.Kind.CHORUS: 40, Team.Kind.ARTS: 20, Team.Kind.SERVICE: 60, Team.Kind.GUIDES: 15}
DEMO_TOWNSHIP = "130131100"  # 平山镇, home of the first chorus team
SHANGHAI = ZoneInfo("Asia/Shanghai")
BATCH = 2000


def seed(ctx) -> None:
    seed_teams(ctx)
    seed_volunteers(ctx)
    seed_memberships(ctx)


def seed_teams(ctx) -> None:
    regions = {r.code: r for r in Region.objects.filter(code__in={t[2] for t in TEAMS})}
    for name, kind, code in TEAMS:
        Team.objects.get_or_create(name=name, defaults={"kind": kind, "region": regions[code]})
    Team.objects.filter(name=MINORS_TEAM).update(minors_allowed=True)
    Team.objects.get(name=TEAMS[0][0]).leaders.add(demo_account(Role.TEAM_LEADER))
    ctx.progress("teams", len(TEAMS), len(TEAMS))


class People:
    """Makes up the rest of a person around an existing demo login, from the seeded RNG."""

    def __init__(self, ctx):
        self.rng = ctx.rng
        self.today = timezone.localdate()
        self.taken = set(
            Volunteer.objects.exclude(id_number_hash=None).values_list("id_number_hash", flat=True)
        )
        townships = Region.objects.filter(level=Region.Level.TOWNSHIP).order_by("code")
        self.villages = {t: list(t.children.order_by("code")) for t in townships}
        self.townships = [t for t, villages in self.villages.items() if villages]

    def birth_date(self, minor: bool) -> date:
        """Children 8–17; adults mostly of working age, a fifth of them 60 or older."""
        if minor:
            age = self.rng.randint(8, 17)
        else:
            age = self.rng.randint(60, 77) if self.rng.random() < 0.2 else self.rng.randint(18, 59)
        return years_before(self.today, age) - timedelta(days=self.rng.randint(1, 364))

    def id_number(self, birth: date, sex: str | None = None) -> str:
        """A valid, unused number; ``sex`` ("male" or "female") fixes its 17th digit's parity."""
        while True:
            sequence = self.rng.randint(0, 999)
            if sex is not None:
                sequence += (sequence % 2) != (sex == "male")  # odd is male (GB 11643)
            first17 = f"130131{birth:%Y%m%d}{sequence % 1000:03d}"
            number = first17 + check_character(first17)
            hashed = identity.keyed_hash(number)
            if hashed not in self.taken:
                self.taken.add(hashed)
                return number

    def volunteer(
        self,
        user_id: int,
        *,
        township: Region | None = None,
        minor=False,
        pending=False,
        sex: str | None = None,
    ):
        birth = self.birth_date(minor)
        # Birth date and sex are read from the number, as registration reads them.
        parsed = identity.parse_id_number(self.id_number(birth, sex), today=self.today)
        number = parsed.number
        township = township or self.rng.choice(self.townships)
        volunteer = Volunteer(
            user_id=user_id,
            status=Status.PENDING if pending else Status.ACTIVE,
            id_number_encrypted=identity.encrypt(number),
            id_number_hash=identity.keyed_hash(number),
            id_number_masked=mask_id_number(number),
            birth_date=parsed.birth_date,
            gender=parsed.gender,
            township=township,
            village=self.rng.choice(self.villages[township]),
            residence=f"{self.rng.randint(1, 9)}组",
            service_categories=self.rng.sample(ServiceCategory.values, self.rng.randint(1, 3)),
            skills=self.rng.choice(
                ["", "合唱", "舞蹈", "摄影", "急救", "方言讲解", "书法", "驾驶"]
            ),
            availability=self.rng.sample(Availability.values, self.rng.randint(1, 2)),
            political_status=self.rng.choice([*[""] * 4, *PoliticalStatus.values]),
            emergency_contact_name=person_name(self.rng),
            emergency_contact_mobile=f"139{self.rng.randint(0, 99_999_999):08d}",
        )
        self._consent(volunteer, pending)
        if guardian_needed(age_on(birth, self.today)):
            self._guardian(volunteer)
        return volunteer

    def _consent(self, volunteer: Volunteer, pending: bool) -> None:
        days_ago = self.rng.randint(0, 20) if pending else self.rng.randint(30, 7 * 365)
        registered = timezone.now() - timedelta(days=days_ago, minutes=self.rng.randint(0, 1440))
        volunteer.registered_at = volunteer.consent_at = registered
        volunteer.consent_policy_version = settings.HONGYI_PRIVACY_POLICY_VERSION
        volunteer.consent_source = (
            ConsentSource.ONLINE
            if pending
            else self.rng.choice([ConsentSource.ONLINE, ConsentSource.PAPER, ConsentSource.PAPER])
        )
        if not pending:
            volunteer.activated_at = volunteer.reviewed_at = registered + timedelta(days=2)
            volunteer.card_secret = new_card_secret()

    def _guardian(self, volunteer: Volunteer) -> None:
        volunteer.guardian_name = person_name(self.rng)
        volunteer.guardian_mobile = f"137{self.rng.randint(0, 99_999_999):08d}"
        volunteer.guardian_relationship = self.rng.choice(GuardianRelationship.values)
        volunteer.guardian_consent_at = volunteer.consent_at


def seed_volunteers(ctx) -> None:
    people = People(ctx)
    _seed_demo_logins(people)
    todo = list(
        User.objects.filter(mobile__startswith="138", volunteer__isnull=True)
        .order_by("mobile")
        .values_list("pk", flat=True)
    )
    xibaipo = Region.objects.get(code="130131110")
    # The demo township office (西柏坡镇) always has a few registrations to review.
    waiting = Volunteer.objects.filter(township=xibaipo, status=Status.PENDING).count()
    for start in range(0, len(todo), BATCH):
        batch = []
        for index, user_id in enumerate(todo[start : start + BATCH], start=start):
            pending = index < 3 - waiting or ctx.rng.random() < 0.05
            township = xibaipo if pending and (index < 3 or ctx.rng.random() < 0.5) else None
            minor = ctx.rng.random() < 0.04
            batch.append(people.volunteer(user_id, township=township, minor=minor, pending=pending))
        _save(batch)
        ctx.progress("volunteer records", start + len(batch), len(todo))
    if not todo:
        ctx.progress("volunteer records", 0, 0)


def _seed_demo_logins(people: People) -> None:
    """Every demo login holds the volunteer role, so each gets an active record (with a card)."""
    township = Region.objects.get(code=DEMO_TOWNSHIP)
    sexes = {account.mobile: account.sex for account in DEMO_ACCOUNTS}
    users = User.objects.filter(mobile__in=sexes, volunteer__isnull=True).order_by("mobile")
    _save([people.volunteer(user.pk, township=township, sex=sexes[user.mobile]) for user in users])


def _save(volunteers: list[Volunteer]) -> None:
    """Numbers in order of activation, by the year each volunteer was activated."""
    active = sorted((v for v in volunteers if v.activated_at), key=lambda v: v.activated_at)
    by_year: dict[int, list[Volunteer]] = {}
    for volunteer in active:
        by_year.setdefault(volunteer.activated_at.astimezone(SHANGHAI).year, []).append(volunteer)
    for year, group in by_year.items():
        numbers = volunteer_numbers_allocate(year=year, count=len(group))
        for volunteer, number in zip(group, numbers, strict=True):
            volunteer.number = number
    Volunteer.objects.bulk_create(volunteers, batch_size=1000)


def seed_memberships(ctx) -> None:
    """Members from each team's township; children only in the guide group."""
    today = timezone.localdate()
    for team in Team.objects.filter(memberships__isnull=True).select_related("region"):
        adults = team.kind != Team.Kind.GUIDES
        candidates = list(_candidates(team, adults, today)[: TEAM_SIZES[team.kind] * 3])
        members = ctx.rng.sample(candidates, min(TEAM_SIZES[team.kind], len(candidates)))
        rows = [_membership(ctx, team, volunteer, today) for volunteer in members]
        Membership.objects.bulk_create(rows)
    demo = Volunteer.objects.get(user__mobile=_mobile(Role.VOLUNTEER))
    first = Team.objects.get(name=TEAMS[0][0])
    for volunteer in (demo, Volunteer.objects.get(user__mobile=_mobile(Role.TEAM_LEADER))):
        if not Membership.objects.filter(team=first, volunteer=volunteer).exists():
            Membership.objects.create(team=first, volunteer=volunteer, joined_on=today)
    ctx.progress("team rosters", len(TEAMS), len(TEAMS))


def _candidates(team: Team, adults: bool, today: date):
    """Active volunteers of the team's township, not the demo logins (they join on purpose)."""
    adult = {"birth_date__lte": years_before(today, ADULT_AGE)}
    queryset = Volunteer.objects.filter(status=Status.ACTIVE, township=team.region)
    queryset = queryset.filter(**adult) if adults else queryset.exclude(**adult)
    return queryset.exclude(user__mobile__startswith="139").order_by("id")


def _membership(ctx, team: Team, volunteer: Volunteer, today: date) -> Membership:
    activated = timezone.localdate(volunteer.activated_at)
    joined = activated + timedelta(days=ctx.rng.randint(0, max((today - activated).days, 0)))
    return Membership(team=team, volunteer=volunteer, joined_on=min(joined, today))


def _mobile(role: Role) -> str:
    return next(account.mobile for account in DEMO_ACCOUNTS if account.role == role)
