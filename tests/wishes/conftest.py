"""A county for the wish loop: the 西柏坡 station and its manager, the township office,
two active volunteers, and helpers to file and to make photos."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.stations.conftest import set_up
from tests.volunteers.factories import VolunteerFactory
from wishes.models import WishKind
from wishes.services import Filing, wish_file

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = "13812345678"


def at(*parts) -> datetime:
    """An aware moment in Beijing time."""
    return datetime(*parts, tzinfo=SHANGHAI)


def jpeg(name="photo.jpg", size=(64, 48), gps=False, fmt="JPEG", noise=False, **save):
    """A small image; with ``gps`` it carries an EXIF GPS position (西柏坡); with ``noise``
    it is random pixels, which no encoder can shrink."""
    import os

    from PIL import Image

    image = Image.new("RGB", size, (183, 28, 28))
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"  # Make
        exif[0x8825] = {1: "N", 2: (38.0, 21.0, 0.0), 3: "E", 4: (113.0, 57.0, 0.0)}
        save["exif"] = exif
    image.save(buffer, format=fmt, **save)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}.get(fmt, "")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def kinds(db):
    return {kind.code: kind for kind in WishKind.objects.all()}


@pytest.fixture
def station(pingshan):
    return set_up(pingshan.station)


@pytest.fixture
def other_station(pingshan):
    return set_up(pingshan.other_station)


@pytest.fixture
def helper(pingshan):
    """An active adult volunteer of 西柏坡镇 (with a volunteer record and number)."""
    return VolunteerFactory(township=pingshan.xibaipo).user


@pytest.fixture
def second_helper(pingshan):
    return VolunteerFactory(township=pingshan.xibaipo).user


@pytest.fixture
def file(kinds, station):
    """File a 红色微心愿 at the 西柏坡 station (overridable), as an anonymous resident."""

    def _file(kind="wish", *, photos=(), now=None, filer=None, filed_by=None, **fields):
        fields.setdefault("title", "帮我修一下院门")
        fields.setdefault("phone", PHONE)
        fields.setdefault("station", station)
        filing = Filing(kind=kinds[kind], **fields)
        return wish_file(filing=filing, photos=photos, filer=filer, filed_by=filed_by, now=now)

    return _file
