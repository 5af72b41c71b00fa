from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("communities", "0020_sessions_and_second_factor")]

    operations = []
