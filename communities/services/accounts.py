"""A person's own account settings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from communities.models import User


def set_language(*, actor: User, language: str) -> None:
    """The language of the site and of the e-mails the person gets."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose Spanish or English."))
    User.objects.filter(pk=actor.pk).update(language=language)
