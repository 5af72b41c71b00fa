from django.db import migrations


def install(apps, schema_editor):
    from communities.catalogue import ensure_journal_catalogue

    ensure_journal_catalogue(
        apps.get_model("communities", "TeachingDimension"),
        apps.get_model("communities", "ReflectionPrompt"),
        apps.get_model("communities", "Strategy"),
        apps.get_model("communities", "Skill"),
    )


class Migration(migrations.Migration):
    dependencies = [("communities", "0005_journal_and_practice_bank")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
