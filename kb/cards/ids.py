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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path

from kb.atomic import write_text_atomic
from kb.model import Card

HISTORY_NAME = ".kb-ids.json"
HISTORY_FORMAT = "kb-ids"
HISTORY_VERSION = 1
RETIRED_TAG = "kb::retired"

# A reworded front is the same question when it keeps this much of the old one (difflib's ratio on the
# case-folded fronts) and stays in the same part of the same note. "How many images are uploaded to
# Instagram daily?" vs "How many images does Instagram get each day?" is 0.71; "What is NAS?" vs
# "What is NAT?" is 0.91, hence the other conditions: a partner must also be the only one.
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


@dataclass(frozen=True)
class Known:
    """A card the history remembers: the id it keeps, the content id it had last, the card as last built
    (with the kept id) and whether its source is gone."""
    id: str
    content: str
    card: Card
    retired: bool = False


@dataclass(frozen=True)
class Followed:
    """One build's cards with the ids they keep, the retired cards, and the history to save."""
    cards: tuple[Card, ...]
    retired: tuple[Card, ...]      # tagged RETIRED_TAG
    newly_retired: int
    revived: int
    history: tuple[Known, ...]


def load_history(path: Path) -> list[Known]:
    """The saved history; a missing, damaged or foreign file is no history (every id its content id)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != HISTORY_FORMAT or data.get("version") != HISTORY_VERSION:
            return []
        return [Known(entry["id"], entry["content"], Card.from_dict(entry["card"]), bool(entry["retired"]))
                for entry in data["cards"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []


def save_history(path: Path, history: Sequence[Known]) -> None:
    entries = [{"id": k.id, "content": k.content, "retired": k.retired, "card": k.card.to_dict()} for k in history]
    data = {"format": HISTORY_FORMAT, "version": HISTORY_VERSION, "cards": entries}
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")


# ---------------------------------------------------------------- following ids across a build


def follow_ids(history: Sequence[Known], cards: Sequence[Card]) -> Followed:
    """This build's cards (whose ids are content ids) with the ids they keep from `history`."""
    by_content = {known.content: known for known in history}
    kept: dict[int, Known] = {}
    for index, card in enumerate(cards):
        if card.id in by_content:
            kept[index] = by_content[card.id]
    claimed = {known.id for known in kept.values()}
    new = [index for index in range(len(cards)) if index not in kept]
    gone = [known for known in history if not known.retired and known.id not in claimed]
    for new_index, gone_index in renames([cards[i] for i in new], [k.card for k in gone], cards,
                                         [k.card for k in history if not k.retired]):
        kept[new[new_index]] = gone[gone_index]
        claimed.add(gone[gone_index].id)

    taken = {known.id for known in history}
    followed: list[Card] = []
    entries: list[Known] = []
    for index, card in enumerate(cards):
        known = kept.get(index)
        keep = known.id if known else _unused_id(card.id, taken, by_content)
        followed.append(replace(card, id=keep))
        entries.append(Known(keep, card.id, followed[-1]))
    live = {entry.id for entry in entries}
    retired = [replace(k, retired=True) for k in history if k.id not in live]
    revived = sum(1 for known in kept.values() if known.retired)
    newly_retired = sum(1 for k in history if not k.retired and k.id not in live)
    return Followed(tuple(followed), tuple(_retired_card(k.card) for k in retired), newly_retired, revived,
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
    """(index in new, index in gone) pairs that are the same card, strongest evidence first:

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
