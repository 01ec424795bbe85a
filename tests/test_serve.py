"""`kb serve` end to end: a save rebuilds and the page open in headless Chromium reloads with the change;
a note that fails to read shows its error on the page while the last good site stays served."""
from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kb.serve import with_reload
from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 90_000  # a rebuild on a loaded two-core machine; the benchmark reports the real latency
pytestmark = pytest.mark.browser


def test_served_pages_get_the_reload_script_and_only_they_may_poll():
    page = (b'<html><head><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; '
            b'connect-src &#39;none&#39;"></head><body>x</body></html>')  # quotes escaped, as jinja writes them
    served = with_reload(page)
    assert b"connect-src 'self'" in served and b"connect-src &#39;none&#39;" not in served
    assert served.endswith(b'<script src="/__kb/reload.js"></script></body></html>')


@pytest.fixture
def served(tmp_path):
    """`kb serve` on a free port; yields (notes folder, out folder, base URL, its terminal lines)."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Alpha notes\n\n## First topic\n\nWhat is alpha?\n\nAlpha is the first letter.\n",
                                encoding="utf-8")
    with serving(notes, tmp_path / "out") as (url, lines):
        yield notes, tmp_path / "out", url, lines


@contextlib.contextmanager
def serving(notes: Path, out: Path):
    """`kb serve` on a free port, stopped afterwards; yields (base URL, its terminal lines so far)."""
    proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--notes", str(notes), "--out", str(out),
                             "--port", "0"], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    lines: list[str] = []
    url: list[str] = []

    def read() -> None:
        for line in proc.stderr:
            lines.append(line)
            if found := re.search(r"at (http://127\.0\.0\.1:\d+/)", line):
                url.append(found.group(1))

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not url and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        assert url, "".join(lines)
        yield url[0], lines
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_a_first_build_that_fails_serves_its_errors_and_the_site_once_fixed(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Alpha notes\n\n## First topic\n\nWhat is alpha?\n\nAlpha is the first letter.\n",
                                encoding="utf-8")
    (notes / "kb.toml").write_text('deck = "Greek"\ntags = [\n', encoding="utf-8")  # broken: no site is built
    with serving(notes, tmp_path / "out") as (url, lines):
        status, page = _get(url)
        assert status == 503 and "No site yet" in page and '<script src="/__kb/reload.js">' in page
        state = json.loads(_get(url + "__kb/state.json")[1])
        assert any("kb.toml" in error for error in state["errors"])  # the page's script shows them
        (notes / "kb.toml").write_text('deck = "Greek"\n', encoding="utf-8")
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while json.loads(_get(url + "__kb/state.json")[1])["version"] == state["version"]:
            assert time.monotonic() < deadline, "".join(lines)
            time.sleep(0.1)
        status, page = _get(url)
        assert status == 200 and "Alpha notes" in page and "No site yet" not in page
        assert json.loads(_get(url + "__kb/state.json")[1])["errors"] == []


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (install Debian's chromium package)")
def test_a_save_reloads_the_open_page_and_a_broken_note_shows_its_error(served):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    notes, out, url, lines = served
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url + "index.html")
        sync_api.expect(page.locator("h1, h2").filter(has_text="Alpha notes")).to_be_visible()
        (notes / "a.md").write_text("# Omega notes\n\n## First topic\n\nWhat is alpha?\n\nAlpha comes first.\n",
                                    encoding="utf-8")
        sync_api.expect(page.locator("h2").filter(has_text="Omega notes")).to_be_visible(timeout=TIMEOUT_MS)
        (notes / "b.md").write_bytes(bytes(range(128, 256)) * 8)  # no encoding reads it
        box = page.locator("#kb-serve-errors")
        sync_api.expect(box).to_contain_text("b.md", timeout=TIMEOUT_MS)
        sync_api.expect(box).to_contain_text("binary file")
        sync_api.expect(page.locator("h2").filter(has_text="Omega notes")).to_be_visible()  # the last good site
        (notes / "b.md").unlink()
        sync_api.expect(box).to_have_count(0, timeout=TIMEOUT_MS)
        browser.close()
    assert errors == []
    assert any("binary file" in line for line in lines)  # the terminal says it too
    on_disk = (out / "site" / "index.html").read_text(encoding="utf-8")
    assert "connect-src &#39;none&#39;" in on_disk and "__kb" not in on_disk  # the built site stays strict


def test_a_save_during_the_first_build_is_built_next(tmp_path, monkeypatch):
    import kb.serve

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Alpha\n\nWhat is alpha?\n\nThe first letter.\n", encoding="utf-8")
    builds: list[str] = []
    stop = threading.Event()

    def build(notes_dir, out_dir, **kwargs):
        builds.append((notes_dir / "a.md").read_text(encoding="utf-8"))
        if len(builds) == 1:  # the student saves while the first build runs
            (notes_dir / "a.md").write_text("# Alpha\n\nWhat is alpha?\n\nThe first Greek letter.\n", encoding="utf-8")
        if len(builds) == 2:
            stop.set()
        return kb.serve.BuildResult((), (), ())

    monkeypatch.setattr(kb.serve, "build", build)
    server = threading.Thread(target=kb.serve.serve, args=(notes, tmp_path / "out", 0, lambda line: None, stop))
    server.start()
    server.join(timeout=30)
    stop.set()
    server.join()
    assert len(builds) == 2 and "Greek" in builds[1]


def test_the_page_reloads_once_the_site_is_written_not_after_the_deck(tmp_path, monkeypatch):
    import kb.serve
    from kb.model import Diagnostic, SourcePos

    state = kb.serve.ServeState()
    seen_while_building: list[int] = []

    def build(notes_dir, out_dir, on_written, **kwargs):
        on_written("cards.json", [])
        assert state.version == 0  # only the site makes the page reload
        on_written("site", [])
        seen_while_building.append(state.version)  # the deck is still being written here
        return kb.serve.BuildResult((), (), ())

    monkeypatch.setattr(kb.serve, "build", build)
    kb.serve.rebuild(tmp_path, tmp_path / "out", state, lambda line: None)
    assert seen_while_building == [1] and state.version == 1  # and no second reload when nothing changed

    def deck_fails(notes_dir, out_dir, on_written, **kwargs):
        on_written("site", [])
        failed = Diagnostic(SourcePos(str(out_dir), 0), "writing anki failed: OSError: disk full", "error")
        return kb.serve.BuildResult((), (), (failed,), failed_outputs=("anki",))

    monkeypatch.setattr(kb.serve, "build", deck_fails)
    kb.serve.rebuild(tmp_path, tmp_path / "out", state, lambda line: None)
    assert state.version == 3 and any("disk full" in error for error in state.errors)  # shown by a second reload
