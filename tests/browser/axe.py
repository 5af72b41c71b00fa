"""axe-core in the browser: the accessibility rules a screenshot cannot show.

axe-core comes from npm (package.json); the page's Content-Security-Policy
forbids inline scripts, so its source is evaluated through the DevTools
protocol rather than injected as a <script>.

    python -m tests.browser.axe http://127.0.0.1:8000   # every demo page, phone and desktop

prints the violations per page and impact against a running `make run`.
"""

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
# WCAG 2.1 A and AA, plus axe's best practices (landmarks, scrollable regions).
RUN_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
SERIOUS = ("serious", "critical")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.impact}: {self.rule} ({self.help}) at {', '.join(self.targets[:3])}"


def audit(page) -> list[Violation]:
    """Run axe-core on the page as it stands."""
    if not AXE_SOURCE.exists():
        raise RuntimeError(f"{AXE_SOURCE} is missing: run `npm ci` (make test does)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("(options) => axe.run(document, options)", RUN_OPTIONS)
    return [
        Violation(
            rule=item["id"],
            impact=item["impact"] or "minor",
            help=item["help"],
            targets=tuple(str(node["target"][0]) for node in item["nodes"]),
        )
        for item in result["violations"]
    ]


def serious(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.impact in SERIOUS]


def demo_pages() -> dict[str, list[str]]:
    """Each demo account and the pages it opens most, from the demo database."""
    from communities.models import Community, Meeting, Reflection

    a = Community.objects.get(school__cct="14DCT0038K")
    b = Community.objects.exclude(pk=a.pk).get()
    past = Meeting.objects.filter(community=a, minutes__gt="").latest("starts_at")
    entry = Reflection.objects.filter(author__email="docente1@escuela-a.demo").latest("created_at")
    cas_a, cas_b = f"/cas/{a.pk}", f"/cas/{b.pk}"
    from diagnostics.models import Campaign

    baseline = Campaign.objects.filter(school=a.school).order_by("opens_on").first()
    from workshops.models import Workshop

    workshop_a = Workshop.objects.get(school=a.school)
    workshop_b = Workshop.objects.get(school=b.school)
    taller_a, taller_b = f"/taller/{workshop_a.pk}", f"/taller/{workshop_b.pk}"
    proposal = workshop_b.proposals.order_by("pk").first()
    return {
        "docente1@escuela-a.demo": [
            "/",
            "/journal/",
            "/journal/new/",
            f"/journal/{entry.pk}/",
            "/practices/",
            "/notifications/",
            f"{cas_a}/",
            f"{cas_a}/meetings/",
            f"{cas_a}/meetings/{past.pk}/",
            f"{cas_a}/agreements/",
            f"{cas_a}/goals/",
            f"{taller_a}/",
            f"{taller_a}/espacios/practica-bajo-la-lupa/",
            f"{taller_a}/espacios/huella-colectiva/",
        ],
        "director@escuela-a.demo": [
            "/",
            "/accounts/security/",
            "/accounts/security/app/",
            f"{cas_a}/participation/",
            f"{cas_a}/conditions/",
            f"{cas_a}/strategies/",
            f"/schools/{a.school_id}/staff/",
            f"/diagnostico/escuelas/{a.school_id}/",
            f"/diagnostico/aplicaciones/{baseline.pk}/",
            f"/diagnostico/aplicaciones/{baseline.pk}/resultados/",
            f"{cas_a}/difusion/",
            f"{cas_a}/difusion/edit/",
            "/accounts/notices/",
        ],
        "tutor@escuela-a.demo": ["/", f"{cas_a}/conditions/", f"{cas_a}/phase/review/"],
        "director@escuela-b.demo": [
            "/",
            f"{cas_b}/invitations/",
            f"{cas_b}/",
            f"/schools/{b.school_id}/staff/import/",
            f"/taller/escuelas/{b.school_id}/",
            f"{taller_b}/",
            f"{taller_b}/sala/",
            f"{taller_b}/espacios/huella-colectiva/",
            f"{taller_b}/espacios/practica-bajo-la-lupa/",
            f"{taller_b}/espacios/construyendo-en-colectivo/",
            f"{taller_b}/espacios/caligrama/",
            f"{taller_b}/propuestas/{proposal.pk}/",
            f"{taller_b}/directivos/",
        ],
        "admin@cas.demo": [
            "/staff/overview/",
            "/staff/schools/?q=secundaria",
            "/staff/communities/",
            "/schools/import/",
            "/staff/figures/",
            "/staff/figures/?state=14",
            "/accounts/security/",
        ],
    }


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state()
    if "/accounts/security/app/" in page.url:  # the demo admin sets up a second factor first
        set_up_an_app(page)


def set_up_an_app(page) -> None:
    """Type the code an authenticator app shows for the key on the page."""
    from base64 import b32decode

    from django_otp.oath import totp

    key = page.locator("code.user-select-all").inner_text().replace(" ", "")
    page.locator("input[name=code]").fill(f"{totp(b32decode(key)):06d}")
    page.locator("input[name=code]").press("Enter")
    page.wait_for_load_state()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    args = parser.parse_args()

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    pages = demo_pages()
    totals: Counter = Counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        for email, paths in pages.items():
            for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                context = browser.new_context(viewport=viewport, locale="es-MX", base_url=args.base_url)
                page = context.new_page()
                sign_in(page, email, settings.DEMO_PASSWORD)
                for path in paths:
                    page.goto(path)
                    found = audit(page)
                    counts = Counter(v.impact for v in found)
                    totals.update(counts)
                    summary = " ".join(f"{impact}={counts[impact]}" for impact in sorted(counts)) or "none"
                    print(f"{email:26} {name:7} {path:34} {summary}")
                    for violation in found:
                        print(f"    {violation}")
                context.close()
        browser.close()
    print("total:", dict(totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
