from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from communities import access


def platform(request: HttpRequest) -> dict:
    """`platform`: what the navigation offers the person (access decides)."""
    return {"platform": access.platform_permissions(getattr(request, "user", AnonymousUser()))}
