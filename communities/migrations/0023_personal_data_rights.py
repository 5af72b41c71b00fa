import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communities", "0022_readable_audit_trail")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="anonymised_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the person's data was cancelled: the account keeps only a pseudonym.",
                null=True,
                verbose_name="anonymised",
            ),
        ),
        migrations.CreateModel(
            name="DataRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("access", "Access"),
                            ("rectification", "Rectification"),
                            ("cancellation", "Cancellation"),
                            ("opposition", "Opposition"),
                        ],
                        max_length=20,
                        verbose_name="right",
                    ),
                ),
                ("details", models.TextField(max_length=2000, verbose_name="what you ask")),
                (
                    "status",
                    models.CharField(
                        choices=[("received", "Received"), ("done", "Done"), ("refused", "Not granted")],
                        default="received",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("handled_at", models.DateTimeField(blank=True, null=True, verbose_name="handled")),
                ("resolution", models.TextField(blank=True, max_length=2000, verbose_name="answer")),
                (
                    "handled_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="handled by",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="data_requests",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "personal-data request",
                "verbose_name_plural": "personal-data requests",
                "ordering": ["-created_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "received")),
                        fields=("person", "kind"),
                        name="one_open_data_request_per_right",
                        violation_error_message="You already have a request of this kind waiting for an answer.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("handled_at__isnull", True), ("status", "received")),
                            models.Q(models.Q(("status", "received"), _negated=True), ("handled_at__isnull", False)),
                            _connector="OR",
                        ),
                        name="data_request_handled_when_answered",
                        violation_error_message="An answered request says when it was handled.",
                    ),
                ],
            },
        ),
    ]
