"""Hostile and broken input: the build finishes, reports `path:line: message`, and nothing runs or leaks."""
import json
from html.parser import HTMLParser
import shutil

import pytest

from kb.build import build
from tests.conftest import FIXTURES, NOTES

HOSTILE = FIXTURES / "hostile"


def _paste(size: int) -> bytes:
    """A huge paste: lines of words from the real notes, a few headings among them."""
    import random

    words = [w for p in sorted(NOTES.iterdir()) for w in p.read_text(encoding="utf-8", errors="replace").split()
             if "•" not in w]  # menu bullets would make it look like an editor page dump
    rng, out, total = random.Random(0), ["# A pasted course"], 0
    while total < size:
        line = " ".join(rng.choice(words) for _ in range(rng.randint(3, 20)))
        out.append(line if rng.random() > 0.001 else f"## Part {len(out)}")
        total += len(line) + 1
    return "\n".join(out).encode("utf-8")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    notes = root / "notes"
    shutil.copytree(HOSTILE, notes)
    (root / "outside.png").write_bytes(b"\x89PNG secret outside the notes folder")
    (notes / "linked.md").symlink_to(root / "outside.png")
    (notes / "binary.bin").write_bytes(bytes(range(256)) * 16)
    (notes / "one_long_line.md").write_text("# Long\n\n## Line\n\n" + "word $x$ " * 120_000 + "\n", encoding="utf-8")
    (notes / "paste.md").write_bytes(_paste(20_000_000))
    out = root / "out"
    result = build(notes, out)
    return root, notes, out, result


def _messages(result):
    return [str(d) for d in result.diagnostics]


def test_build_finishes_and_every_readable_note_yields_cards(hostile_build):
    _, _, out, result = hostile_build
    files_with_cards = {c.source.file for c in result.cards}
    for name in ("xss.md", "traversal.md", "cp1251.txt", "gbk.txt", "utf16.txt", "crlf.md", "nested.md",
                 "名字 with spaces Свертка.md", "unbalanced.md", "invalid_latex.md", "one_long_line.md", "paste.md"):
        assert name in files_with_cards, name
    assert (out / "cards.json").is_file()


def test_problems_are_reported_with_file_and_line(hostile_build):
    messages = _messages(hostile_build[3])
    assert not any(m.startswith("binary.bin") for m in messages), messages  # an attachment, not a broken note
    assert any(m.startswith("empty.md:1: warning: note yields no cards") for m in messages), messages


def test_symlinks_and_paths_outside_notes_are_never_read(hostile_build):
    root, _, out, result = hostile_build
    assert not any(c.source.file == "linked.md" for c in result.cards)
    secret = b"secret outside the notes folder"
    passwd = open("/etc/passwd", "rb").read()[:20]
    for path in out.rglob("*"):
        if path.is_file() and path.suffix != ".apkg":
            data = path.read_bytes()
            assert secret not in data and passwd not in data, path


def test_legacy_encodings_read_as_the_author_wrote(hostile_build):
    text = json.dumps([c.to_dict() for c in hostile_build[3].cards], ensure_ascii=False)
    assert "Свертка изображения с ядром" in text
    assert "卷积核在输入特征图上滑动" in text
    assert "Label smoothing replaces one-hot targets" in text


class _ActiveContent(HTMLParser):
    """Collects everything in a page that could run: inline scripts, handlers, javascript: URLs, frames."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("iframe", "object", "embed", "frame"):
            self.found.append(f"<{tag}>")
        if tag == "script":
            self._in_script = not any(name == "src" for name, _ in attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}=javascript:")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline script: {data.strip()[:40]}")


def test_payloads_never_reach_the_site_as_markup(hostile_build):
    _, _, out, _ = hostile_build
    pages = list((out / "site").rglob("*.html"))
    assert pages
    for path in pages:
        parser = _ActiveContent()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.found == [], path


def test_strict_turns_warnings_into_a_failing_exit_status(tmp_path):
    from click.testing import CliRunner

    from kb.cli import main

    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(HOSTILE / "crlf.md", notes / "crlf.md")
    (notes / "empty.md").write_bytes(b"")
    args = ["build", "--notes", str(notes), "--out", str(tmp_path / "out")]
    relaxed = CliRunner().invoke(main, args)
    assert relaxed.exit_code == 0, relaxed.output
    assert "empty.md:1: warning: note yields no cards" in relaxed.output
    # -q prints only errors and the summary line; the warning is still counted and kept in problems.json.
    quiet = CliRunner().invoke(main, [*args, "-q"])
    assert quiet.exit_code == 0, quiet.output
    assert "note yields no cards" not in quiet.output and "1 warning" in quiet.output
    problems = json.loads((tmp_path / "out" / "problems.json").read_text(encoding="utf-8"))
    assert [(p["file"], p["line"], p["level"]) for p in problems] == [("empty.md", 1, "warning")]
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 1
