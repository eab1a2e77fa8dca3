import pytest
from django.urls import reverse

from reports.batches import batch_run
from reports.models import Batch, Certificate
from reports.services import batch_create
from tests.reports.conftest import pdf_text
from tests.volunteers.factories import VolunteerFactory, join

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(pingshan, submit):
    from ledger.services import claim_approve

    volunteers = [VolunteerFactory().user for _ in range(5)]
    for n, volunteer in enumerate(volunteers):
        claim_approve(claim=submit(60 + n, volunteer=volunteer), actor=pingshan.manager)
    return volunteers


@pytest.mark.parametrize("processes", [1, 2])
def test_a_batch_killed_mid_way_resumes_without_duplicate_serials(five, pingshan, processes):
    batch = batch_create(actor=pingshan.county_office, volunteers=five, criteria={}, chunk_size=2)
    stopped = batch_run(batch_id=batch.pk, max_chunks=1, processes=processes)  # the worker dies
    assert (stopped.status, stopped.done) == (Batch.Status.RUNNING, 2)
    finished = batch_run(batch_id=batch.pk, processes=processes)
    again = batch_run(batch_id=batch.pk, processes=processes)
    serials = list(Certificate.objects.values_list("serial", flat=True))
    assert (finished.status, finished.done, again.done) == (Batch.Status.DONE, 5, 5)
    assert len(serials) == len(set(serials)) == 5
    assert sorted(Certificate.objects.values_list("volunteer", flat=True)) == sorted(
        v.pk for v in five
    )
    with finished.output.open("rb") as merged:
        text = pdf_text(merged.read())
    assert text.count("志愿服务证明") >= 5
    for volunteer in five:
        assert volunteer.name in text


def test_a_part_issued_but_not_rendered_when_the_worker_died_is_rendered_on_resume(five, pingshan):
    from reports.batches import _part_path, parts_dir

    batch = batch_create(actor=pingshan.county_office, volunteers=five, criteria={}, chunk_size=2)
    batch_run(batch_id=batch.pk, max_chunks=2, processes=2)
    _part_path(batch, 2).unlink()  # killed after issuing the second part, before its PDF
    (parts_dir(batch) / "part-00001.partial").write_bytes(b"%PDF-1.7 half")
    finished = batch_run(batch_id=batch.pk, processes=2)
    assert (finished.status, finished.done) == (Batch.Status.DONE, 5)
    assert Certificate.objects.count() == 5
    with finished.output.open("rb") as merged:
        text = pdf_text(merged.read())
    for volunteer in five:
        assert volunteer.name in text


def test_a_part_that_fails_to_render_fails_the_batch_with_its_reason(five, pingshan, settings):
    from reports.tasks import run_batch

    batch = batch_create(actor=pingshan.county_office, volunteers=five, criteria={}, chunk_size=2)
    settings.MEDIA_ROOT = "/proc/no-media-here"  # the processes cannot write the parts
    with pytest.raises(OSError, match="no-media-here"):
        run_batch.call(batch.pk)
    batch.refresh_from_db()
    assert batch.status == Batch.Status.FAILED
    assert batch.error


def test_staff_start_a_batch_and_watch_its_progress(
    five, pingshan, login, django_capture_on_commit_callbacks
):
    client = login(pingshan.county_office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:batches"), {"min_hours": "1"})
    batch = Batch.objects.get()
    assert response.status_code == 302
    assert (batch.status, batch.total, batch.done) == (Batch.Status.DONE, 5, 5)
    page = client.get(reverse("reports:batch", args=[batch.pk])).content.decode()
    assert "5 / 5" in page
    assert "下载合并的 PDF" in page
    download = client.get(reverse("reports:batch_pdf", args=[batch.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    download.close()


@pytest.mark.parametrize(("total", "processes", "part"), [
    (17_000, 2, 100), (60, 2, 15), (60, 1, 30), (5, 2, 10),
])  # fmt: skip
def test_parts_are_cut_so_every_process_gets_work(total, processes, part, settings):
    from reports.services import part_size

    settings.HONGYI_BATCH_PROCESSES = processes
    assert part_size(total) == part


def test_a_batch_nobody_matches_is_refused_with_a_message(five, pingshan, login):
    response = login(pingshan.county_office).post(reverse("reports:batches"), {"min_hours": "500"})
    assert "没有符合条件的志愿者" in response.content.decode()
    assert not Batch.objects.exists()


@pytest.mark.parametrize("who", ["township_office", "manager", "volunteer"])
def test_only_the_county_prints_batches(pingshan, login, who):
    assert login(getattr(pingshan, who)).get(reverse("reports:batches")).status_code == 403


def test_a_batch_by_team_prints_only_its_current_members(
    five, pingshan, login, django_capture_on_commit_callbacks
):
    members = [v.volunteer for v in five[:2]]
    for member in members:
        join(member, pingshan.team)
    with django_capture_on_commit_callbacks(execute=True):
        login(pingshan.county_office).post(reverse("reports:batches"), {"team": pingshan.team.pk})
    printed = set(Certificate.objects.values_list("volunteer", flat=True))
    assert printed == {m.user_id for m in members}
