from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Schools and communities")

    def ready(self) -> None:
        # The core's milestone proofs go through the same registry as the
        # satellites' ones, first, so that "formed" is checked after "invitations".
        from communities import extensions
        from communities.services.phases import CORE_PROOFS

        for proof in CORE_PROOFS:
            extensions.register(proof)

        from communities.services.reminders import register_core_reminders

        register_core_reminders()

        from communities import figures_export

        figures_export.register()  # the platform figures as CSV and XLSX reports

        from communities import documents

        documents.register()

        from communities import personal_data

        personal_data.register()  # what the person downloads and what their anonymisation clears
