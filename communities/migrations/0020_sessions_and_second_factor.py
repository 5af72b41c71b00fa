from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communities", "0019_diffusion_summary")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="session_epoch",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Raised to end every session of the person at once (sign-out everywhere, a second factor changed).",
                verbose_name="session generation",
            ),
        ),
    ]
