"""What a person is told about their own account when someone else acts on it."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from communities.emails import queue_email
from communities.models import Event, User
from communities.services.audit import record_event


@transaction.atomic
def tell_of_paused_sign_in(*, address: str, minutes: int) -> Event | None:
    """Tell the owner of `address` that sign-in to their account is paused after
    many wrong passwords from many places: one e-mail and one account event per
    pause window. An address without an active account gets nothing, which the
    person trying the passwords cannot tell apart (the same query runs)."""
    person = User.objects.select_for_update().filter(email=address, is_active=True).first()
    if person is None:
        return None
    since = timezone.now() - settings.RATE_LIMIT_WINDOW
    if person.account_events.filter(verb=Event.Verb.SIGN_IN_PAUSED, created_at__gte=since).exists():
        return None
    context = {"person": person, "minutes": minutes, "link": settings.SITE_URL + reverse("password_reset")}
    with translation.override(person.language or settings.LANGUAGE_CODE):
        subject = render_to_string("communities/email/sign_in_paused_subject.txt", context)
        body = render_to_string("communities/email/sign_in_paused.txt", context)
    queue_email(to=person.email, subject=subject, body=body)
    return record_event(person=person, actor=None, verb=Event.Verb.SIGN_IN_PAUSED, new=f"{minutes} min")
