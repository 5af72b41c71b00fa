# The `<id:…>` converter (ids that fit a 64-bit column) is registered by
# communities.urls, which the project's URLconf includes first.
from django.urls import path

import communities.urls  # noqa: F401  (registers the `id` converter)
from diagnostics.views import goals, paper, results, school

app_name = "diagnostics"

urlpatterns = [
    path("escuelas/<id:school_pk>/", school.campaigns, name="campaigns"),
    path("escuelas/<id:school_pk>/nueva/", school.campaign_create, name="campaign_create"),
    path("aplicaciones/<id:pk>/", school.campaign, name="campaign"),
    path("aplicaciones/<id:pk>/codigos/", school.campaign_codes, name="campaign_codes"),
    path("aplicaciones/<id:pk>/cerrar/", school.campaign_close, name="campaign_close"),
    path("aplicaciones/<id:pk>/captura/", school.capturer_add, name="capturer_add"),
    path("aplicaciones/<id:pk>/captura/<id:person_pk>/quitar/", school.capturer_remove, name="capturer_remove"),
    path("aplicaciones/<id:pk>/resultados/", results.results, name="results"),
    path("aplicaciones/<id:pk>/resultados.csv", results.results_csv, name="results_csv"),
    path("aplicaciones/<id:pk>/resultados.xlsx", results.results_xlsx, name="results_xlsx"),
    path("aplicaciones/<id:pk>/dimensiones/<id:dimension_pk>/meta/", goals.goal_create, name="goal_create"),
    path("aplicaciones/<id:pk>/respuestas.csv", results.answers_csv, name="answers_csv"),
    path("aplicaciones/<id:pk>/papel/<slug:audience>/", paper.capture, name="paper_capture"),
    path("aplicaciones/<id:pk>/cuestionario/<slug:audience>.pdf", paper.questionnaire_pdf, name="paper_questionnaire"),
]
