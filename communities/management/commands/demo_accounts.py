from django.core.management.base import BaseCommand

from communities.demo import write_demo_accounts


class Command(BaseCommand):
    help = "Print the demo accounts and their password (see seed_demo)."

    def handle(self, *args, **options) -> None:
        write_demo_accounts(self.stdout)
