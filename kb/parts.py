"""A build's notes as parts: what every output needs of a note without decoding it (its head: file, title,
the ids of its cards, its card counts and problems), and its Note and cards, decoded only when asked for.

A build reads each unchanged note's result from the cache as a part whose Note and cards stay on disk;
an output assembles such a note from the piece it kept for it (kb/emit/memo.py), so editing one note of
500 decodes that one note, not 500. Whatever does ask for a part's cards gets them, decoded once.
"""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from kb.model import Card, Diagnostic, Note

Decoded = tuple["Note | None", list[Card]]


class _Once:
    """A value made the first time it is asked for (shared by the copies of a part), and let go by
    release() when it can be made again."""
    __slots__ = ("make", "value", "remake")

    def __init__(self, make: Callable[[], Decoded]) -> None:
        self.make: Callable[[], Decoded] | None = make
        self.remake: Callable[[], Decoded] | None = make
        self.value: Decoded | None = None

    @classmethod
    def holding(cls, value: Decoded) -> _Once:
        once = cls(lambda: value)
        once.get()
        once.remake = None  # made of nothing but the value: nothing to let go
        return once

    def get(self) -> Decoded:
        if self.make is not None:
            self.value, self.make = self.make(), None
        assert self.value is not None
        return self.value

    def release(self) -> None:
        if self.remake is not None:
            self.value, self.make = None, self.remake


def head_of(note: Note | None, cards: Sequence[Card], diagnostics: Sequence[Diagnostic] = (),
            marked: bool = False) -> dict[str, Any]:
    """A note's head (JSON data): what the outputs need of it when its pieces are kept. `marked`: the
    note has `<!-- kb:skip -->` markers (kb.config decides what they skip, and needs the note for it)."""
    repair = note.source.repair if note is not None and note.source is not None else None
    return {"title": note.title if note is not None else "", "kind": note.kind if note is not None else None,
            "card_title": cards[0].note_title if cards else "", "ids": [card.id for card in cards],
            "kinds": dict(Counter(card.kind for card in cards)), "langs": dict(Counter(card.lang for card in cards)),
            "repaired": repair.chars_restored if repair else 0, "uncertain": repair.chars_uncertain if repair else 0,
            "marked": marked, "diagnostics": [d.to_dict() for d in diagnostics]}


class NotePart:
    """One note of a build. `key` names everything the note's outputs depend on ('' when its pieces are
    not to be kept); `ids` are the ids its cards keep (kb.cards.ids) and `tags` the tags kb.toml adds,
    both applied to the cards when they are decoded."""
    __slots__ = ("file", "head", "key", "ids", "tags", "_decoded", "_cards")

    def __init__(self, file: str, head: dict[str, Any], decoded: _Once, key: str = "",
                 ids: Sequence[str] | None = None, tags: tuple[str, ...] = ()) -> None:
        self.file, self.head, self.key, self.tags = file, head, key, tags
        self.ids: list[str] = list(head["ids"] if ids is None else ids)
        self._decoded = decoded
        self._cards: list[Card] | None = None

    @classmethod
    def lazy(cls, file: str, head: dict[str, Any], decode: Callable[[], Decoded]) -> NotePart:
        return cls(file, head, _Once(decode))

    @classmethod
    def decoded(cls, file: str, head: dict[str, Any], note: Note | None, cards: list[Card]) -> NotePart:
        return cls(file, head, _Once.holding((note, cards)))

    @classmethod
    def of(cls, file: str, note: Note | None, cards: Sequence[Card], diagnostics: Sequence[Diagnostic] = (),
           marked: bool = False) -> NotePart:
        return cls.decoded(file, head_of(note, cards, diagnostics, marked), note, list(cards))

    def but(self, **changes: Any) -> NotePart:
        """This part with `key`, `ids` or `tags` changed; it shares the decoded note."""
        values = {"key": self.key, "ids": self.ids, "tags": self.tags, **changes}
        return NotePart(self.file, self.head, self._decoded, **values)

    @property
    def has_note(self) -> bool:
        return self.head["kind"] is not None

    @property
    def title(self) -> str:
        """The note's title, else its cards' note title ('' when neither has one)."""
        return self.head["title"] or self.head["card_title"]

    @property
    def content_ids(self) -> list[str]:
        return self.head["ids"]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [Diagnostic.from_dict(d) for d in self.head["diagnostics"]]

    @property
    def note(self) -> Note | None:
        return self._decoded.get()[0]

    def release(self) -> None:
        """Let go of the decoded Note and cards where they can be decoded again (a note read from the
        cache): an output that has used a note's part frees it, so it never holds every note at once."""
        self._decoded.release()
        self._cards = None

    @property
    def cards(self) -> list[Card]:
        if self._cards is None:
            cards = self._decoded.get()[1]
            if self.ids != self.head["ids"]:
                cards = [card if card.id == kept else replace(card, id=kept) for card, kept in zip(cards, self.ids)]
            if self.tags:
                cards = [replace(card, tags=card.tags + self.tags) for card in cards]
            self._cards = cards
        return self._cards


def one_at_a_time(parts: Iterable[NotePart]) -> Iterator[NotePart]:
    """The parts, each released (NotePart.release) once the loop has moved past it."""
    for part in parts:
        yield part
        part.release()


def as_parts(notes: Sequence[Note], cards: Sequence[Card]) -> list[NotePart]:
    """The parts of a build (`cards` a Cards), or of notes and cards given as they are: a part per note in
    their order, then one per file that has cards but no note, each with its cards in their order."""
    if isinstance(cards, Cards):
        return cards.parts
    by_file: dict[str, list[Card]] = {}
    for card in cards:
        by_file.setdefault(card.source.file, []).append(card)
    parts = [NotePart.of(note.file, note, by_file.pop(note.file, [])) for note in notes]
    return parts + [NotePart.of(file, None, file_cards) for file, file_cards in by_file.items()]


class Cards(Sequence[Card]):
    """Every card of a build's parts, in order; a note's cards are decoded when one of them is looked at."""

    def __init__(self, parts: Sequence[NotePart]) -> None:
        self.parts = list(parts)
        self._starts = [0]
        for part in self.parts:
            self._starts.append(self._starts[-1] + len(part.ids))

    def __len__(self) -> int:
        return self._starts[-1]

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        part, offset = self.part_at(index)
        return part.cards[offset]

    def part_at(self, index: int) -> tuple[NotePart, int]:
        """The part holding the card at `index` (0 <= index < len), and the card's place in it."""
        at = bisect.bisect_right(self._starts, index) - 1
        return self.parts[at], index - self._starts[at]

    def __iter__(self) -> Iterator[Card]:
        for part in self.parts:
            yield from part.cards

    def heads(self) -> list[tuple[str, str]]:
        """(id, note file) of every card, without decoding any."""
        return [(card_id, part.file) for part in self.parts for card_id in part.ids]

    def with_ids(self, ids: Sequence[str]) -> Cards:
        """The same cards keeping these ids (one per card, in order)."""
        return Cards([part.but(ids=ids[start:end])
                      for part, start, end in zip(self.parts, self._starts, self._starts[1:])])


class Notes(Sequence[Note]):
    """The notes of a build's parts (those that could be read), each decoded when looked at."""

    def __init__(self, parts: Sequence[NotePart]) -> None:
        self.parts = [part for part in parts if part.has_note]

    def __len__(self) -> int:
        return len(self.parts)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [part.note for part in self.parts[index]]
        return self.parts[index].note

    def __iter__(self) -> Iterator[Note]:
        for part in self.parts:
            yield part.note  # type: ignore[misc]
