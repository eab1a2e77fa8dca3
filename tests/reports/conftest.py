import re

import pytest

from ledger.services import claim_approve


def pdf_text(data: bytes) -> str:
    """The text of every page; letter-spaced titles (志 愿 服 务) read as words again."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    return re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", text)


def pdf_qr_codes(data: bytes) -> list[str]:
    """Render the pages and decode every QR code on them, with a real decoder."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(data)
    found = []
    for page in document:
        image = page.render(scale=3).to_pil()
        found += [result.text for result in zxingcpp.read_barcodes(image)]
    return found


@pytest.fixture
def served(submit, pingshan):
    """The volunteer served three times at the 西柏坡 station: 2.0 + 1.5 + 3.0 hours."""
    from datetime import date

    return [
        claim_approve(claim=submit(minutes, on=date(2026, 10, day)), actor=pingshan.manager)
        for minutes, day in ((120, 8), (90, 9), (180, 12))
    ]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
