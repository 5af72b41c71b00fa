from django.db import migrations


def install(apps, schema_editor):
    from diagnostics.catalogue import ensure_results_prompts

    ensure_results_prompts(
        apps.get_model("communities", "ReflectionPrompt"), apps.get_model("diagnostics", "ResultsPrompt")
    )


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0004_into_the_cas"), ("communities", "0006_journal_catalogue")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
