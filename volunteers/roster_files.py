"""Reading a roster file (XLSX or CSV) into rows: headers, cells, and what is wrong with a
cell before any rule is asked (a formula, an over-long text, an ID number Excel turned
into a number).

Headers are matched whatever the active language: a roster filled in from the Chinese
template reads the same on the page and on an English command line. Every message names
the column as the file wrote it, and none echoes a cell in full.
"""

import csv
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core.masking import mask_id_number
from volunteers.identity import IdNumber
from volunteers.rules import REQUIRED_FIELDS, TEXT_LIMITS, Problems, Registration, too_long

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
# A file must have a column for every value a registration requires (regulations Art.7).
REQUIRED_COLUMNS = REQUIRED_FIELDS
# Headers people write instead of ours.
ALIASES = {
    "姓名": "name",
    "身份证": "id_number",
    "身份证号码": "id_number",
    "公民身份号码": "id_number",
    "手机": "mobile",
    "手机号码": "mobile",
    "联系电话": "mobile",
    "联系方式": "mobile",
    "所属乡镇": "township",
    "乡镇街道": "township",
    "村社区": "village",
    "村庄": "village",
    "所在村": "village",
    "居住地区": "residence",
    "服务类型": "service_categories",
    "志愿服务类别": "service_categories",
    "技能": "skills",
    "特长": "skills",
    "专业特长": "skills",
    "服务时间": "availability",
    "紧急联系人姓名": "emergency_contact_name",
    "紧急联系人电话": "emergency_contact_mobile",
    "监护人": "guardian_name",
    "监护人电话": "guardian_mobile",
    "监护人关系": "guardian_relationship",
}
CELL_LIMIT = 200  # the longest cell any column reads; free text has its own TEXT_LIMITS
SHOWN_LIMIT = 30  # how much of a cell a message or the error report shows
HEADER_SEARCH_ROWS = 5  # a title row ("平山县志愿者花名册") may sit above the headers
INVISIBLE = str.maketrans("", "", "\u200b\u200c\u2060\ufeff")  # pasted from chat apps


@dataclass
class Row:
    number: int  # the row number the spreadsheet shows
    cells: dict[str, str]  # by field name: what the rules read
    raw: dict[str, str]  # by the file's own headers, for the error report
    headers: dict[str, str]  # field name → the header as the file wrote it
    registration: Registration | None = None
    parsed: IdNumber | None = None
    id_hash: str = ""
    problems: Problems = field(default_factory=Problems)

    def column(self, name: str) -> str:
        """The column as the file wrote it; our label when the file has no such column."""
        if name == "__all__":
            return _("Row")
        return self.headers.get(name) or str(COLUMNS.get(name, name))

    def messages(self) -> list[str]:
        """One message per problem: columns with the same problem share one message."""
        columns_by_message: dict[str, list[str]] = {}
        for name, messages in self.problems.items():
            for message in messages:
                columns_by_message.setdefault(message, []).append(self.column(name))
        return [
            _("%(columns)s: %(message)s") % {"columns": listing(columns), "message": message}
            for message, columns in columns_by_message.items()
        ]

    def report(self) -> dict:
        """What the preview and the error report keep of a bad row: never a full ID number,
        never a cell in full."""
        return {
            "row": self.number,
            "name": brief(self.raw.get(self.headers.get("name", ""), "")),
            "cells": {
                header: shown(self.headers, header, value) for header, value in self.raw.items()
            },
            "messages": self.messages(),
        }


def listing(items) -> str:
    """``“a”、“b”`` in Chinese, ``“a”, “b”`` in English."""
    return pgettext("list separator", ", ").join(str(item) for item in items)


def brief(text: str) -> str:
    """A cell as a message may quote it: the start of it, never ten thousand characters."""
    text = str(text)
    return text if len(text) <= SHOWN_LIMIT else text[:SHOWN_LIMIT] + "…"


def shown(headers: dict[str, str], header: str, value: str) -> str:
    return brief(mask_id_number(value) if headers.get("id_number") == header else value)


# --- Headers -------------------------------------------------------------------------------


def header_field(header: str) -> str | None:
    """The field a header names: our label in any language, the field name, or an alias;
    spaces, a ``*`` marking a required column and a note in brackets do not count."""
    return _header_keys().get(_key(header))


@functools.lru_cache(maxsize=1)
def _header_keys() -> dict[str, str]:
    keys = {_key(alias): name for alias, name in ALIASES.items()}
    for name, label in COLUMNS.items():
        keys[_key(name)] = name
        for language, _language_name in settings.LANGUAGES:
            with translation.override(language):
                keys[_key(str(label))] = name
    return keys


def _key(header: str) -> str:
    header = re.sub(r"[（(][^（()）]*[)）]\s*[*＊]?\s*$", "", str(header).strip())  # "村（社区）"
    return re.sub(r"[\s*＊'’_]", "", header).lower()


def _header_row(table: list[tuple[int, tuple]]) -> int:
    """The index of the header row: the first of the top rows naming two of our columns,
    else the first row (whose headers the refusal then names)."""
    for index, (_number, values) in enumerate(table[:HEADER_SEARCH_ROWS]):
        if sum(1 for value in values if header_field(_text(value))) >= 2:
            return index
    return 0


