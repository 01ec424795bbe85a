"""Outputs as a whole: reproducible bytes, and a build killed at any moment leaves usable outputs."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import NOTES, ROOT

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def _kb_build(notes: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kb.cli", "build", "--notes", str(notes), "--out", str(out), "-q"],
                            cwd=ROOT, env={**os.environ, **EPOCH}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _visible_files(out: Path) -> dict[str, bytes]:
    """Every output a user sees (the site through its symlink), not kb's hidden cache and state."""
    files = {}
    for folder, dirs, names in os.walk(out, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith("."):
                path = Path(folder) / name
                files[path.relative_to(out).as_posix()] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("outputs")
    notes = root / "notes"
    shutil.copytree(NOTES, notes)
    out = root / "out"
    assert _kb_build(notes, out).wait() == 0
    return root, notes, out


def _whole_folder(out: Path) -> dict[str, bytes | str]:
    """Every entry under out, hidden ones included, by name: a file's bytes, a link's target, a folder."""
    entries: dict[str, bytes | str] = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if path.is_symlink():
            entries[name] = f"link to {os.readlink(path)}"
        elif path.is_dir():
            entries[name] = "folder"
        else:
            entries[name] = path.read_bytes()
    return entries


def test_two_builds_with_source_date_epoch_are_byte_identical(first_build, tmp_path):
    _, notes, out = first_build
    other = tmp_path / "out"
    assert _kb_build(notes, other).wait() == 0
    a, b = _whole_folder(out), _whole_folder(other)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert any(name.endswith(".apkg") for name in a) and "cards.json" in a and "site/index.html" in _visible_files(out)
    assert any(name.startswith(".") for name in a)  # hidden state and caches are compared too


def _usable(out: Path) -> None:
    cards = json.loads((out / "cards.json").read_text(encoding="utf-8"))
    assert cards
    for apkg in out.glob("*.apkg"):
        with zipfile.ZipFile(apkg) as archive:
            assert archive.testzip() is None
    index = (out / "site" / "index.html").read_text(encoding="utf-8")
    assert index.rstrip().endswith("</html>")


def test_a_build_killed_at_any_moment_leaves_the_previous_outputs_usable(first_build):
    _, notes, out = first_build
    before = _visible_files(out)
    note = sorted(notes.iterdir())[0]
    start = time.perf_counter()
    note.write_bytes(note.read_bytes() + b"\n\nA line added to force a full rebuild.\n")
    assert _kb_build(notes, out / ".." / "timing-out").wait() == 0
    full = time.perf_counter() - start
    for step in range(8):
        note.write_bytes(note.read_bytes() + f"\nEdit {step}.\n".encode())
        proc = _kb_build(notes, out)
        time.sleep(full * (step + 0.5) / 8)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _usable(out)
        after = _visible_files(out)
        assert set(before) <= set(after), set(before) - set(after)


def test_a_build_killed_while_writing_the_site_leaves_nothing_behind_after_the_next(tmp_path):
    """SIGKILL when the new site is written but not yet in place: its temporary folder stays, and the next
    build removes it (it names the killed process)."""
    notes, out = tmp_path / "notes", tmp_path / "out"
    shutil.copytree(NOTES, notes)
    killed_in_site_write = (
        "import os, signal, sys; from pathlib import Path; import kb.emit.site as site; from kb.build import build\n"
        "site.replace_dir_atomic = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)\n"
        "build(Path(sys.argv[1]), Path(sys.argv[2]), workers=1)\n")
    proc = subprocess.run([sys.executable, "-c", killed_in_site_write, str(notes), str(out)], cwd=ROOT)
    assert proc.returncode == -signal.SIGKILL
    left = [p.name for p in out.iterdir() if p.name.startswith(".kbtmp-")]
    assert left and (out / left[0] / "index.html").is_file()  # the killed build's whole site, never swapped in
    assert _kb_build(notes, out).wait() == 0
    assert [p.name for p in out.iterdir() if p.name.startswith(".kbtmp-")] == []
    _usable(out)


def test_retired_cards_are_listed_on_the_study_page_and_never_due(tmp_path):
    from kb.cards.ids import RETIRED_TAG
    from kb.emit.site import write_site
    from kb.model import Card, Note, Section, SourcePos

    live = Card("live0000live0000", "qa", "Is light a wave?", "Also a particle.", "en", ("kb::kind::qa",),
                ("Optics", "Light"), SourcePos("optics.md", 3), "Optics")
    gone = Card("gone0000gone0000", "qa", "Is a plane mirror image <b>real</b>?", "No.", "en",
                ("kb::kind::qa", RETIRED_TAG), ("Optics", "Mirrors"), SourcePos("mirrors.md", 9), "Optics")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "optics.md").write_text("# Optics\n\n## Light\n\nIs light a wave? Also a particle.\n", encoding="utf-8")
    note = Note("optics.md", "markdown", "Optics", "en", (Section("Light", ("Optics", "Light"), 2, 3),))
    write_site([note], [live], tmp_path / "out", notes, formulas=[], retired=[gone])
    site = tmp_path / "out" / "site"
    study = (site / "study.html").read_text(encoding="utf-8")
    listed = study[study.index('id="retired-list"'):]
    assert 'data-card="gone0000gone0000"' in listed and "mirrors.md › Optics › Mirrors" in listed
    assert "live0000live0000" not in listed
    data = "".join(script.read_text(encoding="utf-8") for script in (site / "data").iterdir())
    assert "live0000live0000" in data and "gone0000gone0000" not in data  # study.js draws due cards from here
    for page in site.glob("*.html"):
        if page.name != "study.html":
            assert "gone0000gone0000" not in page.read_text(encoding="utf-8")


def test_every_output_shows_a_reworded_card_under_its_kept_id(tmp_path, monkeypatch):
    """Outputs keep per-note pieces between builds: a piece must follow the ids the history gives, also
    when the history is lost and the note itself did not change."""
    from kb.build import build
    from kb.cards.ids import HISTORY_NAME
    from tests.test_ids import OPTICS, WAVES

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    notes, out = tmp_path / "notes", tmp_path / "out"
    notes.mkdir()
    (notes / "optics.txt").write_text(OPTICS, encoding="utf-8")
    (notes / "waves.md").write_text(WAVES, encoding="utf-8")

    def ids_in_outputs() -> tuple[dict[str, str], str]:
        cards = json.loads((out / "cards.json").read_text(encoding="utf-8"))
        data = "".join(script.read_text(encoding="utf-8") for script in (out / "site" / "data").iterdir())
        return {c["front"]: c["id"] for c in cards}, data

    build(notes, out, workers=1)
    before, _ = ids_in_outputs()
    old = "What does the focal length of a lens measure?"
    new = "What does the focal length of a thin lens tell us?"
    (notes / "optics.txt").write_text(OPTICS.replace(old, new), encoding="utf-8")
    result = build(notes, out, workers=1)
    after, script = ids_in_outputs()
    assert after[new] == before[old] and f'"id":"{before[old]}"' in script
    assert (result.retired, result.revived) == (0, 0)

    (out / HISTORY_NAME).unlink()  # lost: the same notes now give content ids, in every output
    (notes / "waves.md").write_text(WAVES + "\nA line.\n", encoding="utf-8")
    build(notes, out, workers=1)
    lost, script = ids_in_outputs()
    assert lost[new] != before[old] and f'"id":"{lost[new]}"' in script and f'"id":"{before[old]}"' not in script
