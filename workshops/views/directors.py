"""The directors' day: each director's reflection and poster of commitments,
written by the school's directors and read by its staff, and the poster as a
one-page PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import access
from communities.access import Need
from communities.views.flow import submit
from workshops.documents import poster_pdf
from workshops.forms import CommitmentForm, DirectorsDayForm
from workshops.models import DirectorCommitment, DirectorsDay
from workshops.services.directors import add_commitment, remove_commitment, save_directors_day
from workshops.views import workshop_for


def _back(workshop) -> str:
    return reverse("workshops:directors", args=[workshop.pk])


@login_required
@require_http_methods(["GET", "POST"])
def directors(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.MANAGE if request.method == "POST" else Need.VIEW)
    days = access.attach_contribution_permissions(
        request.user,
        workshop,
        workshop.directors_days.select_related("author").prefetch_related("commitments").order_by("pk"),
    )
    mine = next((day for day in days if access.allows(request.user, day, Need.EDIT)), None)
    form = DirectorsDayForm(
        request.POST or None,
        initial={"reflection": mine.reflection, "poster_title": mine.poster_title} if mine else None,
    )
    done = submit(
        request,
        form,
        lambda: save_directors_day(actor=request.user, workshop=workshop, **form.cleaned_data),
        success=_("Your page of the directors' day is saved."),
        then=_back(workshop),
    )
    context = {
        "workshop": workshop,
        "school": workshop.school,
        "days": days,
        "mine": mine,
        "form": form,
        "commitment_form": CommitmentForm(),
    }
    return done or render(request, "workshops/directors.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.MANAGE)
    form = CommitmentForm(request.POST)
    done = submit(
        request,
        form,
        lambda: add_commitment(actor=request.user, workshop=workshop, text=form.cleaned_data["text"]),
        success=_("The commitment is on your poster."),
        then=_back(workshop) + "#poster",
    )
    if done:
        return done
    days = access.attach_contribution_permissions(
        request.user, workshop, workshop.directors_days.select_related("author").prefetch_related("commitments")
    )
    mine = next((day for day in days if access.allows(request.user, day, Need.EDIT)), None)
    context = {
        "workshop": workshop,
        "school": workshop.school,
        "days": days,
        "mine": mine,
        "form": DirectorsDayForm(),
        "commitment_form": form,
    }
    return render(request, "workshops/directors.html", context, status=400)


@login_required
@require_POST
def commitment_remove(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.MANAGE)
    commitment = (
        DirectorCommitment.objects.filter(day__workshop=workshop, pk=commitment_pk).select_related("day").first()
    )
    if commitment is None:
        raise Http404
    commitment.day.workshop = workshop
    return submit(
        request,
        None,
        lambda: remove_commitment(actor=request.user, commitment=commitment),
        success=_("The commitment is taken off your poster."),
        then=_back(workshop) + "#poster",
    )


@login_required
@require_GET
def poster(request: HttpRequest, pk: int, day_pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk)
    day = DirectorsDay.objects.filter(workshop=workshop, pk=day_pk).select_related("author").first()
    if day is None:
        raise Http404
    response = HttpResponse(poster_pdf(workshop=workshop, day=day), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="afiche-{workshop.pk}-{day.pk}.pdf"'
    return response
