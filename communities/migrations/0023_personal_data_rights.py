from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("communities", "0022_readable_audit_trail")]

    operations = []
