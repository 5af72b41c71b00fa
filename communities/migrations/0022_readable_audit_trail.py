import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communities", "0021_hashed_feed_tokens")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="person",
            field=models.ForeignKey(
                blank=True,
                help_text="For what is done to a person's own account: their second factor, sessions, settings.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="account_events",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RemoveConstraint(model_name="event", name="event_names_a_community_or_a_school"),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("community__isnull", False), ("school__isnull", False), ("person__isnull", False), _connector="OR"
                ),
                name="event_names_a_community_a_school_or_a_person",
                violation_error_message="An event happens in a community, at a school or to a person's account.",
            ),
        ),
    ]
