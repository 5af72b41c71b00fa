"""A person's own account settings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import Event, User
from communities.services.audit import record_event


@transaction.atomic
def set_language(*, actor: User, language: str) -> None:
    """The language of the site and of the e-mails the person gets (an audit
    row on their account when it changed)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose Spanish or English."))
    old = User.objects.select_for_update().filter(pk=actor.pk).values_list("language", flat=True).get()
    if old != language:
        User.objects.filter(pk=actor.pk).update(language=language)
        record_event(
            person=actor, actor=actor, verb=Event.Verb.ACCOUNT_CHANGED, subject="language", old=old, new=language
        )
