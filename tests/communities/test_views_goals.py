"""Goals and their progress: what people see and do, bad input. Who gets which
answer is in test_role_matrix.py; query counts with the meeting pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from communities.models import Goal
from communities.services.goals import record_progress
from tests.communities.conftest import meeting_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "message"),
    [("-3", "Asegúrese de que este valor sea mayor o igual a 0."), ("mucho", "Escribe un número")],
)
def test_bad_progress_values_get_a_message(client, scene, value, message):
    client.force_login(scene["teacher"])
    response = client.post(meeting_url("goal", scene), {"value": value, "recorded_on": timezone.localdate()})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not scene["goal"].updates.exists()


def test_a_target_equal_to_the_baseline_gets_a_message(client, scene):
    client.force_login(scene["cas"].director)
    data = {
        "statement": "Otra meta",
        "skill": scene["goal"].skill_id,
        "indicator": "Reportes",
        "unit": "reportes",
        "baseline": "20",
        "target": "20",
        "due_date": timezone.localdate() + timedelta(days=60),
        "owner": scene["teacher"].pk,
    }
    response = client.post(meeting_url("goals", scene), data)
    assert "El valor meta debe ser distinto de la línea base." in response.content.decode()
    assert Goal.objects.count() == 1


def test_goals_page_draws_an_svg_chart_without_inline_styles(client, scene):
    record_progress(actor=scene["teacher"], goal=scene["goal"], value=Decimal(50), recorded_on=timezone.localdate())
    client.force_login(scene["teacher"])
    html = client.get(meeting_url("goals", scene)).content.decode()
    assert '<svg class="goal-chart"' in html
    assert "<polyline" in html
    assert " style=" not in html
