"""The platform figures to take away (`communities.figures`), built in the
background as a report of the platform (`services.reports`: of neither a
school nor a community, so only platform administrators ask for it and open
it): CSV, each table a section with a blank line between them, and XLSX
(openpyxl), one sheet per table. Every table of the page is in both: the
core's and each satellite's section, with its note.

A text cell a spreadsheet would read as a formula (starting with = + - @, a
tab or a carriage return) gets a leading apostrophe: a school's or a
dimension's name is typed by people, and a CSV or a workbook opened in a
spreadsheet must not run it. Numbers are written as numbers."""

import csv
import io
import re
from collections.abc import Iterable, Sequence

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities import extensions
from communities.extensions import Section
from communities.figures import DAYS, SUPPRESSED, Figures, figures
from communities.models import Report
from communities.models.schools import State
from communities.services import reports

FIGURES_CSV = "figures_csv"
FIGURES_XLSX = "figures_xlsx"
FORMATS = {"csv": FIGURES_CSV, "xlsx": FIGURES_XLSX}
NATIONAL = "national"
KEEP_DAYS = 7
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def subject(state: str) -> str:
    """What a figures report is of: `figures:14` (Jalisco) or `figures:national`."""
    return f"figures:{state or NATIONAL}"


def state_of(report: Report) -> str:
    """The state code a report is of ("" for the whole country); ValueError for
    a subject that names no state."""
    code = report.subject.removeprefix("figures:")
    return "" if code == NATIONAL else State(code).value


def latest_reports(state: str) -> dict[str, Report | None]:
    """The latest report of each format about the state (one query each)."""
    return {name: reports.latest(kind, subject(state)) for name, kind in FORMATS.items()}


# --- The tables ---------------------------------------------------------------------------------


def _shown(value: int | None) -> str:
    return str(SUPPRESSED) if value is None else str(value)


def core_sections(data: Figures) -> list[Section]:
    """The page's own tables, as the sections satellites add are."""
    phases = [str(phase.label) for phase in data.phases]
    rows = list(data.rows) + ([data.total] if data.state is None else [])
    communities = Section(
        title=_("Communities per state and phase"),
        columns=[_("State"), *phases, _("Total")],
        rows=[[row.label, *(str(count) for _phase, count in row.counts), str(row.total)] for row in rows],
        note=_("Active communities (not closed), in the phase they are in today."),
    )
    participation = Section(
        title=_("Participation in the last %(days)s days") % {"days": DAYS},
        columns=[
            _("State"),
            _("Teachers in a CAS"),
            _("Wrote in their journal"),
            _("Wrote in their journal (%)"),
            _("Sessions held"),
            _("Attendance recorded"),
            _("Present (%)"),
        ],
        rows=[
            [
                row.label,
                str(row.participation.teachers),
                _shown(row.participation.writers_shown),
                _shown(row.participation.writers_share),
                str(row.participation.sessions),
                str(row.participation.recorded),
                _shown(row.participation.attendance_rate),
            ]
            for row in rows
        ],
        note=data.participation_note,
    )
    schools = Section(
        title=_("Schools"),
        columns=[
            _("Schools registered"),
            _("With an active CAS"),
            _("Without a CAS"),
            _("Phase changes awaiting a tutor"),
        ],
        rows=[
            [
                str(data.schools),
                str(data.schools_with_cas),
                str(data.schools - data.schools_with_cas),
                str(data.awaiting_review),
            ]
        ],
    )
    return [communities, participation, schools]


def document(state: str) -> tuple[str, list[Section]]:
    """The heading and every table of the figures about the state ("" for the
    whole country): the core's, then the satellites'."""
    data = figures(state)
    heading = _("CAS platform figures · %(scope)s · %(day)s") % {
        "scope": data.scope,
        "day": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
    }
    return heading, core_sections(data) + extensions.sections_for("figures", state)


# --- The files ----------------------------------------------------------------------------------


def neutralise(value) -> str | int | float:
    """A cell as it may go into a spreadsheet: a number stays a number; a text
    that would start a formula is quoted."""
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):  # -3 is a number, not a formula
        return f"'{text}"
    return text


def _typed(value) -> str | int | float:
    """For the workbook: a cell that is a plain number becomes one."""
    text = str(value)
    if NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    return neutralise(text)


def _section_lines(section: Section) -> Iterable[Sequence]:
    yield [section.title]
    if section.columns:
        yield list(section.columns)
    yield from (list(row) for row in section.rows)
    if section.note:
        yield [section.note]


def figures_csv(state: str) -> bytes:
    heading, sections = document(state)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(heading)])
    for section in sections:
        writer.writerow([])
        for line in _section_lines(section):
            writer.writerow([neutralise(cell) for cell in line])
    # With a byte-order mark, spreadsheets read the accents as UTF-8.
    return out.getvalue().encode("utf-8-sig")


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique."""
    base = SHEET_NAME_FORBIDDEN.sub(" ", title).strip()[:31] or _("Table")
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def figures_xlsx(state: str) -> bytes:
    from openpyxl import Workbook  # only the background worker writes workbooks

    heading, sections = document(state)
    book = Workbook(write_only=True)
    used: set[str] = set()
    for section in sections:
        sheet = book.create_sheet(_sheet_name(section.title, used))
        sheet.append([neutralise(heading)])
        for line in _section_lines(section):
            sheet.append([_typed(cell) for cell in line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _filename(report: Report, state: str, extension: str) -> str:
    day = timezone.localdate(report.created_at).isoformat()
    return f"cifras-{state or 'nacional'}-{day}.{extension}"


def build_csv(report: Report) -> tuple[bytes, str, str]:
    state = state_of(report)
    return figures_csv(state), _filename(report, state, "csv"), "text/csv; charset=utf-8"


def build_xlsx(report: Report) -> tuple[bytes, str, str]:
    state = state_of(report)
    return figures_xlsx(state), _filename(report, state, "xlsx"), XLSX_TYPE


def register() -> None:
    extensions.register(
        extensions.ReportKind(
            code=FIGURES_CSV, label=gettext_lazy("Platform figures (CSV)"), build=build_csv, keep_days=KEEP_DAYS
        )
    )
    extensions.register(
        extensions.ReportKind(
            code=FIGURES_XLSX, label=gettext_lazy("Platform figures (XLSX)"), build=build_xlsx, keep_days=KEEP_DAYS
        )
    )
