from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from communities.demo import write_demo_accounts
from communities.demo.reports import seed_reports
from communities.services.audit import backdating
from communities.services.reminders import send_reminders


class Command(BaseCommand):
    help = "Create or refresh the demo schools, people and content. Safe to run again."

    def handle(self, *args, **options) -> None:
        # Every app may ship a demo module; the core's comes first because the
        # others build on its schools and people.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name):
                # The demo dates the story it tells: the one writer allowed to
                # move an event's time (services.audit.backdating).
                with backdating():
                    import_module(module_name).seed(stdout=self.stdout)
        # Reports hold every app's sections: built once all the data is in.
        seed_reports()
        # What beat would have delivered by now: each demo account finds its
        # reminders waiting (delivered once: seeding again adds none).
        send_reminders()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        write_demo_accounts(self.stdout)
