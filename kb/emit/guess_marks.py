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
_SKIPPED_END = re.compile(r"</(code|pre|math|script|style)\b", re.I)


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
    found = _ContextFinder(contexts)

    def mark(fragment: str) -> str:
        if not found.guessed.search(fragment):   # most fragments hold no guessed character at all
            return fragment
        pieces = _TAG.split(fragment)
        skipping = 0
        for index, piece in enumerate(pieces):
            if index % 2:   # a tag
                if _SKIPPED.match(piece):
                    skipping += 1
                elif skipping and _SKIPPED_END.match(piece):
                    skipping -= 1
            elif piece and not skipping:
                pieces[index] = _mark_text(piece, found)
        return "".join(pieces)

    return mark


class _ContextFinder:
    """Where the contexts of guessed characters stand in a fragment of text: at each position the longest
    context that starts there, and the guesses it holds. A context is found from its guessed characters: a
    character class finds each place one stands, and only the contexts that hold that character there are
    compared. One regex alternation of every context (hundreds in a damaged note) tried each of them at every
    position of every fragment: 6% of the CPU of rendering the benchmark's 500-note corpus, a fifth of whose
    notes are damaged."""

    def __init__(self, contexts: dict[str, list[tuple[int, str]]]) -> None:
        self.contexts = contexts
        self.holding: dict[str, list[tuple[int, str]]] = {}   # a guessed character -> (its place, context)
        for context, guesses in contexts.items():
            for where in sorted({where for where, _ in guesses}):
                self.holding.setdefault(context[where], []).append((where, context))
        self.guessed = re.compile("[" + "".join(map(re.escape, sorted(self.holding))) + "]")

    def guesses(self, text: str) -> dict[int, str]:
        """The guessed characters' positions in `text` and their alternatives; where two contexts overlap,
        the one that starts first marks a character (then the longer one at the same start)."""
        longest: dict[int, str] = {}   # start -> the longest context found there
        for match in self.guessed.finditer(text):
            at = match.start()
            for where, context in self.holding[match.group()]:
                start = at - where
                if start >= 0 and len(context) > len(longest.get(start, "")) and text.startswith(context, start):
                    longest[start] = context
        marked: dict[int, str] = {}
        for start in sorted(longest):
            for where, alternatives in self.contexts[longest[start]]:
                marked.setdefault(start + where, alternatives)
        return marked


def _mark_text(text: str, found: _ContextFinder) -> str:
    marked = found.guesses(text)
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
