"""Demo wishes: 红色微心愿, 游客求助 and 随手拍 across the 22 stations, with realistic shares
declined, merged, fulfilled on time or late, still open (some overdue) and rated.

At the ``pingshan`` scale that is a year of about 12,000 items (some 33 a day county-wide,
one or two per station); ``small`` keeps ``make demo`` quick with three months of 160.
History is written in bulk (rows, steps, hours); hours done more than three weeks ago go
into the ledger through its bulk import, later ones wait as claims in the station's
queue. Then a few items are walked through the real services for the demo logins: one to
review, one on the board, one overdue task for the demo volunteer, one done and waiting.
Idempotent: once any wish exists, the history is kept.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from core.demo import demo_account
from core.roles import Role
from core.workdays import overrides_for
from ledger.models import Kind as LedgerKind
from ledger.models import RecordingUnit
from ledger.services import Activity, claim_submit, entries_import
from stations.models import Station
from volunteers.models import Team, Volunteer
from wishes import geo
from wishes.codes import new_code
from wishes.deadlines import due_date
from wishes.models import Status, Wish, WishEvent, WishHours, WishKind
from wishes.privacy import address_fields, phone_fields

ITEMS = {"small": (160, 90), "pingshan": (12_000, 365), "pingshan10": (12_000, 365)}
KIND_SHARES = (("wish", 0.55), ("visitor", 0.30), ("snapshot", 0.15))
TITLES = {
    "wish": ("想请志愿者帮忙修一下院门", "希望有人陪老人去卫生院体检", "想要一台收音机听新闻",
             "家里灯泡坏了，老人够不着", "想给孩子借几本红色故事书", "希望有人帮忙代缴电费",
             "想学用智能手机和孙子视频", "冬天想请人帮忙搬煤", "想要一副老花镜",
             "希望志愿者来家里打扫一次卫生", "想听一次西柏坡的革命故事", "屋顶漏雨想请人看看"),
    "visitor": ("问路：去中共中央旧址怎么走", "手机没电了，需要充电", "老人需要借用轮椅",
                "孩子走散了，请帮忙寻找", "天热中暑，需要帮助", "想预约一位讲解员",
                "需要临时寄存行李", "钱包遗失，请帮忙查找", "想打印一张返程车票"),
    "snapshot": ("路灯不亮", "人行道砖松动", "垃圾桶满溢", "墙面有小广告", "健身器材损坏",
                 "车辆乱停占用盲道", "景区指示牌破损", "河边有垃圾", "井盖缺失"),
}  # fmt: skip
NOTES = ("已电话联系，约好时间上门", "已准备好所需材料", "志愿者已到现场")
DONE = {
    "wish": "心愿已实现，居民很满意",
    "visitor": "已帮助游客解决",
    "snapshot": "已处理并拍照反馈",
}
DECLINE = ("不属于志愿服务范围，已转12345热线", "信息不全，无法联系到提交人", "已由社区直接解决")
MINUTES = {"wish": (60, 180), "visitor": (15, 60), "snapshot": (30, 90)}
STARS = ((5, 0.6), (4, 0.28), (3, 0.08), (2, 0.03), (1, 0.01))
COMMENTS = ("很及时，谢谢志愿者", "态度很好", "非常满意", "", "", "速度可以再快些")
A = WishEvent.Action
LEDGER_AFTER = timedelta(days=21)  # older hours go straight into the ledger
SHANGHAI_OFFICE = (8, 18)


def seed(ctx) -> None:
    total, days = ITEMS[ctx.scale]
    if Wish.objects.exists():
        ctx.progress("wishes (kept)", total, total)
        return
    world = World(ctx, days)
    made = [world.item(n) for n in range(total)]
    world.save(made, progress=lambda done: ctx.progress("wishes", done, total))
    _link_duplicates(made)
    seed_demo_logins()


class World:
    """Everything a made-up item needs, read once; the seeded RNG decides the rest."""

    def __init__(self, ctx, days: int):
        self.rng, self.now = ctx.rng, timezone.now()
        self.first = self.now - timedelta(days=days)
        self.kinds = {kind.code: kind for kind in WishKind.objects.all()}
        self.stations = list(Station.objects.select_related("region").order_by("pk"))
        self.weights = [3 if n < 4 else 1 for n in range(len(self.stations))]  # 西柏坡 first
        active = Volunteer.objects.filter(status="active")
        self.people = list(active.values_list("user_id", flat=True))
        self.team = Team.objects.filter(kind=Team.Kind.SERVICE).first()
        self.units = dict(RecordingUnit.objects.filter(key__startswith="station:")
                          .values_list("key", "pk"))  # fmt: skip
        today = timezone.localdate()
        self.overrides = overrides_for(today - timedelta(days=days + 1), today + timedelta(90))
        self.outline = geo.county_outline()

    def item(self, n: int) -> dict:
        rng = self.rng
        kind = self.kinds[_weighted(rng, KIND_SHARES)]
        station = rng.choices(self.stations, weights=self.weights)[0]
        filed_at = self._moment(self.first + timedelta(seconds=rng.random() * self._span()))
        filed_on = timezone.localtime(filed_at).date()
        due_on = due_date(filed_on, kind.deadline_working_days, self.overrides)
        return {"kind": kind, "station": station, "filed_at": filed_at, "due_on": due_on,
                "title": rng.choice(TITLES[kind.code]), "point": self._point(station),
                "phone": f"13{rng.randint(5, 9)}{rng.randint(0, 99_999_999):08d}",
                "address": f"{station.region.name}{rng.choice('东西南北')}街{rng.randint(1, 99)}号"
                if kind.code == "wish" else "", "fate": self._fate(filed_at, due_on)}  # fmt: skip

    def _span(self) -> float:
        return (self.now - self.first).total_seconds()

    def _moment(self, when: datetime) -> datetime:
        """Office hours, Beijing time: people file by day."""
        local = timezone.localtime(when)
        hour = self.rng.randint(*SHANGHAI_OFFICE)
        return local.replace(hour=hour, minute=self.rng.randint(0, 59), second=0, microsecond=0)

    def _point(self, station) -> tuple | None:
        if station.latitude is None or self.rng.random() < 0.2:
            return None
        for _try in range(6):
            lat = float(station.latitude) + self.rng.gauss(0, 0.03)
            lon = float(station.longitude) + self.rng.gauss(0, 0.035)
            if self.outline is None or self.outline.contains(lon, lat):
                return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")
        return None

    def _fate(self, filed_at, due_on) -> dict:
        """When each step happened (None: not yet), drawn from shares a county would see."""
        rng, hours = self.rng, lambda h: filed_at + timedelta(hours=h)
        draw = rng.random()
        if draw < 0.07:
            return {"declined": hours(rng.uniform(1, 30))}
        if draw < 0.10:
            return {"merged": hours(rng.uniform(1, 20))}
        fate = {"accepted": hours(rng.uniform(0.5, 20)), "stuck": draw > 0.97}
        fate["assigned"] = fate["accepted"] + timedelta(hours=rng.uniform(0.5, 30))
        allowed = max((due_on - timezone.localtime(filed_at).date()).days, 1)
        late = rng.random() < 0.12
        days = allowed + rng.uniform(0.5, 6) if late else rng.uniform(0.1, allowed)
        fate["resolved"] = None if fate["stuck"] else max(hours(days * 24), fate["assigned"])
        return fate

    def save(self, made: list[dict], *, progress) -> None:
        for start in range(0, len(made), 2000):
            batch = made[start : start + 2000]
            wishes = Wish.objects.bulk_create([self._row(m) for m in batch])
            for item, wish in zip(batch, wishes, strict=True):
                item["wish"] = wish
            WishEvent.objects.bulk_create(e for m in batch for e in self._steps(m))
            self._hours(batch)
            progress(start + len(batch))

    def _row(self, item: dict) -> Wish:
        fate, now = item["fate"], self.now
        status, closed = _status(fate, now), None
        wish = Wish(code=new_code(), kind=item["kind"], title=item["title"],
                    station=item["station"], township=item["station"].region,
                    filed_at=item["filed_at"], due_on=item["due_on"], status=status,
                    **phone_fields(item["phone"]), **address_fields(item["address"]))  # fmt: skip
        if item["point"]:
            wish.latitude, wish.longitude = item["point"]
        if status in (Status.ASSIGNED, Status.RESOLVED, Status.CONFIRMED):
            self._assign(wish, fate)
        if status in (Status.RESOLVED, Status.CONFIRMED):
            wish.resolved_at = fate["resolved"]
            wish.resolved_late = timezone.localtime(wish.resolved_at).date() > wish.due_on
        if status == Status.DECLINED:
            wish.decline_reason, closed = self.rng.choice(DECLINE), fate["declined"]
        if status == Status.MERGED:
            closed = fate["merged"]
        if status == Status.CONFIRMED:
            closed = self._confirmation(fate)
            self._rating(wish, fate, closed)
        wish.closed_at = closed
        return wish

    def _assign(self, wish: Wish, fate: dict) -> None:
        wish.assigned_at = fate["assigned"]
        if self.team and self.rng.random() < 0.1:
            wish.team = self.team
        else:
            wish.assignee_id = fate.setdefault("who", self.rng.choice(self.people))

    def _confirmation(self, fate: dict):
        if "confirmed" not in fate:
            by_filer = self.rng.random() < 0.6
            fate["auto"] = not by_filer
            wait = timedelta(days=self.rng.uniform(0.1, 3)) if by_filer else timedelta(days=7)
            fate["confirmed"] = fate["resolved"] + wait
        return fate["confirmed"]

    def _rating(self, wish: Wish, fate: dict, closed) -> None:
        if fate.get("auto") or self.rng.random() > 0.65:
            return
        wish.rating = _weighted(self.rng, STARS)
        wish.rating_comment, wish.rated_at = self.rng.choice(COMMENTS), closed

    def _steps(self, item: dict) -> list[WishEvent]:
        wish, fate, now = item["wish"], item["fate"], self.now
        steps = [(A.SUBMITTED, wish.filed_at, "filer", "", {})]
        for action, key, role, note in ((A.DECLINED, "declined", "staff", wish.decline_reason),
                                        (A.MERGED, "merged", "staff", ""),
                                        (A.ACCEPTED, "accepted", "staff", "")):  # fmt: skip
            if fate.get(key) and fate[key] <= now:
                steps.append((action, fate[key], role, note, {}))
        if wish.assigned_at:
            steps += self._work_steps(wish, fate, item)
        return [WishEvent(wish=wish, action=a, at=at, actor_id=_actor(wish, role),
                          actor_role=role, note=note, data=data)
                for a, at, role, note, data in steps]  # fmt: skip

    def _work_steps(self, wish: Wish, fate: dict, item: dict) -> list[tuple]:
        if wish.team_id:
            steps = [(A.ASSIGNED, wish.assigned_at, "staff", "", {"to": self.team.name})]
        else:
            steps = [(A.CLAIMED, wish.assigned_at, "volunteer", "", {})]
        middle = wish.assigned_at + timedelta(hours=2)
        if middle < (wish.resolved_at or self.now):
            steps.append((A.PROGRESS, middle, "volunteer", self.rng.choice(NOTES), {}))
        if wish.resolved_at:
            steps.append((A.RESOLVED, wish.resolved_at, "volunteer", DONE[item["kind"].code], {}))
        if wish.status == Status.CONFIRMED:
            auto = fate.get("auto")
            steps.append((A.AUTO_CONFIRMED if auto else A.CONFIRMED, wish.closed_at,
                          "system" if auto else "filer", "", {}))  # fmt: skip
        if wish.rating:
            steps.append((A.RATED, wish.rated_at, "filer", wish.rating_comment,
                          {"stars": wish.rating}))  # fmt: skip
        return steps

    def _hours(self, batch: list[dict]) -> None:
        done = [m for m in batch if m["wish"].resolved_at and m["wish"].assignee_id]
        rows = WishHours.objects.bulk_create(
            WishHours(wish=m["wish"], volunteer_id=m["wish"].assignee_id,
                      minutes=self.rng.randint(*MINUTES[m["kind"].code]),
                      reported_by_id=m["wish"].assignee_id, reported_at=m["wish"].resolved_at)
            for m in done
        )  # fmt: skip
        old = [h for h in rows if self.now - h.reported_at > LEDGER_AFTER]
        entries_import(rows=(self._entry(h) for h in old))
        for hours in rows:
            if self.now - hours.reported_at <= LEDGER_AFTER:
                _claim(hours)

    def _entry(self, hours: WishHours) -> dict:
        wish, station = hours.wish, hours.wish.station
        return {"source_key": hours.source_key, "volunteer_id": hours.volunteer_id,
                "unit_id": self.units[f"station:{station.pk}"], "minutes": hours.minutes,
                "kind": LedgerKind.WISH, "service_date": timezone.localtime(
                    hours.reported_at).date(), **_activity_fields(wish)}  # fmt: skip


def _activity_fields(wish: Wish) -> dict:
    station, program = wish.station, wish.kind.program
    return {"activity": f"{wish.kind.name}：{wish.title}", "place": station.site,
            "content": DONE[wish.kind.code], "township": wish.township,
            "station_key": f"station:{station.pk}", "station_name": station.name,
            "program_key": f"program:{program.pk}" if program else "",
            "program_name": program.name if program else ""}  # fmt: skip


def _claim(hours: WishHours) -> None:
    """Recent hours wait in the station's queue, as live ones would."""
    from stations.services import station_unit_sync

    wish = hours.wish
    day = timezone.localtime(hours.reported_at).date()
    claim_submit(
        source_key=hours.source_key, volunteer=hours.volunteer,
        unit=station_unit_sync(station=wish.station),
        activity=Activity(kind=LedgerKind.WISH, service_date=day, **_activity_fields(wish)),
        minutes=hours.minutes, now=hours.reported_at,
    )  # fmt: skip


