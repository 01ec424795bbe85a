"""The benchmark's own machinery: its corpus and its table (figures are never asserted: they are the
benchmark's output, not a test's verdict)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from kb.bench import Figure, byte_compile_kb, make_corpus, table_lines

ROOT = Path(__file__).resolve().parent.parent
NOTE = ("# Gradient descent\n\n## What does the learning rate control?\n\n"
        "The learning rate scales every update step; 0.01 is a common start and 10 is far too large.\n\n"
        "## Momentum\n\nMomentum averages gradients over about 10 steps with beta 0.9.\n")


def test_every_copy_of_the_corpus_is_a_distinct_note_of_the_same_shape(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTE, encoding="utf-8")
    corpus = make_corpus(notes, tmp_path / "x4", 4)
    files = sorted(corpus.iterdir())
    assert [f.name for f in files] == ["a.md", "copy001_a.md", "copy002_a.md", "copy003_a.md"]
    assert files[0].read_text(encoding="utf-8") == NOTE
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert len(set(texts)) == 4
    assert {len(t.splitlines()) for t in texts} == {len(NOTE.splitlines())}


CHINESE = ("# 卷积神经网络\n\n## 卷积层的输出尺寸怎么计算？\n\n输出尺寸由输入尺寸、卷积核大小、步幅和填充共同决定。\n\n"
           "## 池化层\n\n池化层降低特征图的分辨率，减少参数数量，也让模型对平移更加稳健。\n")


def test_copies_of_a_chinese_note_swap_its_words_and_a_damaged_one_keeps_its_damage(tmp_path):
    # Chinese pairs are swapped like longer words, so no copy repeats another's headings and sentences; a
    # note whose UTF-8 was misread as cp1254 (a byte lost) is varied in the bytes the page gives back, so
    # each copy is still damaged, and repaired, as its original was.
    from kb.read import read_bytes
    from kb.read.mojibake import damage

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "clean.md").write_text(CHINESE, encoding="utf-8")
    (notes / "damaged.md").write_text(damage(CHINESE, "cp1254"), encoding="utf-8")
    corpus = make_corpus(notes, tmp_path / "x6", 6)
    clean = [read_bytes((corpus / name).read_bytes(), name).text
             for name in ["clean.md"] + [f"copy{c:03d}_clean.md" for c in range(1, 6)]]
    repaired = [read_bytes((corpus / name).read_bytes(), name)
                for name in ["damaged.md"] + [f"copy{c:03d}_damaged.md" for c in range(1, 6)]]
    assert clean[0] == CHINESE and len(set(clean)) == 6
    assert all(source.repair is not None for source in repaired)
    assert len({source.text for source in repaired}) == 6
    assert {len(text.splitlines()) for text in clean} == {len(CHINESE.splitlines())}


def test_the_table_puts_each_target_beside_its_figure_with_wall_and_cpu_seconds():
    figures = {"corpus": "corpus x100: 500 notes = ...", "cold build": Figure(70.0, 120.0, 600.0),
               "no-change rebuild": Figure(0.4, 0.3, 60.0), "one note changed": Figure(2.5, 2.0, 300.0)}
    lines = table_lines({100: figures})
    assert lines[0] == "| corpus | one note changed | no change | cold | peak memory |"
    row = lines[2]
    assert row.startswith("| 100x (500 notes) | 2.50 s wall, 2.00 s CPU (target ≤ 3 s: met) | ")
    assert "70.00 s wall, 120.00 s CPU (target ≤ 60 s: MISSED)" in row
    assert "629 MB (target ≤ 700 MB: met)" in row
    assert lines[3].startswith("targets met: 3 of 4")


def test_peak_memory_is_all_processes_together_against_the_target_with_the_largest_beside_it():
    figures = {"corpus": "corpus x1: 5 notes = ...", "cold build": Figure(3.0, 4.0, 200.0, 400.0),
               "no-change rebuild": Figure(0.2, 0.2, 40.0, 40.0), "one note changed": Figure(0.9, 0.8, 90.0, 150.0)}
    row = table_lines({1: figures})[2]
    assert "419 MB all processes, 210 MB largest (target ≤ 250 MB: MISSED)" in row


def test_the_memory_of_a_process_tree_counts_its_children(tmp_path):
    from kb.bench import _tree_mib

    script = "import os, time; b = bytearray(64 << 20); b[::4096] = b'x' * len(b[::4096]); time.sleep(30)"
    child = subprocess.Popen([sys.executable, "-c", f"import subprocess, sys, time; p = subprocess.Popen([sys.executable, '-c', {script!r}]); p.wait()"])
    try:
        deadline = time.monotonic() + 60
        while _tree_mib(child.pid) < 64 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _tree_mib(child.pid) >= 64   # the grandchild's 64 MiB, though the process itself holds little
    finally:
        for pid in _descendants(child.pid):
            os.kill(pid, 9)
        child.kill()
        child.wait()


def _descendants(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                pass
    return found


def test_quick_mode_runs_the_builds_and_prints_the_table(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTE, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kb.bench", "--quick", "--notes", str(notes)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, env={**os.environ})
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "corpus x1: 1 notes = 1 copy of the 1 notes" in out and "1 of 1 texts distinct" in out
    assert "| corpus | one note changed | no change | cold | peak memory |" in out
    row = next(line for line in out.splitlines() if line.startswith("| 1x (1 notes) |"))
    assert row.count("target ≤") == 4 and row.count("s CPU") == 3


def test_kbs_modules_are_byte_compiled_before_measuring():
    """Under PYTHONDONTWRITEBYTECODE an editable install compiles kb's sources in every run it measures."""
    import importlib.util

    source = ROOT / "kb" / "build.py"
    assert byte_compile_kb() == 0
    compiled = Path(importlib.util.cache_from_source(str(source)))
    assert compiled.is_file() and compiled.stat().st_mtime >= source.stat().st_mtime


def test_each_corpus_size_is_measured_with_a_user_cache_of_its_own(tmp_path, monkeypatch):
    """The machine's per-user cache may keep formula decisions for the very corpus measured (it is the same
    for the same scale), which would flatter a cold build; a smoke test keeps the machine's cache."""
    import kb.bench

    seen = []
    monkeypatch.setattr(kb.bench, "_bench_scale", lambda *args: seen.append(os.environ.get("XDG_CACHE_HOME")) or {})
    monkeypatch.setenv("XDG_CACHE_HOME", "/the/machine/cache")
    for scale in (10, 100):
        kb.bench.bench_scale(tmp_path / "notes", scale, kb.bench.Plan(1, new_machine=False, extras=True), tmp_path)
    kb.bench.bench_scale(tmp_path / "notes", 1, kb.bench.Plan(1, new_machine=False, extras=False), tmp_path)
    assert seen[:2] == [str(tmp_path / "user-cache-x10"), str(tmp_path / "user-cache-x100")]
    assert seen[2] == "/the/machine/cache" and os.environ["XDG_CACHE_HOME"] == "/the/machine/cache"
