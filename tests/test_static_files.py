"""What a page downloads (issue 14): Bootstrap's stylesheet cut down by `make css`
to the classes our templates use, htmx only on a page with hx-* attributes, no
other script, and static files served compressed (Brotli) and cached for good."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from cas_project import stylesheet

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
TEMPLATE_TAG = re.compile(r"\{([{%#]).*?[}%#]\}")
CSS_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
# A class with rules of its own (`.btn{…}`, `.btn:hover`), not only as part of
# another's selector (`.nav-fill .nav-item`).
STYLED_ALONE = re.compile(r"(?:^|[,{}])\.(-?[_a-zA-Z][\w-]*)(?=[,{:])")
EXTENDS_OR_INCLUDES = re.compile(r'\{%\s*(?:extends|include)\s+"([^"]+)"')
HX_ATTRIBUTE = re.compile(r"\shx-[a-z]+=")
HTMX = "_htmx.html"
NOT_BUILT = "run `make css`: the trimmed stylesheet is missing or older than the templates"


def _classes(css: str) -> set[str]:
    return set(CSS_CLASS.findall(css))


def _trimmed() -> Path:
    found = finders.find(stylesheet.TRIMMED)
    assert found, NOT_BUILT
    return Path(found)


@pytest.mark.django_db
def test_make_css_built_the_stylesheet_that_every_page_links(client):
    assert _trimmed().is_relative_to(stylesheet.BUILD_DIR)
    assert _trimmed().stat().st_size < stylesheet.source_stylesheet().stat().st_size / 3
    assert stylesheet.check_trimmed_stylesheet(None) == []
    html = client.get(reverse("login")).content.decode()
    assert f'<link rel="stylesheet" href="{static(stylesheet.TRIMMED)}">' in html
    assert "bootstrap.min.css" not in html
    assert "<script" not in html


def test_every_bootstrap_class_a_template_uses_is_in_the_trimmed_stylesheet():
    bootstrap = set(STYLED_ALONE.findall(stylesheet.source_stylesheet().read_text()))
    trimmed = _classes(_trimmed().read_text())
    missing = {}
    for template in sorted(TEMPLATES.rglob("*.html")):
        for value in CLASS_ATTRIBUTE.findall(template.read_text()):
            for name in TEMPLATE_TAG.sub(" ", value).split():
                if name in bootstrap and name not in trimmed:
                    missing.setdefault(name, str(template.relative_to(TEMPLATES)))
    assert missing == {}, NOT_BUILT
    assert set(stylesheet.SAFELIST) <= trimmed


def test_collectstatic_stops_when_the_stylesheet_was_not_built(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_DIRS = [stylesheet.BASE_DIR / "static"]  # without build/static
    assert [error.id for error in stylesheet.check_trimmed_stylesheet(None)] == ["cas.E001"]
    with pytest.raises(SystemCheckError, match="make css"):
        call_command("collectstatic", interactive=False, verbosity=0, skip_checks=False)
    assert not any(tmp_path.iterdir())


def _rendered_by(name: str, seen: set[str]) -> set[str]:
    """The template and every one it extends or includes by a fixed name."""
    path = TEMPLATES / name
    if name not in seen and path.exists():
        seen.add(name)
        for other in EXTENDS_OR_INCLUDES.findall(path.read_text()):
            _rendered_by(other, seen)
    return seen


def test_a_page_loads_htmx_exactly_when_it_has_hx_attributes():
    wrong = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = str(path.relative_to(TEMPLATES))
        rendered = _rendered_by(name, set())
        if "base.html" not in rendered or name == "base.html":
            continue  # a fragment: the page that includes it is checked
        uses = any(HX_ATTRIBUTE.search((TEMPLATES / other).read_text()) for other in rendered)
        if uses != (HTMX in rendered):
            wrong[name] = "has hx-* attributes but no htmx" if uses else "loads htmx for no hx-* attribute"
    assert wrong == {}, "a page with hx-* attributes fills {% block scripts %} with {% include '_htmx.html' %}"


@pytest.mark.django_db
def test_the_home_page_has_no_script_and_the_proposals_page_loads_htmx(client, cas, teacher):
    client.force_login(teacher)
    home = client.get(reverse("communities:home")).content.decode()
    assert "<script" not in home
    assert 'class="main-menu"' in home  # the menus are <details>
    proposals = client.get(reverse("communities:proposals", args=[cas.pk])).content.decode()
    assert '<meta name="htmx-config"' in proposals
    assert re.search(r'<script src="/static/django_htmx/htmx[^"]*\.js" defer>', proposals)


@pytest.mark.django_db
def test_static_files_are_served_with_brotli_and_cached_for_good(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    # Our own folders only (build/static and static/): the packages' hundreds of files add nothing here.
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    url = static(stylesheet.TRIMMED)
    assert re.search(r"/bootstrap\.trimmed\.min\.[0-9a-f]{12}\.css$", url)

    response = Client().get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert int(response["Content-Length"]) < 12 * 1024
    response.close()
