"""A formula stated as an approximation (`f(x) ≈ x σ(1.702x)`, or "it can be approximated as" before it) is not
the exact quantity it names: differing from the exact entry is what it is meant to do. kb knows neither how far
the author allows it to stray nor where (log(1 + x) ≈ x holds for small x only), so such a formula is never
called wrong: a `note_differs` verdict on it becomes `not_checkable`, with the reason. Worked numbers written
with ≈ are not withheld: their rounding is checked (kb/check/rounding.py). The words are per language in
data/approximation.toml."""
from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources

from kb.check.decision import Decision

# the relations that state an approximation, as LaTeX and as typed characters
_APPROX_RELATION = re.compile(r"\\(?:approx|thickapprox|simeq|eqsim|fallingdotseq|risingdotseq)(?![A-Za-z])|[≈≃]")
_TEXT = re.compile(r"\\(?:text|mathrm|textrm|operatorname|mbox)\s*\{[^{}]*\}")
_WORKED = ("arithmetic", "steps")   # methods that check numbers, whose rounding kb judges itself
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


@functools.cache
def _phrases() -> tuple[str, ...]:
    table = tomllib.loads(resources.files("kb.check").joinpath("data/approximation.toml").read_text("utf-8"))
    return tuple(sorted({p for words in table["phrases"].values() for p in words}, key=len, reverse=True))


def _unspaced(char: str) -> bool:
    """A character of a script written without spaces between words (Han, kana, Hangul)."""
    return "\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af"


def said(text: str) -> str:
    """The words of `text` that call what follows an approximation ('' when none)."""
    text = text.lower()
    for phrase in _phrases():
        if _unspaced(phrase[0]) and phrase in text:
            return phrase
        if not _unspaced(phrase[0]) and (found := re.search(rf"(?<!\w){re.escape(phrase)}\w*", text)):
            return found.group()   # the whole word: "approximated", found by its stem
    return ""


def last_sentence(text: str) -> str:
    """The sentence a text ends with: the one that leads into the formula after it."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    return sentences[-1] if sentences else ""


def written_as(latex: str) -> str:
    """The relation sign that makes the formula an approximation ('' when it has none): ≈ and its kin."""
    found = _APPROX_RELATION.search(_TEXT.sub(" ", latex))
    return found.group() if found else ""


def withhold(decision: Decision, why: str) -> Decision:
    """`decision` with a note_differs over the formula's variables turned not_checkable because `why` states it as
    an approximation; any other decision unchanged."""
    if decision.status != "note_differs" or decision.method in _WORKED or not why:
        return decision
    entry = decision.formula.id if decision.formula is not None else "the exact value"
    return Decision("not_checkable", decision.note_latex, detail=(
        f"differs from {entry}, but the note states it as an approximation ({why}); kb cannot tell how far an "
        f"approximation may stray from the exact value, nor where it is meant to hold: {decision.detail}"),
        evidence=decision.evidence)
