"""Held-out accuracy of the mojibake repair on the real damaged note, where the truth is known.

Usage: .venv/bin/python scripts/mojibake_heldout.py [SEEDS]

The damage is a function of the character: a character whose UTF-8 holds a dropped byte is broken at
every occurrence, the others are intact everywhere. The simulation keeps that: each seed draws another
set of eight continuation byte values, and every intact character of the note holding one of them loses
those bytes at every occurrence (the really damaged characters stay damaged and are repaired alongside,
unscored). Dropping random occurrences instead would be far too easy, since the document would then show
the answer intact elsewhere.
"""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.read.decode import decode_bytes  # noqa: E402
from kb.read.mojibake import (CERTAIN_MARGIN, confidence, decide_document, detect_damage, script_pages,  # noqa: E402
                              slot_for)
from kb.read.mojibake_candidates import Slot, is_broken, is_continuation, split_runs  # noqa: E402

DAMAGED_FRAGMENT = b"# Deep Learning Related Topics"


@dataclass(frozen=True)
class Simulation:
    lines: list[list[Slot]]
    truth: dict[tuple[int, int], str]   # (line index, slot index) -> the character the slot held
    pages: frozenset[int]               # the script pages of the characters left whole


def damaged_note_text(notes: Path = ROOT / "notes") -> str:
    for path in sorted(notes.iterdir()):
        data = path.read_bytes()
        if DAMAGED_FRAGMENT in data:
            return decode_bytes(data)[0]
    raise SystemExit("the damaged note is not in notes/")


def simulate(text: str, seed: int, model) -> Simulation:
    """The note with a second, random set of byte values lost from its intact characters."""
    found = detect_damage(text)
    real = found.dropped_bytes
    rng = random.Random(seed)
    extra = frozenset(rng.sample(sorted(b for b in range(0x80, 0xC0) if b not in real), len(real)))
    per_line = [split_runs(line) or [] for line in found.misread_bytes(text).split(b"\n")]
    kept = (run for runs in per_line for run in runs
            if len(run) > 1 and not is_broken(run) and not extra & set(run[1:]))
    pages = script_pages(run.decode("utf-8") for run in kept)
    lines, truth = [], {}
    for row, runs in enumerate(per_line):
        slots = []
        for column, run in enumerate(runs):
            if is_broken(run):
                slots.append(slot_for(run, real, pages, model))
            elif extra & set(run[1:]):
                cut = bytes([run[0]]) + bytes(b for b in run[1:] if b not in extra)
                slots.append(slot_for(cut, extra, pages, model))
                truth[row, column] = run.decode("utf-8")
            else:
                slots.append(Slot((run.decode("utf-8"),), False))
        lines.append(slots)
    return Simulation(lines, truth, pages)


def score(simulation: Simulation, model) -> dict[str, float]:
    passes = decide_document(simulation.lines, model, simulation.pages)
    chosen = passes[-1]
    right = sum(chosen[row][column].char == want for (row, column), want in simulation.truth.items())
    # Marked certain as the repair marks it: proven by the bytes, or confident past CERTAIN_MARGIN.
    certain = [(row, column) for row, column in simulation.truth
               if confidence(simulation.lines[row][column], [each[row][column] for each in passes]) >= CERTAIN_MARGIN]
    certain_right = sum(chosen[r][c].char == simulation.truth[r, c] for r, c in certain)
    return {"held out": len(simulation.truth), "right": right, "certain": len(certain),
            "certain right": certain_right}


def main() -> None:
    from kb.read.langmodel import shared_model

    seeds = [int(s) for s in sys.argv[1].split(",")] if len(sys.argv) > 1 else [1, 2, 3, 4, 5]
    model = shared_model()
    text = damaged_note_text()
    total: dict[str, float] = {}
    for seed in seeds:
        figures = score(simulate(text, seed, model), model)
        print(f"seed {seed}: {figures['right']}/{figures['held out']} = "
              f"{figures['right'] / figures['held out']:.1%} right; certain {figures['certain']} "
              f"({figures['certain right']} right)")
        for key, value in figures.items():
            total[key] = total.get(key, 0) + value
    print(f"all: {total['right'] / total['held out']:.2%} of {total['held out']} held-out characters right; "
          f"{total['certain'] / total['held out']:.1%} marked certain, "
          f"{total['certain right'] / max(total['certain'], 1):.2%} of those right")


if __name__ == "__main__":
    main()
