"""The Celery application: configured from Django settings (CELERY_*), tasks
discovered in each app's tasks.py; periodic jobs in beat's database schedule
(django-celery-beat), installed from BEAT_DEFAULTS by `manage.py install_schedules`."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cas_project.settings")

app = Celery("cas_project")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _prepare_filesystem_broker(sender: Celery, **kwargs) -> None:
    # kombu's filesystem transport expects its folders to exist already.
    if sender.conf.broker_url.startswith("filesystem://"):
        options = sender.conf.broker_transport_options
        for key in ("data_folder_in", "data_folder_out", "processed_folder"):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
