"""UTF-8 read as a double-byte code page (GBK): where each lost byte was, and what it can have been.

The decoder reads the bytes in pairs. Where the pair starting at a byte is not valid, it writes one
U+FFFD for that one byte and starts again at the next. UTF-8 lead bytes always pair with the continuation
byte after them, so the lost bytes are continuation bytes, each at the place of its U+FFFD: the damaged
text pins every hole. A byte value fits a hole only if it, with the byte after it, is a pair the code page
rejects (else the decoder would have read that pair); every candidate that fits reads back, damaged again,
to exactly the damaged text.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import product

from kb.read.mojibake_candidates import is_continuation, is_offered, sequence_length

REPLACEMENT = "\ufffd"
HOLE = -1
_CONTINUATION = range(0x80, 0xC0)

Run = tuple[int, ...]   # the bytes of one character, HOLE where a byte was lost


def pinned_runs(line: str, codepage: str) -> list[Run] | None:
    """The line's characters as byte runs with their holes; None when a U+FFFD cannot be a lost
    continuation byte (then the damage is not this one)."""
    runs: list[list[int]] = []
    for char in line:
        for byte in (HOLE,) if char == REPLACEMENT else char.encode(codepage):
            if byte == HOLE or is_continuation(byte):
                if not runs or len(runs[-1]) >= sequence_length(runs[-1][0]):
                    return None
                runs[-1].append(byte)
            else:
                runs.append([byte])
    return [tuple(run) for run in runs]


def is_whole(run: Run) -> bool:
    return HOLE not in run and len(run) == sequence_length(run[0])


@lru_cache(maxsize=65536)
def pinned_candidates(run: Run, following: int, codepage: str, private_use: bool = False) -> tuple[str, ...]:
    """Every assigned character whose UTF-8 fills the holes of `run` with bytes the decoder rejected
    (`following`: the first byte after the run); with `private_use`, the private-use ones too."""
    holes = [at for at, byte in enumerate(run) if byte == HOLE]
    if len(run) != sequence_length(run[0]):
        return ()
    found = []
    for fill in product(_CONTINUATION, repeat=len(holes)):
        body = list(run)
        for at, byte in zip(holes, fill):
            body[at] = byte
        data = bytes(body)
        try:
            char = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if not is_offered(char, private_use):
            continue
        if all(_rejected(data[at], data[at + 1] if at + 1 < len(data) else following, codepage) for at in holes):
            found.append(char)
    return tuple(sorted(found))


@lru_cache(maxsize=65536)
def _rejected(first: int, second: int, codepage: str) -> bool:
    try:
        bytes([first, second]).decode(codepage)
    except UnicodeDecodeError:
        return True
    return False
