"""The link that lets a person whose school added them choose their first
password. Single use: the token hashes the password and the last sign-in, which
setting the password and signing in change. It expires after
settings.ACCOUNT_ACTIVATION_TIMEOUT, longer than a password reset's, and is no
key to a password reset nor the other way round (its own salt)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from communities.models import User


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "communities.activation.ActivationTokenGenerator"

    def check_token(self, user, token) -> bool:
        # Django's own check measures age against PASSWORD_RESET_TIMEOUT.
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - timestamp <= settings.ACCOUNT_ACTIVATION_TIMEOUT


activation_tokens = ActivationTokenGenerator()


def activation_link(user: User) -> str:
    """The absolute address of the user's activation page, valid from now."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse("account_activate", args=[uidb64, activation_tokens.make_token(user)])


def activation_expires() -> datetime:
    return timezone.now() + timedelta(seconds=settings.ACCOUNT_ACTIVATION_TIMEOUT)
