from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from communities.charts import goal_chart
from communities.models import Goal, MilestoneKind, ProgressUpdate
from communities.services.goals import record_progress, set_goal

pytestmark = pytest.mark.django_db


def _goal(cas, skills, actor=None, **overrides):
    fields = {
        "statement": "Reducir los reportes por conflictos",
        "skill": skills["colaboracion"],
        "indicator": "Reportes por bimestre",
        "unit": "reportes",
        "baseline": Decimal(20),
        "target": Decimal(10),
        "due_date": timezone.localdate() + timedelta(days=100),
        "owner": cas.director,
    }
    return set_goal(actor=actor or cas.director, community=cas, **(fields | overrides))


def test_setting_the_first_goal_completes_the_goals_milestone(cas, skills):
    goal = _goal(cas, skills)
    milestone = cas.milestones.get(kind=MilestoneKind.GOALS)
    assert milestone.completed_automatically
    assert "Reducir los reportes por conflictos" in milestone.evidence_text
    assert goal.status() == Goal.Status.ON_TRACK


def test_bad_goal_values_are_refused_with_messages_per_field(cas, skills, outsider, teacher):
    with pytest.raises(ValidationError) as excinfo:
        _goal(cas, skills, target=Decimal(20), due_date=timezone.localdate(), owner=outsider, baseline=Decimal(20))
    errors = excinfo.value.message_dict
    assert errors["target"] == ["El valor meta debe ser distinto de la línea base."]
    assert errors["due_date"] == ["La fecha límite debe ser futura."]
    assert errors["owner"] == ["La persona responsable debe ser integrante de esta CAS."]
    with pytest.raises(ValidationError) as excinfo:
        _goal(cas, skills, baseline=Decimal(-1))
    assert "baseline" in excinfo.value.message_dict
    with pytest.raises(PermissionDenied):
        _goal(cas, skills, actor=teacher)
    assert not Goal.objects.exists()


def test_the_database_refuses_a_target_equal_to_the_baseline(cas, skills):
    goal = _goal(cas, skills)
    with pytest.raises(IntegrityError):
        Goal.objects.filter(pk=goal.pk).update(target=goal.baseline)


def test_members_record_progress_but_not_negative_or_future_values(cas, skills, teacher, colleague):
    goal = _goal(cas, skills)
    record_progress(actor=teacher, goal=goal, value=Decimal(18), recorded_on=timezone.localdate(), note="Bimestre 1")
    with pytest.raises(ValidationError) as excinfo:
        record_progress(actor=teacher, goal=goal, value=Decimal(-2), recorded_on=timezone.localdate() + timedelta(1))
    assert set(excinfo.value.message_dict) == {"value", "recorded_on"}
    with pytest.raises(PermissionDenied):
        record_progress(actor=colleague, goal=goal, value=Decimal(5), recorded_on=timezone.localdate())
    assert goal.updates.count() == 1


def _with_history(cas, skills, values, *, baseline=40, target=70, start=date(2026, 9, 1), due=date(2027, 3, 1)):
    goal = _goal(cas, skills, baseline=Decimal(baseline), target=Decimal(target))
    Goal.objects.filter(pk=goal.pk).update(starts_on=start, due_date=due)
    goal.refresh_from_db()
    for day, value in values:
        ProgressUpdate.objects.create(goal=goal, value=Decimal(value), recorded_on=day, recorded_by=cas.director)
    return Goal.objects.prefetch_related("updates").get(pk=goal.pk)


@pytest.mark.parametrize(
    ("values", "today", "status"),
    [
        ([], date(2026, 9, 10), Goal.Status.ON_TRACK),  # just started
        ([(date(2026, 11, 30), 55)], date(2026, 12, 1), Goal.Status.ON_TRACK),  # half way, half done
        ([(date(2026, 11, 30), 42)], date(2026, 12, 1), Goal.Status.AT_RISK),  # half way, barely moved
        ([(date(2026, 10, 1), 71)], date(2026, 10, 2), Goal.Status.MET),
        ([(date(2027, 2, 1), 60)], date(2027, 3, 5), Goal.Status.AT_RISK),  # past due, not met
    ],
)
def test_status_compares_progress_with_time(cas, skills, values, today, status):
    assert _with_history(cas, skills, values).status(today) == status


def test_a_decreasing_indicator_counts_going_down_as_progress(cas, skills):
    goal = _with_history(cas, skills, [(date(2026, 12, 1), 15)], baseline=23, target=11)
    assert goal.progress_ratio == Decimal(8) / Decimal(12)
    assert goal.status(date(2026, 12, 2)) == Goal.Status.ON_TRACK


def test_the_chart_draws_every_update_inside_the_plot(cas, skills):
    goal = _with_history(cas, skills, [(date(2026, 10, 1), 45), (date(2026, 11, 1), 52)])
    chart = goal_chart(goal, today=date(2026, 11, 15))
    x0, y0, x1, y1 = chart.plot
    assert len(chart.points) == 3  # baseline and two updates
    assert all(x0 <= p.x <= x1 and y0 <= p.y <= y1 for p in chart.points)
    assert chart.points[0].y > chart.points[-1].y  # the line goes up as the value grows
    assert y0 <= chart.target_y < chart.baseline_y <= y1
    assert chart.today_x is not None
