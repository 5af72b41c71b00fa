"""Every route is exercised by some test (zulip's URL-coverage idea, checked
statically: a route no test names is a page nobody checks)."""

from pathlib import Path

from communities import account_urls
from communities import urls as community_urls

TESTS = Path(__file__).resolve().parent


def _test_sources() -> str:
    return "\n".join(path.read_text() for path in TESTS.rglob("test_*.py") if path.name != Path(__file__).name)


def test_every_named_route_appears_in_a_test():
    sources = _test_sources()
    missing = [
        f"communities:{pattern.name}"
        for pattern in community_urls.urlpatterns
        if f'"communities:{pattern.name}"' not in sources and f"'communities:{pattern.name}'" not in sources
    ]
    missing += [
        pattern.name
        for pattern in account_urls.urlpatterns
        if f'"{pattern.name}"' not in sources and f'"/accounts/{pattern.pattern}' not in sources
    ]
    assert missing == []
