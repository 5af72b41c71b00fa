from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0025_page_indexes"),
    ]

    operations = [
        # The platform overview's latest activity: `ORDER BY created_at DESC, id
        # DESC LIMIT 15` read from the index, not sorted from every row of a date.
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["-created_at", "-id"], name="event_latest_idx"),
        ),
    ]
