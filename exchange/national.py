"""Reading a national file back: every row checked, every problem named in Chinese.

``read_national`` returns the records a file would import and the problems it has. The
import (``exchange.services.imports``) writes the records only when there is no problem
at all: a malformed file changes nothing. Problems never quote a full ID number.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.masking import mask_id_number
from exchange import people
from exchange.mapping import CORRECTION, HOURS, VOLUNTEERS, Sheet
from exchange.xlsx import UnreadableBookError, open_book, sheet_rows
from volunteers.identity import keyed_hash, normalize, parse_id_number

LIMITS = {
    "activity": 200,
    "program": 200,
    "place": 200,
    "content": 500,
    "unit": 200,
    "person_in_charge": 50,
    "record": 100,
}
MAX_MINUTES = 24 * 60
KEPT_PROBLEMS = 1000


@dataclass
class Reading:
    """What a file holds: records ready to import, problems, rows read."""

    records: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    problem_count: int = 0
    rows: int = 0

    def problem(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(
                {"sheet": sheet, "row": row, "field": column, "message": str(message)}
            )


def read_national(
    content: bytes, *, today: date, in_scope, max_rows: int, progress=None
) -> Reading:
    """Check a national file. ``in_scope(volunteer)`` says whether the uploader may import
    records for that volunteer; ``progress(rows)`` is called now and then."""
    reading = Reading()
    try:
        book = open_book(content)
    except UnreadableBookError:
        reading.problem(
            "",
            0,
            "",
            _("This file cannot be read: upload the .xlsx file exported from the national system."),
        )
        return reading
    hours = sheet_rows(book, HOURS.title)
    if hours is None:
        found = "、".join(book.sheetnames) or "—"
        reading.problem(
            "",
            0,
            "",
            _("The file has no sheet named “%(sheet)s” (its sheets: %(found)s).")
            % {"sheet": HOURS.title, "found": found},
        )
        return reading
    checker = _Checker(reading, today=today, in_scope=in_scope, max_rows=max_rows)
    checker.read(HOURS, hours, progress)
    volunteers = sheet_rows(book, VOLUNTEERS.title)
    if volunteers is not None and not reading.problem_count:
        checker.read(VOLUNTEERS, volunteers, None)
    checker.match()
    return reading


class _Checker:
    def __init__(self, reading: Reading, *, today, in_scope, max_rows):
        self.reading, self.today, self.in_scope, self.max_rows = reading, today, in_scope, max_rows
        self.refs, self.parsed, self.pending = set(), {}, []

    def read(self, sheet: Sheet, rows, progress) -> None:
        header = next(rows, None)
        columns = self._columns(sheet, header)
        if columns is None:
            return
        for number, values in enumerate(rows, start=2):
            if not any(value not in (None, "") for value in values):
                continue
            self.reading.rows += 1
            if self.reading.rows > self.max_rows:
                self.reading.problem(
                    sheet.title,
                    number,
                    "",
                    _("The file has more than %(max)s rows: split it.") % {"max": self.max_rows},
                )
                return
            cells = {key: values[i] if i < len(values) else None for key, i in columns.items()}
            self._row(sheet, number, cells)
            if progress and self.reading.rows % 5000 == 0:
                progress(self.reading.rows)

    def _columns(self, sheet: Sheet, header) -> dict | None:
        found = {str(text).strip(): i for i, text in enumerate(header or ()) if text is not None}
        columns = {c.key: found[c.header] for c in sheet.columns if c.header in found}
        missing = [c.header for c in sheet.columns if c.required and c.key not in columns]
        if sheet is HOURS and "minutes" in columns and "服务时长（小时）" in missing:
            missing.remove("服务时长（小时）")
        if missing:
            self.reading.problem(
                sheet.title,
                1,
                "、".join(missing),
                _("Columns missing from the sheet: %(columns)s.") % {"columns": "、".join(missing)},
            )
            return None
        return columns

    def _row(self, sheet: Sheet, number: int, cells: dict) -> None:
        problem = self._problem_at(sheet.title, number)
        name = _text(cells.get("name"))
        if not name:
            problem("姓名", _("This field is required."))
        number_text = self._id_number(cells.get("id_number"), problem)
        if sheet is HOURS:
            record = self._hours(cells, problem)
            if record is not None and name and number_text:
                self._ref(record, cells, problem)
                self.pending.append((sheet.title, number, name, number_text, record))
        elif name and number_text:
            self.pending.append((sheet.title, number, name, number_text, None))

    def _problem_at(self, title: str, number: int):
        return lambda column, message: self.reading.problem(title, number, column, message)

    def _id_number(self, value, problem) -> str | None:
        text = normalize(value)
        if not text:
            problem("证件号码", _("This field is required."))
            return None
        if text not in self.parsed:
            try:
                self.parsed[text] = parse_id_number(text, today=self.today).number
            except ValidationError as error:
                self.parsed[text] = None
                self.parsed[f"!{text}"] = error.messages[0]
        if self.parsed[text] is None:
            problem("证件号码", f"{mask_id_number(text)}：{self.parsed[f'!{text}']}")
        return self.parsed[text]

    def _hours(self, cells: dict, problem) -> dict | None:
        record = {key: _text(cells.get(key))[:limit] for key, limit in LIMITS.items()}
        for key, limit in LIMITS.items():
            if len(_text(cells.get(key))) > limit:
                problem(_header(key), _("Too long: at most %(max)s characters.") % {"max": limit})
        if not record["activity"]:
            problem("活动名称", _("This field is required."))
        record["service_date"] = self._date(cells.get("service_date"), problem)
        record["is_correction"] = _text(cells.get("record_type")) == CORRECTION
        record["minutes"] = _minutes(cells, record["is_correction"], problem)
        if not record["activity"] or record["service_date"] is None or record["minutes"] is None:
            return None
        return record

    def _date(self, value, problem) -> date | None:
        day = _day(value)
        if day is None:
            problem("服务日期", _("Enter a date as YYYY-MM-DD."))
        elif not date(2000, 1, 1) <= day <= self.today:
            problem("服务日期", _("The service date must lie between 2000 and today."))
            day = None
        return day

    def _ref(self, record: dict, cells: dict, problem) -> None:
        ref = record.pop("record") or _fingerprint(cells)
        if ref in self.refs:
            problem("记录编号", _("This record appears twice in the file."))
        self.refs.add(ref)
        record["record_ref"] = ref

    def match(self) -> None:
        """Each row's ID number must belong to a volunteer registered here, by that name."""
        found = people.volunteers_by_id_hash(keyed_hash(row[3]) for row in self.pending)
        for sheet, number, name, id_text, record in self.pending:
            volunteer = found.get(keyed_hash(id_text))
            problem = self._problem_at(sheet, number)
            if volunteer is None:
                problem(
                    "证件号码",
                    _("%(id)s is not registered as a volunteer here: register the volunteer first.")
                    % {"id": mask_id_number(id_text)},
                )
            elif volunteer.user.name != name:
                problem(
                    "姓名",
                    _("“%(name)s” does not match the holder of ID number %(id)s.")
                    % {"name": name, "id": mask_id_number(id_text)},
                )
            elif not self.in_scope(volunteer):
                problem(
                    "证件号码",
                    _("%(id)s belongs to a volunteer outside your township.")
                    % {"id": mask_id_number(id_text)},
                )
            elif record is not None:
                self.reading.records.append({**record, "volunteer_id": volunteer.user_id})


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header(key: str) -> str:
    return next(c.header for c in HOURS.columns if c.key == key)


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def _minutes(cells: dict, correction: bool, problem) -> int | None:
    minutes_text, hours_text = _text(cells.get("minutes")), _text(cells.get("hours"))
    try:
        minutes = int(float(minutes_text)) if minutes_text else round(float(hours_text) * 60)
    except ValueError:
        problem("服务时长（小时）", _("Enter the hours as a number, such as 2.5."))
        return None
    low = -MAX_MINUTES if correction else 1
    if not low <= minutes <= MAX_MINUTES or minutes == 0:
        problem(
            "服务时长（小时）",
            _("The service time must be between 0 and 24 hours (a correction may be negative)."),
        )
        return None
    return minutes


def _fingerprint(cells: dict) -> str:
    """A record number for a row without one: the same row always gets the same one."""
    text = json.dumps({k: _text(v) for k, v in sorted(cells.items())}, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:40]
