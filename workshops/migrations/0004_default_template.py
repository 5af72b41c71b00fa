from django.db import migrations


def install(apps, schema_editor):
    from workshops.catalogue import ensure_default_template

    ensure_default_template(
        apps.get_model("workshops", "WorkshopTemplate"),
        apps.get_model("workshops", "TemplateSpace"),
        apps.get_model("workshops", "Moment"),
        apps.get_model("workshops", "AssessmentAxis"),
        apps.get_model("communities", "TeachingDimension"),
    )


class Migration(migrations.Migration):
    dependencies = [("workshops", "0003_workshop_in_data"), ("communities", "0006_journal_catalogue")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
