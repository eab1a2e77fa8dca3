"""Roster files (XLSX or CSV): read them, check every row, write the error report.

Reading and checking write nothing, so the preview and the commit run the very same
checks. Each row is checked with the registration rules (``volunteers.rules``), then
against the other rows of the file and against the database, in bulk.
"""

import csv
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.masking import mask_id_number
from core.models import Region
from core.selectors import user_region_codes, user_sees_county
from volunteers.choices import (
    Availability,
    GuardianRelationship,
    PoliticalStatus,
    ServiceCategory,
    choice_by_label,
)
from volunteers.identity import IdNumber, keyed_hash
from volunteers.rules import Problems, Registration, registration_problems
from volunteers.selectors import id_hashes_taken, mobiles_taken

# The columns of a roster, in the template's order, with their labels (the headers).
COLUMNS = {
    "name": gettext_lazy("Name"),
    "id_number": gettext_lazy("ID number"),
    "mobile": gettext_lazy("Mobile number"),
    "township": gettext_lazy("Township"),
    "village": gettext_lazy("Village"),
    "residence": gettext_lazy("Area of residence"),
    "service_categories": gettext_lazy("Service categories"),
    "skills": gettext_lazy("Skills"),
    "availability": gettext_lazy("Available times"),
    "emergency_contact_name": gettext_lazy("Emergency contact"),
    "emergency_contact_mobile": gettext_lazy("Emergency contact's mobile"),
    "political_status": gettext_lazy("Political status"),
    "guardian_name": gettext_lazy("Guardian's name"),
    "guardian_mobile": gettext_lazy("Guardian's mobile"),
    "guardian_relationship": gettext_lazy("Relationship"),
}
REQUIRED_COLUMNS = ("name", "id_number", "mobile", "township", "village")
# Headers people write instead of ours.
ALIASES = {
    "身份证": "id_number",
    "身份证号码": "id_number",
    "公民身份号码": "id_number",
    "手机": "mobile",
    "手机号码": "mobile",
    "联系电话": "mobile",
    "乡镇街道": "township",
    "村社区": "village",
    "村庄": "village",
    "所在村": "village",
    "居住地区": "residence",
    "技能": "skills",
    "服务时间": "availability",
    "紧急联系人电话": "emergency_contact_mobile",
    "监护人": "guardian_name",
    "监护人电话": "guardian_mobile",
    "监护人关系": "guardian_relationship",
}
MULTI_CHOICES = {"service_categories": ServiceCategory, "availability": Availability}
SINGLE_CHOICES = {
    "political_status": PoliticalStatus,
    "guardian_relationship": GuardianRelationship,
}
SEPARATORS = re.compile(r"[;；,，、/\s]+")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Row:
    number: int  # the row number the spreadsheet shows, header = 1
    cells: dict[str, str]  # by field name
    raw: dict[str, str]  # by the file's own headers, for the error report
    registration: Registration | None = None
    parsed: IdNumber | None = None
    id_hash: str = ""
    problems: Problems = field(default_factory=Problems)

    def report(self) -> dict:
        """What the preview and the error report keep of a bad row: never a full ID number."""
        return {
            "row": self.number,
            "name": self.cells.get("name", ""),
            "cells": {key: _masked(key, value) for key, value in self.raw.items()},
            "messages": [
                f"{label(name)}：{message}"
                for name, messages in self.problems.items()
                for message in messages
            ],
        }


def label(field_name: str) -> str:
    return str(COLUMNS.get(field_name, field_name)) if field_name != "__all__" else _("Row")


def _masked(header: str, value: str) -> str:
    return mask_id_number(value) if header_field(header) == "id_number" else value


# --- Reading -------------------------------------------------------------------------------


def read_roster(filename: str, content: bytes) -> tuple[list[str], list[Row]]:
    """The file's headers and its non-empty rows, or a ValidationError about the file."""
    table = _read_xlsx(content) if filename.lower().endswith(".xlsx") else _read_csv(content)
    if not table:
        raise ValidationError({"file": _("The file is empty.")})
    headers = [_text(cell) for cell in table[0]]
    fields = [header_field(h) if h else None for h in headers]
    _check_headers(fields)
    rows = []
    for number, values in enumerate(table[1:], start=2):
        row = _row(number, headers, fields, values)
        if row is not None:
            rows.append(row)
    return [h for h in headers if h], rows


