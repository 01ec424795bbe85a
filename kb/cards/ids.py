"""Stable card identity.

A card's content id is a hash of its source note + section path + normalised front, never its back, so
editing an answer keeps the card. A student also rewords questions, renames headings, moves sections to
other notes and deletes what they no longer need; `follow_ids` carries ids across such edits the way git
detects renames: a card that disappeared and a card that appeared in the same build are the same card
when one piece of evidence names exactly one partner on both sides (same front, same distinctive back,
a similar front in the same part of the same note, or the same place in a renamed section). Anything
ambiguous keeps both ids apart: a wrong merge would put one card's review history on another.

The history (which id each card keeps, and the cards whose source is gone) lives in the output
folder's state. Without it every card's id is its content id, exactly as before.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path

import orjson

from kb.atomic import write_text_atomic
from kb.cache import key_for
from kb.model import Card, Check, SourcePos
from kb.parts import Cards, NotePart

HISTORY_NAME = ".kb-ids.json"
HISTORY_FORMAT = "kb-ids"
HISTORY_VERSION = 2
RETIRED_TAG = "kb::retired"

# A reworded front is the same question when it keeps this much of the old one (difflib's ratio on the
# case-folded fronts) and stays in the same part of the same note. "What does the focal length of a lens
# measure?" vs "What does a lens's focal length measure?" is 0.78, vs "Why is a lens made of glass?" 0.52;
# short fronts a word apart pass too ("What is a prism?" vs "What is a prison?" is 0.91), which is why
# only a card that disappeared in the same build can be a partner, and only when it is the only one.
SIMILAR_FRONT = 0.7
# Comparing fronts costs a difflib ratio per pair: a part of a note with more new x gone cards than this
# was rewritten, not reworded, and gets no similar-front evidence.
SIMILAR_FRONT_MAX_PAIRS = 2500
# A back identifies a card only when it is this long and no other card, old or new, has it: "No." or
# "1.3 billion." answer many unrelated questions.
DISTINCT_BACK_CHARS = 24


def normalise_front(front: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", front)).strip()


def card_id(file: str, section: tuple[str, ...], front: str) -> str:
    key = "\x1f".join([file, "\x1e".join(section), normalise_front(front)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def is_retired(card: Card) -> bool:
    return RETIRED_TAG in card.tags


# ---------------------------------------------------------------- history


class Known:
    """A card the history remembers: the id it keeps, the content id it had last, its note file, the card
    as last built (with the kept id) and whether its source is gone. A card read from the history, or one
    of a note whose cards were not decoded in this build, is decoded only when it is looked at (`source`
    holds it at `index`): most builds match every card by its content id alone."""

    __slots__ = ("id", "content", "file", "retired", "_card", "_source", "_index")

    def __init__(self, id: str, content: str, file: str, card: Card | None = None, retired: bool = False,
                 source: _Shards | _Built | None = None, index: int = 0) -> None:
        self.id, self.content, self.file, self.retired = id, content, file, retired
        self._card, self._source, self._index = card, source, index

    @property
    def card(self) -> Card:
        if self._card is None:
            assert self._source is not None
            self._card = self._source.card(self.file, self._index)
        return self._card

    def as_retired(self) -> Known:
        return Known(self.id, self.content, self.file, self._card, True, self._source, self._index)

    def encoded_card(self) -> list:
        if self._card is None and self._source is not None:
            return self._source.raw(self.file, self._index)
        return _encode_card(self.card)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Known) and (self.id, self.content, self.file, self.retired, self.encoded_card()) == \
            (other.id, other.content, other.file, other.retired, other.encoded_card())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Known({self.id!r}, {self.content!r}, {self.file!r}, retired={self.retired})"


def _encode_card(card: Card) -> list:
    """A card as a JSON list (a tenth of the time of Card.to_dict: the history holds every card)."""
    check = asdict(card.check) if card.check is not None else None
    return [card.id, card.kind, card.front, card.back, card.lang, list(card.tags), list(card.section),
            card.source.file, card.source.line, card.note_title, check]


def _decode_card(raw: list) -> Card:
    id_, kind, front, back, lang, tags, section, file, line, note_title, check = raw
    return Card(id_, kind, front, back, lang, tuple(tags), tuple(section), SourcePos(file, line), note_title,
                Check(**check) if check is not None else None)


class _Shards:
    """The cards of the history, one file per note (OUT/.kb-ids/NAME.json), read when first needed."""

    def __init__(self, folder: Path, names: dict[str, str]) -> None:
        self.folder, self.names = folder, names
        self._loaded: dict[str, list] = {}

    def raw(self, file: str, index: int) -> list:
        if file not in self._loaded:
            self._loaded[file] = json.loads((self.folder / f"{self.names[file]}.json").read_text(encoding="utf-8"))
        return self._loaded[file][index]

    def card(self, file: str, index: int) -> Card:
        return _decode_card(self.raw(file, index))


class _Built:
    """This build's cards, where the history's entries for them find them (by their index in the build).
    Given a kb.parts.Cards, the history is written a note at a time: each note's part is released
    (NotePart.release) when the next note's card is asked for, so writing it never holds every card."""

    def __init__(self, cards: Sequence[Card]) -> None:
        self.cards = cards
        self._last: NotePart | None = None

    def raw(self, file: str, index: int) -> list:
        if not isinstance(self.cards, Cards):
            return _encode_card(self.cards[index])
        part, offset = self.cards.part_at(index)
        if part is not self._last:
            if self._last is not None:
                self._last.release()
            self._last = part
        return _encode_card(part.cards[offset])

    def card(self, file: str, index: int) -> Card:
        return self.cards[index]


