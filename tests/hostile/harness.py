"""How the hostile suite sends a request and judges the answer.

The routes, who may use each and its valid form come from the role matrix
(tests/communities/test_role_matrix.py), so a route added there is probed here
without a line more. Each example runs in a savepoint that is rolled back:
every example starts from the scene, and one fingerprint taken before the
examples says whether a refused request wrote anything."""

import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from hypothesis import HealthCheck, given, settings

from tests.communities.scene import Scene
from tests.communities.test_role_matrix import EXPECTATIONS, FINGERPRINTED_APPS, ROLES, Done, Row, fingerprint
from tests.hostile import tally
from tests.hostile.strategies import Submission, forbidden

# Examples per endpoint: 200 unless HOSTILE_EXAMPLES says otherwise (fewer for
# a quick look at a change, more for a long hunt).
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "200"))
HOSTILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- Who sends it, and where -----------------------------------------------------------------


def post_routes(namespaces: set[str]) -> list[str]:
    """The matrix's routes of these namespaces ("" for none) that some role may write to."""
    return sorted(
        route
        for route, row in EXPECTATIONS.items()
        if row.post is not None and any(isinstance(s, Done) for s in row.post) and _namespace(route) in namespaces
    )


def get_routes(namespaces: set[str]) -> list[str]:
    """The matrix's routes of these namespaces that some role reads (200)."""
    return sorted(route for route, row in EXPECTATIONS.items() if 200 in row.get and _namespace(route) in namespaces)


def _namespace(route: str) -> str:
    return route.rpartition(":")[0]


def writer(row: Row) -> tuple[str, Done]:
    """The first role whose POST the route carries out: hostile data reaches
    the form and the service, not only the access check."""
    return next((role, s) for role, s in zip(ROLES, row.post, strict=True) if isinstance(s, Done))


def reader(row: Row) -> str:
    return next(role for role, s in zip(ROLES, row.get, strict=True) if s == 200)


def person(scene: Scene, role: str):
    return None if role == "anonymous" else scene.people[role]


def sign_in(client, sessions: dict[int, str], user) -> None:
    """Start an example from the role's session, whatever the last one did to
    the cookies (signed out, rotated the key, set the language)."""
    client.cookies = SimpleCookie()
    if user is not None:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = sessions[user.pk]


# --- The fields of a route's forms ----------------------------------------------------------


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action"),
                    "fields": set(),
                    "files": set(),
                }
            )
        elif tag in {"input", "select", "textarea", "button"} and self.forms and attrs.get("name"):
            self.forms[-1]["fields"].add(attrs["name"])
            if tag == "input" and attrs.get("type") == "file":
                self.forms[-1]["files"].add(attrs["name"])


def _route_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def page_fields(client, url: str, *, route: str, method: str, kind: str = "fields") -> frozenset[str]:
    """The names of the fields (or, kind="files", the file inputs) of the
    forms on `url` that send `method` to `route` (a field no valid submission
    names is hostile input's too)."""
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return frozenset()
    parser = _Forms()
    parser.feed(response.content.decode())
    names = set()
    for form in parser.forms:
        if form["method"] == method and _route_of(urljoin(url, form["action"] or url)) == route:
            names |= form[kind]
    return frozenset(names - {"csrfmiddlewaretoken"})


# --- Judging an answer ---------------------------------------------------------------------------


def answered(area: str, endpoint: str, send):
    """The answer of `send()`, counted; a view's exception (the test client
    raises it) counts as the 500 it would have been."""
    try:
        response = send()
    except Exception:
        tally.record(area, endpoint, 500)
        raise
    tally.record(area, endpoint, response.status_code)
    return response


