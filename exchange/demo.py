"""Demo points: 西柏坡镇's rewards catalogue and the county's own, points earned from every
demo hour, a few bonuses, and redemptions (some collected at the demo manager's station).

Idempotent: the catalogue is looked up by name, accrual reads on from its cursor, and
bonuses and redemptions are made only once.
"""

from core.demo import demo_account
from core.models import Region
from core.roles import Role
from exchange.models import PointsBalance, PointsEntry, PointsKind, Redemption, Reward
from exchange.services import (
    points_accrue,
    points_grant,
    redemption_collect,
    reward_create,
    reward_redeem,
)
from stations.models import Station

XIBAIPO = "130131110"
STATION = "西柏坡纪念馆红色驿站"
CATALOGUE = (
    # (township code, item, points, stock, description)
    (XIBAIPO, "西柏坡红色文创帆布袋", 150, 40, "印有“两个务必”字样"),
    (XIBAIPO, "《西柏坡故事》读本", 200, 30, "西柏坡纪念馆编"),
    (XIBAIPO, "纪念馆讲解体验一次", 300, 10, "由金牌讲解员陪同讲解"),
    (XIBAIPO, "平山绿茶一盒", 400, 20, "本地茶园出品"),
    ("130131", "平山红志愿者纪念徽章", 100, 200, "全县通用"),
    ("130131", "志愿服务马甲", 500, 50, "全县通用，按尺码领取"),
)
BONUSES = 5
REDEMPTIONS = {"small": 6, "pingshan": 120, "pingshan10": 400}


def seed(ctx) -> None:
    seed_catalogue(ctx)
    seed_points(ctx)
    seed_bonuses(ctx)
    seed_redemptions(ctx)


def seed_catalogue(ctx) -> None:
    station = Station.objects.get(name=STATION)
    office = demo_account(Role.TOWNSHIP_OFFICE)
    county = demo_account(Role.COUNTY_OFFICE)
    for code, name, points, stock, description in CATALOGUE:
        township = Region.objects.get(code=code)
        if Reward.objects.filter(township=township, name=name).exists():
            continue
        reward_create(
            actor=office if code == XIBAIPO else county,
            township=township,
            name=name,
            points=points,
            stock=stock,
            description=description,
            station=station,
            place=f"{station.name}服务台",
        )
    ctx.progress("rewards catalogue", len(CATALOGUE), len(CATALOGUE))


def seed_points(ctx) -> None:
    """Every demo hour earns its points, through the accrual a live system runs."""
    read = points_accrue()
    ctx.progress("points from hours", read, read)


def seed_bonuses(ctx) -> None:
    if PointsEntry.objects.filter(kind=PointsKind.BONUS).exists():
        ctx.progress("points bonuses (kept)", BONUSES, BONUSES)
        return
    county = demo_account(Role.COUNTY_OFFICE)
    points_grant(
        volunteer=demo_account(Role.VOLUNTEER),
        points=600,
        actor=county,
        reason="演示：2025 年度优秀志愿者",
    )
    top = PointsBalance.objects.order_by("-points", "volunteer_id")[: BONUSES - 1]
    for balance in top.select_related("volunteer"):
        points_grant(
            volunteer=balance.volunteer,
            points=100,
            actor=county,
            reason="演示：平山红合唱展演表现突出",
        )
    ctx.progress("points bonuses", BONUSES, BONUSES)


def seed_redemptions(ctx) -> None:
    """Volunteers of 西柏坡镇 with enough points redeem; every other one is collected."""
    total = REDEMPTIONS[ctx.scale]
    if Redemption.objects.exists():
        ctx.progress("redemptions (kept)", total, total)
        return
    manager = demo_account(Role.STATION_MANAGER)
    rewards = list(Reward.objects.filter(township__code=XIBAIPO).order_by("points"))
    richest = PointsBalance.objects.filter(
        volunteer__volunteer__township__code=XIBAIPO, points__gte=rewards[0].points
    ).order_by("-points", "volunteer_id")[:total]
    made = 0
    for n, balance in enumerate(richest.select_related("volunteer")):
        reward = next((r for r in reversed(rewards) if r.points <= balance.points), None)
        reward = Reward.objects.get(pk=reward.pk)
        if reward.stock < 1:
            continue
        redemption = reward_redeem(reward=reward, volunteer=balance.volunteer)
        if n % 2:
            redemption_collect(code=redemption.code, actor=manager)
        made += 1
    ctx.progress("redemptions", made, made)