@dataclass(frozen=True)
class Followed:
    """One build's cards with the ids they keep, the retired cards, and the history to save."""
    cards: Sequence[Card]          # a kb.parts.Cards when the build's cards were given as one
    retired: tuple[Card, ...]      # tagged RETIRED_TAG
    newly_retired: int
    revived: int
    history: tuple[Known, ...]


def load_history(path: Path) -> list[Known]:
    """The saved history; a missing, damaged or foreign one is no history (every id its content id).

    A shard that turns out damaged later, when a card is decoded, fails the build loudly: the index and
    its shards are written together, so that is a damaged output folder, never a silent wrong merge."""
    try:
        data = orjson.loads(path.read_bytes())
        if data.get("format") != HISTORY_FORMAT or data.get("version") != HISTORY_VERSION:
            return []
        names = {str(file): str(name) for file, name in data["notes"].items()}
        folder = _shard_folder(path)
        if not all((folder / f"{name}.json").is_file() for name in names.values()):
            return []
        shards = _Shards(folder, names)
        rows = data["cards"]  # one Python loop over every card is all a build with few edits can afford
        if not all(type(id_) is str and type(content) is str and type(retired) is bool and file in names
                   and type(index) is int for id_, content, retired, file, index in rows):
            return []
        return [Known(id_, content, file, None, retired, shards, index) for id_, content, retired, file, index in rows]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []


def save_history(path: Path, history: Sequence[Known], versions: Mapping[str, str] | None = None) -> None:
    """Write the history: an index, and the cards of each note in a file named by its content. `versions`
    (note file -> a key that changes whenever its cards do) lets a note whose shard exists skip encoding."""
    folder = _shard_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    by_file: dict[str, list[Known]] = defaultdict(list)
    for known in history:
        by_file[known.file].append(known)
    names: dict[str, str] = {}
    for file, entries in by_file.items():
        heads = [[k.id, k.content, k.retired] for k in entries]
        retired = [k.encoded_card() for k in entries if k.retired]
        if versions is not None and file in versions:
            names[file] = key_for("kb-ids", file, versions[file], json.dumps([heads, retired], ensure_ascii=False))[:24]
            if (folder / f"{names[file]}.json").is_file():
                continue
        text = json.dumps([k.encoded_card() for k in entries], ensure_ascii=False, separators=(",", ":"))
        names.setdefault(file, key_for("kb-ids", file, text)[:24])
        write_text_atomic(folder / f"{names[file]}.json", text)
    index = {file: 0 for file in by_file}
    rows = []
    for known in history:
        rows.append([known.id, known.content, known.retired, known.file, index[known.file]])
        index[known.file] += 1
    data = {"format": HISTORY_FORMAT, "version": HISTORY_VERSION, "notes": names, "cards": rows}
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    keep = {f"{name}.json" for name in names.values()}
    for stale in folder.glob("*.json"):
        if stale.name not in keep:
            stale.unlink(missing_ok=True)


def _shard_folder(path: Path) -> Path:
    return path.with_suffix("")  # OUT/.kb-ids.json -> OUT/.kb-ids/


# ---------------------------------------------------------------- following ids across a build


