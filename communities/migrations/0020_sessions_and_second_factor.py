from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("communities", "0019_diffusion_summary")]

    operations = []
