"""Find permission decisions written outside `communities/access.py`.

A permission decision is code that compares the person asking with the people
an object belongs to (`actor.pk != community.director_id`), reads a role or the
platform-staff flag to decide (`user.is_staff`, `role == ...`), or, in a
template, works a rule out again from ids, roles or raw state codes
(`entry.author_id == user.pk`, `community.phase == "development"`).

    python -m tests.rule_scan            # list every hit and the total
    python -m tests.rule_scan --count    # the total only

`tests/test_architecture.py` asserts that the total is zero.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCESS = ROOT / "communities" / "access.py"

_PERSON = r"(?:actor|user|request\.user|self\.request\.user)"
PYTHON_PATTERNS = [
    # The person asking compared with an owner, or looked up in a set of ids.
    re.compile(rf"\b{_PERSON}\.(?:pk|id)\s*(?:==|!=|not in|in)\s"),
    re.compile(rf"(?:==|!=)\s*{_PERSON}\.(?:pk|id)\b"),
    # The platform-staff flag read to decide something.
    re.compile(r"(?<![\"'\w])\w+(?:\.\w+)*\.is_staff\b"),
    # A role compared by hand.
    re.compile(r"\bRole\.[A-Z_]+\s+(?:not\s+)?in\b|\brole\s*(?:==|!=)|\bholds_role\(|\brole_in\(|\bmay\("),
    # A refusal decided on the spot, or a permissions object read to decide in code.
    re.compile(r"\braise PermissionDenied\b|\bcan_record\(|\.permissions\.\w+"),
]
TEMPLATE_PATTERNS = [
    re.compile(r"\buser\.(?:pk|id|is_staff)\b"),
    re.compile(r"\brequest\.user\b"),
    re.compile(r"_id\s*(?:==|!=)"),
    re.compile(r"\b(?:phase|status|role|state)\s*(?:==|!=)\s*[\"']"),
]


def python_files() -> list[Path]:
    roots = [ROOT / "communities", ROOT / "diagnostics", ROOT / "workshops", ROOT / "cas_project"]
    found = []
    for root in roots:
        for path in root.rglob("*.py"):
            if "migrations" in path.parts or path == ACCESS:
                continue
            found.append(path)
    return sorted(found)


def template_files() -> list[Path]:
    return sorted((ROOT / "templates").rglob("*.html"))


def hits() -> list[str]:
    found = []
    for path, patterns in [(p, PYTHON_PATTERNS) for p in python_files()] + [
        (p, TEMPLATE_PATTERNS) for p in template_files()
    ]:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            code = line.split("#", 1)[0] if path.suffix == ".py" else line
            if any(pattern.search(code) for pattern in patterns):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def main(argv: list[str]) -> int:
    found = hits()
    if "--count" not in argv:
        for line in found:
            print(line)
    print(len(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
