"""Incremental exports for the national system's batch imports (one XLSX, three sheets).

Each confirmed ledger entry is exported once: an export carries the entries after the last
finished export's ``to_seq`` up to the ledger's head when it starts, and a reversal or a
correction is an entry of its own, written as a correction row (记录类型 更正) naming the
record it corrects. Volunteers and teams are written again only when what the file says
about them changed (``ExportState`` keeps a digest of each row as last exported).

The file holds full ID numbers, so: only the county office exports, a reason is required
and audited, the file is stored encrypted, and each download is audited too. The worker
writes the file; the state moves forward in one transaction at the end, so an export that
dies half-way changes nothing and is simply run again.
"""

import hashlib
import json
from operator import itemgetter

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.services import audit_log
from exchange import people, selectors
from exchange.errors import ExchangeError
from exchange.mapping import CORRECTION, HOURS, ID_TYPE, NEW, TEAMS, VOLUNTEERS, record_number
from exchange.models import ExportState, NationalExport
from exchange.xlsx import write_book
from ledger.selectors import entries_after, ledger_head_seq
from volunteers import identity
from volunteers.choices import Availability, Gender, PoliticalStatus, ServiceCategory
from volunteers.models import Membership, Team
from volunteers.selectors import may_reveal_id_number

HOUR_FIELDS = (
    "seq",
    "volunteer_id",
    "service_date",
    "activity",
    "program_name",
    "place",
    "content",
    "minutes",
    "unit__name",
    "person_in_charge",
    "approved_at",
    "reason",
    "reverses__seq",
    "corrects__seq",
)


