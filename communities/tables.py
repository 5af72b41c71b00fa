"""Lists uploaded as spreadsheets (a school's staff, the SEP's catalogue of
schools): checked for size and kind when they arrive, read into rows of text
in the background.

A CSV may be UTF-8 (with or without a byte-order mark) or Latin-1/Windows-1252,
as Excel saves it in Mexico, separated by commas or semicolons; an XLSX is read
in openpyxl's streaming mode, values only (a formula counts as its last
computed value). Columns are found by their header, whatever its case and
accents, among the names each list accepts."""

import csv
import io
import math
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.uploads import sniff_kind

MAX_TABLE_BYTES = 5 * 1024 * 1024
MAX_TABLE_ROWS = 10_000
MAX_TABLE_LINES = MAX_TABLE_ROWS + 1_000
MAX_COLUMNS = 100
HEADER_SEARCH_LINES = 10  # titles above the headers, as some exports have
# Longer cells are cut here, well past any field's own limit, which then
# reports them; a 100,000-character cell costs no more than this.
MAX_CELL_CHARS = 1_000
TABLE_EXTENSIONS = (".csv", ".xlsx")
# What a workbook's members may expand to. zipfile never inflates a member past
# the size it states, so checking the stated sizes refuses an archive bomb
# before anything is expanded.
MAX_WORKBOOK_EXPANDED_BYTES = 100 * 1024 * 1024
EXPANDS_TOO_FAR = gettext_lazy(
    "This workbook expands to more than %(limit)s when opened: it is not a list that can be read. "
    "Save it again from Excel or as CSV."
)

_CONTROL = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}


class TableError(Exception):
    """The file as a whole cannot be read; `line` is where reading stopped."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Column:
    """A field of a list and the headers that name it (compared as `plain` text)."""

    field: str
    label: str  # the header a template file uses
    headers: frozenset[str]
    required: bool = True


@dataclass(frozen=True)
class Row:
    line: int  # as the spreadsheet numbers it: the header is line 1 when it is the first
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    header_line: int
    rows: list[Row]


def plain(text: str) -> str:
    """Text as people mean it: no accents, lower case, single spaces; `_`, `-`,
    `.` and `:` count as spaces."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    for mark in "_-.:":
        text = text.replace(mark, " ")
    return " ".join(text.split())


# --- Arriving: size and kind ---------------------------------------------------------------


