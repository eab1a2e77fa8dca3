"""Certificates: one warm certificate, and batch printing against naive rendering."""

import base64
import io
import multiprocessing
import statistics
import time
from datetime import date, timedelta

from core.models import Region, User
from ledger.models import Kind
from ledger.services import entries_bulk_post, unit_ensure
from reports.rendering import render_certificates
from reports.services import certificate_issue

VOLUNTEERS = 120
RECORDS_EACH = 12  # Pingshan's average: 200,000 entries over 17,000 volunteers
PART = 30
PROCESSES = 2


def _snapshots() -> list[dict]:
    township = Region.objects.get(code="130131110")
    unit = unit_ensure(key="station:cert-bench", name="西柏坡纪念馆红色驿站", region=township)
    people = User.objects.bulk_create(
        User(mobile=f"135{n:08d}", name=f"王志愿{n}") for n in range(VOLUNTEERS)
    )
    first = date(2025, 3, 1)
    rows = (
        {"source_key": f"cert-bench:{p.pk}:{n}", "volunteer_id": p.pk, "unit": unit,
         "minutes": 90 + n, "kind": Kind.STATION, "service_date": first + timedelta(n * 9),
         "activity": "我为游客办实事", "place": "西柏坡纪念馆", "content": "为游客讲解红色历史",
         "township": township, "station_key": "station:cert-bench", "station_name": unit.name}
        for p in people for n in range(RECORDS_EACH)
    )  # fmt: skip
    entries_bulk_post(rows)
    return [certificate_issue(volunteer=p).snapshot for p in people]


def _qrcode_svg(text: str) -> str:
    """The naive way: the ``qrcode`` package's SVG."""
    import qrcode
    import qrcode.image.svg

    buffer = io.BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _naive(snapshots) -> float:
    started = time.perf_counter()
    for snapshot in snapshots:
        render_certificates([snapshot], font_url=None, qr=_qrcode_svg)
    return len(snapshots) / (time.perf_counter() - started)


def _render_part(part) -> int:
    render_certificates(part)
    return len(part)


def _fast(snapshots) -> float:
    parts = [snapshots[n : n + PART] for n in range(0, len(snapshots), PART)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        done = sum(pool.map(_render_part, parts))
    return done / (time.perf_counter() - started)


def run(report) -> None:
    snapshots = _snapshots()
    render_certificates([snapshots[0]])  # warm: fonts loaded, templates compiled
    warm = []
    for snapshot in snapshots[:15]:
        started = time.perf_counter()
        render_certificates([snapshot])
        warm.append((time.perf_counter() - started) * 1000)
    naive_single = []
    for snapshot in snapshots[15:25]:
        started = time.perf_counter()
        render_certificates([snapshot], font_url=None, qr=_qrcode_svg)
        naive_single.append((time.perf_counter() - started) * 1000)
    report("one certificate, warm (median)", statistics.median(warm), "ms",
           statistics.median(naive_single), goal="< 150 ms")  # fmt: skip
    naive = _naive(snapshots[:24])
    report(f"batch, {PROCESSES} processes, parts of {PART}", _fast(snapshots), "cert/s", naive,
           goal=">= 30 cert/s and ratio >= 6")  # fmt: skip
