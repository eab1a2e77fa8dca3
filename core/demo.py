"""Demo data for the foundation: villages, the demo logins, and the volunteers' accounts.

Every step is idempotent (natural keys, ``ignore_conflicts``), so ``seed_demo`` can run
again after a later issue adds a step, and only the new step does any work.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from core.models import Region, RoleGrant, User
from core.roles import Role
from core.services import role_grant

DEMO_PASSWORD = "hongyi-demo-2026"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoAccount:
    role: Role
    mobile: str
    name: str
    region_code: str | None = None
    # The sex the name suggests: the demo makes up an ID number whose 17th digit says it
    # (GB 11643: odd is male), and the record's sex is read from that number.
    sex: str = "male"


DEMO_ACCOUNTS = (
    DemoAccount(Role.ADMIN, "13900000001", "系统管理员"),
    DemoAccount(Role.COUNTY_OFFICE, "13900000002", "县文明办·王主任", "130131"),
    DemoAccount(Role.TOWNSHIP_OFFICE, "13900000003", "西柏坡镇·李干事", "130131110"),
    DemoAccount(Role.STATION_MANAGER, "13900000004", "驿站站长·赵红", sex="female"),
    DemoAccount(Role.EVENT_ORGANIZER, "13900000005", "活动组织·陈明"),
    DemoAccount(Role.TEAM_LEADER, "13900000006", "合唱队长·刘芳", sex="female"),
    DemoAccount(Role.VOLUNTEER, "13900000007", "志愿者·张小兵"),
)

VILLAGE_STEMS = "东西南北上下前后中"
VILLAGE_ROOTS = ("庄", "沟", "坡", "峪", "河", "岭", "台", "口", "湾", "坪")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志宏海燕春雪凤云飞鹏晓东"

# small: a quick look; pingshan: the county's real size; pingshan10: ten times the
# volunteers and hours on the same map, to see pages and reports at a larger county's size.
SCALES = {
    "small": {"villages_per_township": 3, "volunteers": 60},
    "pingshan": {"villages_per_township": 30, "volunteers": 17_000},
    "pingshan10": {"villages_per_township": 30, "volunteers": 170_000},
}


def demo_account(role: Role) -> User:
    account = next(a for a in DEMO_ACCOUNTS if a.role == role)
    return User.objects.get(mobile=account.mobile)


def person_name(rng) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def seed(ctx) -> None:
    seed_villages(ctx)
    seed_accounts(ctx)
    seed_volunteer_accounts(ctx)


def seed_villages(ctx) -> None:
    per_township = SCALES[ctx.scale]["villages_per_township"]
    villages = []
    for township in Region.objects.filter(level=Region.Level.TOWNSHIP):
        for index in range(per_township):
            stem = VILLAGE_STEMS[index % len(VILLAGE_STEMS)]
            root = VILLAGE_ROOTS[(index // len(VILLAGE_STEMS)) % len(VILLAGE_ROOTS)]
            villages.append(
                Region(
                    code=f"{township.code}{index + 201:03d}",
                    name=f"{township.name[:2]}{stem}{root}村",
                    level=Region.Level.VILLAGE,
                    parent=township,
                )
            )
    Region.objects.bulk_create(villages, ignore_conflicts=True)
    ctx.progress("villages", len(villages), len(villages))


def seed_accounts(ctx) -> None:
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            mobile=account.mobile, defaults={"name": account.name}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        region = Region.objects.get(code=account.region_code) if account.region_code else None
        role_grant(user=user, role=account.role, region=region)
        if account.role != Role.VOLUNTEER:
            role_grant(user=user, role=Role.VOLUNTEER)


def seed_volunteer_accounts(ctx) -> None:
    """Volunteers' log-in accounts (their profiles arrive with the volunteers app)."""
    total = SCALES[ctx.scale]["volunteers"]
    unusable = make_password(None)
    for start in range(0, total, 5000):
        batch = range(start, min(start + 5000, total))
        users = [
            User(mobile=f"138{i:08d}", name=person_name(ctx.rng), password=unusable) for i in batch
        ]
        User.objects.bulk_create(users, ignore_conflicts=True)
        ids = User.objects.filter(mobile__in=[u.mobile for u in users]).values_list("pk", flat=True)
        grants = [RoleGrant(user_id=pk, role=Role.VOLUNTEER) for pk in ids]
        RoleGrant.objects.bulk_create(grants, ignore_conflicts=True)
        ctx.progress("volunteer accounts", batch.stop, total)
