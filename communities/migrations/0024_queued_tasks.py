from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communities", "0023_personal_data_rights")]

    operations = [
        migrations.CreateModel(
            name="QueuedTask",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("task", models.CharField(max_length=200, verbose_name="task")),
                ("args", models.JSONField(blank=True, default=list, verbose_name="arguments")),
                ("dedup_key", models.CharField(blank=True, max_length=200, verbose_name="work")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="handed to the broker")),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="attempts")),
                ("last_error", models.TextField(blank=True, verbose_name="last error")),
            ],
            options={
                "verbose_name": "queued task",
                "verbose_name_plural": "queued tasks",
                "ordering": ["-created_at"],
                "indexes": [models.Index(fields=["sent_at", "created_at"], name="queued_task_unsent_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("sent_at__isnull", True), models.Q(("dedup_key", ""), _negated=True)),
                        fields=("dedup_key",),
                        name="queued_task_one_unsent_per_work",
                    )
                ],
            },
        ),
    ]
