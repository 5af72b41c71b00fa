from communities.models import Community, Event, User


def record_event(*, community: Community, actor: User | None, verb: str, subject: str = "") -> Event:
    """Append one line to the community's activity (actor None: the platform)."""
    return Event.objects.create(community=community, actor=actor, verb=verb, subject=subject[:300])
