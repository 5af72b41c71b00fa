"""Pages for the platform's administrators."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from communities import access, selectors
from communities.models import Phase
from communities.models.schools import State


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """How many communities are in each phase, per state."""
    access.require_platform_staff(request.user)
    figures = selectors.staff_overview()
    phases = list(Phase)
    rows = [
        (state.label, [figures["per_state"].get(state.value, {}).get(phase.value, 0) for phase in phases])
        for state in State
        if state.value in figures["per_state"]
    ]
    totals = [figures["per_phase"].get(phase.value, 0) for phase in phases]
    context = {"figures": figures, "phases": phases, "rows": rows, "totals": totals}
    return render(request, "communities/staff/overview.html", context)