def follow_ids(history: Sequence[Known], cards: Sequence[Card]) -> Followed:
    """This build's cards (whose ids are content ids) with the ids they keep from `history`. Cards given as
    a kb.parts.Cards are decoded only where rename detection needs them (a card appeared and one went)."""
    heads = cards.heads() if isinstance(cards, Cards) else [(card.id, card.source.file) for card in cards]
    by_content = {known.content: known for known in history}
    kept: dict[int, Known] = {}
    for index, (content, _) in enumerate(heads):
        if content in by_content:
            kept[index] = by_content[content]
    claimed = {known.id for known in kept.values()}
    new = [index for index in range(len(heads)) if index not in kept]
    gone = [known for known in history if not known.retired and known.id not in claimed]
    if new and gone:  # only then are old cards read at all: those gone, and the others of their notes
        files = {known.file for known in gone}
        for new_index, gone_index in renames([cards[i] for i in new], [k.card for k in gone], cards,
                                             [k.card for k in history if not k.retired and k.file in files]):
            kept[new[new_index]] = gone[gone_index]
            claimed.add(gone[gone_index].id)

    taken = {known.id for known in history}
    ids = []
    for index, (content, _) in enumerate(heads):
        known = kept.get(index)
        ids.append(known.id if known else _unused_id(content, taken, by_content))
    followed: Sequence[Card] = (cards.with_ids(ids) if isinstance(cards, Cards) else
                                tuple(card if keep == card.id else replace(card, id=keep) for card, keep in zip(cards, ids)))
    built = _Built(followed)
    entries = [Known(keep, content, file, None, False, built, index)
               for index, (keep, (content, file)) in enumerate(zip(ids, heads))]
    live = set(ids)
    retired = [k.as_retired() for k in history if k.id not in live]
    revived = sum(1 for known in kept.values() if known.retired)
    newly_retired = sum(1 for k in history if not k.retired and k.id not in live)
    return Followed(followed, tuple(_retired_card(k.card) for k in retired), newly_retired, revived,
                    tuple(entries + retired))


def _unused_id(content: str, taken: set[str], by_content: dict[str, Known]) -> str:
    """A new card's id: its content id, unless an older card already keeps that id (it was renamed from
    this very content and a copy of the old text came back beside it)."""
    if content not in taken or content in by_content:
        return content
    n = 1
    while (candidate := hashlib.sha256(f"{content}\x1f{n}".encode()).hexdigest()[:16]) in taken:
        n += 1
    return candidate


def _retired_card(card: Card) -> Card:
    return card if is_retired(card) else replace(card, tags=tuple(sorted({*card.tags, RETIRED_TAG})))


# ---------------------------------------------------------------- rename detection


def renames(new: Sequence[Card], gone: Sequence[Card], all_new: Sequence[Card], all_old: Sequence[Card]
            ) -> list[tuple[int, int]]:
    """(index in new, index in gone) pairs that are the same card, strongest evidence first. `all_new` is
    this build's cards, `all_old` the last build's cards of the notes the gone cards were in:

    1. the same front, in the same note or with the same back (a section renamed, or moved to another
       note: a front alone, such as "What is Introduction?", is no evidence across notes);
    2. the same back, when it is distinctive (a question reworded, its answer kept);
    3. a similar front in the same part of the same note (a question reworded, its answer edited);
    4. the same place in a section that other cards show was renamed or moved (its heading, and with it
       the fronts made from the heading, changed).

    Each kind of evidence groups cards by a key; a pair is taken only when each side has exactly one
    candidate, and a card with two or more candidates is matched by nothing weaker either."""
    if not new or not gone:
        return []
    new_traits, gone_traits = _traits(new, all_new), _traits(gone, all_old)
    back_counts: dict[tuple[str, str], int] = defaultdict(int)
    for card in [*all_new, *all_old]:
        back_counts[_back_key(card)] += 1

    def distinct_back(t: _Traits) -> object:
        return t.back if back_counts[t.back] == 2 and len(t.back[1]) >= DISTINCT_BACK_CHARS else None

    matcher = _Matcher(new_traits, gone_traits)
    matcher.pair(lambda t: t.front, lambda t: t.front, lambda a, b: a.file == b.file or a.back == b.back)
    matcher.pair(distinct_back, distinct_back)
    matcher.pair(lambda t: (t.file, t.section[:-1]), lambda t: (t.file, t.section[:-1]),
                 lambda a, b: _similar(a.front, b.front), max_pairs=SIMILAR_FRONT_MAX_PAIRS)
    moved: dict[tuple[str, tuple[str, ...]], set[tuple[str, tuple[str, ...]]]] = defaultdict(set)
    for i, j in matcher.pairs:
        old, now = gone_traits[j], new_traits[i]
        if (old.file, old.section) != (now.file, now.section):
            moved[old.file, old.section].add((now.file, now.section))
    section_now = {old: next(iter(now)) for old, now in moved.items() if len(now) == 1}
    matcher.pair(lambda t: (t.file, t.section, t.place[1]),
                 lambda t: (*section_now[t.file, t.section], t.place[1]) if (t.file, t.section) in section_now
                 else None)
    return sorted(matcher.pairs)


