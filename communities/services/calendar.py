from django.db import transaction

from communities.models import CalendarFeed, User
from communities.models.meetings import new_feed_token


def feed_for(user: User) -> CalendarFeed:
    """The person's calendar feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def reset_feed(*, actor: User) -> CalendarFeed:
    """Give the person a new secret address; the old one stops working at once."""
    feed = feed_for(actor)
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "created_at"])
    return feed
