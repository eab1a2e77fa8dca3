"""Photos as the server keeps them: opened by Pillow (HEIC through pillow-heif), checked,
turned upright, shrunk to at most 2048 px and written again as a plain JPEG.

Re-encoding is what strips the metadata: the new file is written without EXIF, so a
phone's GPS position (and the camera serial, and the time) never reaches the disk.
Anything Pillow cannot open as JPEG, PNG, HEIC or WebP is refused with the file's name.
"""

import io
import warnings
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

from wishes.errors import WishError

ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "HEIF", "WEBP"})
MAX_SIDE = 2048
MAX_PIXELS = 60_000_000  # a very large panorama; more is a decompression bomb, not a photo
QUALITY = 85


@dataclass(frozen=True)
class Processed:
    content: bytes
    width: int
    height: int


@lru_cache(maxsize=1)
def _image_module():
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    return Image


def photo_process(upload, *, max_bytes: int) -> Processed:
    """The re-encoded JPEG of an uploaded file, or a WishError naming the file."""
    name = getattr(upload, "name", "") or _("photo")
    if upload.size > max_bytes:
        raise WishError(
            _("Photo “%(name)s” is larger than %(mb)s MB.")
            % {"name": name, "mb": max_bytes // (1024 * 1024)},
            "photo_too_large",
        )
    try:
        return _reencode(upload)
    except WishError:
        raise
    except Exception as error:  # whatever a broken or hostile file raises
        raise WishError(
            _("“%(name)s” is not a photo we can open: use JPEG, PNG, HEIC or WebP.")
            % {"name": name},
            "photo_invalid",
        ) from error


def _reencode(upload) -> Processed:
    image_module = _image_module()
    from PIL import ImageOps

    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", image_module.DecompressionBombWarning)
        image = image_module.open(upload)
        if image.format not in ACCEPTED_FORMATS:
            raise ValueError(image.format)
        if image.width * image.height > MAX_PIXELS:
            raise ValueError("too many pixels")
        image = _flatten(ImageOps.exif_transpose(image))
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=QUALITY, optimize=True)
    return Processed(content=buffer.getvalue(), width=image.width, height=image.height)


def _flatten(image):
    """RGB on white: a transparent PNG must not turn black."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
