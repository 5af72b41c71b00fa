from communities.models import Community, Event, User


def record_event(
    *,
    community: Community,
    actor: User | None,
    verb: Event.Verb,
    subject: str = "",
    old: str = "",
    new: str = "",
) -> Event:
    """Append one line to the community's activity and audit trail (actor None:
    the platform acted); `old` and `new` keep a value that changed."""
    return Event.objects.create(
        community=community,
        actor=actor,
        verb=verb,
        subject=str(subject)[:300],
        old_value=str(old)[:300],
        new_value=str(new)[:300],
    )