def _fingerprinted_tables() -> list[str]:
    return [
        model._meta.db_table
        for label in FINGERPRINTED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


def write_mark() -> int:
    """Rows written so far by this connection (SQLite) or transaction (the
    fingerprinted tables, PostgreSQL), rolled-back savepoints included: one
    query that says whether a request wrote at all, before the fingerprint
    (a query per table) says what it changed."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
                " WHERE relname = ANY(%s)",
                [_fingerprinted_tables()],
            )
        else:
            cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0]


# What a refused request writes on purpose, per route.
REFUSALS_THAT_WRITE = {
    # Failed sign-ins are counted; past the per-account ceiling the account is
    # paused, the pause recorded and its owner told (issue 13, point 5).
    "login": {"communities.Event", "communities.OutgoingEmail", "communities.QueuedTask"},
}


def assert_nothing_written(before: dict, mark: int, what: str, *, route: str = "") -> None:
    """The fingerprint is what it was before the examples (each starts from
    the same savepoint), but for what REFUSALS_THAT_WRITE allows the route."""
    if write_mark() == mark:
        return
    changed = {name for name, rows in fingerprint().items() if rows != before[name]}
    unexpected = sorted(changed - REFUSALS_THAT_WRITE.get(route, set()))
    assert unexpected == [], f"refused, but wrote {sorted(changed)}: {what}"


def assert_sound(response, what: str) -> None:
    """Never a 500; an HTML page never carries the markup it was sent."""
    assert response.status_code < 500, f"{response.status_code} for {what}"
    if "text/html" in response.get("Content-Type", "") and not response.streaming:
        html = response.content.decode(errors="replace")
        echoed = [needle for needle in forbidden() if needle in html]
        assert echoed == [], f"unescaped {echoed} in the answer to {what}"


def follow(client, response, submission: Submission, what: str) -> None:
    """A write that was carried out leads to a page that shows what was
    written: where markup was sent, that page must not run it either."""
    location = response.get("Location", "")
    if not submission.carries_markup() or response.status_code != 302 or not location.startswith("/"):
        return
    if not location.startswith("/accounts/login/"):
        assert_sound(client.get(location), f"the page after {what}")


@dataclass
class PostProbe:
    """The hostile POSTs of one route, as the role that may carry it out."""

    area: str
    route: str
    scene: Scene
    sessions: dict[int, str]
    client: object

    def run(self, strategy_for) -> None:
        row = EXPECTATIONS[self.route]
        role, done = writer(row)
        user = person(self.scene, role)
        if row.setup is not None:
            row.setup(self.scene)
        sign_in(self.client, self.sessions, user)
        url = self.scene.url(self.route)
        fields = page_fields(self.client, url, route=self.route, method="post")
        if row.post_to:  # it may put in the scene what the valid form sends (a code)
            row.post_to(self.client, self.scene)
        base = row.data(self.scene)
        before = fingerprint()

        @HOSTILE
        @given(submission=strategy_for(base, fields))
        def example(submission: Submission) -> None:
            with transaction.atomic():
                sign_in(self.client, self.sessions, user)
                target = row.post_to(self.client, self.scene) if row.post_to else url
                what = f"POST {self.route} as {role}: {submission.sent_text()}"
                mark = write_mark()
                response = answered(self.area, self.route, lambda: submission.send(self.client, target))
                assert_sound(response, what)
                if response.status_code == done.status:
                    follow(self.client, response, submission, what)
                else:
                    assert_nothing_written(before, mark, f"{response.status_code} to {what}", route=self.route)
                transaction.set_rollback(True)

        example()


# --- Routes with parameters that are not ids ---------------------------------------------------------

_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def patterns_by_name() -> dict[str, str]:
    """Every named route's full pattern ("d/<str:code>/<int:number>/")."""
    found = {}

    def walk(resolver: URLResolver, namespace: str, prefix: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry, ":".join(p for p in (namespace, entry.namespace) if p), route)
            elif isinstance(entry, URLPattern) and entry.name:
                found[f"{namespace}:{entry.name}" if namespace else entry.name] = route

    walk(get_resolver(), "", "")
    return found


def free_parameters(pattern: str) -> list[str]:
    """The names of a pattern's parameters that are not ids (tokens, codes,
    formats, numbers): ids have their own test in tests/test_bad_input.py."""
    return [m["name"] for m in _PARAMETER.finditer(pattern) if m["converter"] != "id"]


def fill(pattern: str, values: dict[str, str]) -> str:
    return "/" + _PARAMETER.sub(lambda m: values[m["name"]], pattern)
