"""Obsidian (and Foam, Dendron, Logseq) wikilinks: `[[target]]`, `[[target|label]]`, `[[target#heading]]`
read as their label, and embeds `![[figure.png]]`, `![[figure.png|300]]` as images of that file, which
kb finds by name anywhere under the notes folder (as Obsidian does).

Tokens: `wikilink` (attrs href: the target without its heading; content: the label shown) and
`wikiembed` (attrs src; content: the label).
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

_LINK = re.compile(r"(!?)\[\[([^\[\]\n|]+?)(?:\|([^\[\]\n]*))?\]\]")
_SIZE = re.compile(r"^\d+(x\d+)?$")  # `![[a.png|300]]`, `![[a.png|300x200]]`: a size, not a caption


def plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "wikilink", _wikilink)


def _wikilink(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith(("[[", "![["), state.pos):
        return False
    match = _LINK.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        embed, target, label = match.group(1), match.group(2).strip(), (match.group(3) or "").strip()
        if embed:
            token = state.push("wikiembed", "img", 0)
            token.attrSet("src", target.split("#")[0].strip())
            token.content = "" if _SIZE.match(label) else label
        else:
            token = state.push("wikilink", "", 0)
            token.attrSet("href", target.split("#")[0].strip())
            token.content = label or link_text(target)
        token.markup = match.group(0)
    state.pos = match.end()
    return True


def link_text(target: str) -> str:
    """What a link without a label shows: the note's name, with a heading after it ("Note > Part")."""
    page, _, heading = target.partition("#")
    page = page.strip().rsplit("/", 1)[-1]
    heading = heading.strip().lstrip("^")
    return f"{page} > {heading}" if page and heading else page or heading
