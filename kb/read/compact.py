"""A read-only map from strings to numbers (or to single characters) that holds its keys in one buffer, and
a file format that maps such tables into memory instead of reading them.

The language-model tables (jieba's words, wordfreq's Russian and English lists, character pairs of running
text, word classes) are dictionaries of 300,000 to 700,000 short strings. As a dict each entry costs about
120 bytes (a str object, an int or float object, the dict's slot), so the tables one damaged Chinese note
needs took 170 MiB in every worker that repaired one, and the Russian list 127 MiB: most of a build's
memory. Here the keys are laid end to end in one UTF-8 buffer, grouped in buckets by a hash of their bytes
(zlib.crc32: the same in every process, unlike hash()), and the values stand in an array: about 10 bytes an
entry. A lookup hashes the key and searches its bucket (about eight keys) with find: about a microsecond,
against a twentieth of that for a dict, which the lattice's few tens of thousands of lookups per damaged
note do not notice.

Even compact, the tables a damaged Chinese note needs take ~35 MiB, and every reading worker of a build
loaded its own copy. `dump_mapped` writes a table with its maps' buffers page-aligned beside the pickle,
and `load_mapped` maps those pages instead of reading them: every process that loads the file shares one
copy of its pages (the operating system's, as for a shared library), and loading reads almost nothing.
"""
from __future__ import annotations

import mmap
import pickle
import struct
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zlib import crc32

SEP = b"\0"             # between keys: no word of the tables holds it, and a key that holds it is never found
BUCKET_KEYS = 8         # keys per bucket on average: a lookup's find reads about this many
MIN_ENTRIES = 10_000    # smaller tables stay dicts (a lookup is faster, and the memory saved is small)
CHARACTERS = "c"        # the values' kind for single characters (kept as code points); else the array's typecode


def _utf8(key: str) -> bytes:
    return key.encode("utf-8", "surrogatepass")


