"""`kb serve`: build, serve the site on localhost, rebuild on every save and reload the open page.

The convention of `mkdocs serve`: the notes folder is polled for changes (stat only, a few milliseconds
for hundreds of notes), each change runs the ordinary incremental build, and every page served gets a
small script that polls a version endpoint and reloads when a build finishes. The script, the endpoint
and the one CSP change they need (`connect-src 'self'` instead of `'none'`) exist only in the served
bytes: the built site on disk stays strict and offline. A build whose notes fail to read keeps the last
good outputs (and so the site served) and shows the errors on the page and in the terminal.
"""
from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kb.build import BuildResult, build, note_files
from kb.config import CONFIG_NAME
from kb.model import Diagnostic
from kb.report import problem_lines

RELOAD_PATH = "/__kb/reload.js"
STATE_PATH = "/__kb/state.json"
POLL_SECONDS = 0.25
_CONNECT_NONE = re.compile(rb"connect-src (?:'|&#39;|&#x27;)none(?:'|&#39;|&#x27;)")  # as the page's meta has it
RELOAD_SCRIPT = b"""\
// kb serve only: reload this page when a build finishes, and show a failed build's errors.
(function () {
  var seen = null;
  function show(errors) {
    var box = document.getElementById("kb-serve-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "kb-serve-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;margin:0;padding:1em;max-height:40vh;" +
        "overflow:auto;background:#fee;color:#900;border-top:2px solid #900;z-index:9999;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    var shown = document.body.hasAttribute("data-kb-no-site") ? "no site was built yet" : "the last good site is shown";
    box.textContent = "kb serve: the last build failed; " + shown + ".\\n" + errors.join("\\n");
  }
  function poll() {
    fetch("/__kb/state.json", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version;
      show(s.errors);
    }).catch(function () {}).finally(function () { setTimeout(poll, 250); });
  }
  poll();
})();
"""


# Served for every page until a first site exists (the first build failed): the reload script shows the
# errors on it and loads the site once a build succeeds.
NO_SITE_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kb serve: no site yet</title></head>
<body data-kb-no-site><h1>No site yet</h1>
<p>The first build failed, so there is no site to show. Fix the problem below and save: this page loads the
site as soon as a build succeeds.</p></body></html>
"""


@dataclass
class ServeState:
    """What the page's script polls: a version that changes with every build, and the last build's errors."""
    version: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def published(self, errors: list[str]) -> None:
        with self.lock:
            self.version += 1
            self.errors = errors

    def to_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "errors": self.errors}, ensure_ascii=False).encode("utf-8")


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves OUT/site (followed through its symlink on every request, so a rebuilt site is served as soon
    as it is swapped in), plus the reload script and state; HTML pages get the script."""

    state: ServeState

    def __init__(self, *args, state: ServeState, **kwargs) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == RELOAD_PATH:
            return self._send(RELOAD_SCRIPT, "text/javascript; charset=utf-8")
        if path == STATE_PATH:
            return self._send(self.state.to_json(), "application/json")
        if not Path(self.directory).is_dir():
            return self._send(with_reload(NO_SITE_PAGE), "text/html; charset=utf-8", HTTPStatus.SERVICE_UNAVAILABLE)
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            return self._send(with_reload(file.read_bytes()), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
        pass  # the terminal is for builds and their problems


def with_reload(page: bytes) -> bytes:
    """A built page as served: the reload script added, and its CSP letting that script poll the server."""
    page = _CONNECT_NONE.sub(b"connect-src 'self'", page, count=1)
    tag = f'<script src="{RELOAD_PATH}"></script>'.encode()
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


def snapshot(notes_dir: Path) -> dict[str, tuple[int, int]]:
    """Every file under the notes folder (kb.toml and the tools' configurations kb reads macros from too) with
    its modification time and size: a save changes it."""
    found = {}
    for path in [*note_files(notes_dir, configs=True), notes_dir / CONFIG_NAME]:
        try:
            stat = path.stat()
        except OSError:
            continue
        found[path.relative_to(notes_dir).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return found


def rebuild(notes_dir: Path, out_dir: Path, state: ServeState, echo: Callable[[str], None]) -> BuildResult | None:
    """One build; its problems to the terminal; the page reloads (and shows the errors, if any) as soon as
    the new site is written, while the deck may still be being written, and again only if writing another
    output failed."""
    started = time.perf_counter()
    shown: list[list[str]] = []

    def site_written(name: str, diagnostics: Sequence[Diagnostic]) -> None:
        if name == "site":
            shown.append(_error_lines(diagnostics, notes_dir))
            state.published(shown[-1])

    try:
        # until there is a site to keep showing, one with a note's error shown is better than none
        result = build(notes_dir, out_dir, write_on_note_errors=not (out_dir / "site").is_dir(),
                       on_written=site_written)
    except Exception as exc:  # a crashing build keeps serving the last good site
        message = f"build failed: {type(exc).__name__}: {exc}"
        echo(message)
        state.published([message])
        return None
    lines = _error_lines(result.diagnostics, notes_dir)
    for line in lines:
        echo(line)
    kept = " (outputs not written: the last good site is served)" if result.failed_outputs else ""
    echo(f"built in {time.perf_counter() - started:.2f} s{kept}")
    if shown != [lines]:
        state.published(lines)
    return result


def _error_lines(diagnostics: Sequence[Diagnostic], notes_dir: Path) -> list[str]:
    return problem_lines(diagnostics, notes_dir, levels=("error",), more="kb build -v lists all")


def serve(notes_dir: Path, out_dir: Path, port: int, echo: Callable[[str], None] = print,
          stop: threading.Event | None = None) -> None:
    """Build, serve on http://127.0.0.1:port/ and rebuild on every change until stopped."""
    stop = stop or threading.Event()
    state = ServeState()
    # Taken before the first build: a save made during it, or as soon as the address is printed, differs
    # from this and is built next (taken after, it would be taken for the state already built).
    seen = snapshot(notes_dir)
    rebuild(notes_dir, out_dir, state, echo)
    handler = partial(SiteHandler, state=state, directory=str((out_dir / "site").absolute()))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    echo(f"serving {out_dir / 'site'} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)")
    try:
        while not stop.wait(POLL_SECONDS):
            now = snapshot(notes_dir)
            if now != seen:
                seen = now  # a save made during the build differs from this and is built next
                rebuild(notes_dir, out_dir, state, echo)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
