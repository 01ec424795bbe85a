"""Front matter: the metadata block at the top of a note (YAML between `---` lines, as Jekyll, Hugo,
Obsidian and Docusaurus write it, TOML between `+++` lines, as Hugo writes it, YAML closed by `---` with no
opening line, as Hexo accepts it (its own scaffolds once wrote `title:`, `date:`, `tags:` then `---`), Logseq's page
properties, `key:: value` lines before the first block, pandoc's title block, `% Title` (then `% Authors`
and `% Date`) on the first lines, or a Notion export's page properties: the page
title as `# Title` on the first line, a blank line, then two or more `Property: value` lines, one each,
in the user's language (`Created: March 3, 2024`, `Tags: ML, exam`, `Etiquetas: visión`)).

It is metadata, never text: its lines are blanked before parsing (so every later line keeps its number)
and its title, tags and aliases go on the Note.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.parse.dialects.latex_document import is_latex_document

_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_MAX_LINES = 200  # a front matter block longer than this is a document, not a header
_KEY_LINE = re.compile(r"^[\w\"'-][\w \"'.-]*\s*[:=]")
_LIST_PROPERTIES = ("tags", "tag", "alias", "aliases")
_TITLE_LINE = re.compile(r"^title\s*[:=]\s*(?P<value>\S.*?)\s*$", re.I)
_YAML_LINE = re.compile(r"^(?:[\w\"'-][\w \"'.-]*:(?:\s|$)|\s+\S|-\s)")  # a key, an indented value, a list item
_PROPERTY = re.compile(r"^([a-z][a-z0-9_-]*):: (.*)$")  # Logseq: one lower-case word ("Q:: A" is a card)
_NOTION_TITLE = re.compile(r"^# \S")
# A property's name is a few words (no digits, no colon); its value one line that is not a sentence or math.
_NOTION_PROPERTY = re.compile(r"^(?P<key>[^\W\d_][^\W\d_ &'/.-]*(?:[ &'/.-]+[^\W\d_]+){0,3}): (?P<value>[^$\n]{1,120})$")
_SENTENCE_END = re.compile(r"[.!?。！？]$")
_MIN_NOTION_PROPERTIES = 2
_PANDOC_TITLE_LINES = 3
# Notion's tag property, as its interface names it in the languages it is used in.
_NOTION_TAG_KEYS = ("tags", "tag", "etiquetas", "étiquettes", "schlagwörter", "теги", "标签", "タグ", "태그", "nhãn")


@dataclass(frozen=True)
class FrontMatter:
    lines: int = 0                   # the line after the block (0: no block)
    title: str = ""
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    error: str = ""                  # why the block could not be read (it is still not shown as text)
    first: int = 0                   # the block's first line (a Notion export's title line stays text)


def front_matter_lines(lines: list[str]) -> int:
    """How many lines at the top are a front matter block (0 when there is none). Cheap: no parsing."""
    if lines and _PROPERTY.match(lines[0]):
        return next((i for i, line in enumerate(lines) if not _PROPERTY.match(line)), len(lines))
    if lines and _TITLE_LINE.match(lines[0]):
        return _unopened_lines(lines)
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


def _unopened_lines(lines: list[str]) -> int:
    """Hexo's front matter without its opening `---`: YAML from the first line (a `title:`) to a `---` line."""
    for index in range(1, min(len(lines), _MAX_LINES)):
        if lines[index].strip() == "---":
            return index + 1
        if lines[index].strip() and not _YAML_LINE.match(lines[index]):
            return 0
    return 0


def read_front_matter(text: str, markdown: bool = True) -> FrontMatter:
    """The note's front matter. pandoc's `%` title block opens Markdown and the slides pandoc makes from it,
    never a TeX document (where `%` opens a comment)."""
    lines = text.split("\n")
    count = front_matter_lines(lines)
    if not count:
        pandoc = markdown and not is_latex_document(text)
        return (pandoc and _pandoc_title_block(lines)) or _notion_properties(lines)
    opened = lines[0].strip() in _FENCES
    body = lines[int(opened):count - 1]
    try:
        data = _properties(lines[:count]) if _PROPERTY.match(lines[0]) else _load(
            lines[0].strip() if opened else "---", "\n".join(body))
    except Exception as exc:  # noqa: BLE001 - yaml and tomllib raise their own error types
        title = _salvaged_title(body)
        kept = f"; its title line is used: {title}" if title else ""
        return FrontMatter(count, title, error=f"front matter cannot be read: {_first_line(exc)}{kept}")
    if not isinstance(data, dict):
        return FrontMatter(count)
    fields = {str(key).casefold(): value for key, value in data.items()}
    return FrontMatter(count, _title(fields.get("title")), _words(fields.get("tags", fields.get("tag")), r"[,\s]+"),
                       _words(fields.get("aliases", fields.get("alias")), r","))


def blank_front_matter(text: str, matter: FrontMatter) -> str:
    """The text with the block's lines emptied (line numbers stay those of the file)."""
    if not matter.lines:
        return text
    lines = text.split("\n")
    return "\n".join(lines[:matter.first] + [""] * (matter.lines - matter.first) + lines[matter.lines:])


def _pandoc_title_block(lines: list[str]) -> FrontMatter | None:
    """pandoc's title block: up to three lines that start with `%` (title, authors, date) at the very top,
    then a blank line."""
    end = next((i for i, line in enumerate(lines[:_PANDOC_TITLE_LINES + 1]) if not line.startswith("%")), len(lines))
    if not end or end > _PANDOC_TITLE_LINES or (end < len(lines) and lines[end].strip()):
        return None
    return FrontMatter(end, _text(lines[0][1:]))


def _notion_properties(lines: list[str]) -> FrontMatter:
    """A Notion export's property lines under its title line, or no block."""
    if len(lines) < 2 or not _NOTION_TITLE.match(lines[0]) or lines[1].strip():
        return FrontMatter()
    end = next((i for i in range(2, len(lines)) if not lines[i].strip()), len(lines))
    found = [_NOTION_PROPERTY.match(line.strip()) for line in lines[2:end]]
    if len(found) < _MIN_NOTION_PROPERTIES or not all(m and not _SENTENCE_END.search(m["value"].strip()) for m in found):
        return FrontMatter()
    tags = [m["value"] for m in found if m and m["key"].casefold() in _NOTION_TAG_KEYS]
    return FrontMatter(end, first=2, tags=_words(",".join(tags), r",") if tags else ())


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


def _salvaged_title(lines: list[str]) -> str:
    """The title of a block YAML or TOML refuses for a slip elsewhere (a value on the line under its key, a
    tab): its own top-level `title:` line, when that holds a plain value, is what the site generator meant."""
    found = next(filter(None, map(_TITLE_LINE.match, lines)), None)
    if not found or found["value"][:1] in "[{&*|>!%@`":
        return ""
    value = found["value"]
    quoted = len(value) > 1 and value[0] == value[-1] and value[0] in "'\""
    return _text(value[1:-1] if quoted else value)


def _title(value) -> str:
    """A title is a string, or (as pandoc's beamer and LaTeX templates accept it, `title:` then `- Part`
    lines) a list of its parts, read in order."""
    if isinstance(value, (list, tuple)):
        return " ".join(filter(None, map(_text, value)))
    return _text(value)


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
