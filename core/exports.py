"""Spreadsheet exports that a spreadsheet program cannot turn into formulas.

Excel, WPS and LibreOffice read a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a leading tab or carriage return can smuggle one past a first look (OWASP's
"CSV injection"). A volunteer's name is typed by the volunteer, so every CSV and XLSX the
app writes passes its text cells through ``safe_cell``, which prefixes such a cell with
``'``: the cell then shows its text as typed and never runs.
"""

from django_tables2.export import TableExport

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with text that a spreadsheet would run as a formula made plain text.

    Numbers stay numbers: a negative correction of -30 minutes is a figure, not a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
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
