import functools

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from communities import access, personal_data, selectors


def platform(request: HttpRequest) -> dict:
    """`platform`: what the navigation offers the person (access decides)."""
    return {"platform": access.platform_permissions(getattr(request, "user", AnonymousUser()))}


def notices(request: HttpRequest) -> dict:
    """`unread_notices`: how many of the person's notices are unread, for the
    navigation. Counted once, when a page first shows it (one COUNT on the
    recipient-and-read index); nothing is asked for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notices": 0}
    return {"unread_notices": functools.cache(lambda: selectors.unread_notice_count(user))}


def privacy(request: HttpRequest) -> dict:
    """`privacy_controller`: who is responsible for the personal data, as the
    privacy notices name them (settings.PRIVACY_CONTROLLER_*)."""
    return {"privacy_controller": personal_data.controller()}
