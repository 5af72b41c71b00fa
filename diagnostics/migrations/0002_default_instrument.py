from django.db import migrations


def install(apps, schema_editor):
    from diagnostics.catalogue import ensure_default_instrument

    ensure_default_instrument(
        apps.get_model("diagnostics", "Instrument"),
        apps.get_model("diagnostics", "InstrumentVersion"),
        apps.get_model("diagnostics", "Dimension"),
        apps.get_model("diagnostics", "Item"),
    )


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
