"""A read-only map from strings to numbers (or to single characters) that holds its keys in one string.

The language-model tables (jieba's words, wordfreq's Russian and English lists, character pairs of running
text, word classes) are dictionaries of 300,000 to 700,000 short strings. As a dict each entry costs about
120 bytes (a str object, an int or float object, the dict's slot), so the tables one damaged Chinese note
needs took 170 MiB in every worker that repaired one, and the Russian list 127 MiB: most of a build's
memory. Here the keys are laid end to end in one string, grouped in buckets by a hash of their UTF-8 bytes
(zlib.crc32: the same in every process, unlike hash()), and the values stand in an array: about 10 bytes an
entry, and a pickle that loads without making an object per entry. A lookup hashes the key and searches
its bucket (about eight keys) with str.find: about a microsecond, against a twentieth of that for a dict,
which the lattice's few tens of thousands of lookups per damaged note do not notice.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any
from zlib import crc32

SEP = "\0"              # between keys: no word of the tables holds it, and a key that holds it is never found
BUCKET_KEYS = 8         # keys per bucket on average: a lookup's str.find reads about this many
MIN_ENTRIES = 10_000    # smaller tables stay dicts (a lookup is faster, and the memory saved is small)


def _bucket(key: str, buckets: int) -> int:
    return crc32(key.encode("utf-8", "surrogatepass")) % buckets


class CompactMap:
    """A dict's read-only view (`in`, `[]`, get, len, items, keys, values) in a fraction of its memory.
    Iteration is in bucket order, not the dict's insertion order."""

    __slots__ = ("_blob", "_starts", "_bases", "_values", "_buckets")

    def __init__(self, table: dict[str, Any]) -> None:
        values = list(table.values())
        if _packed(values) is None:
            raise ValueError("values must all be ints, all floats or all one-character strings")
        self._buckets = max(1, len(table) // BUCKET_KEYS)
        grouped: list[list[int]] = [[] for _ in range(self._buckets)]
        keys = list(table)
        for index, key in enumerate(keys):
            if type(key) is not str or SEP in key:
                raise ValueError(f"a key must be a string without {SEP!r}: {key!r}")
            grouped[_bucket(key, self._buckets)].append(index)
        parts = [SEP]
        self._starts = array("q", [0])
        self._bases = array("q", [0])
        order: list[int] = []
        at = 0
        for members in grouped:
            for index in members:
                parts.append(keys[index] + SEP)
                at += len(keys[index]) + 1
            order.extend(members)
            self._starts.append(at)
            self._bases.append(len(order))
        self._blob = "".join(parts)
        self._values = _packed([values[index] for index in order])

    def get(self, key: Any, default: Any = None) -> Any:
        if type(key) is not str or SEP in key:
            return default
        bucket = crc32(key.encode("utf-8", "surrogatepass")) % self._buckets
        start = self._starts[bucket]
        found = self._blob.find(SEP + key + SEP, start, self._starts[bucket + 1] + 1)
        if found < 0:
            return default
        return self._values[self._bases[bucket] + self._blob.count(SEP, start, found)]

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
                yield from self._blob[start + 1:end].split(SEP)

    __iter__ = keys

    def values(self) -> Iterator[Any]:
        return iter(self._values)

    def items(self) -> Iterator[tuple[str, Any]]:
        return zip(self.keys(), self._values)


_MISSING = object()


def _packed(values: list[Any]) -> Any:
    """The values as an array of int64 or float64, or a string of single characters; None if they are
    none of those (a bool is no int here: the array would give it back as 0 or 1)."""
    kinds = {type(value) for value in values}
    if kinds <= {int}:
        try:
            return array("q", values)
        except OverflowError:
            return None
    if kinds <= {float}:
        return array("d", values)
    if kinds <= {str} and all(len(value) == 1 for value in values):
        return "".join(values)
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
