import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The audit trail only grows. On PostgreSQL a trigger refuses any UPDATE or
# DELETE of an event, whatever code or SQL asks, except inside the two paths of
# `communities.services.audit`, which set the transaction-local `cas.audit_rewrite`:
# "anonymising" may rewrite the texts (subject, before, after) and nothing else,
# "backdating" (the demo) may move `created_at` and nothing else. TRUNCATE (a
# restore, a test database being emptied) is a table owner's act and not refused.
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION communities_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    mode text := coalesce(current_setting('cas.audit_rewrite', true), '');
    same_facts boolean;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        same_facts := NEW.id = OLD.id AND NEW.verb = OLD.verb
            AND NEW.community_id IS NOT DISTINCT FROM OLD.community_id
            AND NEW.school_id IS NOT DISTINCT FROM OLD.school_id
            AND NEW.person_id IS NOT DISTINCT FROM OLD.person_id
            AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id;
        IF mode = 'anonymising' AND same_facts AND NEW.created_at = OLD.created_at THEN
            RETURN NEW;
        END IF;
        IF mode = 'backdating' AND same_facts AND NEW.subject = OLD.subject
                AND NEW.old_value = OLD.old_value AND NEW.new_value = OLD.new_value THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % of an event refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$;
DROP TRIGGER IF EXISTS communities_event_append_only ON communities_event;
CREATE TRIGGER communities_event_append_only
    BEFORE UPDATE OR DELETE ON communities_event
    FOR EACH ROW EXECUTE FUNCTION communities_event_append_only();
"""

REMOVE_APPEND_ONLY = """
DROP TRIGGER IF EXISTS communities_event_append_only ON communities_event;
DROP FUNCTION IF EXISTS communities_event_append_only();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # the function holds a literal %

    return run


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
        # A community, school or person with a history is never deleted: their trail would go with it.
        migrations.AlterField(
            model_name="event",
            name="person",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "The person the change is about: their account, settings, second factor and sessions, "
                    "and their memberships and roles."
                ),
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="account_events",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="community",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="communities.community",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="school",
            field=models.ForeignKey(
                blank=True,
                help_text="For what happens at a school outside its CAS.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="communities.school",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty when the platform acted on its own.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        # A change to the platform's own catalogue (an instrument edited in the admin) names no
        # community, school or person, but always who made it.
        migrations.RemoveConstraint(model_name="event", name="event_names_a_community_a_school_or_a_person"),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("community__isnull", False),
                    ("school__isnull", False),
                    ("person__isnull", False),
                    ("actor__isnull", False),
                    _connector="OR",
                ),
                name="event_names_a_place_a_person_or_an_actor",
                violation_error_message=(
                    "An event happens in a community, at a school or to a person's account; "
                    "one of the whole platform (a catalogue edited in the admin) names who did it."
                ),
            ),
        ),
        migrations.RunPython(_on_postgresql(APPEND_ONLY), _on_postgresql(REMOVE_APPEND_ONLY), elidable=False),
    ]