def _link_duplicates(made: list[dict]) -> None:
    """A merged item points at the station's latest earlier item that went ahead."""
    latest, merged = {}, []
    for item in sorted(made, key=lambda m: m["filed_at"]):
        wish = item["wish"]
        if wish.status == Status.MERGED and wish.station_id in latest:
            wish.duplicate_of = latest[wish.station_id]
            merged.append(wish)
        elif wish.status not in (Status.MERGED, Status.DECLINED):
            latest[wish.station_id] = wish
    Wish.objects.bulk_update(merged, ["duplicate_of"], batch_size=1000)


def _status(fate: dict, now) -> str:
    if "declined" in fate:
        return Status.DECLINED if fate["declined"] <= now else Status.SUBMITTED
    if "merged" in fate:
        return Status.MERGED if fate["merged"] <= now else Status.SUBMITTED
    for key, status in (("resolved", None), ("assigned", Status.ASSIGNED),
                        ("accepted", Status.ACCEPTED)):  # fmt: skip
        if key == "resolved" and fate["resolved"] and fate["resolved"] <= now:
            confirmed = fate["resolved"] + timedelta(days=7) <= now
            return Status.CONFIRMED if confirmed else Status.RESOLVED
        if status and fate[key] <= now:
            return status
    return Status.SUBMITTED


