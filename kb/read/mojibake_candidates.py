"""Split re-encoded mojibake bytes into characters and list what each damaged character could have been.

The damage only ever removes UTF-8 continuation bytes (0x80-0xBF): lead bytes (0xC2-0xF4) and ASCII are
defined in every Windows code page, so each surviving lead byte still starts exactly one character. A
character with too few continuation bytes lost some; the candidates are every way of putting dropped
byte values back among the survivors that yields one valid, assigned character.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product

_REJECTED_CATEGORIES = {"Cn", "Co", "Cs", "Cc"}
# Private-use characters are never offered (no model knows them, and most damaged slots allow dozens), but a
# note may hold one: Word's Symbol font writes its bullets there (U+F0A7, U+F0A1). A slot whose damage also
# allows one is no certainty however few others it allows (cp1257 left U+F0A1 a single assigned reading).
PRIVATE_USE = "Co"


@dataclass(frozen=True)
class Slot:
    """One character of the repaired text: fixed (one entry in `chars`) or damaged (its candidates).

    `certain` holds when the damage itself allows exactly one character here (a single way of putting
    lost byte values back gives valid UTF-8): that is a fact of the bytes, never a language model's guess.
    `set_aside` are further characters the damage allows that were not put to the language model (out of
    the document's scripts or unknown to the model): still alternatives a reader is shown.
    """
    chars: tuple[str, ...]
    damaged: bool
    certain: bool = False
    set_aside: tuple[str, ...] = ()


def sequence_length(lead: int) -> int:
    """Total bytes of a UTF-8 sequence starting with `lead` (1 for ASCII, 0 for an invalid lead)."""
    if lead < 0x80:
        return 1
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def is_continuation(byte: int) -> bool:
    return 0x80 <= byte <= 0xBF


def split_runs(data: bytes) -> list[bytes] | None:
    """Cut bytes into per-character runs (a lead byte and the continuation bytes after it).

    Returns None when the bytes cannot come from UTF-8 that only lost continuation bytes: a continuation
    byte with no lead before it, a lead with more continuation bytes than it needs, or an invalid lead.
    """
    runs: list[bytes] = []
    i, n = 0, len(data)
    while i < n:
        lead = data[i]
        need = sequence_length(lead)
        if need == 0:
            return None
        j = i + 1
        while j < n and is_continuation(data[j]):
            j += 1
        if j - i > need:
            return None
        runs.append(data[i:j])
        i = j
    return runs


def is_broken(run: bytes) -> bool:
    return len(run) < sequence_length(run[0])


@lru_cache(maxsize=65536)
def candidates(run: bytes, dropped: frozenset[int], private_use: bool = False) -> tuple[str, ...]:
    """Every assigned character whose UTF-8 is `run` with dropped byte values put back (sorted); with
    `private_use`, the private-use characters it may also be (what a slot's certainty counts)."""
    missing = sequence_length(run[0]) - len(run)
    tail = run[1:]
    width = len(tail) + missing
    found: set[str] = set()
    for holes in combinations(range(width), missing):
        for fill in product(sorted(dropped), repeat=missing):
            found.update(_assemble(run[0], tail, holes, fill, private_use))
    return tuple(sorted(found))


def is_offered(char: str, private_use: bool = False) -> bool:
    """Whether a decoded character may be a damaged slot's reading (assigned, not a control)."""
    category = unicodedata.category(char)
    return category not in _REJECTED_CATEGORIES or (private_use and category == PRIVATE_USE)


def _assemble(lead: int, tail: bytes, holes: tuple[int, ...], fill: tuple[int, ...], private_use: bool) -> list[str]:
    body, kept, filled = bytearray([lead]), iter(tail), iter(fill)
    for position in range(len(tail) + len(holes)):
        body.append(next(filled) if position in holes else next(kept))
    try:
        char = bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        return []
    return [char] if is_offered(char, private_use) else []
