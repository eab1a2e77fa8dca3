"""Writing the national file's workbooks and reading them back (openpyxl).

Every cell written passes through ``core.exports.safe_cell``: a name a volunteer typed
never runs as a formula in the office's spreadsheet program.

The workbook is the one XlsxWriter writes in constant-memory mode (inline strings, cells
streamed row by row), with its worksheets' rows written here instead of through
XlsxWriter's per-cell API, which cost about 6 µs of CPU per cell: 21 s for the 200,000
service rows of 18 cells at Pingshan's size (docs/exchange.md, "Speed"). XlsxWriter
still writes every other part of the package (content types, relationships, workbook,
styles, theme, document properties), from the same sheet titles. The worksheet XML
written here is byte for byte what XlsxWriter writes for the same rows (tested), built
from the XML of each distinct value once: a county's rows repeat their activities,
places, units and volunteers many times over.
"""

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from math import isfinite

from core.exports import safe_cell

PROGRESS_EVERY = 5000
ROWS_PER_CHUNK = 2000  # rows encoded and compressed at a time
CACHED_VALUES = 50_000  # distinct texts remembered per column (a record number never repeats)
# zlib's fastest level: 184 MB of XML for 200,000 rows in 0.5 s of CPU instead of 1.9 s at
# the default level 6, for a file of 21 MB instead of 17 MB.
COMPRESS_LEVEL = 1
EXCEL_MAX_TEXT = 32767  # characters (UTF-16 units) in a cell

WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<dimension ref="{dimension}"/><sheetViews><sheetView {selected}workbookViewId="0"/>'
    '</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
)
SHEET_END = (
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    "</worksheet>"
)

# XlsxWriter's escapes (xmlwriter.py): a control character becomes _xHHHH_, and a literal
# _xHHHH_ in the text gets its underscore escaped, so a reader restores the text as typed.
_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_EDGE_SPACE = re.compile(r"^\s|\s$")


