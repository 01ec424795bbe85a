"""Mutations of real notes for fuzzing the pipeline (used by tests/test_fuzz.py and scripts/fuzz.py)."""
from __future__ import annotations

import random
from pathlib import Path

FRAGMENTS = (
    "$", "$$", "$$\n", "\\frac{", "}", "\\begin{aligned}", "\\end{aligned}", "```", "```python\n", "\n# ",
    "\n## ", "\n- ", "\n  - ", "\n1. ", "| a | b |\n|---|", "<script>alert(1)</script>", "<img src=x onerror=a()>",
    "[x](javascript:alert(1))", "![](../../etc/passwd)", "{{c1::", "}}", "\r\n", "\x00", "\ufeff", "\u202e",
    "什么是", "Что такое", "?\n", "Lecture 3 - X\n", "<center>", "</center>", "\\lfloor", "\\", "&amp;", "\t",
)
ENCODINGS = ("utf-8", "utf-16", "gb18030", "cp1251", "cp1252", "utf-8-sig")


def mutate(data: bytes, rng: random.Random) -> bytes:
    """Apply 1-4 random mutations: byte flips, truncation, splices of Markdown/LaTeX/HTML fragments,
    re-encoding, duplication of a slice."""
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        if op == 0 and data:
            buf = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                buf[rng.randrange(len(buf))] = rng.randrange(256)
            data = bytes(buf)
        elif op == 1 and data:
            data = data[: rng.randrange(len(data))]
        elif op == 2:
            at = rng.randrange(len(data) + 1)
            data = data[:at] + rng.choice(FRAGMENTS).encode("utf-8") + data[at:]
        elif op == 3:
            text = data.decode("utf-8", errors="replace")
            data = text.encode(rng.choice(ENCODINGS), errors="replace")
        elif data:
            a = rng.randrange(len(data))
            b = min(len(data), a + rng.randint(1, 2000))
            data = data[:b] + data[a:b] + data[b:]
    return data


def excerpts(notes_dir: Path, rng: random.Random, max_len: int = 6000) -> bytes:
    """A random window of a random real note (whole notes are slow to mutate thousands of times)."""
    files = sorted(p for p in notes_dir.iterdir() if p.is_file())
    data = rng.choice(files).read_bytes()
    start = rng.randrange(max(1, len(data) - max_len))
    return data[start: start + max_len]
