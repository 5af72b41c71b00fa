"""The figures of a `make bench` run: the printed table, the targets of
issue 14 (each met, MISSED or not measured) and `bench/results.json`."""

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"

MAX_QUERIES = 12
MAX_P95_MS = 15
MIN_RATIO = 1 / 3
MAX_SCORING_S = 1
MAX_FANOUT_S = 60
MAX_PDF_S = 1
MAX_CARPETA_S = 3
MAX_IMPORT_S = 30
MAX_FIRST_BYTES = 60 * 1024
MAX_REPEAT_BYTES = 10 * 1024
MAX_LCP_MS = 1200


def write(results: dict, path: Path = RESULTS) -> Path:
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return path


def _cell(value, spec: str = "", width: int = 8) -> str:
    if value is None:
        return f"{'—':>{width}}"
    return f"{value:>{width}{spec}}"


def table(results: dict) -> str:
    lines = [
        f"{'page':<20} {'as':<9} {'q small':>7} {'q large':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'rps':>7} {'ratio':>6}  status"
    ]
    for page in results["pages"]:
        lines.append(
            f"{page['name']:<20} {page['role'] or '-':<9} {_cell(page['queries_small'], '', 7)} "
            f"{_cell(page['queries_large'], '', 7)} {_cell(page['p50_ms'], '.1f', 7)} "
            f"{_cell(page['p95_ms'], '.1f', 7)} "
            f"{_cell(page['rps'], '.0f', 7)} {_cell(page['ratio'], '.2f', 6)}  {page['status']}"
        )
    lines.append(f"{'login (floor)':<20} {'anonymous':<9} {'':>31} {_cell(results['floor_rps'], '.0f', 7)}")
    lines.append(f"{'healthz':<20} {'anonymous':<9} {'':>31} {_cell(results['healthz_rps'], '.0f', 7)}")
    fanout = results.get("fanout") or {}
    lines += [
        "",
        f"diagnostic scoring ({results.get('scoring_answers') or 0:,} answers): {_s(results.get('scoring_seconds'))}",
        f"fan-out ({fanout.get('count') or 0:,} due reminders): {_s(fanout.get('seconds'))}",
        f"community progress PDF: {_s(results.get('pdf_seconds'))}",
        f"Carpeta: {_s(results.get('carpeta_seconds'))}",
        f"staff import ({results.get('import_rows') or 0:,} rows): {_s(results.get('import_seconds'))}",
        f"teacher home, first visit: {_kb(results.get('first_load_bytes'))}; "
        f"repeat visit: {_kb(results.get('repeat_load_bytes'))}",
    ]
    machine = results.get("machine") or {}
    if machine.get("load"):
        lines.append(
            f"machine: {machine.get('cpus')} CPUs, 1-minute load during the run "
            f"mean {machine['load']['mean']}, max {machine['load']['max']}"
        )
    lighthouse = results.get("lighthouse") or {}
    if lighthouse:
        lines += ["", f"{'Lighthouse (mobile)':<20} {'perf':>5} {'a11y':>5} {'b-p':>5} {'LCP ms':>7}"]
        for name, audit in lighthouse.items():
            if audit.get("performance") is None and "error" in audit:
                lines.append(f"{name:<20} error: {audit['error'][:90]}")
                continue
            lines.append(
                f"{name:<20} {_cell(audit.get('performance'), '', 5)} {_cell(audit.get('accessibility'), '', 5)} "
                f"{_cell(audit.get('best_practices'), '', 5)} {_cell(audit.get('lcp_ms'), '', 7)}"
            )
    return "\n".join(lines)


def _s(seconds) -> str:
    return "not measured" if seconds is None else f"{seconds:.3f} s"


def _kb(size) -> str:
    return "not measured" if size is None else f"{size:,} bytes ({size / 1024:.1f} KB)"


