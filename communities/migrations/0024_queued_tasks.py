from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("communities", "0023_personal_data_rights")]

    operations = []