def _row(number: int, headers: list[str], fields: list, values) -> Row | None:
    row = Row(number=number, cells={}, raw={})
    for header, name, value in zip(headers, fields, values, strict=False):
        text = _text(value)
        if header:
            row.raw[header] = text
        if name:
            row.cells[name] = text
        if name == "id_number" and isinstance(value, int | float):
            # Excel turns an 18-digit number into a float and drops its last digits.
            row.problems.add(
                "id_number",
                _("Saved as a number, its last digits are lost: format the column as text."),
            )
    return row if any(row.raw.values()) else None


def header_field(header: str) -> str | None:
    """The field a header names: our label (either language), the field name, or an alias."""
    return _header_field(header, translation.get_language())


@lru_cache(maxsize=512)
def _header_field(header: str, language: str) -> str | None:
    key = _key(header)
    for name, text in COLUMNS.items():
        with translation.override("en"):
            english = _key(str(text))
        if key in (name, _key(str(text)), english):
            return name
    return ALIASES.get(key)


def _key(header: str) -> str:
    return re.sub(r"[\s*＊（）()'’]", "", header).lower()


def _check_headers(fields: list[str | None]) -> None:
    missing = [str(COLUMNS[name]) for name in REQUIRED_COLUMNS if name not in fields]
    if missing:
        raise ValidationError({"file": _("The file lacks these columns: %s.") % "、".join(missing)})


def _read_xlsx(content: bytes) -> list[tuple]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    limit = settings.HONGYI_IMPORT_MAX_ROWS + 1
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            table = []
            for values in book.worksheets[0].iter_rows(values_only=True):
                table.append(values)
                _check_row_count(len(table), limit)
            return table
        finally:
            book.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError, OSError) as error:
        raise ValidationError({"file": _("This is not an XLSX file we can read.")}) from error


