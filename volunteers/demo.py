"""Demo teams: the five chorus teams of the 平山红 series, arts squads and service teams."""

from core.demo import demo_account
from core.models import Region
from core.roles import Role
from volunteers.models import Team

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


def seed(ctx) -> None:
    regions = {r.code: r for r in Region.objects.filter(code__in={t[2] for t in TEAMS})}
    for name, kind, code in TEAMS:
        Team.objects.get_or_create(name=name, defaults={"kind": kind, "region": regions[code]})
    Team.objects.get(name=TEAMS[0][0]).leaders.add(demo_account(Role.TEAM_LEADER))
    ctx.progress("teams", len(TEAMS), len(TEAMS))
