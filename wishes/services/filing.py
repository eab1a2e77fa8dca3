"""Filing: a resident, a visitor or a citizen files a request, with or without an account.

Everything is checked before anything is written (photos re-encoded first), so a
refusal saves nothing. The filer gets a tracking code that opens their own page.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.validators import MOBILE_PATTERN
from stations.models import Station
from wishes import geo
from wishes.codes import new_code
from wishes.deadlines import due_date
from wishes.errors import WishError
from wishes.models import Wish, WishEvent, WishKind, WishPhoto
from wishes.privacy import address_fields, phone_fields
from wishes.services.base import photos_save, processed_photos, record

MOBILE = re.compile(MOBILE_PATTERN)


@dataclass(frozen=True, kw_only=True)
class Filing:
    """What the short form asks: what, where (a station, or a township and a point on the
    map), a phone number, optionally a name and an address."""

    kind: WishKind
    title: str
    phone: str
    description: str = ""
    filer_name: str = ""
    address: str = ""
    station: Station | None = None
    township: object = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@transaction.atomic
def wish_file(*, filing: Filing, photos=(), filer=None, filed_by=None, now=None) -> Wish:
    """File a request. ``filer`` is the logged-in person filing for themselves;
    ``filed_by`` a station manager filing on a resident's behalf; neither for anonymous."""
    now = now or timezone.now()
    _check_kind(filing, filer, filed_by)
    phone = _check_phone(filing.phone)
    _check_point(filing)
    station, township = _place(filing)
    processed = processed_photos(photos)
    if filing.kind.photo_required and not processed:
        raise WishError(_("This kind of request needs a photo."), "photo_required")
    wish = _create(filing, phone, station, township, filer=filer, filed_by=filed_by, now=now)
    record(wish, WishEvent.Action.SUBMITTED, actor=filed_by or filer,
           role="staff" if filed_by else "filer", now=now)  # fmt: skip
    photos_save(wish, processed, stage=WishPhoto.Stage.FILING, now=now)
    return wish


def _check_kind(filing: Filing, filer, filed_by) -> None:
    kind = filing.kind
    if not kind.active:
        raise WishError(_("This kind of request is not open for filing."), "kind_closed")
    if kind.who_may_file == WishKind.Filers.STAFF and filed_by is None:
        raise WishError(_("Only station staff file this kind of request."), "kind_closed")
    if kind.who_may_file == WishKind.Filers.ACCOUNTS and not (filer or filed_by):
        raise WishError(_("Please log in to file this kind of request."), "kind_closed")
    if kind.station_required and filing.station is None:
        raise WishError(_("Choose the red station you are at."), "station_required")
    if not filing.title.strip():
        raise WishError(_("Say in a few words what you need."), "title_required")


def _check_phone(phone: str) -> str:
    phone = re.sub(r"[\s\-]", "", phone or "")
    if not MOBILE.fullmatch(phone):
        raise WishError(
            _("Enter an 11-digit mainland mobile number starting with 13–19."), "phone_invalid"
        )
    return phone


def _check_point(filing: Filing) -> None:
    if (filing.latitude is None) != (filing.longitude is None):
        raise WishError(_("A point on the map needs both coordinates."), "point_invalid")
    if filing.latitude is None:
        return
    outline = geo.county_outline()
    if outline and not outline.contains(float(filing.longitude), float(filing.latitude)):
        raise WishError(_("This point is outside the county."), "point_invalid")


def _place(filing: Filing):
    """The station that answers for the item, and the township where it is.

    A point on the map goes to the nearest station of its township (or of the county, for
    a township without one); the reviewer may pass it on to another station."""
    station = filing.station
    if station is None:
        if filing.township is None:
            raise WishError(_("Choose a red station or a township."), "place_required")
        station = _nearest_station(filing)
    return station, filing.township or station.region


def _nearest_station(filing: Filing) -> Station:
    candidates = list(Station.objects.filter(region=filing.township)) or list(Station.objects.all())
    if not candidates:
        raise WishError(_("No red station can take this request yet."), "place_required")
    if filing.latitude is None:
        return candidates[0]
    found = geo.nearest(candidates, float(filing.latitude), float(filing.longitude))
    return found or candidates[0]


def _create(filing, phone, station, township, *, filer, filed_by, now) -> Wish:
    fields = {
        "kind": filing.kind, "title": filing.title.strip(),
        "description": filing.description.strip(), "filer_name": filing.filer_name.strip(),
        "station": station, "township": township, "latitude": filing.latitude,
        "longitude": filing.longitude, "filer": filer, "filed_by": filed_by, "filed_at": now,
        "due_on": due_date(timezone.localtime(now).date(), filing.kind.deadline_working_days),
        **phone_fields(phone), **address_fields(filing.address),
    }  # fmt: skip
    for _attempt in range(3):  # a repeated random code is astronomically rare; retry anyway
        try:
            with transaction.atomic():
                return Wish.objects.create(code=new_code(), **fields)
        except IntegrityError:
            continue
    raise WishError(_("Please try again."), "code_collision")
