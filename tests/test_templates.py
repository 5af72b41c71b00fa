"""Every page works under a Content-Security-Policy without 'unsafe-inline'."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATE_DIRS = [Path(__file__).resolve().parent.parent / "templates"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def _templates():
    """The templates of pages. E-mails are left out: they are never served under
    the site's policy, and mail programs read only inline styles."""
    for directory in TEMPLATE_DIRS:
        yield from (path for path in sorted(directory.rglob("*.html")) if "email" not in path.parts)


@pytest.mark.parametrize("template", list(_templates()), ids=lambda p: p.name)
def test_templates_have_no_inline_script_or_style(template):
    source = template.read_text()
    for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT):
        assert not pattern.search(source), f"{template}: {pattern.pattern}"


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.django_db
def test_rendered_login_page_has_no_inline_script_or_style(client):
    html = client.get(reverse("login")).content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not STYLE_ATTRIBUTE.search(html)
    assert "/static/css/bootstrap.trimmed.min.css" in html
