"""The build driver: per-note cache, no-change rebuilds, lazy heavy imports."""
import json
import shutil
import subprocess
import sys

import pytest

from pathlib import Path

from kb.build import build
from tests.conftest import NOTES, ROOT


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("build")
    notes = root / "notes"
    shutil.copytree(NOTES, notes)
    out = root / "out"
    first = build(notes, out)
    return notes, out, first


def test_a_first_build_reads_every_note_and_writes_every_output(built):
    notes, out, first = built
    assert first.notes_from_cache == 0 and not first.up_to_date
    assert {p.name for p in first.outputs} == {"cards.json", "summary.json", "kb.apkg", "site", "problems.json"}
    assert len(json.loads((out / "cards.json").read_text(encoding="utf-8"))) == len(first.cards)


def test_an_unchanged_rebuild_reuses_everything_writes_nothing_and_never_imports_torch(built):
    notes, out, first = built
    before = (out / "cards.json").stat().st_mtime_ns
    code = (f"import sys; from pathlib import Path; from kb.build import build; "
            f"r = build(Path({str(notes)!r}), Path({str(out)!r})); "
            f"print(r.up_to_date, r.notes_from_cache, 'torch' in sys.modules, 'sympy' in sys.modules)")
    assert _run(code).split() == ["True", str(len(first.notes)), "False", "False"]
    assert (out / "cards.json").stat().st_mtime_ns == before


def test_cli_help_and_stats_never_import_torch(built):
    _, out, _ = built
    code = (f"import sys; from click.testing import CliRunner; from kb.cli import main; "
            f"a = CliRunner().invoke(main, ['--help']); b = CliRunner().invoke(main, ['stats', '--out', {str(out)!r}]); "
            f"print(a.exit_code, b.exit_code, 'torch' in sys.modules)")
    assert _run(code).split() == ["0", "0", "False"]


def test_changing_one_note_rereads_only_that_note(built):
    notes, out, first = built
    victim = sorted(notes.iterdir())[0]
    victim.write_bytes(victim.read_bytes() + b"\n\nOne more line for the cache test.\n")
    again = build(notes, out)
    assert again.notes_from_cache == len(first.notes) - 1 and not again.up_to_date


def test_stats_prints_the_build_summary_with_repair_counts(built):
    from click.testing import CliRunner

    from kb.cli import main

    _, out, first = built
    result = CliRunner().invoke(main, ["stats", "--out", str(out)])
    assert result.exit_code == 0
    damaged = next(n for n in first.notes if n.source and n.source.repair)
    assert damaged.file in result.output and str(damaged.source.repair.chars_restored) in result.output


def test_a_build_into_a_new_folder_reuses_the_users_formula_decisions_without_torch(built, tmp_path):
    notes, _, first = built
    code = (f"import sys, json; from pathlib import Path; from kb.build import build; "
            f"r = build(Path({str(notes)!r}), Path({str(tmp_path / 'fresh')!r})); "
            f"print(r.notes_from_cache, 'torch' in sys.modules); "
            f"print(json.dumps(sorted([c.id, c.check.to_dict()] for c in r.cards if c.check)))")
    header, checks = _run(code).splitlines()
    assert header.split() == ["0", "False"]
    assert json.loads(checks) == sorted([c.id, c.check.to_dict()] for c in first.cards if c.check)


def test_emitters_in_parallel_write_the_same_bytes_as_one_after_another(built, tmp_path, monkeypatch):
    notes, _, _ = built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one, two = build(notes, tmp_path / "one", workers=1), build(notes, tmp_path / "two", workers=2)
    assert not one.failed_outputs and not two.failed_outputs
    assert _output_bytes(tmp_path / "one") == _output_bytes(tmp_path / "two")


def test_pieces_rendered_in_workers_equal_outputs_whose_emitters_render_every_note(built, tmp_path, monkeypatch):
    # kb.emit.pieces renders each note's deck rows and site part in worker processes, parsing each card's
    # text once for both; without it each output renders every note itself, parsing for itself
    notes, _, _ = built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pooled = build(notes, tmp_path / "pooled", workers=2)
    monkeypatch.setattr("kb.build.make_pieces", lambda *args, **kwargs: 0)
    themselves = build(notes, tmp_path / "themselves", workers=2)
    count = len(pooled.notes)
    assert any(stage.endswith(f"({count} of {count} notes)") for stage, *_ in pooled.timings)
    assert _output_bytes(tmp_path / "pooled") == _output_bytes(tmp_path / "themselves")
    assert [str(d) for d in pooled.diagnostics] == [str(d) for d in themselves.diagnostics]


def _output_bytes(out):
    """{path: bytes} of the outputs; the site is read through its link (its real folder's name is random)."""
    files = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".kb-build")}
    site = (out / "site").resolve()
    files.update({f"site/{p.relative_to(site)}": p.read_bytes() for p in site.rglob("*") if p.is_file()})
    assert len(files) > 10
    return files