@transaction.atomic
def export_create(*, actor, reason: str) -> NationalExport:
    """Queue an export; the worker writes it once this transaction commits."""
    from exchange.tasks import export_run_task  # tasks sit above services

    if not may_reveal_id_number(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give a reason: it is kept in the audit log.")})
    try:
        with transaction.atomic():
            export = NationalExport.objects.create(created_by=actor, reason=reason[:200])
    except IntegrityError:
        raise ExchangeError(
            _("An export is already being written: wait for it to finish."), "export_in_progress"
        ) from None
    audit_log(actor=actor, action="exchange.export_create", target=export, data={"reason": reason})
    pk = export.pk
    transaction.on_commit(lambda: export_run_task.enqueue(pk))
    return export


# --- Rows --------------------------------------------------------------------------------

VOLUNTEER_FIELDS = (
    "pk",
    "user_id",
    "user__name",
    "user__mobile",
    "id_number_encrypted",
    "id_number_hash",
    "gender",
    "birth_date",
    "number",
    "township__name",
    "township__code",
    "village__name",
    "village__code",
    "residence",
    "political_status",
    "skills",
    "service_categories",
    "availability",
    "registered_at",
)


class _Labels:
    """The labels of the choices a row shows, and local times, looked up once per export
    (a lazy translation and the current time zone cost microseconds each, 200,000 times)."""

    def __init__(self):
        self.gender = _labels(Gender)
        self.political_status = _labels(PoliticalStatus)
        self.service_category = _labels(ServiceCategory)
        self.availability = _labels(Availability)
        self.zone = timezone.get_current_timezone()

    def local(self, moment) -> str:
        """``YYYY-MM-DD HH:MM`` in the county's time (isoformat is twice as fast as strftime)."""
        return moment.astimezone(self.zone).isoformat(" ", "minutes")[:16] if moment else ""


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _joined(labels: dict[str, str], values) -> str:
    return "、".join(labels.get(value, value) for value in values)


def volunteer_row(volunteer: dict, id_number: str, labels: _Labels) -> dict:
    """One volunteer (a dict of ``VOLUNTEER_FIELDS``) as the file's row."""
    village = volunteer["village__name"]
    return {
        "name": volunteer["user__name"],
        "id_type": ID_TYPE,
        "id_number": id_number,
        "gender": labels.gender.get(volunteer["gender"], volunteer["gender"]),
        "birth_date": volunteer["birth_date"].isoformat(),
        "mobile": volunteer["user__mobile"],
        "number": volunteer["number"] or "",
        "region": volunteer["township__name"] + (village or ""),
        "region_code": volunteer["village__code"] if village else volunteer["township__code"],
        "residence": volunteer["residence"],
        "political_status": labels.political_status.get(
            volunteer["political_status"], volunteer["political_status"]
        ),
        "skills": volunteer["skills"],
        "service_categories": _joined(labels.service_category, volunteer["service_categories"]),
        "availability": _joined(labels.availability, volunteer["availability"]),
        "registered_at": labels.local(volunteer["registered_at"]),
    }


def team_row(team, members: int) -> dict:
    return {
        "name": team.name,
        "kind": str(team.get_kind_display()),
        "registration": "",
        "region": team.region.name,
        "region_code": team.region.code,
        "leaders": "、".join(sorted(leader.name for leader in team.leaders.all())),
        "members": members,
        "description": team.description,
    }


def hour_row(entry: tuple, holder: tuple[str, str, str], county: str, labels: _Labels) -> dict:
    """One ledger entry (a tuple of ``HOUR_FIELDS``) as the file's row; ``holder`` is
    (name, ID number, volunteer number)."""
    (seq, _volunteer, service_date, activity, program, place, content, minutes, unit,
     person_in_charge, approved_at, reason, reverses, corrects) = entry  # fmt: skip
    corrects = reverses or corrects
    return {
        "record": record_number(county, seq),
        "record_type": CORRECTION if corrects else NEW,
        "corrects": record_number(county, corrects) if corrects else "",
        "name": holder[0],
        "id_type": ID_TYPE,
        "id_number": holder[1],
        "number": holder[2],
        "service_date": service_date.isoformat(),
        "activity": activity,
        "program": program,
        "place": place,
        "content": content,
        "hours": round(minutes / 60, 2),
        "minutes": minutes,
        "unit": unit,
        "person_in_charge": person_in_charge,
        "approved_at": labels.local(approved_at),
        "reason": reason,
    }


def _digest(row: dict) -> str:
    text = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class _Changes:
    """Rows of one kind whose digest differs from what was last exported."""

    def __init__(self, kind: str):
        self.kind, self.rows, self.states = kind, [], []
        self.known = dict(ExportState.objects.filter(kind=kind).values_list("key", "digest"))

    def offer(self, key, row: dict, digest_of: dict) -> bool:
        digest = _digest(digest_of)
        if self.known.get(str(key)) == digest:
            return False
        self.states.append((str(key), digest))
        self.rows.append(row)
        return True


# --- Running an export -------------------------------------------------------------------


def export_run(*, export_id: int) -> NationalExport:
    """Write the export's file (the worker's job). Running a finished export again does nothing."""
    export = _claim(export_id)
    if export is None:
        return NationalExport.objects.get(pk=export_id)
    try:
        with translation.override("zh-hans"):
            return _write(export)
    except Exception as error:
        _progress(
            export,
            status=NationalExport.Status.FAILED,
            in_progress=None,
            message=str(error)[:300],
            finished_at=timezone.now(),
        )
        raise


@transaction.atomic
def _claim(export_id: int) -> NationalExport | None:
    export = NationalExport.objects.select_for_update().get(pk=export_id)
    if export.status not in (NationalExport.Status.QUEUED, NationalExport.Status.RUNNING):
        return None
    previous = selectors.last_export()
    export.status, export.heartbeat = NationalExport.Status.RUNNING, timezone.now()
    export.from_seq = previous.to_seq if previous else 0
    export.to_seq = ledger_head_seq()
    export.save(update_fields=["status", "heartbeat", "from_seq", "to_seq"])
    return export


def _progress(export: NationalExport, **fields) -> None:
    NationalExport.objects.filter(pk=export.pk).update(heartbeat=timezone.now(), **fields)


def _write(export: NationalExport) -> NationalExport:
    labels = _Labels()
    volunteers, holders = _volunteer_changes(labels)
    teams = _team_changes()
    hours, skipped = _hour_rows(export, holders, labels)
    _progress(export, total=len(volunteers.rows) + len(teams.rows) + len(hours))
    content = write_book(
        [
            (VOLUNTEERS.title, VOLUNTEERS.headers, _cells(VOLUNTEERS, volunteers.rows)),
            (TEAMS.title, TEAMS.headers, _cells(TEAMS, teams.rows)),
            (HOURS.title, HOURS.headers, hours),
        ],
        progress=lambda done: _progress(export, done=done),
    )
    counts = {
        "volunteer_rows": len(volunteers.rows),
        "team_rows": len(teams.rows),
        "hour_rows": len(hours),
        "skipped_entries": skipped,
    }
    return _finish(export, content, counts, [volunteers, teams])


def _in_order(sheet):
    """A function of a row (dict) giving its values in the sheet's column order (mapping.py)."""
    if len(sheet.keys) == 1:
        return lambda row: (row[sheet.keys[0]],)
    return itemgetter(*sheet.keys)


def _cells(sheet, rows: list[dict]) -> list[tuple]:
    in_order = _in_order(sheet)
    return [in_order(row) for row in rows]


class _Holders:
    """Every exported volunteer's (name, ID number, volunteer number), by user id.

    An ID number is decrypted once, and only when a row the file carries needs it.
    """

    def __init__(self):
        self.stored, self.ready = {}, {}

    def add(self, volunteer: dict, row: dict) -> None:
        self.stored[volunteer["user_id"]] = (
            row["name"],
            volunteer["id_number_encrypted"],
            row["number"],
        )

    def __contains__(self, user_id) -> bool:
        return user_id in self.stored

    def get(self, user_id) -> tuple[str, str, str]:
        holder = self.ready.get(user_id)
        if holder is None:
            name, token, number = self.stored[user_id]
            holder = self.ready[user_id] = (name, identity.decrypt(token), number)
        return holder


def _volunteer_changes(labels: _Labels):
    """The volunteers to write, and the holders of every exported volunteer's ID number."""
    changes, holders = _Changes(ExportState.Kind.VOLUNTEER), _Holders()
    found = people.exported_volunteers().values(*VOLUNTEER_FIELDS)
    for volunteer in found.iterator(chunk_size=2000):
        row = volunteer_row(volunteer, "", labels)
        holders.add(volunteer, row)
        if changes.offer(volunteer["pk"], row, {**row, "id_number": volunteer["id_number_hash"]}):
            row["id_number"] = holders.get(volunteer["user_id"])[1]
    return changes, holders


def _team_changes():
    changes = _Changes(ExportState.Kind.TEAM)
    members = {}
    for team_id in Membership.objects.filter(left_on=None).values_list("team_id", flat=True):
        members[team_id] = members.get(team_id, 0) + 1
    for team in Team.objects.select_related("region").prefetch_related("leaders").order_by("pk"):
        row = team_row(team, members.get(team.pk, 0))
        changes.offer(team.pk, row, row)
    return changes


def _hour_rows(export: NationalExport, holders: _Holders, labels: _Labels):
    """The entries of the export's range as rows in column order (tuples: 200,000 dicts of
    18 keys would hold about 250 MB), and how many were left out (their volunteer is not
    in the file)."""
    from django.conf import settings

    entries = entries_after(export.from_seq).filter(seq__lte=export.to_seq)
    rows, skipped, county, in_order = [], 0, settings.HONGYI_COUNTY_CODE, _in_order(HOURS)
    for entry in entries.values_list(*HOUR_FIELDS).iterator(chunk_size=5000):
        if entry[1] not in holders:
            skipped += 1
            continue
        rows.append(in_order(hour_row(entry, holders.get(entry[1]), county, labels)))
    return rows, skipped


@transaction.atomic
def _finish(export: NationalExport, content: bytes, counts: dict, changes) -> NationalExport:
    export = NationalExport.objects.select_for_update().get(pk=export.pk)
    token = identity.encrypt_bytes(content).encode("ascii")
    export.file.save(f"national-export-{export.pk}.xlsx.enc", ContentFile(token), save=False)
    for change in changes:
        ExportState.objects.bulk_create(
            [
                ExportState(kind=change.kind, key=key, digest=digest, export=export)
                for key, digest in change.states
            ],
            update_conflicts=True,
            unique_fields=["kind", "key"],
            update_fields=["digest", "export"],
            batch_size=2000,
        )
    for name, value in counts.items():
        setattr(export, name, value)
    export.file_sha256 = hashlib.sha256(content).hexdigest()
    export.status, export.in_progress = NationalExport.Status.DONE, None
    export.done, export.finished_at = export.total, timezone.now()
    export.save()
    audit_log(
        actor=export.created_by,
        action="exchange.export_done",
        target=export,
        data={**counts, "from_seq": export.from_seq, "to_seq": export.to_seq},
    )
    return export


def export_file(*, export: NationalExport, actor) -> tuple[str, str, bytes]:
    """The export's XLSX, decrypted for the county office; every download is audited."""
    if not may_reveal_id_number(actor):
        raise PermissionDenied
    if export.status != NationalExport.Status.DONE or not export.file:
        raise ExchangeError(_("This export has no file yet."), "not_ready")
    with export.file.open("rb") as handle:
        content = identity.decrypt_bytes(handle.read().decode("ascii"))
    audit_log(
        actor=actor,
        action="exchange.export_download",
        target=export,
        data={"reason": export.reason},
    )
    filename = f"national-export-{export.pk}-{timezone.localdate(export.created_at)}.xlsx"
    return filename, XLSX, content


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
