"""The national file's writer: the workbook XlsxWriter writes, its rows written faster."""

import io
import zipfile
from decimal import Decimal

import pytest

from core.exports import safe_row
from exchange.xlsx import WORKBOOK_OPTIONS, write_book

AWKWARD = [
    ["=HYPERLINK(1)", "13013119500101001X", None],
    ["", None, ""],
    [" 前后有空格 ", "a\x01b_x0001_&<>\"'", -30],
    [None, 1.5, True],
    ["-30", "+86", "@x"],
    ["\t制表符", "é\U0001f600", 10**20],
    [Decimal("2.50"), 1e-7, 123456789.123456789],
    [False, 0, "x" * 20000],
]
SHEETS = [
    ("志愿者", ["姓名", "证件号码", "备注"], AWKWARD),
    ("志愿团体", ["团体名称"], []),
    ("空行", ["", None], [[None], ["", "", "z"], []]),
    ("服务时长", ["记录编号", "服务时长（分钟）"], [[f"130131-{n}", n % 7] for n in range(7000)]),
]


def xlsxwriter_book(sheets) -> bytes:
    """The same rows through XlsxWriter's own API, as the export wrote them before."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    for title, headers, rows in sheets:
        sheet = book.add_worksheet(title)
        sheet.write_row(0, 0, safe_row(headers))
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, safe_row(row))
    book.close()
    return buffer.getvalue()


def parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return {name: book.read(name) for name in book.namelist()}


def test_every_part_is_byte_for_byte_what_xlsxwriter_writes():
    ours, theirs = parts(write_book(SHEETS)), parts(xlsxwriter_book(SHEETS))
    assert list(ours) == list(theirs)
    core = "docProps/core.xml"  # holds the time it was written, to the second
    for name in theirs:
        if name != core:
            assert ours[name] == theirs[name], name
    assert ours[core].split(b"<dcterms:created")[0] == theirs[core].split(b"<dcterms:created")[0]


def test_openpyxl_reads_back_what_was_written_formulas_made_text():
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(write_book(SHEETS)), read_only=True)
    assert book.sheetnames == [title for title, _headers, _rows in SHEETS]
    rows = list(book["志愿者"].iter_rows(values_only=True))
    assert rows[0] == ("姓名", "证件号码", "备注")
    assert rows[1] == ("'=HYPERLINK(1)", "13013119500101001X", None)
    # Excel reads _xHHHH_ back as the character; openpyxl shows the escapes as they are.
    assert rows[3] == (" 前后有空格 ", "a_x0001_b_x005F_x0001_&<>\"'", -30)
    assert rows[5] == ("-30", "+86", "'@x")
    assert rows[6][0] == "'\t制表符"
    hours = list(book["服务时长"].iter_rows(values_only=True))
    assert len(hours) == 7001
    assert hours[-1] == ("130131-6999", 6999 % 7)


def test_a_text_longer_than_a_cell_holds_is_cut_and_the_row_goes_on():
    import openpyxl

    book = openpyxl.load_workbook(
        io.BytesIO(write_book([("表", ["a", "b"], [["长" * 40000, "后面"]])])), read_only=True
    )
    (_header, row) = book["表"].iter_rows(values_only=True)
    assert (len(row[0]), row[1]) == (32767, "后面")


def test_progress_is_reported_as_rows_are_written():
    seen = []
    write_book([("表", ["a"], [[n] for n in range(12000)])], progress=seen.append)
    assert seen == [6000, 12000]


@pytest.mark.parametrize("value", [float("nan"), object()])
def test_a_value_that_is_no_cell_is_refused(value):
    with pytest.raises(TypeError):
        write_book([("表", ["a"], [[value]])])
