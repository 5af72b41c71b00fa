from django.db import migrations


def create_catalogue(apps, schema_editor):
    from communities.catalogue import ensure_catalogue

    ensure_catalogue(apps.get_model("communities", "SkillDimension"), apps.get_model("communities", "Skill"))


class Migration(migrations.Migration):
    dependencies = [("communities", "0003_meetings_and_goals")]

    operations = [migrations.RunPython(create_catalogue, migrations.RunPython.noop)]
