"""Writing and reading the national file's workbooks (openpyxl, imported where used).

Every cell written passes through ``core.exports.safe_cell``: a name a volunteer typed
never runs as a formula in the office's spreadsheet program.
"""

import io
from collections.abc import Callable, Iterable

from core.exports import safe_row

PROGRESS_EVERY = 5000


def write_book(sheets: Iterable[tuple[str, list[str], Iterable[list]]],
               progress: Callable[[int], None] | None = None) -> bytes:  # fmt: skip
    """An XLSX with one sheet per (title, headers, rows), written row by row (write-only
    mode keeps memory flat at 200,000 rows). ``progress(rows written)`` now and then."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    written = 0
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title)
        sheet.append(safe_row(headers))
        for row in rows:
            sheet.append(safe_row(row))
            written += 1
            if progress and written % PROGRESS_EVERY == 0:
                progress(written)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class UnreadableBookError(ValueError):
    """Not an XLSX file openpyxl can open."""


def open_book(content: bytes):
    """The workbook, read-only (rows streamed), or ``UnreadableBookError``."""
    import zipfile

    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise UnreadableBookError(str(error)) from error


def sheet_rows(book, title: str):
    """The rows of one sheet as tuples of cell values (header first), or None if absent."""
    if title not in book.sheetnames:
        return None
    return book[title].iter_rows(values_only=True)
