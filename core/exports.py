"""Spreadsheet exports that a spreadsheet program cannot turn into formulas.

Excel, WPS and LibreOffice read a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a leading tab or carriage return can smuggle one past a first look (OWASP's
"CSV injection"). A volunteer's name is typed by the volunteer, so every CSV and XLSX the
app writes goes through this module, which prefixes such a cell with ``'``: the cell then
shows its text as typed and never runs. openpyxl would even store a text starting with
``=`` as a live formula, so an XLSX needs it as much as a CSV.

Three ways out, one rule:

- ``SafeTableExport``: a django-tables2 table as CSV or XLSX (``table_export`` answers
  ``?_export=csv|xlsx`` in one call);
- ``csv_text(rows)``: plain rows as CSV text for Excel (UTF-8 with a BOM);
- ``xlsx_bytes({sheet title: rows})``: plain rows as an XLSX workbook.

ruff bans ``TableExport``, ``csv.writer`` and ``openpyxl.Workbook`` elsewhere (TID251),
so a new export cannot forget the rule.
"""

import csv
import io
import re

from django.utils import timezone
from django_tables2.export import TableExport  # noqa: TID251 - wrapped here, once

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number ("-30", "+86", "-0.5") is a figure, and no spreadsheet runs it.
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
EXPORT_FORMATS = ("csv", "xlsx")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """The value, with text that a spreadsheet would run as a formula made plain text.

    Numbers stay numbers: a negative correction of -30 minutes is a figure, not a formula.
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [safe_cell(value) for value in row]


class SafeTableExport(TableExport):
    """django-tables2's export, with every cell, headers included, passed through ``safe_cell``."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        from tablib import Dataset

        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        clean = Dataset(title=dataset.title, headers=safe_row(dataset.headers or []))
        for row in dataset:
            clean.append(safe_row(row))
        return clean


def export_format(request) -> str | None:
    """``csv`` or ``xlsx`` when the page was asked for an export (``?_export=``), else None.

    Only these two: tablib also writes LaTeX, YAML and the rest, which no office needs.
    """
    wanted = request.GET.get("_export")
    return wanted if wanted in EXPORT_FORMATS else None


def table_export(request, table, name: str):
    """The table as a dated CSV or XLSX download when ``?_export=`` asks for one, else None."""
    wanted = export_format(request)
    if wanted is None:
        return None
    stamp = timezone.localdate().isoformat()
    return SafeTableExport(wanted, table).response(f"{name}-{stamp}.{wanted}")


def csv_text(rows, *, bom: bool = True) -> str:
    """Rows as CSV text; with a BOM, Excel opens the UTF-8 as Chinese instead of mojibake."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # noqa: TID251 - every row passes safe_row
    for row in rows:
        writer.writerow(safe_row(row))
    return ("\ufeff" if bom else "") + buffer.getvalue()


def xlsx_bytes(sheets: dict, *, text_columns=()) -> bytes:
    """``{title: rows}`` as an XLSX workbook, one sheet per title, every cell made safe.

    ``text_columns`` (0-based) of the first sheet are formatted as text, so what a person
    types there later (an 18-digit ID number) stays as typed instead of becoming a number.
    """
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)  # noqa: TID251 - every row passes safe_row
    for index, (title, rows) in enumerate(sheets.items()):
        sheet = book.create_sheet(title=str(title)[:31])
        for column in text_columns if index == 0 else ():
            dimension = sheet.column_dimensions[get_column_letter(column + 1)]
            dimension.number_format, dimension.width = "@", 22
        for values in rows:
            sheet.append(safe_row(values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