def check_headers(headers: list[str], fields: list[str | None], row_number: int) -> None:
    """Refuse the file when a required column is missing or one is given twice."""
    problems = []
    missing = [str(COLUMNS[name]) for name in REQUIRED_COLUMNS if name not in fields]
    if missing:
        unknown = [f"“{brief(h)}”" for h, f in zip(headers, fields, strict=True) if h and not f]
        problems.append(_missing_columns(row_number, missing, unknown))
    for name in dict.fromkeys(f for f in fields if f and fields.count(f) > 1):
        twice = [f"“{brief(h)}”" for h, f in zip(headers, fields, strict=True) if f == name]
        problems.append(
            _("Row %(row)d, the header row: the columns %(columns)s all mean “%(label)s”. "
              "Keep one of them.")
            % {"row": row_number, "columns": listing(twice), "label": COLUMNS[name]}
        )  # fmt: skip
    if problems:
        raise ValidationError({"file": problems})


def _missing_columns(row_number: int, missing: list[str], unknown: list[str]) -> str:
    sentences = [
        _("Row %(row)d, the header row, lacks these columns: %(missing)s.")
        % {"row": row_number, "missing": listing(f"“{label}”" for label in missing)}
    ]
    if unknown:
        sentences.append(
            _("We do not know the columns %(unknown)s.") % {"unknown": listing(unknown)}
        )
    sentences.append(_("Write the headers as the template does (download it on the import page)."))
    return functools.reduce(_then, sentences)


def _then(first: str, second: str) -> str:
    """Two sentences: a space between them in English, none in Chinese."""
    return pgettext("two sentences", "%(first)s %(second)s") % {"first": first, "second": second}


# --- Rows ----------------------------------------------------------------------------------


def read_roster(filename: str, content: bytes) -> tuple[list[str], list[Row]]:
    """The file's headers and its non-empty rows, or a ValidationError about the file."""
    table = _read_xlsx(content) if filename.lower().endswith(".xlsx") else _read_csv(content)
    if not table:
        raise ValidationError({"file": _("The file is empty.")})
    start = _header_row(table)
    header_number, header_values = table[start]
    headers = [_text(cell) for cell in header_values]
    fields = [header_field(h) if h else None for h in headers]
    check_headers(headers, fields, header_number)
    written = {name: header for header, name in zip(headers, fields, strict=True) if name}
    rows = []
    for number, values in table[start + 1 :]:
        row = _row(number, headers, fields, written, values)
        if row is not None:
            rows.append(row)
    _check_row_count(len(rows), settings.HONGYI_IMPORT_MAX_ROWS)
    return [h for h in headers if h], rows


def _row(number: int, headers: list[str], fields: list, written: dict, values) -> Row | None:
    """The row, or None when none of our columns holds anything (blank, or only a 序号)."""
    row = Row(number=number, cells={}, raw={}, headers=written)
    for header, name, value in zip(headers, fields, values, strict=False):
        text = _text(value)
        if header:
            row.raw[header] = text
        if name:
            row.cells[name] = _cell(row, name, value, text)
    return row if any(row.cells.values()) or row.problems else None


def _cell(row: Row, name: str, value, text: str) -> str:
    """The text the rules read; a cell with its own problem reads as empty (one message)."""
    if _is_formula(value):
        row.problems.add(
            name,
            _("Formulas are not allowed in this cell: type the value itself (in Excel, copy the "
              "column and paste it as values)."),
        )  # fmt: skip
        return ""
    limit = TEXT_LIMITS.get(name, CELL_LIMIT)
    if len(text) > limit:
        row.problems.add(name, too_long(limit, len(text)))
        return ""
    if name == "id_number" and isinstance(value, int | float):
        # Excel turns an 18-digit number into a float and drops its last digits.
        row.problems.add(
            name, _("Saved as a number, its last digits are lost: format the column as text.")
        )
        return ""
    return text


def _is_formula(value) -> bool:
    """A formula cell of an XLSX (read as its formula, not a cached result), or a CSV cell
    that a spreadsheet would run as one."""
    if isinstance(value, str):
        return value.lstrip().startswith("=")
    return type(value).__name__ in {"ArrayFormula", "DataTableFormula"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).translate(INVISIBLE).strip()


# --- Files ---------------------------------------------------------------------------------


def _read_xlsx(content: bytes) -> list[tuple[int, tuple]]:
    """The first sheet's non-blank rows with their numbers; formulas as formulas
    (``data_only=False``), so a formula is refused by name instead of read as its cached
    result or as nothing."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        try:
            return _numbered(book.worksheets[0].iter_rows(values_only=True))
        finally:
            book.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError, OSError) as error:
        raise ValidationError({"file": _("This is not an XLSX file we can read.")}) from error


def _read_csv(content: bytes) -> list[tuple[int, list[str]]]:
    """UTF-8 (with or without BOM), or GB18030: what Excel saves in Chinese Windows."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError({"file": _("The CSV file is neither UTF-8 nor GBK text.")})
    return _numbered(csv.reader(io.StringIO(text)))


def _numbered(rows) -> list[tuple[int, tuple]]:
    """``(row number, cells)`` for each row holding anything. Blank rows (Excel may report
    a million formatted ones) are skipped as they come, and never count against the limit."""
    table, limit = [], settings.HONGYI_IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS
    for number, values in enumerate(rows, start=1):
        if any(_text(value) for value in values):
            table.append((number, tuple(values)))
            _check_row_count(len(table), limit)
    return table


def _check_row_count(count: int, limit: int) -> None:
    if count > limit:
        limit = settings.HONGYI_IMPORT_MAX_ROWS
        raise ValidationError({"file": _("The file has more than %d rows: split it.") % limit})
