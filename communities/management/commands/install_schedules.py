"""`manage.py install_schedules`: give every periodic task of `BEAT_DEFAULTS`
its row in beat's database schedule (django-celery-beat), in central Mexico
time. A task that already has a row keeps it, with whatever an admin changed.
Safe to run on every deploy; `make run` runs it."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask


class Command(BaseCommand):
    help = "Install the default schedule of the periodic tasks where they have none."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        installed = 0
        for name, entry in settings.BEAT_DEFAULTS.items():
            if PeriodicTask.objects.filter(name=name).exists():
                continue
            when = entry["schedule"]
            crontab, _created = CrontabSchedule.objects.get_or_create(
                minute=when._orig_minute,
                hour=when._orig_hour,
                day_of_week=when._orig_day_of_week,
                day_of_month=when._orig_day_of_month,
                month_of_year=when._orig_month_of_year,
                timezone=settings.CELERY_TIMEZONE,
            )
            PeriodicTask.objects.create(name=name, task=entry["task"], crontab=crontab)
            installed += 1
        self.stdout.write(f"{installed} periodic task(s) installed, {len(settings.BEAT_DEFAULTS) - installed} kept.")
