# The `<id:…>` converter (ids that fit a 64-bit column) is registered by
# communities.urls, which the project's URLconf includes first.
from django.urls import path

import communities.urls  # noqa: F401  (registers the `id` converter)
from workshops.views import calligram, directors, evidence, huella, lupa, proposals, runs

app_name = "workshops"

urlpatterns = [
    path("escuelas/<id:school_pk>/", runs.school, name="school"),
    path("escuelas/<id:school_pk>/nuevo/", runs.set_up, name="set_up"),
    path("<id:pk>/", runs.detail, name="detail"),
    path("<id:pk>/editar/", runs.change, name="change"),
    path("<id:pk>/sala/", runs.sala, name="sala"),
    path("<id:pk>/sesiones/<id:session_pk>/roles/", runs.session_roles, name="session_roles"),
    path("<id:pk>/espacios/<slug:workspace>/", runs.space, name="space"),
    path("<id:pk>/espacios/<slug:workspace>/estado/", runs.space_state, name="space_state"),
    path("<id:pk>/espacios/<slug:workspace>/sintesis/", runs.synthesis, name="synthesis"),
    path("<id:pk>/evidencia/", evidence.evidence, name="evidence"),
    path("<id:pk>/carpeta/", runs.carpeta, name="carpeta"),
    # Huella colectiva
    path("<id:pk>/huella/hitos/", huella.milestone_add, name="milestone_add"),
    path("<id:pk>/huella/hitos/<id:milestone_pk>/", huella.milestone_edit, name="milestone_edit"),
    path("<id:pk>/huella/semaforo/", huella.ratings, name="ratings"),
    # La práctica docente bajo la lupa
    path("<id:pk>/lupa/situaciones/", lupa.situation_add, name="situation_add"),
    path("<id:pk>/lupa/situaciones/<id:situation_pk>/", lupa.situation_edit, name="situation_edit"),
    path("<id:pk>/lupa/problemas/", lupa.problem_add, name="problem_add"),
    path("<id:pk>/lupa/problemas/<id:problem_pk>/agrupar/", lupa.problem_group, name="problem_group"),
    path("<id:pk>/lupa/problemas/<id:problem_pk>/voto/", lupa.dot, name="dot"),
    path("<id:pk>/lupa/votacion/", lupa.voting, name="voting"),
    # Construyendo en colectivo
    path("<id:pk>/propuestas/", proposals.proposal_start, name="proposal_start"),
    path("<id:pk>/propuestas/<id:proposal_pk>/", proposals.proposal, name="proposal"),
    path("<id:pk>/propuestas/<id:proposal_pk>/acciones/", proposals.action_add, name="action_add"),
    path(
        "<id:pk>/propuestas/<id:proposal_pk>/acciones/<id:action_pk>/quitar/",
        proposals.action_remove,
        name="action_remove",
    ),
    path("<id:pk>/propuestas/<id:proposal_pk>/acuerdos/", proposals.agreement_add, name="agreement_add"),
    path("<id:pk>/acuerdos/<id:agreement_pk>/quitar/", proposals.agreement_remove, name="agreement_remove"),
    path("<id:pk>/acuerdos/<id:agreement_pk>/estado/", proposals.agreement_status, name="agreement_status"),
    path("<id:pk>/acuerdos/<id:agreement_pk>/meta/", proposals.agreement_goal, name="agreement_goal"),
    path("<id:pk>/acuerdos/a-la-cas/", proposals.agreements_to_cas, name="agreements_to_cas"),
    # Caligrama de la comunidad
    path("<id:pk>/caligrama/", calligram.calligram_save, name="calligram_save"),
    path("<id:pk>/caligrama/palabras/", calligram.words_add, name="words_add"),
    path("<id:pk>/caligrama/palabras/<id:word_pk>/quitar/", calligram.word_remove, name="word_remove"),
    path("<id:pk>/caligrama.svg", calligram.calligram_svg, name="calligram_svg"),
    path("<id:pk>/caligrama.png", calligram.calligram_png, name="calligram_png"),
    # The directors' day
    path("<id:pk>/directivos/", directors.directors, name="directors"),
    path("<id:pk>/directivos/compromisos/", directors.commitment_add, name="commitment_add"),
    path(
        "<id:pk>/directivos/compromisos/<id:commitment_pk>/quitar/",
        directors.commitment_remove,
        name="commitment_remove",
    ),
    path("<id:pk>/directivos/<id:day_pk>/afiche.pdf", directors.poster, name="poster"),
]
