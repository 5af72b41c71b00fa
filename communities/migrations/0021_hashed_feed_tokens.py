"""Calendar-feed addresses stored hashed, like invitations: a random nonce and
the hash of the address; the address is an HMAC of the nonce with SECRET_KEY
(models.meetings.feed_token), which the person's page rebuilds.

Existing addresses keep working: their plain token is hashed into token_hash
and the plain column is dropped. Their nonce stays empty, so the page cannot
show them again and offers a new one. Going back rebuilds the plain token of
the new-style rows (with the current key or a fallback); an old-style row's
token exists nowhere any more, so it gets a new random one (that subscription
stops)."""

import hashlib

from django.conf import settings
from django.db import migrations, models

import communities.models.meetings


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_plain_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("communities", "CalendarFeed")
    feeds = list(CalendarFeed.objects.all())
    for feed in feeds:
        feed.token_hash, feed.nonce, feed.token = _sha256(feed.token), "", ""
    CalendarFeed.objects.bulk_update(feeds, ["token_hash", "nonce", "token"], batch_size=1000)


def rebuild_plain_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("communities", "CalendarFeed")
    feeds = list(CalendarFeed.objects.all())
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    for feed in feeds:
        rebuilt = (communities.models.meetings.feed_token(feed.nonce, secret) for secret in secrets if feed.nonce)
        feed.token = next(
            (token for token in rebuilt if _sha256(token) == feed.token_hash),
            communities.models.meetings.new_feed_token(),
        )
    CalendarFeed.objects.bulk_update(feeds, ["token"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("communities", "0020_sessions_and_second_factor")]

    operations = [
        migrations.AddField(
            model_name="calendarfeed",
            name="nonce",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text=(
                    "Empty for an address made before addresses were stored hashed: it works, but cannot be shown."
                ),
                max_length=64,
                verbose_name="nonce",
            ),
        ),
        migrations.AddField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="calendarfeed",
            name="token",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(hash_plain_tokens, rebuild_plain_tokens),
        migrations.RemoveField(model_name="calendarfeed", name="token"),
        migrations.AlterField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