def write_book(
    sheets: Iterable[tuple[str, list[str], Sequence[list]]],
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """An XLSX with one sheet per (title, headers, rows), the headers as its first row.

    Text stays text: no string becomes a number, a formula or a link. A cell is text, a
    number (int, float, Decimal), a bool, or empty (None or ""). ``progress(rows written)``
    is called now and then.
    """
    sheets = [(title, headers, rows) for title, headers, rows in sheets]
    buffer = io.BytesIO()
    written, reported = 0, 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as book:
        for name, part in _package([title for title, _headers, _rows in sheets]):
            if isinstance(part, bytes):
                book.writestr(name, part)
                continue
            _title, headers, rows = sheets[part]
            with book.open(name, "w", force_zip64=True) as handle:
                for text, count in _sheet_xml(headers, rows, selected=part == 0):
                    handle.write(text.encode("utf-8"))
                    written += count
                    if progress and written - reported >= PROGRESS_EVERY:
                        progress(written)
                        reported = written
    return buffer.getvalue()


def _package(titles: list[str]):
    """XlsxWriter's parts for a workbook of these sheets, in its order: (name, bytes), or
    (name, the sheet's index) where a worksheet's part goes."""
    import xlsxwriter

    skeleton = io.BytesIO()
    book = xlsxwriter.Workbook(skeleton, WORKBOOK_OPTIONS)
    for title in titles:
        book.add_worksheet(title)
    book.close()
    sheets = {f"xl/worksheets/sheet{index + 1}.xml": index for index in range(len(titles))}
    with zipfile.ZipFile(skeleton) as parts:
        for name in parts.namelist():
            yield name, sheets.pop(name) if name in sheets else parts.read(name)
    if sheets:
        raise RuntimeError(f"XlsxWriter wrote no part for {sorted(sheets)}")


def _sheet_xml(headers: list, rows: Sequence[list], *, selected: bool):
    """The worksheet's XML in pieces, each with the number of data rows it holds: the
    header row is row 1, then every row of ``rows``."""
    every = [headers, *rows]
    yield (
        SHEET_START.format(
            dimension=_dimension(every), selected='tabSelected="1" ' if selected else ""
        ),
        0,
    )
    width = max(len(row) for row in every)
    refs = ['<c r="' + _column_letter(index) for index in range(width)]
    caches = [{} for _ in range(width)]
    chunk, opened, done = [], False, 0
    for number, row in enumerate(every, start=1):
        line = _row_xml(str(number), row, refs, caches)
        if line:
            chunk.append(line)
        if ((number - 1) % ROWS_PER_CHUNK == 0 and number > 1) or number == len(every):
            text = "".join(chunk)
            if text and not opened:
                text, opened = "<sheetData>" + text, True
            yield text, number - 1 - done
            chunk, done = [], number - 1
    yield ("</sheetData>" if opened else "<sheetData/>") + SHEET_END, 0


def _row_xml(number: str, row: list, refs: list[str], caches: list[dict]) -> str:
    """``<row r="N">`` and its cells; "" for a row without a cell (XlsxWriter writes none).

    A cell's XML is ``<c r="`` + column + row number + what follows, which depends on the
    value alone and is kept per column: the row is its pieces joined by its number. (A
    number's XML is the same for 1 and 1.0; a bool's is not, so bools are not kept.)
    """
    pieces, after = [], '">'
    for index, value in enumerate(row):
        if value.__class__ is not bool:
            cache = caches[index]
            tail = cache.get(value)
            if tail is None:
                tail = _cell_tail(value)
                if len(cache) < CACHED_VALUES:
                    cache[value] = tail
        else:
            tail = _cell_tail(value)
        if tail:
            pieces.append(after + refs[index])
            after = tail
    if not pieces:
        return ""
    pieces.append(after + "</row>")
    return '<row r="' + number + number.join(pieces)


def _cell_tail(value) -> str:
    """What follows a cell's reference for this value, as XlsxWriter writes it; "" when
    XlsxWriter writes no cell (None, "")."""
    value = safe_cell(value)
    if value is None:
        return ""
    kind = value.__class__
    if kind is bool:
        return f'" t="b"><v>{int(value)}</v></c>'
    if kind in (int, float, Decimal):
        if not isfinite(value):
            raise TypeError("NAN/INF is not a cell value")
        return f'"><v>{value:.16G}</v></c>'
    if kind is not str:
        raise TypeError(f"not a cell value: {value!r}")
    if not value:
        return ""
    if len(value) > EXCEL_MAX_TEXT // 2 and _utf16_length(value) > EXCEL_MAX_TEXT:
        value = _utf16_truncate(value, EXCEL_MAX_TEXT)
    preserve = ' xml:space="preserve"' if _EDGE_SPACE.search(value) else ""
    if _NEEDS_ESCAPE.search(value):
        value = _ESCAPED.sub(r"_x005F\1", value)
        value = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", value)
        value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'" t="inlineStr"><is><t{preserve}>{value}</t></is></c>'


def _dimension(rows: Sequence[list]) -> str:
    """The range the cells cover (XlsxWriter's ``<dimension>``), "A1" for no cell.

    Each row is looked at from its ends in: its first and its last cell."""
    top = bottom = first = last = None
    for number, row in enumerate(rows, start=1):
        if row and _is_cell(row[0]):  # nearly every row: a first and a last cell
            start = 0
        else:
            start = next((index for index, value in enumerate(row) if _is_cell(value)), None)
            if start is None:
                continue
        end = len(row) - 1
        if not _is_cell(row[end]):
            end = next(index for index in range(end, start - 1, -1) if _is_cell(row[index]))
        if top is None:
            top, first, last = number, start, end
        bottom = number
        first, last = min(first, start), max(last, end)
    if top is None:
        return "A1"
    begin, end = f"{_column_letter(first)}{top}", f"{_column_letter(last)}{bottom}"
    return begin if begin == end else f"{begin}:{end}"


def _is_cell(value) -> bool:
    return value is not None and value != ""


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _utf16_truncate(text: str, limit: int) -> str:
    length = 0
    for index, char in enumerate(text):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > limit:
            return text[:index]
    return text


class UnreadableBookError(ValueError):
    """Not an XLSX file openpyxl can open."""


def open_book(content: bytes):
    """The workbook, read-only (rows streamed), or ``UnreadableBookError``."""
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