def _writes_a_file(notes, cards, out_dir, notes_dir, diagnostics):
    (out_dir / "a.txt").write_text("a")
    return [out_dir / "a.txt"]


def _dies(notes, cards, out_dir, notes_dir, diagnostics):
    import os

    os._exit(3)


def test_an_emitter_whose_process_dies_is_reported_and_the_others_still_write(tmp_path):
    from kb.build import _emit_all

    results = _emit_all([("a", _writes_a_file), ("b", _dies), ("c", _writes_a_file)], ((), (), tmp_path, tmp_path),
                        parallel=True)
    assert [r[2] for r in results] == [None, "its worker process died (exit code 3)", None]
    assert results[0][0] == [tmp_path / "a.txt"] and (tmp_path / "a.txt").read_text() == "a"


def _writes_slowly(notes, cards, out_dir, notes_dir, diagnostics):
    import time

    time.sleep(1.0)
    return _writes_a_file(notes, cards, out_dir, notes_dir, diagnostics)


def test_each_output_is_announced_as_soon_as_it_is_written_and_results_keep_the_jobs_order(tmp_path):
    from kb.build import _emit_all

    written = []
    results = _emit_all([("first", _writes_a_file), ("slow", _writes_slowly), ("fast", _writes_a_file),
                         ("dies", _dies)], ((), (), tmp_path, tmp_path), parallel=True, on_written=written.append)
    assert written == ["first", "fast", "slow"]  # a failed output is never announced
    assert [r[2] is None for r in results] == [True, True, True, False]


def test_outputs_rendered_from_the_memo_equal_a_fresh_build(built, tmp_path, monkeypatch):
    notes, _, _ = built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(notes, tmp_path / "reused")
    (tmp_path / "reused" / ".kb-build-stamp").unlink()  # forces the outputs to be written again, from the memo
    again = build(notes, tmp_path / "reused")
    assert not again.up_to_date and (tmp_path / "reused" / ".kb-cache" / "render" / "site").is_dir()
    build(notes, tmp_path / "fresh", use_cache=False)
    assert _output_bytes(tmp_path / "reused") == _output_bytes(tmp_path / "fresh")


def test_an_up_to_date_build_reports_the_same_problems_and_prints_the_summary(built):
    from click.testing import CliRunner

    from kb.cli import main

    notes, out, _ = built
    (out / ".kb-build-stamp").unlink(missing_ok=True)
    made = build(notes, out)
    again = build(notes, out)
    assert not made.up_to_date and again.up_to_date and not again.cards
    assert again.diagnostics == made.diagnostics and any(d.level == "warning" for d in again.diagnostics)
    shown = CliRunner().invoke(main, ["build", "--notes", str(notes), "--out", str(out)])
    assert "up to date" in shown.output and "004_68564b0fabd3e7f8.txt" in shown.output


def test_timings_say_where_the_build_time_went(built):
    from click.testing import CliRunner

    from kb.cli import main

    notes, out, _ = built
    (out / ".kb-build-stamp").unlink(missing_ok=True)
    shown = CliRunner().invoke(main, ["build", "--notes", str(notes), "--out", str(out), "-q", "--timings"])
    stages = [line.split(" s CPU  ", 1)[1].strip() for line in shown.output.splitlines() if line.startswith("timing:")]
    assert stages[:2] == ["inputs and registry checks",
                          f"reading notes and checking formulas (0 of {len(list(notes.iterdir()))})"]
    assert {"cards.json", "anki", "site"} <= set(stages)
    assert stages[-1] == "saving problems, card ids and the stamp"  # after the outputs, also timed


def test_the_note_cache_keeps_one_entry_per_note_however_often_notes_are_edited(built):
    notes, out, _ = built
    victim = sorted(notes.iterdir())[1]
    for n in range(2):
        victim.write_bytes(victim.read_bytes() + f"\n\nEdit {n} for the cache-size test.\n".encode())
        build(notes, out)
    assert len(list((out / ".kb-cache" / "notes").glob("*/*.json"))) == len(list(notes.iterdir()))