def validate_table_file(upload) -> None:
    """A CSV or XLSX file of at most 5 MB, whose content matches its name."""
    if upload.size > MAX_TABLE_BYTES:
        raise ValidationError(
            gettext_lazy("The file weighs %(size)s; the limit is %(limit)s. Split the list into several files.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_TABLE_BYTES)},
            code="file_too_large",
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in TABLE_EXTENSIONS:
        raise ValidationError(
            gettext_lazy("Upload the list as a CSV file or an Excel workbook (.xlsx)."), code="file_type"
        )
    if upload.size == 0:
        raise ValidationError(gettext_lazy("The file is empty."), code="file_empty")
    kind = sniff_kind(upload)
    if extension == ".xlsx" and kind != "xlsx":
        raise ValidationError(
            gettext_lazy("This file is not an Excel workbook (.xlsx). Save it again from Excel as .xlsx or as CSV."),
            code="file_disguised",
        )
    if extension == ".xlsx" and _expands_too_far(upload):
        raise ValidationError(
            EXPANDS_TOO_FAR % {"limit": filesizeformat(MAX_WORKBOOK_EXPANDED_BYTES)}, code="file_expands"
        )
    if extension == ".csv" and (kind is not None or not _looks_like_text(upload)):
        raise ValidationError(
            gettext_lazy("This file is not a CSV text file. Save the list from Excel as «CSV (comma delimited)»."),
            code="file_disguised",
        )


def _expands_too_far(file) -> bool:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return sum(member.file_size for member in archive.infolist()) > MAX_WORKBOOK_EXPANDED_BYTES
    except (zipfile.BadZipFile, OSError, ValueError):
        return False  # not a readable archive: openpyxl's own refusal answers
    finally:
        file.seek(0)


def _looks_like_text(upload) -> bool:
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    if b"\x00" in head:
        return False
    text = _decode(head, final=False)
    return sum(char in _CONTROL for char in text) <= len(text) // 100


# --- Reading --------------------------------------------------------------------------------


def _decode(data: bytes, *, final: bool = True) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A cut in the middle of a character at the end of a sample is not an error.
        if not final and error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8-sig")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return " ".join(str(value)[:MAX_CELL_CHARS].split())


def _csv_lines(data: bytes) -> Iterator[list]:
    if b"\x00" in data:
        raise TableError(_("The file contains binary data; it is not a CSV text file."), 1)
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = 0
    try:
        for record in reader:
            records += 1
            yield record
    except csv.Error:
        line = records + 1
        raise TableError(
            _("Line %(line)s cannot be read as CSV (a cell is too long or a quote is not closed).") % {"line": line},
            line,
        ) from None


def _xlsx_lines(data: bytes) -> Iterator[tuple]:
    from openpyxl import load_workbook  # only the background worker reads workbooks

    if _expands_too_far(io.BytesIO(data)):
        raise TableError(str(EXPANDS_TOO_FAR % {"limit": filesizeformat(MAX_WORKBOOK_EXPANDED_BYTES)}), 1)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any malformed workbook gets the same answer
        raise TableError(_("The workbook cannot be opened. Save it again from Excel as .xlsx or as CSV."), 1) from None
    try:
        if not workbook.worksheets:
            raise TableError(_("The workbook has no sheet."), 1)
        sheet = workbook.worksheets[0]
        try:
            yield from sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        except Exception:
            raise TableError(
                _("The workbook cannot be read to the end. Save it again as .xlsx or as CSV."), 1
            ) from None
    finally:
        workbook.close()


def read_table(data: bytes, name: str, columns: tuple[Column, ...]) -> Table:
    """The rows of a CSV or XLSX file, each as {field: text}, keyed by the
    headers of the first line that names every required column (a title or a
    blank line above it is skipped). Raises TableError when the file cannot be
    read, lacks a required column or is too long."""
    lines = _xlsx_lines(data) if PurePath(name).suffix.lower() == ".xlsx" else _csv_lines(data)
    header_line, fields, rows, first = 0, {}, [], None
    for number, record in enumerate(lines, start=1):
        if number > MAX_TABLE_LINES:  # blank lines count too: a sheet of a million empty rows
            raise TableError(
                _("The file has more than %(limit)s rows. Split it into several files.")
                % {"limit": f"{MAX_TABLE_ROWS:,}"},
                number,
            )
        cells = [_cell(value) for value in record[:MAX_COLUMNS]]
        if not any(cells):
            continue
        if not fields:
            found = _match_headers(cells, columns)
            if all(column.field in found for column in columns if column.required):
                header_line, fields = number, found
            elif first is None:
                first = (number, found)
            elif number - first[0] >= HEADER_SEARCH_LINES:
                break
            continue
        if len(rows) >= MAX_TABLE_ROWS:
            raise TableError(
                _("The file has more than %(limit)s rows. Split it into several files.")
                % {"limit": f"{MAX_TABLE_ROWS:,}"},
                number,
            )
        values = {field: (cells[index] if index < len(cells) else "") for field, index in fields.items()}
        rows.append(Row(line=number, values=values))
    if not fields:
        if first is None:
            raise TableError(_("The file is empty."), 1)
        missing = [column.label for column in columns if column.required and column.field not in first[1]]
        raise TableError(
            _("The first row must name the columns: %(expected)s. Missing: %(missing)s.")
            % {
                "expected": ", ".join(column.label for column in columns if column.required),
                "missing": ", ".join(missing),
            },
            first[0],
        )
    if not rows:
        raise TableError(_("The file has its headers but no rows."), header_line)
    return Table(header_line=header_line, rows=rows)


def _match_headers(cells: list[str], columns: tuple[Column, ...]) -> dict[str, int]:
    """Which cell holds each field, by its header (the first one that names it)."""
    found: dict[str, int] = {}
    for index, header in enumerate(cells):
        name = plain(header)
        for column in columns:
            if name in column.headers and column.field not in found:
                found[column.field] = index
                break
    return found
