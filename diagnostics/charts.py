"""A dimension's scores as SVG geometry, drawn on the server like the core's
goal charts (`communities.charts`): horizontal bars on the 1–5 scale, one per
audience and one for all audiences, in the colour of their level, with the
version's cut points marked. A suppressed group draws no bar, only its note.
The template (`diagnostics/_chart.html`) turns these numbers into <svg>."""

from dataclasses import dataclass
from decimal import Decimal

from diagnostics.models import LIKERT_MAX, LIKERT_MIN, InstrumentVersion, Level
from diagnostics.scoring import DimensionScores, Score

WIDTH = 320
LEFT, RIGHT, TOP = 8, 12, 8
ROW = 38  # a label line above a bar
BAR = 16
AXIS = 22

# Dark enough for white text and for 3:1 against the page.
COLOURS = {Level.FAVORABLE: "#146c43", Level.TO_IMPROVE: "#8a5a00", Level.PRIORITY: "#b02a37"}


@dataclass(frozen=True)
class Bar:
    score: Score
    label_y: float
    y: float
    width: float  # 0 when suppressed
    colour: str
    value_x: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class DimensionChart:
    width: int
    height: int
    bar_height: int
    x0: float
    x1: float
    bars: list[Bar]
    ticks: list[Tick]
    cuts: list[float]  # x of the cut points (priority below, favourable from)
    axis_y: float
    plot_bottom: float


def _x(value: Decimal, x0: float, x1: float) -> float:
    return round(x0 + (x1 - x0) * float(value - LIKERT_MIN) / (LIKERT_MAX - LIKERT_MIN), 1)


def dimension_chart(scores: DimensionScores, version: InstrumentVersion) -> DimensionChart:
    x0, x1 = LEFT, WIDTH - RIGHT
    bars = []
    for n, score in enumerate(scores.rows):
        top = TOP + n * ROW
        y = top + 14
        if score.suppressed:
            bars.append(Bar(score=score, label_y=top + 10, y=y, width=0, colour="#6c757d", value_x=x0 + 4))
            continue
        end = _x(score.mean, x0, x1)
        inside = end - x0 > 48
        bars.append(
            Bar(
                score=score,
                label_y=top + 10,
                y=y,
                width=round(end - x0, 1),
                colour=COLOURS[score.level],
                value_x=round(end - 4 if inside else end + 4, 1),
            )
        )
    plot_bottom = TOP + len(bars) * ROW
    ticks = [Tick(x=_x(Decimal(v), x0, x1), label=str(v)) for v in range(LIKERT_MIN, LIKERT_MAX + 1)]
    return DimensionChart(
        width=WIDTH,
        height=plot_bottom + AXIS,
        bar_height=BAR,
        x0=x0,
        x1=x1,
        bars=bars,
        ticks=ticks,
        cuts=[_x(version.priority_below, x0, x1), _x(version.favorable_from, x0, x1)],
        axis_y=plot_bottom + 14,
        plot_bottom=plot_bottom,
    )
