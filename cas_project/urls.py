from django.contrib import admin
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponsePermanentRedirect
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from cas_project.health import healthz
from communities.views.accounts import set_language

# A database that does not answer is a 503 "back in a moment", not a 500.
handler500 = "cas_project.errors.server_error"

admin.site.site_header = _("CAS — Learning communities")
admin.site.site_title = _("CAS administration")
admin.site.index_title = _("Platform administration")

urlpatterns = [
    path("", include("communities.urls")),
    path("accounts/", include("communities.account_urls")),
    path("diagnostico/", include("diagnostics.urls")),
    path("d/", include("diagnostics.answer_urls")),  # the short address printed on the code slips
    path("taller/", include("workshops.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(staticfiles_storage.url("favicon.svg"))),
]
