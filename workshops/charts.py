"""The workshop's products as geometry drawn on the server (no JavaScript; the
Carpeta's PDF draws the same numbers): the collective timeline of everyone's
milestones, readable at 360 px, and the self-assessment's lights per axis."""

from dataclasses import dataclass

from workshops.models import Light, PathMilestone

WIDTH = 360
ROW = 30
TOP = 14
KIND_COLOURS = {
    PathMilestone.Kind.TRAINING: "#1f5f7a",
    PathMilestone.Kind.EXPERIENCE: "#2e7d4f",
    PathMilestone.Kind.CHALLENGE: "#a33a1f",
    PathMilestone.Kind.LEARNING: "#7a1f3d",
}
LIGHT_COLOURS = {Light.GREEN: "#2e7d4f", Light.YELLOW: "#c99a06", Light.RED: "#b02a37"}
TITLE_LENGTH = 38


@dataclass(frozen=True)
class TimelineRow:
    y: int
    year: int | None  # shown on the first row of each year
    title: str
    who: str
    kind: str
    colour: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    rows: list[TimelineRow]
    line_x: int = 52


def first_name(full_name: str) -> str:
    return full_name.split()[0] if full_name.strip() else ""


def timeline(milestones: list[PathMilestone]) -> Timeline:
    """One row per milestone in the order of the years (milestones come with their authors)."""
    rows, last_year = [], None
    for n, milestone in enumerate(sorted(milestones, key=lambda m: (m.year, m.pk))):
        title = milestone.title if len(milestone.title) <= TITLE_LENGTH else milestone.title[: TITLE_LENGTH - 1] + "…"
        rows.append(
            TimelineRow(
                y=TOP + n * ROW,
                year=milestone.year if milestone.year != last_year else None,
                title=title,
                who=first_name(milestone.author.full_name),
                kind=milestone.get_kind_display(),
                colour=KIND_COLOURS.get(milestone.kind, "#495057"),
            )
        )
        last_year = milestone.year
    return Timeline(width=WIDTH, height=TOP + max(1, len(rows)) * ROW, rows=rows)


@dataclass(frozen=True)
class AxisBar:
    name: str
    counts: dict[str, int]  # light → count
    total: int
    segments: list[tuple[float, float, str, str, int]]  # x, width, colour, light label, count
    y: int


@dataclass(frozen=True)
class AxesChart:
    width: int
    height: int
    bars: list[AxisBar]
    x0: int = 8
    bar_width: int = 344
    bar_height: int = 14


def axes_chart(axes, counts: dict[tuple[int, str], int]) -> AxesChart:
    """A bar per axis split by light, from (axis pk, light) → count (who rated
    what is never part of it)."""
    bars = []
    for n, axis in enumerate(axes):
        per_light = {light: counts.get((axis.pk, light), 0) for light in Light.values}
        total = sum(per_light.values())
        segments, x = [], 8.0
        for light, label in Light.choices:
            share = per_light[light] / total if total else 0
            width = round(344 * share, 1)
            if width:
                segments.append((round(x, 1), width, LIGHT_COLOURS[light], str(label), per_light[light]))
            x += width
        bars.append(AxisBar(name=axis.name, counts=per_light, total=total, segments=segments, y=8 + n * 40))
    return AxesChart(width=WIDTH, height=8 + len(bars) * 40, bars=bars)
