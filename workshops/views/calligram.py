"""Caligrama de la comunidad: words added and taken back, the shape and the
commitment chosen together, and the picture as SVG and PNG."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from communities.access import Need
from communities.views.flow import submit
from workshops import calligram as drawing
from workshops import selectors
from workshops.forms import CalligramForm, WordsForm
from workshops.models import Calligram, Shape, WorkSpace
from workshops.services.calligram import add_words, remove_word, save_calligram
from workshops.views import run_for, workshop_for
from workshops.views.shared import save_shared_text
from workshops.views.spaces import space_page

SPACE = WorkSpace.CALIGRAMA


def _back(workshop) -> str:
    return reverse("workshops:space", args=[workshop.pk, SPACE])


@login_required
@require_POST
def words_add(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    form = WordsForm(request.POST)
    done = submit(
        request,
        form,
        lambda: add_words(actor=request.user, workshop=workshop, text=form.cleaned_data["text"]),
        success=_("Your words are in the calligram."),
        then=_back(workshop) + "#calligram",
    )
    return done or space_page(request, workshop, run_for(workshop, SPACE), status=400, words_form=form)


@login_required
@require_POST
def word_remove(request: HttpRequest, pk: int, word_pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    word = workshop.calligramwords.filter(pk=word_pk).first()
    if word is None:
        raise Http404
    word.workshop = workshop
    return submit(
        request,
        None,
        lambda: remove_word(actor=request.user, word=word),
        success=_("The word is taken out."),
        then=_back(workshop) + "#words",
    )


@login_required
@require_POST
def calligram_save(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    form = CalligramForm(request.POST)
    return save_shared_text(
        request,
        form,
        lambda: save_calligram(
            actor=request.user,
            workshop=workshop,
            shape=form.cleaned_data["shape"],
            commitment=form.cleaned_data["commitment"],
            based_on=form.cleaned_data["revision"],
        ),
        success=_("The calligram is saved."),
        then=_back(workshop) + "#calligram",
        page=lambda bound, conflict: space_page(
            request, workshop, run_for(workshop, SPACE), status=400, conflict=conflict, calligram_form=bound
        ),
    )


def _picture(workshop):
    calligram = Calligram.objects.filter(workshop=workshop).first()
    shape = calligram.shape if calligram else Shape.TREE
    commitment = calligram.commitment if calligram else ""
    return drawing.layout(selectors.word_counts(workshop), shape), commitment


@login_required
@require_GET
def calligram_svg(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk)
    picture, commitment = _picture(workshop)
    title = _("Calligram of the community · %(school)s") % {"school": workshop.school.name}
    response = HttpResponse(drawing.svg(picture, commitment=commitment, title=title), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="caligrama-{workshop.pk}.svg"'
    return response


@login_required
@require_GET
def calligram_png(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk)
    picture, commitment = _picture(workshop)
    response = HttpResponse(drawing.png(picture, commitment=commitment), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="caligrama-{workshop.pk}.png"'
    return response
