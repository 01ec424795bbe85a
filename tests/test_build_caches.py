"""What a build keeps in the per-user cache so that every build need not redo it: the registry checks'
rows together, and the site's compiled templates."""
from __future__ import annotations

import os

import pytest

import kb.check.runner as runner
from kb.build import registry_evidence
from kb.check.results import CheckResult

ROWS = [CheckResult("sigmoid", "Sigmoid", None, "verified", "cpu", 8, 3, 3, 0.1),
        CheckResult("relu_kernel", "ReLU kernel", None, "skipped", "cuda", 0, 0, 0, 0.0, "not requested")]


def _counting(tmp_path, rows):
    """A stand-in for run_checks that notes, in a file, the process each run happened in."""
    log = tmp_path / "runs.txt"

    def run_checks(notes, progress=False):
        with log.open("a") as file:
            file.write(f"{os.getpid()}\n")
        return list(rows)
    return run_checks, lambda: log.read_text().split() if log.exists() else []


def test_the_registry_checks_rows_are_read_together_once_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fake, runs = _counting(tmp_path, ROWS)
    monkeypatch.setattr(runner, "run_checks", fake)
    assert registry_evidence() == ROWS and registry_evidence() == ROWS
    assert len(runs()) == 1


def test_the_registry_checks_run_in_a_child_process_whose_memory_goes_back_when_it_exits(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fake, runs = _counting(tmp_path, ROWS)
    monkeypatch.setattr(runner, "run_checks", fake)
    assert registry_evidence() == ROWS
    assert runs() and str(os.getpid()) not in runs()


def test_an_error_in_the_registry_checks_child_is_raised_in_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def broken(notes, progress=False):
        raise ValueError("a bug in a check")
    monkeypatch.setattr(runner, "run_checks", broken)
    with pytest.raises(ValueError, match="a bug in a check"):
        registry_evidence()


def test_a_failed_registry_check_runs_again_in_the_next_build(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    failed = [ROWS[0], CheckResult("softmax", "Softmax", None, "failed", "cpu", 0, 0, 0, 60.0, "timed out")]
    fake, runs = _counting(tmp_path, failed)
    monkeypatch.setattr(runner, "run_checks", fake)
    registry_evidence()
    registry_evidence()
    assert len(runs()) == 2


def test_the_site_templates_are_kept_compiled_in_the_user_cache(tmp_path, monkeypatch):
    import kb.emit.site as site

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    site._environment.cache_clear()
    try:
        site._environment().get_template("index.html")
        kept = list((tmp_path / "kb" / "templates").iterdir())
        assert kept and all(path.stat().st_size > 0 for path in kept)
    finally:
        site._environment.cache_clear()


def test_a_kept_entry_that_orjson_refuses_is_still_read(tmp_path):
    from kb.cache import JsonCache

    cache = JsonCache(tmp_path)
    cache.put("ab01", {"seconds": float("nan"), "detail": "é"})  # json writes NaN; orjson refuses it
    kept = cache.get("ab01")
    assert kept["detail"] == "é" and kept["seconds"] != kept["seconds"]


def test_json_rows_writes_a_row_a_line():
    import json

    from kb.report import json_rows

    rows = [{"file": "a.md", "line": 3, "message": "image not found: x.png"}, {"file": "b.md", "line": 1}]
    text = json_rows(rows)
    assert json.loads(text) == rows and text.count("\n") == len(rows) + 2
    assert json.loads(json_rows([])) == []