def test_a_checking_bug_in_one_note_leaves_its_cards_unchecked_and_the_others_checked(tmp_path, monkeypatch):
    import kb.check.link as link

    notes = tmp_path / "notes"
    notes.mkdir()
    formula = "# {0}\n\n## Output size\n\nThe output size of a convolution:\n\n$$O = \\frac{{W - F + 2P}}{{S}} + 1$$\n"
    (notes / "a.md").write_text(formula.format("Conv A"), encoding="utf-8")
    (notes / "b.md").write_text(formula.format("Conv B"), encoding="utf-8")
    attach = link.attach_checks

    def broken_for_b(notes_, cards, *args, **kwargs):
        if notes_[0].file == "b.md":
            raise ValueError("a bug in a truth function")
        return attach(notes_, cards, *args, **kwargs)

    monkeypatch.setattr(link, "attach_checks", broken_for_b)
    result = build(notes, tmp_path / "out", workers=1, use_cache=False)
    by_file = {f: [c for c in result.cards if c.source.file == f and c.kind == "formula"] for f in ("a.md", "b.md")}
    assert by_file["a.md"] and all(c.check is not None for c in by_file["a.md"])
    assert by_file["b.md"] and all(c.check is None for c in by_file["b.md"])
    errors = [d for d in result.diagnostics if d.level == "error"]
    assert [(d.pos.file, d.message) for d in errors] == [
        ("b.md", "could not check the note's formulas: ValueError: a bug in a truth function")]


def test_a_note_that_fails_to_read_can_leave_the_last_outputs_as_they_were(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# A\n\n## Term\n\nA term is defined here.\n", encoding="utf-8")
    out = tmp_path / "out"
    build(notes, out, workers=1)
    before = (out / "cards.json").read_bytes()
    (notes / "b.md").write_bytes(bytes(range(128, 256)) * 8)  # a save that left bytes no encoding reads
    kept = build(notes, out, workers=1, write_on_note_errors=False)
    assert kept.failed_outputs and not kept.outputs and any(d.level == "error" for d in kept.diagnostics)
    assert (out / "cards.json").read_bytes() == before
    written = build(notes, out, workers=1)
    assert written.outputs and not written.failed_outputs


def _softmax_notes(tmp_path: Path) -> Path:
    """Four notes, each with a softmax for a worker to check: enough notes for the build to fork workers."""
    notes = tmp_path / "notes"
    notes.mkdir()
    for i in range(4):
        (notes / f"n{i}.md").write_text(f"# Note {i}\n\n## Softmax\n\n"
                                         "$$\\mathrm{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$$\n",
                                         encoding="utf-8")
    return notes


def test_note_workers_check_formulas_after_the_parent_ran_torch(tmp_path):
    # Note workers are forked. A parent that already ran torch (kb verify, a test session, kb serve)
    # leaves an OpenMP thread pool that does not survive the fork: before the fix, the first parallel
    # torch op in a worker hung for ever.
    notes = _softmax_notes(tmp_path)
    code = ("import torch; x = torch.randn(1500, 1500); (x @ x).sum(); "
            "torch.nn.functional.cross_entropy(torch.randn(4096, 100), torch.randint(0, 100, (4096,))); "
            "from pathlib import Path; from kb.build import build; "
            f"r = build(Path({str(notes)!r}), Path({str(tmp_path / 'out')!r}), emitters=[]); "
            "print(sum(c.check is not None and c.check.status == 'verified' for c in r.cards))")
    env = {**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) >= 4  # every note's softmax, checked in a worker


def test_lost_formulas_are_marked_in_the_anki_deck_and_the_site(built):
    """The Q&A note lost its inline formulas on export: its cards say where, in both outputs."""
    import sqlite3
    import zipfile

    _, out, _ = built
    pages = "".join(p.read_text(encoding="utf-8") for p in (out / "site").rglob("*.html"))
    assert 'class="kb-gap"' in pages
    with zipfile.ZipFile(out / "kb.apkg") as package:
        data = package.read("collection.anki2")
    db = out.parent / "collection.anki2"
    db.write_bytes(data)
    fields = "".join(row[0] for row in sqlite3.connect(db).execute("select flds from notes"))
    assert 'Given a dataset <span class="kb-gap"' in fields and ">formula missing</span>" in fields


@pytest.mark.parametrize("from_notes, shared", [(4, True), (1000, False)])
def test_a_large_read_imports_the_checks_modules_once_for_its_workers_to_share(tmp_path, from_notes, shared):
    # From MIN_NOTES_TO_SHARE_CHECK_MODULES notes to read, the build process imports torch (and sympy) before
    # forking the workers (their pages shared, not copied per worker); fewer, and only a worker that needs
    # them imports them. Either way the formulas are checked alike, and the collector is the parent's again.
    notes = _softmax_notes(tmp_path)
    code = ("import gc, sys; from pathlib import Path; import kb.build as b; "
            f"b.MIN_NOTES_TO_SHARE_CHECK_MODULES = {from_notes}; "
            f"r = b.build(Path({str(notes)!r}), Path({str(tmp_path / 'out')!r}), emitters=[], workers=2); "
            "print(sum(c.check is not None and c.check.status == 'verified' for c in r.cards), "
            "'torch' in sys.modules, gc.get_freeze_count())")
    env = {**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    verified, torch_in_parent, frozen = done.stdout.split()[-3:]
    assert int(verified) >= 4 and torch_in_parent == str(shared) and frozen == "0"
