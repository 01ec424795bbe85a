"""Repair UTF-8 text that was decoded with a single-byte Windows code page and saved again.

What happened to the bytes (see `damage`): the UTF-8 was read with a code page, the bytes that code page
leaves undefined vanished, an editor dropped the invisible soft hyphens (0xAD), and the result was saved
as UTF-8. Every lead byte survives, so each character is still there; only continuation bytes are missing.
Repair re-encodes with the detected code page, puts dropped byte values back wherever they make a valid
character, and lets a language model (`kb.read.langmodel`) choose among the candidates.

Detection is cheap (string encoding and a byte scan); the language model loads only for damaged text.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from kb.model import RepairReport, RestoredChar
from kb.read.mojibake_candidates import candidates, is_broken, is_continuation, split_runs

# Most common first: on an exact tie the earlier code page wins.
CODEPAGES = ("cp1252", "cp1254", "cp1250", "cp1251", "cp1253", "cp1257", "cp1256", "cp1255", "cp1258",
             "latin-1")
SOFT_HYPHEN, NBSP = "\xad", "\xa0"
# Below this many expected occurrences an absent no-break space says nothing about whether it was dropped.
_NBSP_EVIDENCE = 5.0


@dataclass(frozen=True)
class Damage:
    """A damage procedure: the code page that misread the UTF-8 and the invisible characters lost after."""
    codepage: str
    invisible: str = SOFT_HYPHEN

    @property
    def dropped_bytes(self) -> frozenset[int]:
        lost = {byte for byte in range(0x80, 0x100) if _undefined(byte, self.codepage)}
        lost.update(char.encode(self.codepage)[0] for char in self.invisible)
        return frozenset(lost)


def damage(text: str, codepage: str, invisible: str = SOFT_HYPHEN) -> str:
    """The forward procedure: UTF-8 bytes read as `codepage`, undefined bytes and `invisible` dropped."""
    misread = text.encode("utf-8").decode(codepage, errors="ignore")
    return misread.translate({ord(char): None for char in invisible})


def _undefined(byte: int, codepage: str) -> bool:
    try:
        bytes([byte]).decode(codepage)
    except UnicodeDecodeError:
        return True
    return False


@dataclass(frozen=True)
class _Evidence:
    damage: Damage
    valid: int          # complete multi-byte UTF-8 characters
    broken: int         # characters missing continuation bytes
    absent_penalty: float

    def key(self) -> tuple[int, float]:
        return self.valid - self.broken, -self.absent_penalty


def detect_damage(text: str) -> Damage | None:
    """The damage procedure that explains `text` best, or None when the text shows no such damage."""
    if text.isascii():
        return None
    found = [evidence for evidence in map(lambda cp: _examine(text, cp), CODEPAGES) if evidence is not None]
    if not found:
        return None
    return max(found, key=lambda evidence: evidence.key()).damage  # max keeps the first on ties


def _examine(text: str, codepage: str) -> _Evidence | None:
    """How well `text` reads as UTF-8 damaged through `codepage`; None when it cannot be."""
    try:
        data = text.encode(codepage)
    except UnicodeEncodeError:
        return None
    runs = split_runs(data)
    if runs is None:
        return None
    multibyte = [run for run in runs if len(run) > 1 or run[0] >= 0x80]
    broken = sum(1 for run in multibyte if is_broken(run))
    valid = len(multibyte) - broken
    if valid < 2 or broken > valid or not _complete_runs_decode(multibyte):
        return None
    continuation = Counter(byte for byte in data if is_continuation(byte))
    expected = sum(continuation.values()) / 64
    invisible = SOFT_HYPHEN if SOFT_HYPHEN not in text else ""
    if NBSP not in text and expected >= _NBSP_EVIDENCE:
        invisible += NBSP
    candidate = Damage(codepage, invisible)
    kept_but_absent = [byte for byte in range(0x80, 0xC0)
                       if byte not in candidate.dropped_bytes and not continuation[byte]]
    # Poisson: a byte value the procedure would keep, absent though ~expected times likely, is evidence
    # against this code page (how cp1254, which loses 0x8E and 0x9E, is told from cp1252).
    return _Evidence(candidate, valid, broken, expected * len(kept_but_absent))


def _complete_runs_decode(runs: list[bytes]) -> bool:
    try:
        b"".join(run for run in runs if not is_broken(run)).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def repair_mojibake(text: str) -> tuple[str, RepairReport] | None:
    """Return the repaired text and a report, or None when the text shows no such damage."""
    found = detect_damage(text)
    if found is None:
        return None
    return repair_with(text, found)


def repair_with(text: str, found: Damage) -> tuple[str, RepairReport]:
    """Undo `found` on `text`, choosing lost bytes with the language model."""
    from kb.read.langmodel import shared_model
    from kb.read.mojibake_lattice import best_line

    model = shared_model()
    dropped = found.dropped_bytes
    lines = [split_runs(line) or [] for line in text.encode(found.codepage).split(b"\n")]
    pages = _pages(run.decode("utf-8") for runs in lines for run in runs if len(run) > 1 and not is_broken(run))
    repaired_lines: list[str] = []
    restored: list[RestoredChar] = []
    for number, runs in enumerate(lines, start=1):
        options = [_options(run, dropped, pages, model) for run in runs]
        damaged = [is_broken(run) for run in runs]
        chosen = best_line(options, damaged, model)
        for column, (char, opts, hurt) in enumerate(zip(chosen, options, damaged)):
            if hurt:
                restored.append(RestoredChar(number, column, char, certain=len(opts) == 1))
        repaired_lines.append("".join(chosen))
    repaired = "\n".join(repaired_lines)
    changed = sum(1 for old, new in zip(text.split("\n"), repaired_lines) if old != new)
    uncertain = sum(1 for char in restored if not char.certain)
    report = RepairReport(found.codepage, len(restored), uncertain, changed, tuple(restored))
    return repaired, report


def _page(char: str) -> int:
    """A coarse script key: 256-code-point pages, with the CJK Unified Ideographs as one page."""
    code = ord(char)
    return 0x4E00 if 0x4E00 <= code <= 0x9FFF else code >> 8


def _pages(chars) -> frozenset[int]:
    return frozenset(_page(char) for char in chars)


def _options(run: bytes, dropped: frozenset[int], pages: frozenset[int], model) -> tuple[str, ...]:
    """What a run can be: its decoding when whole; else the candidates that fit the document best.

    Fitting means in a script the document already uses and known to the language model; when nothing
    fits, looser sets are used rather than leave the character unrepaired (U+FFFD only when no byte
    values can complete it at all).
    """
    if not is_broken(run):
        return (run.decode("utf-8"),)
    every = candidates(run, dropped)
    if not every:
        return ("\ufffd",)
    in_script = tuple(char for char in every if not pages or _page(char) in pages)
    known = tuple(char for char in in_script if model.knows(char))
    return known or in_script or every

