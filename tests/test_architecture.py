"""The shape of the code, checked: dependencies point toward the core, and the
rules about who may do what live in communities/access.py only."""

import ast
from pathlib import Path

from tests import rule_scan

ROOT = Path(__file__).resolve().parent.parent
APPS = ("communities", "diagnostics", "workshops")
SATELLITES = ("diagnostics", "workshops")


def _imports(app: str) -> dict[str, set[str]]:
    """Every module an app's files import, by file (migrations included: they
    run in every deployment)."""
    found = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        modules = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                # `from communities import access` imports communities.access.
                modules.add(node.module)
                modules.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(ROOT))] = modules
    return found


def _offending(app: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path} imports {module}"
        for path, modules in _imports(app).items()
        for module in sorted(modules)
        if module.split(".")[0] in forbidden
    ]


def test_the_core_imports_no_satellite():
    assert _offending("communities", SATELLITES) == []


def test_the_import_graph_reader_sees_imports():
    # The check above would pass vacuously if the reader found no imports.
    assert any("workshops.models" in modules for modules in _imports("workshops").values())
    assert "communities.access" in set().union(*_imports("workshops").values())


def test_the_core_templates_include_no_satellite_template():
    for path in (ROOT / "templates" / "communities").rglob("*.html"):
        text = path.read_text()
        assert not any(f'"{app}/' in text or f"'{app}/" in text for app in SATELLITES), path


def test_no_app_imports_the_project_package():
    for app in APPS:
        assert _offending(app, ("cas_project",)) == []


def test_satellites_do_not_import_each_other():
    assert _offending("diagnostics", ("workshops",)) == []
    assert _offending("workshops", ("diagnostics",)) == []


def test_no_permission_is_decided_outside_access():
    assert rule_scan.hits() == []


def test_the_rule_scan_finds_a_comparison_when_there_is_one():
    code = "if actor.pk != community.director_id:\n    raise PermissionDenied\n"
    template = '{% if entry.author_id == user.pk %}{% endif %}{% if community.phase == "development" %}'
    assert all(any(p.search(line) for p in rule_scan.PYTHON_PATTERNS) for line in code.splitlines())
    assert any(p.search(template) for p in rule_scan.TEMPLATE_PATTERNS)


def test_a_current_membership_is_defined_once():
    uses = [
        f"{path.relative_to(ROOT)}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and "left_at__isnull" in path.read_text()
    ]
    assert uses == ["communities/models/community.py"]
