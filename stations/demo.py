"""The 22 demo red stations, attached to memorial and exhibition halls across the townships,
and three years of service hours at them (about 510,000 hours at the Pingshan scale)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from core.demo import demo_account
from core.models import Region, User
from core.roles import Role
from ledger.models import Entry, Kind, RecordingUnit
from ledger.services import entries_import
from stations.models import ServiceProgram, Station
from stations.services import poster_ensure, station_unit_sync
from volunteers.models import Team

# (township code, the hall the station is attached to). Demo data, not an official list.
STATION_SITES = (
    ("130131110", "西柏坡纪念馆"),
    ("130131110", "中共中央旧址"),
    ("130131110", "西柏坡廉政教育馆"),
    ("130131110", "李家庄中央统战部旧址"),
    ("130131100", "晋察冀边区革命纪念馆"),
    ("130131100", "平山县新时代文明实践中心展厅"),
    ("130131101", "东回舍红色文化展览馆"),
    ("130131102", "平山团纪念馆"),
    ("130131103", "南甸抗战史展览馆"),
    ("130131104", "岗南水库建设纪念馆"),
    ("130131105", "古月村史馆"),
    ("130131106", "下槐红色记忆展览馆"),
    ("130131107", "孟家庄革命历史陈列馆"),
    ("130131108", "小觉抗日烈士纪念馆"),
    ("130131109", "蛟潭庄红色教育展馆"),
    ("130131111", "下口乡村振兴展览馆"),
    ("130131200", "西大吾党史学习教育馆"),
    ("130131201", "上三汲红色展览馆"),
    ("130131202", "两河革命纪念馆"),
    ("130131204", "苏家庄抗战纪念馆"),
    ("130131205", "宅北红色文化馆"),
    ("130131207", "北冶晋察冀日报社旧址"),
)


# Open 09:00–17:00 Tuesday to Sunday; closed on Mondays, as many halls are.
OPENING_HOURS = {str(day): ["09:00", "17:00"] for day in range(1, 7)}


def seed(ctx) -> None:
    townships = {r.code: r for r in Region.objects.filter(level=Region.Level.TOWNSHIP)}
    programs = list(ServiceProgram.objects.order_by("pk"))
    for n, (code, site) in enumerate(STATION_SITES):
        station, _created = Station.objects.update_or_create(
            name=f"{site}红色驿站", defaults=_details(n, townships[code], site, programs)
        )
        station.programs.set(programs)
        poster_ensure(station=station)
    first = Station.objects.get(name=f"{STATION_SITES[0][1]}红色驿站")
    first.managers.add(demo_account(Role.STATION_MANAGER))
    for station in Station.objects.select_related("region").prefetch_related("managers"):
        station_unit_sync(station=station)
    ctx.progress("red stations", len(STATION_SITES), len(STATION_SITES))
    seed_hours(ctx)


def _details(n: int, region, site: str, programs) -> dict:
    """Fixed, made-up coordinates near Pingshan (so the seed is idempotent)."""
    return {
        "region": region,
        "site": site,
        "site_type": Station.SiteType.EXHIBITION_HALL
        if "展" in site
        else Station.SiteType.MEMORIAL_HALL,
        "latitude": Decimal("38.2000") + Decimal(n * 9 % 20) / 100,
        "longitude": Decimal("113.9000") + Decimal(n * 7 % 30) / 100,
        "address": f"平山县{region.name}{site}",
        "contact": "0311-8251" + f"{n:04d}",
        "opening_hours": OPENING_HOURS,
        "closed_on_holidays": False,
        "default_program": programs[n % len(programs)],
    }


PROGRAMS = ("我为游客办实事", "红色微心愿", "小小红色讲解员", "理论宣讲")
ENTRIES = {"small": 600, "pingshan": 200_000, "pingshan10": 2_000_000}
DAYS = 3 * 365  # the three years up to yesterday, so "this month" has hours on the 2nd


def first_day(today: date) -> date:
    return today - timedelta(days=DAYS)


def seed_hours(ctx) -> None:
    """Historical hours, through the ledger's bulk import (same chain, balances and summaries)."""
    total = ENTRIES[ctx.scale]
    if Entry.objects.filter(source_key__startswith="demo:").exists():
        ctx.progress("service hours (kept)", total, total)
        return
    world = {
        "volunteers": list(
            User.objects.filter(role_grants__role=Role.VOLUNTEER).values_list("pk", flat=True)
        ),
        "stations": list(Station.objects.select_related("region")),
        "units": dict(
            RecordingUnit.objects.filter(key__startswith="station:").values_list("key", "pk")
        ),
        "teams": list(Team.objects.filter(kind=Team.Kind.CHORUS)),
        # Keyed as a check-in keys its program (``program:<pk>``), so the dashboard shows
        # each program once, whoever recorded its hours (a station, a wish).
        "programs": [
            (f"program:{pk}", name)
            for pk, name in ServiceProgram.objects.filter(name__in=PROGRAMS)
            .order_by("pk")
            .values_list("pk", "name")
        ],
    }
    world["first_day"] = first_day(timezone.localdate())
    rows = (_row(ctx.rng, n, world) for n in range(total))
    entries_import(rows=rows, progress=lambda done: ctx.progress("service hours", done, total))


def _row(rng, n, world) -> dict:
    station = rng.choice(world["stations"])
    program_key, program_name = rng.choice(world["programs"])
    team = rng.choice(world["teams"]) if rng.random() < 0.1 else None
    return {
        "source_key": f"demo:{n}",
        "volunteer_id": rng.choice(world["volunteers"]),
        "unit_id": world["units"][f"station:{station.pk}"],
        "minutes": rng.randint(60, 250),
        "kind": Kind.PERFORMANCE if team else Kind.STATION,
        "service_date": world["first_day"] + timedelta(days=rng.randrange(DAYS)),
        "activity": f"平山红合唱·{team.name}" if team else program_name,
        "place": station.site,
        "content": "合唱演出" if team else f"{program_name}志愿服务",
        "township": station.region,
        "station_key": f"station:{station.pk}",
        "station_name": station.name,
        "program_key": "" if team else program_key,
        "program_name": "" if team else program_name,
        "team_key": f"team:{team.pk}" if team else "",
        "team_name": team.name if team else "",
    }