class CompactMap:
    """A dict's read-only view (`in`, `[]`, get, len, items, keys, values) in a fraction of its memory.
    Iteration is in bucket order, not the dict's insertion order."""

    __slots__ = ("_blob", "_starts", "_bases", "_values", "_kind", "_buckets")

    def __init__(self, table: dict[str, Any]) -> None:
        values = list(table.values())
        kind = _kind_of(values)
        if kind is None:
            raise ValueError("values must all be ints, all floats or all one-character strings")
        buckets = max(1, len(table) // BUCKET_KEYS)
        grouped: list[list[tuple[bytes, Any]]] = [[] for _ in range(buckets)]
        for key, value in table.items():
            if type(key) is not str or "\0" in key:
                raise ValueError(f"a key must be a string without {SEP!r}: {key!r}")
            raw = _utf8(key)
            grouped[crc32(raw) % buckets].append((raw, value))
        blob, starts, bases, ordered = bytearray(SEP), array("q", [0]), array("q", [0]), []
        for members in grouped:
            for raw, value in members:
                blob += raw + SEP
                ordered.append(ord(value) if kind == CHARACTERS else value)
            starts.append(len(blob) - 1)
            bases.append(len(ordered))
        self._restore(buckets, kind, blob, starts, bases, array("I" if kind == CHARACTERS else kind, ordered))

    def _restore(self, buckets: int, kind: str, blob: Any, starts: Any, bases: Any, values: Any) -> None:
        """Take the buffers as they are (arrays, bytearrays, or pages of a mapped file): nothing is copied."""
        self._buckets, self._kind, self._blob = buckets, kind, blob
        self._starts = memoryview(starts).cast("B").cast("q")
        self._bases = memoryview(bases).cast("B").cast("q")
        self._values = memoryview(values).cast("B").cast("I" if kind == CHARACTERS else kind)

    def __reduce_ex__(self, protocol: int) -> tuple:
        # Protocol 5 hands the buffers to dump_mapped's callback (out of band); pickled in band they come
        # back as bytearrays. Writable buffers: the unpickler then passes load_mapped's maps on unchanged.
        buffers = [pickle.PickleBuffer(bytearray(part) if memoryview(part).readonly else part)
                   for part in (self._blob, self._starts, self._bases, self._values)]
        return _unpickled, (self._buckets, self._kind, *buffers)

    def get(self, key: Any, default: Any = None) -> Any:
        if type(key) is not str or "\0" in key:
            return default
        raw = _utf8(key)
        bucket = crc32(raw) % self._buckets
        start = self._starts[bucket]
        found = self._blob.find(SEP + raw + SEP, start, self._starts[bucket + 1] + 1)
        if found < 0:
            return default
        value = self._values[self._bases[bucket] + self._blob[start:found].count(SEP)]
        return chr(value) if self._kind == CHARACTERS else value

    def __contains__(self, key: Any) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def __getitem__(self, key: Any) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> Iterator[str]:
        for bucket in range(self._buckets):
            start, end = self._starts[bucket], self._starts[bucket + 1]
            if end > start:
                yield from bytes(self._blob[start + 1:end]).decode("utf-8", "surrogatepass").split("\0")

    __iter__ = keys

    def values(self) -> Iterator[Any]:
        return map(chr, self._values) if self._kind == CHARACTERS else iter(self._values)

    def items(self) -> Iterator[tuple[str, Any]]:
        return zip(self.keys(), self.values())


def _unpickled(buckets: int, kind: str, blob: Any, starts: Any, bases: Any, values: Any) -> CompactMap:
    kept = CompactMap.__new__(CompactMap)
    kept._restore(buckets, kind, blob, starts, bases, values)
    return kept


_MISSING = object()


def _kind_of(values: list[Any]) -> str | None:
    """How the values are kept: 'q' (int64), 'd' (float64) or CHARACTERS; None if they are none of those (a
    bool is no int here: the array would give it back as 0 or 1)."""
    kinds = {type(value) for value in values}
    if kinds <= {int}:
        return "q" if all(-2**63 <= value < 2**63 for value in values) else None
    if kinds <= {float}:
        return "d"
    if kinds <= {str} and all(len(value) == 1 for value in values):
        return CHARACTERS
    return None


def compacted(table: Any) -> Any:
    """`table` with every large dict of strings to numbers (or characters) in it, at its top level or in a
    tuple or list, as a CompactMap; everything else as it is."""
    if isinstance(table, tuple):
        return tuple(compacted(part) for part in table)
    if isinstance(table, list):
        return [compacted(part) for part in table]
    if type(table) is dict and len(table) >= MIN_ENTRIES:
        try:
            return CompactMap(table)
        except ValueError:
            return table
    return table


# A mapped file: MAGIC, the number of buffers and the pickle's length, each buffer's (offset, length), the
# pickle; then each buffer at an offset the operating system can map (a multiple of ALLOCATIONGRANULARITY).
MAGIC = b"kbmap\x00\x01\x00"
_COUNTS = struct.Struct("<QQ")
_PLACE = struct.Struct("<QQ")


def dump_mapped(table: Any) -> bytes:
    """The file load_mapped reads: `table` pickled, its CompactMaps' buffers page-aligned after it."""
    buffers: list[pickle.PickleBuffer] = []
    data = pickle.dumps(table, protocol=5, buffer_callback=buffers.append)
    raws = [buffer.raw() for buffer in buffers]
    at = len(MAGIC) + _COUNTS.size + _PLACE.size * len(raws) + len(data)
    places = []
    for raw in raws:
        at = -(-at // mmap.ALLOCATIONGRANULARITY) * mmap.ALLOCATIONGRANULARITY
        places.append((at, raw.nbytes))
        at += raw.nbytes
    out = bytearray(MAGIC + _COUNTS.pack(len(raws), len(data)))
    for place in places:
        out += _PLACE.pack(*place)
    out += data
    for (offset, _), raw in zip(places, raws):
        out += bytes(offset - len(out)) + raw
    return bytes(out)


def load_mapped(path: Path) -> Any:
    """The table dump_mapped wrote to `path`, its maps' buffers mapped from the file (shared by every process
    that maps it), not read. ValueError if the file is not one."""
    with path.open("rb") as file:
        if file.read(len(MAGIC)) != MAGIC:
            raise ValueError(f"{path}: not a mapped table")
        try:
            count, length = _COUNTS.unpack(file.read(_COUNTS.size))
            places = [_PLACE.unpack(file.read(_PLACE.size)) for _ in range(count)]
        except struct.error as exc:
            raise ValueError(f"{path}: truncated") from exc
        data = file.read(length)
        if len(data) != length or any(offset + size > file.seek(0, 2) for offset, size in places):
            raise ValueError(f"{path}: truncated")
        maps = [mmap.mmap(file.fileno(), size, offset=offset, access=mmap.ACCESS_READ) if size else bytearray()
                for offset, size in places]
    return pickle.loads(data, buffers=maps)
