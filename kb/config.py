"""The user's settings: an optional `kb.toml` at the root of the notes folder (never read as a note).

    deck = "Deep Learning"                 # the top deck's name in Anki (default "KB")
    tags = ["course::cs231n", "exam"]      # tags added to every card
    skip = ["3f2a9c1e8b7d4a6f",            # a card id (as in cards.json), or
            "Optimisers > Momentum"]       # a heading path: that section, the sections under it, its cards

    [macros]                               # the author's LaTeX macros, written out in every note (kb.macros)
    vx = "\\mathbf{x}"
    norm = ["\\left\\| #1 \\right\\|", 1]  # [body, number of arguments(, default of the first)]

In a note, `<!-- kb:skip -->` right before a heading or a question skips that section (or question) and
what is under it, the same way. A bad kb.toml stops the build before anything is written, with its line.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kb.macros.mathjax_config import MacroConfigError, macros_from_mapping
from kb.model import Card, Note

CONFIG_NAME = "kb.toml"
DEFAULT_DECK = "KB"
SKIP_MARKER = re.compile(r"^\s*<!--\s*kb:skip\s*-->\s*$")
_CARD_ID = re.compile(r"[0-9a-f]{16}")
_KEYS = {"deck": str, "tags": list, "skip": list, "macros": dict}


class ConfigError(ValueError):
    """kb.toml cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Config:
    deck: str = DEFAULT_DECK
    tags: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    text: str = ""  # the file as written: the outputs depend on it

    @property
    def card_tags(self) -> tuple[str, ...]:
        """The tags added to every card, as cards carry them."""
        return tuple(_tag(t) for t in self.tags)

    def skips(self, card: Card) -> bool:
        return card.id in self.skip or any(_under(card.section, path) for path in self._paths())

    def _paths(self) -> list[tuple[str, ...]]:
        return [_heading_path(entry) for entry in self.skip if not _CARD_ID.fullmatch(entry)]


def load_config(notes_dir: Path) -> Config:
    path = notes_dir / CONFIG_NAME
    if not path.is_file():
        return Config()
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_in(str(exc), text)
        raise ConfigError(f"{path}:{line}: error: {getattr(exc, 'msg', str(exc))}") from None
    for key, value in data.items():
        line = _key_line(text, key)
        if key not in _KEYS:
            raise ConfigError(f"{path}:{line}: error: unknown setting '{key}' (kb.toml knows {', '.join(_KEYS)})")
        if not isinstance(value, _KEYS[key]) or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            kind = {str: "text", list: "a list of texts", dict: "a table"}[_KEYS[key]]
            raise ConfigError(f"{path}:{line}: error: '{key}' must be {kind}")
        if key == "macros":   # read by kb.macros.folder with the folder's other macro sources; checked here
            try:
                macros_from_mapping(value)
            except MacroConfigError as exc:
                raise ConfigError(f"{path}:{_macro_line(text, str(exc))}: error: {exc}") from None
    deck = str(data.get("deck", DEFAULT_DECK)).strip()
    if not deck or "::" in deck:
        raise ConfigError(f"{path}:{_key_line(text, 'deck')}: error: 'deck' must be a name without '::'")
    return Config(deck, tuple(t.strip() for t in data.get("tags", []) if t.strip()),
                  tuple(s.strip() for s in data.get("skip", []) if s.strip()), text)


def skipped_by_marker(note: Note) -> list[tuple[str, ...]]:
    """Heading paths of the sections a `<!-- kb:skip -->` right before their heading skips."""
    paths = []
    for previous, section in zip(note.sections, note.sections[1:]):
        if previous.blocks and SKIP_MARKER.match(previous.blocks[-1].text):
            paths.append(tuple(heading.strip().casefold() for heading in section.path))
    return paths


def apply_config(config: Config, notes: Sequence[Note], cards: Sequence[Card]) -> tuple[list[Card], list[str]]:
    """The cards left after the author's skips, with the extra tags; and a line per skipped card."""
    marked = {note.file: skipped_by_marker(note) for note in notes}
    kept, skipped = [], []
    for card in cards:
        by_marker = any(_under(card.section, path) for path in marked.get(card.source.file, ()))
        if by_marker or config.skips(card):
            why = "<!-- kb:skip -->" if by_marker else CONFIG_NAME
            skipped.append(f"{card.source}: skipped ({why}): {card.front.splitlines()[0][:80]}")
            continue
        kept.append(replace(card, tags=card.tags + config.card_tags) if config.tags else card)
    return kept, skipped


def _under(section: tuple[str, ...], path: tuple[str, ...]) -> bool:
    return bool(path) and tuple(h.strip().casefold() for h in section[: len(path)]) == path


def _heading_path(entry: str) -> tuple[str, ...]:
    return tuple(part.strip().casefold() for part in entry.split(">") if part.strip())


def _tag(tag: str) -> str:
    return re.sub(r"\s+", "_", tag.strip())


def _key_line(text: str, key: str) -> int:
    """The line that sets `key` (a table's header `[key]` when it is one)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*(?:{re.escape(key)}\s*=|\[\s*{re.escape(key)}\s*\])", line):
            return number
    return 1


def _macro_line(text: str, message: str) -> int:
    """The line of the `[macros]` entry a message names (`macro 'vx' ...`), else the table's own line."""
    table = _key_line(text, "macros")
    named = re.search(r"macro (?:name )?'([^']*)'", message)
    for number, line in enumerate(text.splitlines()[table:], start=table + 1):
        if named and re.match(rf"\s*[\"']?\\*{re.escape(named.group(1))}[\"']?\s*=", line):
            return number
    return table


def _line_in(message: str, text: str) -> int:
    """The line tomllib's message names ('at line 3, column 1'; 'at end of document' is the last line)."""
    found = re.search(r"line (\d+)", message)
    if found:
        return int(found.group(1))
    return max(len(text.splitlines()), 1) if "end of document" in message else 1
