from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    """The SEP workshop "Ser y hacer en comunidad de aprendizaje" and its spaces."""

    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from workshops import cas, journal, personal_data, summary

        journal.register()
        cas.register()
        summary.register()  # the products in the Difusión summary and the progress report
        personal_data.register()  # what a person wrote in the workshop
