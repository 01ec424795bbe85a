#!/usr/bin/env python3
"""PNG screenshots of the kb site (index, a note page, search, study mode, formulas) at phone and
laptop widths, in light and dark theme, taken in headless Chromium with every network request blocked.

    .venv/bin/python scripts/screenshots.py [--site flashcards/site | --notes notes] [--out screenshots]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}


def build_site(notes: Path, out: Path) -> Path:
    from kb.build import build

    result = build(notes, out)
    if "site" in result.failed_outputs:
        raise SystemExit(f"site build failed: {result.diagnostics[-1]}")
    return out / "site"


def richest_note_page(site: Path) -> Path:
    """The note page with the most cards, so the screenshot shows cards rather than an empty note."""
    pages = sorted(site.glob("note-*.html"))
    if not pages:
        raise SystemExit(f"{site}: no note pages")
    return max(pages, key=lambda p: (p.read_text(encoding="utf-8").count('class="card"'), p.name))


def shoot(site: Path, out: Path, themes: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    note = richest_note_page(site)
    shots: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for theme in themes:
            for device, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, color_scheme=theme,
                                              device_scale_factor=2 if device == "phone" else 1)
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                              else route.abort())
                page = context.new_page()
                for name, url, action in (
                    ("index", site / "index.html", None),
                    ("note", note, None),
                    ("search", site / "search.html", lambda pg: pg.fill("#q", "卷积")),
                    ("study", site / "study.html", lambda pg: pg.keyboard.press("Space")),
                    ("formulas", site / "formulas.html", None),
                ):
                    page.goto(url.resolve().as_uri())
                    if action:
                        action(page)
                        page.wait_for_timeout(300)
                    path = out / f"{name}-{device}-{theme}.png"
                    page.screenshot(path=str(path), full_page=False)
                    shots.append(path)
                context.close()
        browser.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--site", type=Path, help="a built site folder (default: flashcards/site)")
    source.add_argument("--notes", type=Path, help="build the site from this notes folder first")
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="folder for the PNGs")
    parser.add_argument("--themes", default="light,dark", help="comma-separated: light,dark")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found; install Debian's chromium package", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kb-shots-") as tmp:
        site = build_site(args.notes, Path(tmp)) if args.notes else (args.site or Path("flashcards/site"))
        if not (site / "index.html").is_file():
            print(f"{site}: no index.html (build the site or pass --notes)", file=sys.stderr)
            return 2
        for path in shoot(site, args.out, [t for t in args.themes.split(",") if t]):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
