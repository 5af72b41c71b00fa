"""The platform figures' charts as SVG geometry, drawn on the server like the
goal charts (`communities.charts`), so they show without JavaScript: the
communities of each state stacked by phase, and horizontal bars (the
participation's shares, a satellite section's `bars`). A figure not shown (a
group under 5) draws no bar, only its note. The templates
(`communities/staff/_phases_chart.html`, `_bar_chart.html`) turn these numbers
into <svg>; the page puts a table with the same figures next to each chart."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats

from communities.figures import SUPPRESSED, Figures
from communities.models import Phase

WIDTH = 640
LABEL = 200  # the states' names, left of the bars
RIGHT = 44  # room for the total at a bar's end
TOP = 4
ROW = 24
BAR = 16
LABEL_LENGTH = 80  # a bar's label above it; longer ones are cut

# Dark enough for 3:1 against the page, and told apart by the legend too.
PHASE_COLOURS = {
    Phase.INTEGRATION: "#6d1a36",
    Phase.DEVELOPMENT: "#9a5b00",
    Phase.DISSEMINATION: "#146c43",
    Phase.CONCLUDED: "#495057",
}


@dataclass(frozen=True)
class Segment:
    phase: Phase
    count: int
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class StackedRow:
    label: str
    total: int
    y: float
    text_y: float
    segments: list[Segment]
    total_x: float


@dataclass(frozen=True)
class PhasesChart:
    width: int
    height: int
    bar_height: int
    x0: float
    x1: float
    rows: list[StackedRow]
    legend: list[tuple[Phase, str]]  # drawn in HTML above the chart, where long names wrap
    plot_bottom: float


def phases_chart(figures: Figures) -> PhasesChart:
    """A bar per state with a CAS, split by phase, all on one scale (the
    largest state's total)."""
    x0, x1 = LABEL, WIDTH - RIGHT
    rows_with_cas = [row for row in figures.rows if row.total]
    largest = max((row.total for row in rows_with_cas), default=1)
    rows = []
    for n, row in enumerate(rows_with_cas):
        top = TOP + n * ROW
        x, segments = float(x0), []
        for phase, count in row.counts:
            if not count:
                continue
            width = round((x1 - x0) * count / largest, 1)
            segments.append(Segment(phase=phase, count=count, x=round(x, 1), width=width, colour=PHASE_COLOURS[phase]))
            x += width
        rows.append(
            StackedRow(
                label=row.label, total=row.total, y=top + 4, text_y=top + 16, segments=segments, total_x=round(x + 4, 1)
            )
        )
    bottom = TOP + len(rows) * ROW + 4
    return PhasesChart(
        width=WIDTH,
        height=bottom + 4,
        bar_height=BAR,
        x0=x0,
        x1=x1,
        rows=rows,
        legend=[(phase, PHASE_COLOURS[phase]) for phase in figures.phases],
        plot_bottom=bottom,
    )


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as shown; "" when not shown
    label_y: float
    y: float
    width: float  # 0 when not shown
    value_x: float
    inside: bool  # the value is written inside the bar, in white

    @property
    def suppressed(self) -> bool:
        return not self.text


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bar_height: int
    x0: int
    x1: int
    bars: list[Bar]
    plot_bottom: int

    @property
    def track(self) -> int:
        return self.x1 - self.x0

    @property
    def suppressed(self) -> str:
        """What a bar not shown says."""
        return str(SUPPRESSED)


BAR_ROW = 36  # a label line above each bar
BAR_LEFT, BAR_RIGHT, BAR_TOP = 4, 8, 4


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"


def _shown(value: float, unit: str) -> str:
    places = 0 if float(value).is_integer() else 2
    return f"{formats.number_format(value, decimal_pos=places)}{unit}"


def bar_chart(bars: Sequence[tuple[str, float | None, float]], *, unit: str = "") -> BarChart:
    """Horizontal bars, each (label, value, maximum): a value of None is not
    shown (a group under 5) and draws an empty, dashed bar."""
    x0, x1 = BAR_LEFT, WIDTH - BAR_RIGHT
    drawn = []
    for n, (label, value, maximum) in enumerate(bars):
        top = BAR_TOP + n * BAR_ROW
        y = top + 15
        if value is None:
            drawn.append(Bar(label=_cut(label), text="", label_y=top + 11, y=y, width=0, value_x=x0 + 6, inside=False))
            continue
        fraction = 0.0 if not maximum else max(0.0, min(1.0, float(value) / float(maximum)))
        width = round((x1 - x0) * fraction, 1)
        inside = width > 64
        drawn.append(
            Bar(
                label=_cut(label),
                text=_shown(value, unit),
                label_y=top + 11,
                y=y,
                width=width,
                value_x=round(x0 + width - 6 if inside else x0 + width + 6, 1),
                inside=inside,
            )
        )
    bottom = BAR_TOP + len(drawn) * BAR_ROW
    return BarChart(width=WIDTH, height=bottom + 4, bar_height=BAR, x0=x0, x1=x1, bars=drawn, plot_bottom=bottom)


def participation_charts(figures: Figures) -> dict[str, BarChart]:
    """The share of teachers who wrote in their journal and the attendance
    rate, per state (or for the chosen state), in per cent."""
    return {
        "writers": bar_chart([(row.label, row.participation.writers_share, 100) for row in figures.rows], unit=" %"),
        "attendance": bar_chart(
            [(row.label, row.participation.attendance_rate, 100) for row in figures.rows], unit=" %"
        ),
    }
