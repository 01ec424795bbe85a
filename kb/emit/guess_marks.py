"""Mark the characters the encoding repair guessed in rendered card HTML (site and Anki alike).

Marks are applied to the HTML after rendering, never to the card's Markdown, so card ids, the text the
question and formula stages see, and the render memo's keys stay as they are. A guess is found in a
card by the characters around it in the note (two on each side, on its line): a card quotes the note,
so the same context finds the same character, whatever Markdown the card adds around it.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache

from kb.model import SourceText

CONTEXT = 2
_TAG = re.compile(r"(<[^>]*>)")
# Inside these elements text is code or math, never the note's prose.
_SKIPPED = re.compile(r"<(code|pre|math|script|style)\b", re.I)


@lru_cache(maxsize=16)
def guess_marker(source: SourceText | None) -> Callable[[str], str]:
    """A function that wraps each guessed character of `source` found in an HTML fragment."""
    from kb.read.mojibake_report import restored_offsets

    contexts: dict[str, list[tuple[int, str]]] = {}
    if source is not None:
        text = source.text
        for offset, char in restored_offsets(source):
            if char.certain:
                continue
            start = max(offset - CONTEXT, text.rfind("\n", 0, offset) + 1)
            end = text.find("\n", offset)
            end = min(offset + CONTEXT + 1, len(text) if end < 0 else end)
            context = text[start:end]
            if not any(mark in context for mark in "<>&\"'"):
                contexts.setdefault(context, []).append((offset - start, " ".join(char.alternatives)))
    if not contexts:
        return lambda fragment: fragment
    pattern = re.compile("|".join(map(re.escape, sorted(contexts, key=len, reverse=True))))

    def mark(fragment: str) -> str:
        pieces = _TAG.split(fragment)
        skipping = 0
        for index, piece in enumerate(pieces):
            if index % 2:   # a tag
                if _SKIPPED.match(piece):
                    skipping += 1
                elif skipping and re.match(r"</(code|pre|math|script|style)\b", piece, re.I):
                    skipping -= 1
            elif piece and not skipping:
                pieces[index] = _mark_text(piece, pattern, contexts)
        return "".join(pieces)

    return mark


def _mark_text(text: str, pattern: re.Pattern[str], contexts: dict[str, list[tuple[int, str]]]) -> str:
    marked: dict[int, str] = {}
    at = 0
    while True:
        found = pattern.search(text, at)
        if found is None:
            break
        for where, alternatives in contexts[found.group()]:
            marked.setdefault(found.start() + where, alternatives)
        at = found.start() + 1
    if not marked:
        return text
    out, last = [], 0
    for position in sorted(marked):
        alternatives = html.escape(marked[position])
        out.append(text[last:position])
        out.append(f'<span class="kb-guess" tabindex="0" title="guessed by the encoding repair; could also be: '
                   f'{alternatives}" data-alternatives="{alternatives}">{text[position]}</span>')
        last = position + 1
    out.append(text[last:])
    return "".join(out)
