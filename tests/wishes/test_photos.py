"""Photos: JPEG, PNG, HEIC and WebP are re-encoded and stripped of EXIF (GPS above all);
anything else, too large or too many is refused with a clear message and saves nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.wishes.conftest import jpeg
from wishes.errors import WishError
from wishes.models import Wish, WishPhoto


def stored(photo: WishPhoto) -> Image.Image:
    with photo.image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_a_photo_with_a_gps_position_is_stored_without_any_exif(file):
    original = jpeg(gps=True)
    assert Image.open(io.BytesIO(original.read())).getexif().get_ifd(0x8825)  # it had GPS
    original.seek(0)
    wish = file(photos=[original])
    image = stored(wish.photos.get())
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info
    with wish.photos.get().image.open("rb") as handle:
        assert b"GPS" not in handle.read()


def test_png_webp_and_heic_are_accepted_and_become_jpeg(file):
    import pillow_heif

    pillow_heif.register_heif_opener()
    heic = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(heic, format="HEIF")
    transparent = jpeg("clear.png", fmt="PNG")
    photos = [
        transparent,
        jpeg("w.webp", fmt="WEBP"),
        SimpleUploadedFile("iphone.heic", heic.getvalue(), content_type="image/heic"),
    ]
    wish = file(photos=photos)
    assert [stored(p).format for p in wish.photos.all()] == ["JPEG"] * 3


def test_a_large_photo_is_shrunk_to_2048_pixels(file):
    wish = file(photos=[jpeg(size=(4000, 1000))])
    photo = wish.photos.get()
    assert (photo.width, photo.height) == (2048, 512)


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("cv.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg"),
         "photo_invalid"),
        (SimpleUploadedFile("x.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
         "photo_invalid"),
        (SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg"), "photo_invalid"),
    ],
)  # fmt: skip
def test_what_is_not_a_photo_is_refused_and_nothing_is_saved(file, upload, code):
    with pytest.raises(WishError) as refused:
        file(photos=[upload])
    assert refused.value.code == code
    assert upload.name in str(refused.value.message)
    assert not Wish.objects.exists()
    assert not WishPhoto.objects.exists()


def test_a_photo_over_the_limit_is_refused(file, settings):
    settings.HONGYI_WISH_PHOTO_MAX_BYTES = 100_000
    big = jpeg(size=(400, 400), noise=True, quality=100)
    assert big.size > 100_000
    with pytest.raises(WishError) as refused:
        file(photos=[big])
    assert refused.value.code == "photo_too_large"
    assert not Wish.objects.exists()


def test_four_photos_are_too_many(file):
    with pytest.raises(WishError) as refused:
        file(photos=[jpeg(f"{n}.jpg") for n in range(4)])
    assert refused.value.code == "too_many_photos"


def test_a_citizen_report_needs_a_photo(file):
    with pytest.raises(WishError) as refused:
        file("snapshot", title="路灯坏了")
    assert refused.value.code == "photo_required"
    assert file("snapshot", title="路灯坏了", photos=[jpeg()]).photos.count() == 1
