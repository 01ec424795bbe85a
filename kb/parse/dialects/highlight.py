"""`==highlighted text==` (Obsidian, Typora, Bear, iA Writer) as a `mark` token. The text keeps the
markup: the card makers read highlights as the author's marks of what to remember."""
from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline


def plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("emphasis", "highlight", _highlight)


def _highlight(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith("==", start) or state.src.startswith("===", start):
        return False
    end = state.src.find("==", start + 2)
    if end < 0 or state.src.startswith("===", end):
        return False
    inner = state.src[start + 2:end]
    if not inner.strip() or inner != inner.strip() or "\n\n" in inner:
        return False
    if not silent:
        state.push("mark_open", "mark", 1).markup = "=="
        old_max = state.posMax
        state.pos, state.posMax = start + 2, end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("mark_close", "mark", -1).markup = "=="
    state.pos = end + 2
    return True