def _actor(wish: Wish, role: str):
    return wish.assignee_id if role == "volunteer" else None


def _weighted(rng, shares):
    values, weights = zip(*shares, strict=True)
    return rng.choices(values, weights=weights)[0]


def seed_demo_logins() -> None:
    """Walk a few items through the services, so every demo login has something to do."""
    from wishes.services import (
        Filing,
        Helper,
        wish_accept,
        wish_claim,
        wish_file,
        wish_resolve,
    )

    manager, volunteer = demo_account(Role.STATION_MANAGER), demo_account(Role.VOLUNTEER)
    station = manager.managed_stations.first()
    if station is None or not Volunteer.objects.filter(user=volunteer, status="active").exists():
        return
    kinds = {kind.code: kind for kind in WishKind.objects.all()}
    now = timezone.now()

    def file(kind, title, days_ago=0):
        filing = Filing(kind=kinds[kind], title=title, phone="13912340000", station=station,
                        address="西柏坡村二组12号", filer_name="王大妈")  # fmt: skip
        return wish_file(filing=filing, now=now - timedelta(days=days_ago))

    file("wish", "想请志愿者帮忙修一下院门")
    wish_accept(wish=file("visitor", "想预约一位讲解员"), actor=manager)
    late = file("wish", "希望有人陪老人去卫生院体检", days_ago=12)
    wish_accept(wish=late, actor=manager, now=now - timedelta(days=11))
    wish_claim(wish=late, user=volunteer, now=now - timedelta(days=10))
    done = file("wish", "冬天想请人帮忙搬煤", days_ago=3)
    wish_accept(wish=done, actor=manager, now=now - timedelta(days=3))
    wish_claim(wish=done, user=volunteer, now=now - timedelta(days=2))
    wish_resolve(wish=done, actor=volunteer, note="煤已搬进屋", helpers=[Helper(volunteer, 90)],
                 now=now - timedelta(hours=20))  # fmt: skip
