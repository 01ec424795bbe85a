"""Front matter: the metadata block at the top of a note (YAML between `---` lines, as Jekyll, Hugo,
Obsidian and Docusaurus write it, TOML between `+++` lines, as Hugo writes it, or Logseq's page
properties, `key:: value` lines before the first block).

It is metadata, never text: its lines are blanked before parsing (so every later line keeps its number)
and its title, tags and aliases go on the Note.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_MAX_LINES = 200  # a front matter block longer than this is a document, not a header
_KEY_LINE = re.compile(r"^[\w\"'-][\w \"'.-]*\s*[:=]")
_LIST_PROPERTIES = ("tags", "tag", "alias", "aliases")
_PROPERTY = re.compile(r"^([a-z][a-z0-9_-]*):: (.*)$")  # Logseq: one lower-case word ("Q:: A" is a card)


@dataclass(frozen=True)
class FrontMatter:
    lines: int = 0                   # how many lines at the top of the text the block takes (0: none)
    title: str = ""
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    error: str = ""                  # why the block could not be read (it is still not shown as text)


def front_matter_lines(lines: list[str]) -> int:
    """How many lines at the top are a front matter block (0 when there is none). Cheap: no parsing."""
    if lines and _PROPERTY.match(lines[0]):
        return next((i for i, line in enumerate(lines) if not _PROPERTY.match(line)), len(lines))
    if not lines or lines[0].strip() not in _FENCES:
        return 0
    closers = _FENCES[lines[0].strip()]
    body = []
    for index in range(1, min(len(lines), _MAX_LINES)):
        if lines[index].strip() in closers:
            # A thematic break followed by prose and another break is not metadata: the first line must
            # be a `key:` (YAML) or `key =` (TOML) line.
            first = next((line for line in body if line.strip() and not line.lstrip().startswith("#")), "")
            return index + 1 if not body or _KEY_LINE.match(first) else 0
        body.append(lines[index])
    return 0


def read_front_matter(text: str) -> FrontMatter:
    lines = text.split("\n")
    count = front_matter_lines(lines)
    if not count:
        return FrontMatter()
    try:
        data = _properties(lines[:count]) if _PROPERTY.match(lines[0]) else _load(lines[0].strip(),
                                                                                  "\n".join(lines[1:count - 1]))
    except Exception as exc:  # noqa: BLE001 - yaml and tomllib raise their own error types
        return FrontMatter(count, error=f"front matter cannot be read: {_first_line(exc)}")
    if not isinstance(data, dict):
        return FrontMatter(count)
    fields = {str(key).casefold(): value for key, value in data.items()}
    return FrontMatter(count, _text(fields.get("title")), _words(fields.get("tags", fields.get("tag")), r"[,\s]+"),
                       _words(fields.get("aliases", fields.get("alias")), r","))


def blank_front_matter(text: str, count: int) -> str:
    """The text with its first `count` lines emptied (line numbers stay those of the file)."""
    if not count:
        return text
    lines = text.split("\n")
    return "\n" * count + "\n".join(lines[count:])


def _load(fence: str, body: str):
    if fence == "+++":
        import tomllib

        return tomllib.loads(body)
    import yaml

    return yaml.safe_load(body)


def _properties(lines: list[str]) -> dict[str, str | list[str]]:
    """Logseq page properties; `[[Page]]` links in values are their page names, and tags and aliases are
    separated by commas."""
    data: dict[str, str | list[str]] = {}
    for match in filter(None, map(_PROPERTY.match, lines)):
        value = re.sub(r"\[\[([^\]]+)\]\]", r"\1", match.group(2)).strip()
        data[match.group(1)] = value.split(",") if match.group(1) in _LIST_PROPERTIES else value
    return data


def _text(value) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def _words(value, separator: str) -> tuple[str, ...]:
    """Tags and aliases are a list, or one string (Obsidian separates tags by commas or spaces)."""
    if isinstance(value, str):
        items = re.split(separator, value)
    elif isinstance(value, (list, tuple)):
        items = [_text(item) for item in value]
    else:
        return ()
    return tuple(dict.fromkeys(item.strip().lstrip("#") for item in items if item and item.strip().lstrip("#")))


def _first_line(exc: Exception) -> str:
    return str(exc).strip().split("\n", 1)[0]