def _read_csv(content: bytes) -> list[list[str]]:
    """UTF-8 (with or without BOM), or GB18030: what Excel saves in Chinese Windows."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError({"file": _("The CSV file is neither UTF-8 nor GBK text.")})
    table = []
    for values in csv.reader(io.StringIO(text)):
        table.append(values)
        _check_row_count(len(table), settings.HONGYI_IMPORT_MAX_ROWS + 1)
    return table


def _check_row_count(count: int, limit: int) -> None:
    if count > limit:
        raise ValidationError(
            {"file": _("The file has more than %d rows: split it.") % (limit - 1)}
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- Checking ------------------------------------------------------------------------------


class Regions:
    """Townships and villages by name and by code, loaded once for the whole file."""

    def __init__(self):
        regions = list(Region.objects.filter(level__in=["township", "village"]))
        self.townships = {}
        self.villages = defaultdict(dict)
        for region in regions:
            if region.level == Region.Level.TOWNSHIP:
                self.townships[region.name] = self.townships[region.code] = region
        for region in regions:
            if region.level == Region.Level.VILLAGE:
                self.villages[region.parent_id][region.name] = region
                self.villages[region.parent_id][region.code] = region


def check_rows(
    rows: list[Row],
    *,
    actor,
    today: date,
    progress: Callable[[int], None] | None = None,
) -> list[Row]:
    """Every row with its problems filled in; rows without problems can be imported."""
    regions = Regions()
    allowed = None if actor is None or user_sees_county(actor) else user_region_codes(actor)
    for index, row in enumerate(rows, start=1):
        _check_row(row, regions, allowed, today)
        if progress and index % 1000 == 0:
            progress(index)
    _check_duplicates_in_file(rows)
    _check_duplicates_in_database(rows)
    if progress:
        progress(len(rows))
    return rows


def _check_row(row: Row, regions: Regions, allowed, today: date) -> None:
    cells = row.cells
    township = _township(cells.get("township", ""), regions, row, allowed)
    village = _village(cells.get("village", ""), township, regions, row)
    registration = Registration(
        name=cells.get("name", ""),
        id_number=cells.get("id_number", ""),
        mobile=cells.get("mobile", ""),
        township=township,
        village=village,
        residence=cells.get("residence", ""),
        skills=cells.get("skills", ""),
        emergency_contact_name=cells.get("emergency_contact_name", ""),
        emergency_contact_mobile=cells.get("emergency_contact_mobile", ""),
        guardian_name=cells.get("guardian_name", ""),
        guardian_mobile=cells.get("guardian_mobile", ""),
        **_choices(cells, row),
    )
    # A guardian named on the paper form signed it: staff vouch for that consent.
    registration.guardian_consent = bool(
        registration.guardian_name and registration.guardian_mobile
    )
    parsed, problems = registration_problems(registration, today=today)
    for name, messages in problems.items():
        if name not in row.problems and not _already_explained(name, row):
            row.problems.setdefault(name, []).extend(messages)
    row.registration, row.parsed = registration, parsed
    row.id_hash = keyed_hash(parsed.number) if parsed else ""


def _already_explained(name: str, row: Row) -> bool:
    """An unknown township already says why the village cannot be checked; a paper form
    signed by the guardian named on it is their consent, so only missing details count."""
    return (name == "village" and "township" in row.problems) or name == "guardian_consent"


def _township(text: str, regions: Regions, row: Row, allowed) -> Region | None:
    if not text:
        return None
    township = regions.townships.get(text)
    if township is None:
        row.problems.add("township", _("No township of the county is called “%s”.") % text)
    elif allowed is not None and not any(township.code.startswith(c) for c in allowed):
        row.problems.add("township", _("%s is outside your office's area.") % township.name)
    return township


def _village(text: str, township: Region | None, regions: Regions, row: Row) -> Region | None:
    if not text or township is None:
        return None
    village = regions.villages[township.pk].get(text)
    if village is None:
        row.problems.add(
            "village",
            _("%(township)s has no village “%(village)s”.")
            % {"township": township.name, "village": text},
        )
    return village


def _choices(cells: dict, row: Row) -> dict:
    values = {}
    for name, choices in MULTI_CHOICES.items():
        values[name] = [_choice(choices, part, name, row) for part in _parts(cells.get(name, ""))]
        values[name] = [value for value in values[name] if value]
    for name, choices in SINGLE_CHOICES.items():
        text = cells.get(name, "")
        values[name] = _choice(choices, text, name, row) if text else ""
    return values


def _parts(text: str) -> list[str]:
    return [part for part in SEPARATORS.split(text) if part]


def _choice(choices, text: str, name: str, row: Row) -> str:
    value = choice_by_label(choices, text)
    if value is None:
        allowed = "、".join(str(choice.label) for choice in choices)
        row.problems.add(
            name, _("“%(text)s” is not one of: %(allowed)s.") % {"text": text, "allowed": allowed}
        )
        return ""
    return value


def _check_duplicates_in_file(rows: list[Row]) -> None:
    for key, field_name in (("mobile", "mobile"), ("id_hash", "id_number")):
        seen = defaultdict(list)
        for row in rows:
            value = row.cells.get("mobile", "") if key == "mobile" else row.id_hash
            if value:
                seen[value].append(row)
        for same in seen.values():
            for row in same if len(same) > 1 else ():
                others = "、".join(str(other.number) for other in same if other is not row)
                row.problems.add(field_name, _("Same as row %s of this file.") % others)


def _check_duplicates_in_database(rows: list[Row]) -> None:
    taken_mobiles = mobiles_taken(r.cells.get("mobile") for r in rows if r.cells.get("mobile"))
    taken_ids = id_hashes_taken(r.id_hash for r in rows if r.id_hash)
    for row in rows:
        if row.cells.get("mobile") in taken_mobiles:
            row.problems.add("mobile", _("This mobile number is already registered."))
        if row.id_hash in taken_ids:
            row.problems.add("id_number", _("This ID number is already registered."))


# --- Output --------------------------------------------------------------------------------


def errors_xlsx(columns: list[str], problems: list[dict], filename: str) -> tuple[str, str, bytes]:
    """The rows that were not imported, as they were (ID numbers masked), with the reasons."""
    reason = _("Problems")
    rows = [[_("Row"), *columns, reason]]
    rows += [
        [p["row"], *(p["cells"].get(c, "") for c in columns), "；".join(p["messages"])]
        for p in problems
    ]
    stem = filename.rsplit(".", 1)[0]
    return f"{stem}-errors.xlsx", XLSX_MIME, _xlsx({_("Rows not imported"): rows})


def template_xlsx() -> tuple[str, str, bytes]:
    """An empty roster with every column, and a sheet listing the allowed values.

    No example row: an example left in by mistake would import a person who does not exist.
    """
    notes = [[_("Column"), _("What to write")]]
    notes += [
        [str(COLUMNS[name]), "、".join(str(c.label) for c in choices)]
        for name, choices in {**MULTI_CHOICES, **SINGLE_CHOICES}.items()
    ]
    notes.append([str(COLUMNS["id_number"]), _("Format the column as text: 18 characters.")])
    sheets = {_("Volunteers"): [[str(text) for text in COLUMNS.values()]], _("Notes"): notes}
    return "volunteer-roster-template.xlsx", XLSX_MIME, _xlsx(sheets)


def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title=str(title)[:31])
        for values in rows:
            sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
