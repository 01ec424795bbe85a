"""The build driver: per-note cache, no-change rebuilds, lazy heavy imports."""
import json
import shutil
import subprocess
import sys

import pytest

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
    assert {p.name for p in first.outputs} == {"cards.json", "summary.json", "kb.apkg", "site"}
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
