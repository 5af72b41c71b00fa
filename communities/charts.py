"""Goal progress as SVG geometry, drawn on the server so the chart shows without
JavaScript, in e-mail and in PDFs. The template turns these numbers into <svg>."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from communities.models import Goal

WIDTH, HEIGHT = 320, 170
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 18, 28


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: Decimal
    day: date


@dataclass(frozen=True)
class GoalChart:
    width: int
    height: int
    points: list[Point]
    polyline: str
    expected: tuple[float, float, float, float]  # the straight path from baseline to target
    target_y: float
    baseline_y: float
    today_x: float | None
    plot: tuple[float, float, float, float]  # x0, y0, x1, y1 of the plotting area
    min_label: Decimal
    max_label: Decimal


def goal_chart(goal: Goal, today: date | None = None) -> GoalChart:
    today = today or timezone.localdate()
    updates = goal.updates_in_order
    values = [goal.baseline, goal.target, *(u.value for u in updates)]
    low, high = min(values), max(values)
    pad = (high - low) * Decimal("0.1") or Decimal(1)
    low, high = max(Decimal(0), low - pad), high + pad
    x0, x1 = LEFT, WIDTH - RIGHT
    y0, y1 = TOP, HEIGHT - BOTTOM
    span_days = max(1, (goal.due_date - goal.starts_on).days)

    def x(day: date) -> float:
        clamped = min(max(day, goal.starts_on), goal.due_date)
        return round(x0 + (x1 - x0) * (clamped - goal.starts_on).days / span_days, 1)

    def y(value: Decimal) -> float:
        return round(float(y1 - (y1 - y0) * (value - low) / (high - low)), 1)

    points = [Point(x(goal.starts_on), y(goal.baseline), goal.baseline, goal.starts_on)]
    points += [Point(x(u.recorded_on), y(u.value), u.value, u.recorded_on) for u in updates]
    return GoalChart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        expected=(x(goal.starts_on), y(goal.baseline), x(goal.due_date), y(goal.target)),
        target_y=y(goal.target),
        baseline_y=y(goal.baseline),
        today_x=x(today) if goal.starts_on <= today <= goal.due_date else None,
        plot=(x0, y0, x1, y1),
        min_label=low.quantize(Decimal("1")),
        max_label=high.quantize(Decimal("1")),
    )
