"""One county with a record of every kind, and the eight roles the hardening tests use."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from core.models import AuditEntry
from core.roles import Role
from events.models import Event, Shift, SignUp
from events.services import (
    event_cancel,
    event_create,
    event_publish,
    feed_token_rotate,
    shift_cancel,
    shift_create,
    shift_sign_up,
    venue_ensure,
)
from exchange.models import (
    ExternalImport,
    ExternalRecord,
    NationalExport,
    PointsEntry,
    Redemption,
    Reward,
    TrustedCounty,
)
from exchange.services import (
    export_create,
    import_create,
    points_grant,
    points_reverse,
    redemption_cancel,
    reward_redeem,
)
from ledger.models import Claim, Dispute, Entry
from ledger.services import Activity, claim_approve, claim_submit, dispute_open, dispute_reject
from notices.models import Delivery, Notice, Preference, Recipient
from notices.services import notice_read
from reports.models import Certificate
from reports.services import batch_create, certificate_issue, certificate_revoke
from stations.models import Kiosk, Session
from stations.services import (
    kiosk_create,
    kiosk_revoke,
    poster_ensure,
    session_check_in,
    session_undo,
    station_unit_sync,
)
from tests.factories import UserFactory
from tests.stations.conftest import set_up
from tests.volunteers.factories import VolunteerFactory, join
from tests.volunteers.test_imports import GOOD_ADULT, as_csv, row
from volunteers.models import Membership, Volunteer
from volunteers.services import (
    roster_import_discard,
    roster_import_preview,
    team_member_remove,
    volunteer_suspend,
)
from wishes.models import Wish, WishEvent
from wishes.services import Filing, wish_decline, wish_file

WRITTEN = (AuditEntry, Claim, Entry, Session, Certificate, Volunteer, Membership, Kiosk, Event,
           Shift, SignUp, Wish, WishEvent, PointsEntry, Reward, Redemption, NationalExport,
           ExternalImport, ExternalRecord, TrustedCounty, Notice, Recipient, Delivery,
           Preference)  # fmt: skip
ROLES = (
    "anonymous",
    "volunteer",
    "other_team_volunteer",
    "team_leader",
    "other_station_manager",
    "other_township_office",
    "county_office",
    "admin",
)


class County:
    """``users`` by role name; ``objects`` by the name a path parameter takes from them."""

    def __init__(self, pingshan):
        self.pingshan = pingshan
        station = set_up(pingshan.station)
        self.volunteer = VolunteerFactory(township=pingshan.xibaipo)
        self.membership = join(self.volunteer, pingshan.team)
        self.other_volunteer = VolunteerFactory(township=pingshan.wentang)
        join(self.other_volunteer, pingshan.other_team)
        person = self.volunteer.user
        self.session = session_check_in(volunteer=person, station_id=station.pk, via="poster")
        self.claim = claim_submit(
            source_key="hardening:1", volunteer=person, unit=station_unit_sync(station=station),
            activity=_activity(station), minutes=120,
        )  # fmt: skip
        self.dispute = dispute_open(
            volunteer=person, kind=Dispute.Kind.OMISSION, description="少记了一次讲解",
            minutes=60, service_date=date(2026, 11, 1), unit=self.claim.unit,
        )  # fmt: skip
        self.certificate = certificate_issue(volunteer=person, actor=pingshan.county_office)
        self.batch = batch_create(actor=pingshan.county_office, volunteers=[person], criteria={})
        self.kiosk, _ = kiosk_create(station=station, name="一号机", actor=pingshan.manager)
        self.poster = poster_ensure(station=station)
        self.roster = roster_import_preview(
            filename="r.csv",
            content=as_csv([row("好成年人", GOOD_ADULT, "13600000001", village="")]),
            actor=pingshan.township_office,
        )
        self._events(pingshan, person)
        self._wish(station, person)
        self._exchange(pingshan, person)
        self._notices(pingshan, person)
        self.users = {
            "anonymous": None,
            "volunteer": person,
            "other_team_volunteer": self.other_volunteer.user,
            "team_leader": pingshan.leader,
            "other_station_manager": pingshan.other_manager,
            "other_township_office": pingshan.other_township_office,
            "county_office": pingshan.county_office,
            "admin": pingshan.admin,
        }

    def _events(self, pingshan, person):
        """A published performance by an organizer, a shift the volunteer signed up for,
        and the volunteer's private calendar link."""
        organizer = UserFactory.with_role(Role.EVENT_ORGANIZER, name="刘组织")
        venue = venue_ensure(name="西柏坡纪念馆广场", region=pingshan.xibaipo, capacity=3000,
                             station=pingshan.station)  # fmt: skip
        starts = timezone.now() + timedelta(days=10)
        self.event = event_create(
            organizer=organizer, kind="performance", title="平山红合唱展演", starts_at=starts,
            ends_at=starts + timedelta(hours=2), venue=venue,
        )  # fmt: skip
        event_publish(event=self.event, actor=organizer, override_reason="")
        self.shift = shift_create(
            event=self.event, actor=organizer, role="guiding", needed=2, minors_allowed=False,
            starts_at=starts - timedelta(minutes=30), ends_at=starts + timedelta(hours=2),
        )  # fmt: skip
        self.signup = shift_sign_up(shift=self.shift, user=person)
        self.feed = feed_token_rotate(user=person)

    def _exchange(self, pingshan, person):
        """西柏坡's reward, the volunteer's redemption of it, a queued national export and an
        import uploaded by 西柏坡's office."""
        self.reward = Reward.objects.create(
            township=pingshan.xibaipo, name="红色文创帆布袋", points=10, stock=5,
            station=pingshan.station, place="西柏坡纪念馆红色驿站服务台",
        )  # fmt: skip
        self.bonus = points_grant(volunteer=person, points=100, reason="测试",
                                  actor=pingshan.county_office)  # fmt: skip
        self.redemption = reward_redeem(reward=self.reward, volunteer=person)
        self.export = export_create(actor=pingshan.county_office, reason="测试")
        self.external_import = import_create(actor=pingshan.township_office, filename="x.xlsx",
                                             content=b"x")  # fmt: skip

    def _notices(self, pingshan, person):
        """The team leader's notice to the team, delivered: the volunteer's inbox item."""
        from notices.audiences import Audience, Kind
        from notices.services import Draft, deliveries_run, notice_send

        draft = Draft(audience=Audience(kind=Kind.TEAM, id=pingshan.team.pk), title="排练通知",
                      body="{姓名}您好：周六排练。")  # fmt: skip
        self.notice = notice_send(sender=pingshan.leader, draft=draft)
        deliveries_run(notice_id=self.notice.pk)
        self.recipient = Recipient.objects.get(notice=self.notice, user=person)

    def spend(self) -> None:
        """Put every object in the state its actions refuse: the claim and the dispute
        decided, the check-in undone, the certificate revoked, the kiosk switched off, the
        roster discarded, the volunteer suspended, the membership ended, the sign-up
        withdrawn, the event cancelled and the wish declined. Whoever may not act on an
        object must get the same refusal as before (``STATE`` in tests/permission_matrix.py),
        whatever it is now.
        """
        office = self.pingshan.county_office
        session_undo(session=self.session, actor=office, reason="扫错了")
        claim_approve(claim=self.claim, actor=office)
        dispute_reject(dispute=self.dispute, actor=office, reason="已核实")
        certificate_revoke(certificate=self.certificate, actor=office, reason="补开")
        kiosk_revoke(kiosk=self.kiosk, actor=office)
        roster_import_discard(roster_import=self.roster, actor=office)
        volunteer_suspend(volunteer=self.volunteer, actor=office, reason="暂停服务")
        team_member_remove(membership=self.membership, actor=office)
        shift_cancel(signup=self.signup, user=self.volunteer.user)
        event_cancel(event=self.event, actor=office)
        wish_decline(wish=self.wish, actor=office, reason="不属于驿站服务范围")
        redemption_cancel(redemption=self.redemption, actor=office, reason="停发")
        points_reverse(entry=self.bonus, reason="发错人", actor=office)
        notice_read(user=self.volunteer.user, recipient_id=self.recipient.pk)
        for obj in (
            self.session,
            self.claim,
            self.dispute,
            self.certificate,
            self.kiosk,
            self.roster,
            self.volunteer,
            self.membership,
            self.signup,
            self.event,
            self.wish,
            self.redemption,
        ):
            obj.refresh_from_db()  # fmt: skip

    def _wish(self, station, person):
        """A 红色微心愿 the volunteer filed at the 西柏坡 station, with a photo, unreviewed."""
        from tests.wishes.conftest import jpeg
        from wishes.models import WishKind

        filing = Filing(kind=WishKind.objects.get(code="wish"), title="帮我修院门",
                        phone="13812345678", station=station, address="西柏坡村")  # fmt: skip
        self.wish = wish_file(filing=filing, photos=[jpeg()], filer=person)
        self.photo = self.wish.photos.get()

    @property
    def values(self) -> dict:
        """The path parameters of the matrix's URLs."""
        return {
            "station": self.pingshan.station.pk, "station_id": self.pingshan.station.pk,
            "kiosk": self.kiosk.pk, "session": self.session.pk, "session_id": self.session.pk,
            "token": self.poster.secret, "claim": self.claim.pk, "claim_id": self.claim.pk,
            "dispute": self.dispute.pk, "serial": self.certificate.serial,
            "batch": self.batch.pk, "volunteer": self.volunteer.pk,
            "number": self.volunteer.number, "roster": self.roster.pk,
            "team": self.pingshan.team.pk, "membership": self.membership.pk,
            "dimension": "township", "unit_key": self.claim.unit.key,
            "user": self.volunteer.user.pk,
            "event": self.event.pk, "event_id": self.event.pk, "shift": self.shift.pk,
            "shift_id": self.shift.pk, "signup": self.signup.pk, "signup_id": self.signup.pk,
            "checkin_secret": self.event.checkin_secret, "feed_secret": self.feed.secret,
            "venue": self.event.venue_id, "mobile": self.volunteer.user.mobile,
            "wish": self.wish.pk, "wish_id": self.wish.pk, "code": self.wish.code,
            "secret": self.photo.secret,
            "reward": self.reward.pk, "reward_id": self.reward.pk,
            "redemption": self.redemption.pk, "redemption_id": self.redemption.pk,
            "export": self.export.pk, "import": self.external_import.pk,
            "pickup_code": self.redemption.code, "points_entry": self.bonus.pk,
            "notice": self.notice.pk, "notice_id": self.notice.pk,
            "recipient": self.recipient.pk, "recipient_id": self.recipient.pk,
        }  # fmt: skip

    def written(self) -> tuple:
        """Row counts that any write through a service would change."""
        return tuple(model.objects.count() for model in WRITTEN)

    def client(self, role: str) -> Client:
        client = Client()
        if self.users[role] is not None:
            client.force_login(self.users[role])
        return client


def _activity(station) -> Activity:
    return Activity(
        kind="station", service_date=date(2026, 11, 20), activity="驿站讲解服务",
        place="西柏坡纪念馆", content="为游客讲解红色历史",
        station_key=f"station:{station.pk}", station_name=station.name,
        program_key="program:guide", program_name="我为游客办实事",
    )  # fmt: skip


@pytest.fixture
def county(pingshan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return County(pingshan)
