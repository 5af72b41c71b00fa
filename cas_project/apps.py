"""App configurations of the libraries whose names show in Django admin."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    # django-axes names its admin section after itself, in English.
    verbose_name = _("Sign-in attempts")
