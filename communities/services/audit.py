from communities.models import Community, Event, School, User


def event_row(
    *,
    community: Community | None = None,
    school: School | None = None,
    person: User | None = None,
    actor: User | None,
    verb: Event.Verb,
    subject: str = "",
    old: str = "",
    new: str = "",
) -> Event:
    """One line of the audit trail, not yet saved: `record_event` saves it, bulk
    writers (the imports) save many at once."""
    return Event(
        community=community,
        school=school,
        person=person,
        actor=actor,
        verb=verb,
        subject=str(subject)[:300],
        old_value=str(old)[:300],
        new_value=str(new)[:300],
    )


def record_event(
    *,
    community: Community | None = None,
    actor: User | None,
    verb: Event.Verb,
    subject: str = "",
    old: str = "",
    new: str = "",
    school: School | None = None,
    person: User | None = None,
) -> Event:
    """Append one line to the community's activity and audit trail (actor None:
    the platform acted); `old` and `new` keep a value that changed. What happens
    at a school outside its CAS names the `school` instead of a community; what
    is done to a person's own account (their second factor, their sessions,
    their settings) names the `person`."""
    event = event_row(
        community=community, school=school, person=person, actor=actor, verb=verb, subject=subject, old=old, new=new
    )
    event.save()
    return event
