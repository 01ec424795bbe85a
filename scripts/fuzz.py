"""A longer fuzz run than CI's: mutate real notes and report inputs tried and crashes.

    .venv/bin/python scripts/fuzz.py --seconds 600
"""
from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.build import process_note  # noqa: E402
from kb.emit.html import render_markdown  # noqa: E402
from kb.fuzz import excerpts, mutate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--notes", type=Path, default=ROOT / "notes")
    parser.add_argument("--crashes", type=Path, default=ROOT / "build" / "fuzz-crashes")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tried = crashes = 0
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        data = mutate(excerpts(args.notes, rng), rng)
        tried += 1
        try:
            _, cards = process_note(data, "fuzz.md")
            for card in cards:
                render_markdown(card.front, math="anki")
                render_markdown(card.back, math="mathml")
        except Exception:  # noqa: BLE001 - every crash is recorded, none stops the run
            crashes += 1
            args.crashes.mkdir(parents=True, exist_ok=True)
            (args.crashes / f"crash-{crashes}.bin").write_bytes(data)
            (args.crashes / f"crash-{crashes}.txt").write_text(traceback.format_exc())
    print(f"inputs tried: {tried}, crashes: {crashes}, seconds: {args.seconds:.0f}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
