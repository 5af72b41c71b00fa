from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from communities import ical
from communities.models import CalendarFeed, Meeting
from communities.services.calendar import feed_for, reset_feed

FEED_HISTORY_DAYS = 120


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed = feed_for(request.user)
    # An address made before they were stored hashed keeps working but cannot
    # be shown again: the page says so and offers a new one.
    token = feed.token
    url = request.build_absolute_uri(reverse("communities:calendar_feed", args=[token])) if token else ""
    return render(request, "communities/calendar/calendar.html", {"feed_url": url})


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    reset_feed(actor=request.user)
    messages.success(request, _("Your calendar has a new address. Replace the old one in your calendar app."))
    return redirect("communities:calendar")


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret address a calendar app subscribes to: the meetings of every CAS
    the person belongs to, cancelled ones included so that apps remove them."""
    feed = CalendarFeed.objects.select_related("user").by_token(token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    since = timezone.now() - timedelta(days=FEED_HISTORY_DAYS)
    meetings = (
        Meeting.objects.for_member(feed.user)
        .filter(starts_at__gte=since)
        .select_related("community__school")
        .order_by("starts_at")
    )
    body = ical.calendar(meetings, name=_("CAS meetings"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
