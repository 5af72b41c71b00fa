"""Fixtures of the core's page tests."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.services import meetings as services
from communities.services.goals import set_goal
from tests.conftest import held, schedule


@pytest.fixture
def scene(cas, teacher, skills):
    """A CAS with a held meeting (minutes, an agreement of `teacher`), an
    upcoming one and a goal."""
    past = held(schedule(cas, purpose="Sesión pasada"), days_ago=3)
    services.write_minutes(actor=cas.director, meeting=past, text="Acta de la sesión")
    agreement = services.add_agreement(
        actor=cas.director, meeting=past, text="Traer evidencias", owner=teacher, due_date=timezone.localdate()
    )
    upcoming = schedule(cas, purpose="Sesión próxima")
    goal = set_goal(
        actor=cas.director,
        community=cas,
        statement="Meta de prueba",
        skill=skills["autorregulacion"],
        indicator="Estudiantes",
        unit="%",
        baseline=Decimal(40),
        target=Decimal(70),
        due_date=timezone.localdate() + timedelta(days=90),
        owner=teacher,
    )
    return {"cas": cas, "past": past, "upcoming": upcoming, "agreement": agreement, "goal": goal, "teacher": teacher}


def meeting_url(name, s):
    cas = s["cas"].pk
    return {
        "meetings": reverse("communities:meetings", args=[cas]),
        "meeting_create": reverse("communities:meeting_create", args=[cas]),
        "meeting": reverse("communities:meeting", args=[cas, s["past"].pk]),
        "meeting_edit": reverse("communities:meeting_edit", args=[cas, s["upcoming"].pk]),
        "meeting_cancel": reverse("communities:meeting_cancel", args=[cas, s["upcoming"].pk]),
        "meeting_ics": reverse("communities:meeting_ics", args=[cas, s["past"].pk]),
        "agenda_add": reverse("communities:agenda_add", args=[cas, s["upcoming"].pk]),
        "attendance": reverse("communities:attendance", args=[cas, s["past"].pk]),
        "minutes": reverse("communities:minutes", args=[cas, s["past"].pk]),
        "minutes_approve": reverse("communities:minutes_approve", args=[cas, s["past"].pk]),
        "agreement_add": reverse("communities:agreement_add", args=[cas, s["past"].pk]),
        "agreement_status": reverse("communities:agreement_status", args=[cas, s["agreement"].pk]),
        "agreements": reverse("communities:agreements", args=[cas]),
        "participation": reverse("communities:participation", args=[cas]),
        "goals": reverse("communities:goals", args=[cas]),
        "goal": reverse("communities:goal", args=[cas, s["goal"].pk]),
    }[name]