class _Matcher:
    """Pairs new cards with gone ones, one kind of evidence at a time."""

    def __init__(self, new: Sequence[_Traits], gone: Sequence[_Traits]) -> None:
        self.new, self.gone = new, gone
        self.open_new, self.open_gone = set(range(len(new))), set(range(len(gone)))
        self.pairs: list[tuple[int, int]] = []

    def pair(self, new_key: Callable[[_Traits], object], gone_key: Callable[[_Traits], object],
             same: Callable[[_Traits, _Traits], bool] = lambda a, b: True, max_pairs: int | None = None) -> None:
        gone_groups: dict[object, list[int]] = defaultdict(list)
        for j in sorted(self.open_gone):
            if (key := gone_key(self.gone[j])) is not None:
                gone_groups[self.gone[j].kind, key].append(j)
        new_groups: dict[object, list[int]] = defaultdict(list)
        for i in sorted(self.open_new):
            if (key := new_key(self.new[i])) is not None:
                new_groups[self.new[i].kind, key].append(i)
        candidates: dict[int, list[int]] = defaultdict(list)
        partners: dict[int, list[int]] = defaultdict(list)
        for key, news in new_groups.items():
            gones = gone_groups.get(key, [])
            if max_pairs is not None and len(news) * len(gones) > max_pairs:
                continue
            for i in news:
                for j in gones:
                    if same(self.new[i], self.gone[j]):
                        candidates[i].append(j)
                        partners[j].append(i)
        ambiguous_new = {i for i, js in candidates.items() if len(js) > 1}
        ambiguous_new |= {i for is_ in partners.values() if len(is_) > 1 for i in is_}
        ambiguous_gone = {j for j, is_ in partners.items() if len(is_) > 1}
        ambiguous_gone |= {j for js in candidates.values() if len(js) > 1 for j in js}
        for i, js in candidates.items():
            if i not in ambiguous_new and js[0] not in ambiguous_gone:
                self.pairs.append((i, js[0]))
                self.open_new.discard(i)
                self.open_gone.discard(js[0])
        self.open_new -= ambiguous_new
        self.open_gone -= ambiguous_gone


@dataclass(frozen=True)
class _Traits:
    kind: str
    file: str
    section: tuple[str, ...]
    front: str
    back: tuple[str, str]
    place: tuple[int, int]  # (which section of its note, which card of its section)


def _traits(cards: Sequence[Card], build: Sequence[Card]) -> list[_Traits]:
    places = _places(build)
    return [_Traits(card.kind, card.source.file, card.section, normalise_front(card.front).casefold(),
                    _back_key(card), places.get(id(card), (-1, -1))) for card in cards]


def _back_key(card: Card) -> tuple[str, str]:
    """The back as the student reads it, without the card's own line number (it moves with the text)."""
    back = card.back.replace(str(card.source), card.source.file)
    return card.kind, normalise_front(back).casefold()


def _places(build: Sequence[Card]) -> dict[int, tuple[int, int]]:
    """id(card) -> (which section of its note, which card of that section), in build order."""
    sections: dict[str, dict[tuple[str, ...], int]] = defaultdict(dict)
    counts: dict[tuple[str, tuple[str, ...]], int] = defaultdict(int)
    places = {}
    for card in build:
        in_file = sections[card.source.file]
        section = in_file.setdefault(card.section, len(in_file))
        places[id(card)] = (section, counts[card.source.file, card.section])
        counts[card.source.file, card.section] += 1
    return places


def _similar(a: str, b: str) -> bool:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= SIMILAR_FRONT and matcher.quick_ratio() >= SIMILAR_FRONT \
        and matcher.ratio() >= SIMILAR_FRONT