def targets(results: dict) -> list[dict]:
    """Each target: {target, met (True, False or None: not measured), detail}."""
    pages = results["pages"]
    checks = []

    def check(target: str, met, detail: str = "") -> None:
        checks.append({"target": target, "met": met, "detail": detail})

    def over(names: list[str]) -> str:
        return ", ".join(names)

    if any(p["queries_large"] is None for p in pages):
        check(f"every main page: the same queries at both sizes, ≤ {MAX_QUERIES}", None, "large size not measured")
    else:
        bad = [
            f"{p['name']} ({p['queries_small']}→{p['queries_large']})"
            for p in pages
            if p["queries_small"] != p["queries_large"] or p["queries_large"] > MAX_QUERIES
        ]
        check(f"every main page: the same queries at both sizes, ≤ {MAX_QUERIES}", not bad, over(bad))
    floor = results.get("floor_rps")
    if floor is None or any(p["rps"] is None for p in pages):
        check("every main page: rps ≥ floor / 3", None, "throughput not measured")
    else:
        bad = [f"{p['name']} ({p['ratio']:.2f})" for p in pages if p["ratio"] < MIN_RATIO]
        check("every main page: rps ≥ floor / 3", not bad, over(bad))
    size = results.get("timed_on", "large")
    bad = [f"{p['name']} ({p['p95_ms']:.1f} ms)" for p in pages if p["p95_ms"] is None or p["p95_ms"] > MAX_P95_MS]
    check(f"every main page: p95 ≤ {MAX_P95_MS} ms at the {size} size", not bad, over(bad))
    fanout = results.get("fanout") or {}
    for target, value, limit in (
        (f"diagnostic scoring ≤ {MAX_SCORING_S} s", results.get("scoring_seconds"), MAX_SCORING_S),
        (f"fan-out ≤ {MAX_FANOUT_S} s", fanout.get("seconds"), MAX_FANOUT_S),
        (f"progress PDF ≤ {MAX_PDF_S} s", results.get("pdf_seconds"), MAX_PDF_S),
        (f"Carpeta ≤ {MAX_CARPETA_S} s", results.get("carpeta_seconds"), MAX_CARPETA_S),
        (f"staff import ≤ {MAX_IMPORT_S} s", results.get("import_seconds"), MAX_IMPORT_S),
        ("first visit ≤ 60 KB", results.get("first_load_bytes"), MAX_FIRST_BYTES),
        ("repeat visit ≤ 10 KB", results.get("repeat_load_bytes"), MAX_REPEAT_BYTES),
    ):
        check(target, None if value is None else value <= limit, "" if value is None else f"{value:,}")
    healthz = results.get("healthz_rps")
    check(
        "healthz rps ≥ floor",
        None if healthz is None or floor is None else healthz >= floor,
        "" if healthz is None or floor is None else f"{healthz:.0f} vs {floor:.0f}",
    )
    lighthouse = results.get("lighthouse") or {}
    if not lighthouse:
        check(f"Lighthouse 100/100/100 and LCP ≤ {MAX_LCP_MS} ms", None, "not run")
    else:
        bad = []
        for name, audit in lighthouse.items():
            scores = (audit.get("performance"), audit.get("accessibility"), audit.get("best_practices"))
            lcp = audit.get("lcp_ms")
            if scores != (100, 100, 100) or lcp is None or lcp > MAX_LCP_MS:
                bad.append(f"{name} ({'/'.join('—' if s is None else str(s) for s in scores)}, LCP {lcp} ms)")
        check(f"Lighthouse 100/100/100 and LCP ≤ {MAX_LCP_MS} ms", not bad, over(bad))
    return checks


def verdicts(checks: list[dict]) -> str:
    lines = []
    for item in checks:
        word = {True: "met    ", False: "MISSED ", None: "not measured"}[item["met"]]
        detail = f": {item['detail']}" if item["detail"] and item["met"] is not True else ""
        lines.append(f"{word} {item['target']}{detail}")
    return "\n".join(lines)
