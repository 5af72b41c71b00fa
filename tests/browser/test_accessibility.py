"""axe-core on the pages each demo account opens most, on a 360 px phone: no
serious or critical violation (colour contrast, labels, keyboard access to
scrollable tables, landmarks…)."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.axe import audit, demo_pages, serious, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_main_pages_have_no_serious_accessibility_violations(browser, live_server):
    call_command("seed_demo", stdout=StringIO())
    found: dict[str, list[str]] = {}
    for email, paths in demo_pages().items():
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, locale="es-MX", base_url=live_server.url, reduced_motion="reduce"
        )
        page = context.new_page()
        sign_in(page, email, settings.DEMO_PASSWORD)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, f"{email} {path}: {response and response.status}"
            problems = serious(audit(page))
            if problems:
                found[f"{email} {path}"] = [str(problem) for problem in problems]
        context.close()
    assert found == {}
