"""Bad input answers with a message, never a 500 (issue 8, point 9): integers no
database column can hold, in every form a person can reach and in every id of
every URL. The forms are found the way a person finds them: signed in as each
role of the demo, following the links from the home page."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, get_resolver, resolve

from communities.models import School, User

pytestmark = pytest.mark.django_db

# Beyond a signed 64-bit integer: 20 digits, and 19 digits above 2**63 - 1.
TOO_BIG = ("99999999999999999999", "9999999999999999999")

ACCOUNTS = [
    "admin@cas.demo",
    "director@escuela-a.demo",
    "tutor@escuela-a.demo",
    "docente1@escuela-a.demo",
    "director@escuela-b.demo",  # a CAS with room: the invitation form
    "docente3@escuela-b.demo",  # invited, has not answered yet
]
# Leaving the site or the session would end the walk.
SKIP_ROUTES = {"logout", "set_language", "healthz", "calendar_feed", "journal_export", "practice_file"}
PAGES_PER_ROUTE = 2


class _Page(HTMLParser):
    """The links and forms of a page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self.forms.append(
                {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "fields": set()}
            )
        elif tag in {"input", "select", "textarea", "button"} and self.forms and attrs.get("name"):
            self.forms[-1]["fields"].add(attrs["name"])
        self.forms and self.forms[-1]["fields"].discard("csrfmiddlewaretoken")


def _route(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.url_name


def _walk(client, *starts: str) -> list[tuple[str, _Page]]:
    """Every page reachable from the home page (and `starts`) by links, at most
    two per route."""
    seen, per_route, pages, queue = set(), {}, [], ["/", *starts]
    while queue:
        url = queue.pop(0)
        path = urlsplit(url).path
        route = _route(path)
        if path in seen or route is None or route in SKIP_ROUTES or path.startswith("/admin/"):
            continue
        if per_route.get(route, 0) >= PAGES_PER_ROUTE:
            continue
        seen.add(path)
        per_route[route] = per_route.get(route, 0) + 1
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.html = response.content.decode()
        page.feed(page.html)
        pages.append((url, page))
        queue += [urljoin(url, link) for link in page.links if urljoin(url, link).startswith("/")]
    return pages


def _submit_too_big(client, url: str, page: _Page, done: set) -> int:
    sent = 0
    for form in page.forms:
        action = urljoin(url, form["action"] or url)
        key = (_route(action), form["method"], tuple(sorted(form["fields"])))
        if key in done or key[0] in SKIP_ROUTES or not form["fields"]:
            continue
        done.add(key)
        for number in TOO_BIG:
            data = dict.fromkeys(form["fields"], number)
            send = client.post if form["method"] == "post" else client.get
            response = send(action, data)
            assert response.status_code < 500, (action, data)
        sent += 1
    return sent


def test_integers_out_of_range_in_every_form_get_an_answer_not_a_500(client, demo_data):
    done: set = set()
    submitted = 0
    # Forming a CAS is linked from the admin site, which the walk leaves out.
    starts = {"admin@cas.demo": [f"/schools/{School.objects.get(cct='20DES0005Q').pk}/cas/new/"]}
    for email in ACCOUNTS:
        client.force_login(User.objects.get(email=email))
        for url, page in _walk(client, *starts.get(email, [])):
            submitted += _submit_too_big(client, url, page, done)
    client.logout()
    for url in ("/accounts/login/", "/accounts/password/reset/"):
        page = _Page()
        page.feed(client.get(url).content.decode())
        submitted += _submit_too_big(client, url, page, done)
    # The walk reached the app's forms (one that found none would pass vacuously).
    reached = {route for route, _method, _fields in done}
    assert {"create", "invitations", "reflection_create", "practice_create", "attendance", "goals"} <= reached
    assert submitted >= 30, sorted(reached)


def test_a_too_big_out_of_range_number_is_refused_next_to_its_field(client, cas, teacher, catalogue):
    client.force_login(teacher)
    data = {
        "community": cas.pk,
        "title": "Con números",
        "body": "Texto",
        "written_on": "2026-11-01",
        "visibility": "private",
        "dimensions": TOO_BIG[0],
        "skills": TOO_BIG[1],
    }
    response = client.post("/journal/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Elige entre las opciones que se ofrecen.") == 2
    assert TOO_BIG[0] not in html and TOO_BIG[1] not in html


def _paths_with_ids() -> list[str]:
    """Every route of the app with an id in its path, the ids replaced by
    numbers too big for the database."""
    paths = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, route)
            elif "<id:" in route:
                paths.append(route)

    walk(get_resolver().url_patterns)
    return paths


@pytest.mark.parametrize("number", TOO_BIG)
def test_ids_too_big_in_a_url_are_404_not_500(client, admin_user, number):
    import re

    client.force_login(admin_user)
    paths = _paths_with_ids()
    assert len(paths) > 30
    for route in paths:
        url = "/" + re.sub(r"<id:\w+>", number, route)
        for send in (client.get, client.post):
            assert send(url).status_code == 404, url


def test_every_select_says_what_to_choose_and_every_time_is_valid_html(client, demo_data):
    """Walking the demo as each account: no select offers Django's "---------"
    (it says what to choose), and no <time datetime> carries fractions of a
    second (the HTML checker refuses them)."""
    fractions = re.compile(r'datetime="[^"]*\.\d+')
    found = []
    for email in ACCOUNTS:
        client.force_login(User.objects.get(email=email))
        for url, page in _walk(client):
            if "---------" in page.html:
                found.append((email, url, "---------"))
            if fractions.search(page.html):
                found.append((email, url, fractions.search(page.html).group()))
    assert found == []
