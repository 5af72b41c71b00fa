from django.db import transaction

from communities.models import CalendarFeed, User


def feed_for(user: User) -> CalendarFeed:
    """The person's calendar feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults=CalendarFeed.fresh_secret())
    return feed


@transaction.atomic
def reset_feed(*, actor: User) -> CalendarFeed:
    """Give the person a new secret address; the old one stops working at once."""
    feed = feed_for(actor)
    for field, value in CalendarFeed.fresh_secret().items():
        setattr(feed, field, value)
    feed.save(update_fields=["nonce", "token_hash", "created_at"])
    return feed
