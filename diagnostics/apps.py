from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    """The Diagnóstico del Ambiente Escolar: instruments, campaigns and scores."""

    name = "diagnostics"
    verbose_name = _("School-climate diagnostic")

    def ready(self) -> None:
        from diagnostics import cas, figures, personal_data, summary

        cas.register()
        figures.register()
        summary.register()  # the change per dimension in the Difusión summary and the progress report
        personal_data.register()  # the campaigns a person opened, who types in sheets
