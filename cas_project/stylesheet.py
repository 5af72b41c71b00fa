"""`make css` (`python -m cas_project.stylesheet`): Bootstrap's stylesheet cut
down to what the app uses.

PurgeCSS (npm) reads django-bootstrap-static's `bootstrap.min.css` and keeps the
rules whose classes, elements and attributes appear in our templates, in the
Python that sets classes on form widgets, and in crispy-bootstrap5's templates
(which render every form). The result, under a quarter of the original, goes to
`build/static/` (generated, not in git), which `STATICFILES_DIRS` lists first;
`base.html` links it. `make run` and `make test` build it; production builds it
before `collectstatic` (README, production notes), and the `staticfiles` check
below stops `collectstatic` when it is missing.

A class a template makes up from a value (`alert-{{ message.tags }}`) never
appears whole in a file: list it in `SAFELIST`.
"""

import importlib.util
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.checks import Error, Tags, Warning, register

BASE_DIR = Path(__file__).resolve().parent.parent
BUILD_DIR = BASE_DIR / "build" / "static"
# The name templates link (`{% static TRIMMED %}`) and the file it is built to.
TRIMMED = "css/bootstrap.trimmed.min.css"
SOURCE = "bootstrap/css/bootstrap.min.css"
PURGECSS = BASE_DIR / "node_modules" / ".bin" / "purgecss"
# Classes built from a value in a template: base.html's messages
# (`alert-{{ message.tags }}`, with "error" shown as danger).
SAFELIST = ["alert-info", "alert-success", "alert-warning", "alert-danger"]
# What `|crispy` and `|as_crispy_field` render (we use no FormHelper layouts:
# their accordions, tabs and modals would bring their rules back).
CRISPY_TEMPLATES = [
    "bootstrap5/uni_form.html",
    "bootstrap5/uni_formset.html",
    "bootstrap5/errors.html",
    "bootstrap5/errors_formset.html",
    "bootstrap5/field.html",
    "bootstrap5/layout/attrs.html",
    "bootstrap5/layout/field_errors.html",
    "bootstrap5/layout/field_errors_block.html",
    "bootstrap5/layout/field_file.html",
    "bootstrap5/layout/help_text.html",
    "bootstrap5/layout/help_text_and_errors.html",
    "bootstrap5/layout/radio_checkbox_select.html",
    "bootstrap5/layout/checkboxselectmultiple_inline.html",
    "bootstrap5/layout/radioselect_inline.html",
]
SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*")


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"The Python package {name!r} is not installed: pip install -r requirements.txt")
    return Path(spec.origin).parent


def source_stylesheet() -> Path:
    """django-bootstrap-static's full, minified stylesheet."""
    return _package_dir("bootstrap") / "static" / SOURCE


def content_globs() -> list[str]:
    """Every file whose words may name a Bootstrap class on a page."""
    ours = [str(BASE_DIR / "templates" / "**" / "*.html")]
    ours += [str(BASE_DIR / app / "**" / "*.py") for app in ("communities", "diagnostics", "workshops", "cas_project")]
    templates = _package_dir("crispy_bootstrap5") / "templates"
    crispy = [str(templates / name) for name in CRISPY_TEMPLATES]
    crispy.append(str(_package_dir("crispy_forms") / "templatetags" / "*.py"))
    # The elements and input types of Django's own widgets (<textarea>, type="search").
    django_forms = _package_dir("django") / "forms"
    widgets = [str(django_forms / "templates" / "django" / "forms" / "**" / "*.html"), str(django_forms / "widgets.py")]
    return ours + crispy + widgets


def build(output: Path = BUILD_DIR / TRIMMED) -> Path:
    """Write the trimmed stylesheet to `output` (through a temporary file, so a
    failed run leaves the last good one) and return its path."""
    if not PURGECSS.exists():
        raise SystemExit(f"{PURGECSS} is missing: run `npm ci` (or `make css`).")
    with tempfile.TemporaryDirectory() as workdir:
        command = [str(PURGECSS), "--css", str(source_stylesheet()), "--output", workdir]
        command += ["--content", *content_globs(), "--keyframes", "--variables", "--safelist", *SAFELIST]
        subprocess.run(command, check=True)  # noqa: S603 — our own node_modules, our own arguments
        css = (Path(workdir) / Path(SOURCE).name).read_text()
    # The package's source map describes the whole file, not this one (and
    # ManifestStaticFilesStorage would look for it).
    css = SOURCE_MAP.sub("", css)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".partial")
    partial.write_text(css)
    partial.replace(output)
    return output


@register(Tags.staticfiles)
def check_trimmed_stylesheet(app_configs, **kwargs):
    """`collectstatic` (and every command) says so when `make css` has not run:
    without the file every page would be unstyled, or, with the hashed files of
    production, an error."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    if finders.find(TRIMMED):
        return []
    message = f"{TRIMMED} has not been built."
    hint = "Run `make css` (PurgeCSS, from npm) before collectstatic; `make run` and `make test` do it."
    kind = Warning if settings.DEBUG else Error
    return [kind(message, hint=hint, id="cas.E001" if kind is Error else "cas.W001")]


def main() -> int:
    source, output = source_stylesheet(), build()
    before, after = source.stat().st_size, output.stat().st_size
    print(f"{output.relative_to(BASE_DIR)}: {after:,} bytes ({after / before:.0%} of {SOURCE}, {before:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
