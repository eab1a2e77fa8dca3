"""The 22 demo red stations, attached to memorial and exhibition halls across the townships."""

from core.demo import demo_account
from core.models import Region
from core.roles import Role
from stations.models import Station

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


def seed(ctx) -> None:
    townships = {r.code: r for r in Region.objects.filter(level=Region.Level.TOWNSHIP)}
    for code, site in STATION_SITES:
        Station.objects.get_or_create(
            name=f"{site}红色驿站", defaults={"region": townships[code], "site": site}
        )
    first = Station.objects.get(name=f"{STATION_SITES[0][1]}红色驿站")
    first.managers.add(demo_account(Role.STATION_MANAGER))
    ctx.progress("red stations", len(STATION_SITES), len(STATION_SITES))
