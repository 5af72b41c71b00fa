# The `<id:…>` converter (ids that fit a 64-bit column) is registered by
# communities.urls, which the project's URLconf includes first.
from django.urls import path

import communities.urls  # noqa: F401  (registers the `id` converter)
from diagnostics import views

app_name = "diagnostics"

urlpatterns = [
    path("escuelas/<id:school_pk>/", views.campaigns, name="campaigns"),
    path("escuelas/<id:school_pk>/nueva/", views.campaign_create, name="campaign_create"),
    path("aplicaciones/<id:pk>/", views.campaign, name="campaign"),
    path("aplicaciones/<id:pk>/codigos/", views.campaign_codes, name="campaign_codes"),
]
