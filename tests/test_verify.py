"""kb verify: registry rows, failures isolated per check, the JSON contract, exit status and the cache."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.build import collect
from kb.check import runner
from kb.cli import main
from kb.formulas.core import Formula, KernelOutcome


def _examples(rng, n):
    return [dict(a=rng.randint(1, 20), b=rng.randint(1, 5)) for _ in range(n)]


def _truth(a, b):
    return sum(1 for start in range(0, a - b + 1))  # windows of width b in a: counted, not computed


def _count_runs(a, b):
    marker = Path(__import__("os").environ["KB_TEST_MARKER"])
    with marker.open("a") as fh:
        fh.write("x\n")
    return _truth(a, b)


def _hang(a, b):
    time.sleep(60)


def _raise(a, b):
    raise RuntimeError("broken truth")


def _kernel(device):
    return KernelOutcome(True, 1, "ran")


def _fake(id, truth=_truth, mutants=None, kernel=None):
    return Formula(id=id, titles={"en": id.replace("_", " ")}, latex=r"n=a-b+1", symbols={"a": "", "b": ""},
                   reference=lambda a, b: max(a - b + 1, 0), truth=truth, examples=_examples,
                   mutants=mutants if mutants is not None else {"no +1": lambda a, b: max(a - b, 0)},
                   n_examples=30, kernel=kernel)


PASSING = _fake("windows")
SURVIVOR = _fake("windows_weak", mutants={"no +1": lambda a, b: max(a - b, 0),
                                          "same in disguise": lambda a, b: len(range(a - b + 1))})
RAISING = _fake("windows_raise", truth=_raise)
HANGING = _fake("windows_hang", truth=_hang)
KERNEL = _fake("windows_kernel", kernel=_kernel)


def _rows(tmp_path, formulas, **kw):
    return runner.run_checks(None, formulas=formulas, cache_dir=tmp_path / "cache", time_limit=3, **kw)


def test_rows_for_pass_survivor_raise_hang_and_kernel(tmp_path):
    rows = _rows(tmp_path, [PASSING, SURVIVOR, RAISING, HANGING, KERNEL])
    by = {(r.id, r.device): r for r in rows}
    ok = by["windows", "cpu"]
    assert (ok.status, ok.examples, ok.mutants_caught, ok.mutants_total, ok.source) == ("verified", 30, 1, 1, None)
    weak = by["windows_weak", "cpu"]
    assert weak.status == "failed" and "same in disguise" in weak.detail and weak.mutants_caught == 1
    raised = by["windows_raise", "cpu"]
    assert raised.status == "failed" and "RuntimeError: broken truth" in raised.detail
    hung = by["windows_hang", "cpu"]
    assert hung.status == "failed" and "time limit" in hung.detail and hung.seconds < 10
    assert by["windows_kernel", "cpu"].status == "verified"
    kernel = by["windows_kernel", "cuda"]
    assert kernel.status == "skipped" and "--device cuda" in kernel.detail


def test_cuda_requested_without_cuda_is_a_skip_with_reason(tmp_path):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    rows = _rows(tmp_path, [KERNEL], device="cuda")
    kernel = next(r for r in rows if r.device == "cuda")
    assert kernel.status == "skipped"
    assert kernel.detail == "CUDA not available: torch.cuda.is_available() is False"


def test_cache_hit_then_force(tmp_path, monkeypatch):
    marker = tmp_path / "runs"
    monkeypatch.setenv("KB_TEST_MARKER", str(marker))
    counted = _fake("windows_counted", truth=_count_runs)
    first = _rows(tmp_path, [counted])
    runs_after_first = len(marker.read_text().splitlines())
    assert runs_after_first == 30  # the truth ran once per example (memoised across mutants)
    second = _rows(tmp_path, [counted])
    assert len(marker.read_text().splitlines()) == runs_after_first
    assert [r.to_dict() for r in second] == [r.to_dict() for r in first]
    _rows(tmp_path, [counted], force=True)
    assert len(marker.read_text().splitlines()) == 2 * runs_after_first


def test_failures_are_not_cached(tmp_path):
    _rows(tmp_path, [RAISING])
    assert not list((tmp_path / "cache").rglob("*.json"))


JSON_FIELDS = {"id", "title", "source", "status", "device", "examples", "mutants_caught", "mutants_total",
               "seconds", "detail"}


_REAL_RUN_CHECKS = runner.run_checks


def _cli(monkeypatch, tmp_path, formulas, *args):
    monkeypatch.setattr(runner, "run_checks",
                        lambda notes, **kw: _REAL_RUN_CHECKS(notes, formulas=formulas, cache_dir=tmp_path / "c",
                                                     time_limit=3, **kw))
    return CliRunner().invoke(main, ["verify", "--notes", str(tmp_path / "no-notes"), *args])


def test_json_schema_and_exit_status(monkeypatch, tmp_path):
    result = _cli(monkeypatch, tmp_path, [PASSING, KERNEL], "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)  # stdout holds the JSON and nothing else
    assert rows and all(set(r) == JSON_FIELDS for r in rows)
    assert {r["status"] for r in rows} == {"verified", "skipped"}
    assert all(isinstance(r["seconds"], float) and r["source"] is None for r in rows)
    failing = _cli(monkeypatch, tmp_path, [PASSING, SURVIVOR], "--json")
    assert failing.exit_code == 1 and failing.exception is None or isinstance(failing.exception, SystemExit)
    assert any(r["status"] == "failed" for r in json.loads(failing.stdout))


def test_table_report(monkeypatch, tmp_path):
    result = _cli(monkeypatch, tmp_path, [PASSING, SURVIVOR])
    assert result.exit_code == 1
    assert "windows_weak" in result.output and "1/2" in result.output
    assert "2 checks: 1 verified, 0 note differs, 1 failed, 0 skipped" in result.output


def test_note_rows_carry_their_source(tmp_path):
    """A note formula stating a registry entry gets its own row with file and line."""
    from kb.formulas import registry

    if not any(f.id == "conv_output_size" for f in registry()):
        pytest.skip("conv family not present")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# CNN\n\n## Output size\n\n$$O=\\frac{W-F+2P}{S}+1$$\n", encoding="utf-8")
    conv = [f for f in registry() if f.id == "conv_output_size"]
    rows = runner.run_checks(collect(notes)[0], formulas=conv, cache_dir=tmp_path / "cache", time_limit=60)
    note_rows = [r for r in rows if r.source is not None]
    assert [(r.id, r.status, r.source["file"]) for r in note_rows] == [("conv_output_size", "note_differs", "a.md")]
    assert note_rows[0].source["line"] == 5


def test_note_rows_for_worked_numbers_and_section_definitions(tmp_path):
    """A worked example instantiating an entry, and a formula using a function the section defines, get rows."""
    from kb.formulas import registry

    wanted = {"jaccard_distance", "jaccard_index", "standard_conv_mult_adds"}
    pool = [f for f in registry() if f.id in wanted]
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(
        "# Nets\n\n## Jaccard distance\n\n$$J(X,Y)=\\frac{|X\\cap Y|}{|X\\cup Y|}$$\n\n$$D(X,Y)=1-J(X,Y)$$\n\n"
        "## MobileNet cost\n\nA standard convolution:\n\n$$256 \\times 3 \\times 5 \\times 5 \\times 8 \\times 8 = 1,228,801$$\n",
        encoding="utf-8")
    rows = runner.run_checks(collect(notes)[0], formulas=pool, cache_dir=tmp_path / "cache", time_limit=60)
    note_rows = {(r.id, r.status) for r in rows if r.source is not None}
    assert note_rows == {("jaccard_index", "verified"), ("jaccard_distance", "verified"),
                         ("standard_conv_mult_adds", "note_differs")}


def test_identity_checks_have_rows_like_entry_checks(tmp_path):
    """Equations kb checks with sympy and no registry entry are listed: verified and note differs. ReLU' is
    undefined at its break point 0, so a form that differs only there ((1 + sign x)/2 gives 1/2) is right."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(
        "# Functions\n\n## Hyperbolic\n\n$$\\sinh(x)=\\frac{e^x+e^{-x}}{2}$$\n\n$$\\tanh'(x)=1-\\tanh^2(x)$$\n\n"
        "## Rectifier\n\n$$\\mathrm{ReLU}'(x)=\\frac{1+\\mathrm{sign}(x)}{2}$$\n", encoding="utf-8")
    rows = runner.run_checks(collect(notes)[0], formulas=[], cache_dir=tmp_path / "cache", time_limit=60)
    note_rows = sorted((r.source["line"], r.id, r.status) for r in rows if r.source is not None)
    assert note_rows == [(5, "identity", "note_differs"), (7, "identity", "verified"), (11, "identity", "verified")]
    differs = next(r for r in rows if r.source and r.status == "note_differs")
    assert "at x = 0" in differs.detail and r"\sinh(x)" in differs.title
    from kb.report import verify_lines

    lines = verify_lines(rows)
    assert any(line.startswith("note differs: identity (a.md:5)") for line in lines), lines
