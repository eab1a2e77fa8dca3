"""No tofu: PDFs are only rendered when a Chinese font is installed, and fast ones use a
font cut down to the characters in use."""

import shutil
import subprocess

from core.pdf import MissingCJKFontError, cjk_font_families, require_cjk_font

# The check lives in core, shared by every PDF; reports adds the pre-subset font.
__all__ = ["MissingCJKFontError", "cjk_font_families", "prepare_font", "prepared_font_path",
           "prepared_font_url", "require_cjk_font"]  # fmt: skip


def _subset_path():
    from django.conf import settings

    return settings.DATA_DIR / "fonts" / "hongyi-cjk-sc.otf"


def prepared_font_path():
    """The pre-subset certificate font, if ``prepare_fonts`` has built it.

    WeasyPrint subsets the font it embeds for every document; starting from a font cut
    down to the 7,500 characters of GB 2312 makes that step several times cheaper.
    Characters outside it (rare names) fall back to the full system font.
    """
    path = _subset_path()
    return path if path.exists() else None


def prepared_font_url() -> str | None:
    path = prepared_font_path()
    return path.as_uri() if path else None


def common_characters() -> set[int]:
    """ASCII, CJK punctuation, full-width forms, the stars, and every GB 2312 character."""
    chars = set(range(0x20, 0x7F)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFF60))
    chars |= {0x2605, 0x2606, 0xB7, 0x2014, 0x2026, 0x2160, 0x2161}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return chars


def prepare_font() -> str:
    """Build the pre-subset font from the system's Noto Sans CJK SC (about 10 s, once)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    require_cjk_font()
    source = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("fc-match") or "fc-match", "-f", "%{file}:%{index}",
         "Noto Sans CJK SC:style=Regular"],
        capture_output=True, text=True, check=True, timeout=10,
    ).stdout  # fmt: skip
    file, _sep, index = source.rpartition(":")
    font = TTFont(file, fontNumber=int(index or 0))
    options = subset.Options()
    options.name_IDs, options.notdef_outline = ["*"], True
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=common_characters())
    subsetter.subset(font)
    path = _subset_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    font.save(path)
    return str(path)
