"""Compare kb's mojibake repair with ftfy.fix_text on the damaged note in notes/.

Usage: .venv/bin/python scripts/compare_ftfy.py [NOTES_DIR]

Figures, for both: characters restored (output characters whose UTF-8 holds a byte the damage drops, so
they can only be there if lost bytes were put back), U+FFFD left, mojibake left (characters of the
damaged reading that start a UTF-8 sequence, e.g. 'å' 'ä' 'ï', which proper Chinese text never has),
lines changed against the damaged input, and agreement on the lines ftfy decodes completely.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.read.decode import decode_bytes  # noqa: E402
from kb.read.mojibake import Damage, detect_damage, repair_with  # noqa: E402


def find_damaged(notes: Path) -> tuple[Path, str, Damage]:
    for path in sorted(notes.iterdir()):
        text, _ = decode_bytes(path.read_bytes())
        found = detect_damage(text)
        if found is not None:
            return path, text, found
    raise SystemExit(f"no note in {notes} shows mojibake damage")


def figures(output: str, damaged: str, found: Damage) -> dict[str, int]:
    dropped = found.dropped_bytes
    lead_chars = {char for char in set(damaged) if _is_lead(char, found.codepage)}
    return {
        "chars restored": sum(1 for char in output if any(b in dropped for b in char.encode("utf-8")[1:])),
        "U+FFFD left": output.count("\ufffd"),
        "mojibake left": sum(1 for char in output if char in lead_chars),
        "lines changed": sum(1 for old, new in zip(damaged.split("\n"), output.split("\n")) if old != new),
    }


def _is_lead(char: str, codepage: str) -> bool:
    try:
        encoded = char.encode(codepage)
    except UnicodeEncodeError:
        return False
    return len(encoded) == 1 and 0xC2 <= encoded[0] <= 0xF4


def agreement(ours: str, theirs: str, damaged: str, lead_chars: set[str]) -> tuple[int, int]:
    """(identical lines, lines ftfy changed and decoded completely): ftfy only fixes lines it can."""
    clean = [(a, b) for a, b, old in zip(ours.split("\n"), theirs.split("\n"), damaged.split("\n"))
             if b != old and "\ufffd" not in b and not lead_chars & set(b)]
    return sum(1 for a, b in clean if a == b), len(clean)


def main() -> None:
    import ftfy

    notes = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "notes"
    path, damaged, found = find_damaged(notes)
    print(f"note: {path.name}  detected: {found.codepage}, invisible dropped: {found.invisible!r}, "
          f"dropped bytes: {' '.join(f'{b:02X}' for b in sorted(found.dropped_bytes))}")
    started = time.perf_counter()
    from kb.read.langmodel import shared_model
    shared_model().chinese, shared_model().text_pairs  # load outside the timed repair
    loaded = time.perf_counter()
    ours, report = repair_with(damaged, found)
    repaired = time.perf_counter()
    theirs = ftfy.fix_text(damaged)
    fixed = time.perf_counter()
    print(f"language model load {loaded - started:.2f} s, kb repair {repaired - loaded:.2f} s, "
          f"ftfy {fixed - repaired:.2f} s")
    print(f"kb report: restored {report.chars_restored} ({report.chars_uncertain} chosen by the model), "
          f"lines changed {report.lines_changed}")
    rows = {"kb": figures(ours, damaged, found), "ftfy": figures(theirs, damaged, found)}
    print(f"{'':16}{'kb':>8}{'ftfy':>8}")
    for name in rows["kb"]:
        print(f"{name:16}{rows['kb'][name]:>8}{rows['ftfy'][name]:>8}")
    lead_chars = {char for char in set(damaged) if _is_lead(char, found.codepage)}
    # Plain fix_text also turns fullwidth and curly punctuation into ASCII; leave that out to compare decoding.
    faithful = ftfy.fix_text(damaged, uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False)
    same, total = agreement(ours, faithful, damaged, lead_chars)
    print(f"agreement on the {total} lines ftfy (width/quotes kept) changes and leaves without mojibake or "
          f"U+FFFD: {same} identical")


if __name__ == "__main__":
    main()
