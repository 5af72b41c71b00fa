"""App configurations of the libraries whose names show in Django admin."""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig as AdminAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    # django-axes names its admin section after itself, in English.
    verbose_name = _("Sign-in attempts")


class AdminConfig(AdminAppConfig):
    # Every `admin.site.register(...)` of the apps lands on this site, which
    # asks platform administrators for a verified second factor.
    default_site = "cas_project.admin.CasAdminSite"

    def ready(self) -> None:
        super().ready()
        # The project's start-up hook (this is its only AppConfig with code):
        # the idle timeout counts a sign-in as activity.
        from django.contrib.auth.signals import user_logged_in

        from cas_project import stylesheet  # noqa: F401 — registers its check that `make css` ran
        from cas_project.middleware import IdleSessionMiddleware

        user_logged_in.connect(IdleSessionMiddleware.stamp_sign_in, dispatch_uid="cas_idle_stamp_sign_in")
