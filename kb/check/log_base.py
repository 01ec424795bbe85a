"""The base of a logarithm is a unit: `-\\sum_k p_k \\log_2 p_k` is entropy in bits, the same quantity as in nats.

A formula that writes its logarithm with a base (\\log_2, \\log_{10}) is checked as written, with the base spelled
out as a factor (`\\log_2 x` is `\\frac{1}{\\log 2}\\log x`). Where it differs from an entry that it agrees with in
natural logarithms, it differs only in the unit the entry is written in (cross-entropy in bits beside a loss in
nats): the note is not wrong, and no verdict is given. Where it differs in natural logarithms as well, it is wrong
in any base, and the counterexample is the natural-logarithm one (like units on both sides).

A logarithm written without a base (\\log x) is natural unless the note says otherwise: `stated_bases` reads the
base the words around it state ("in bits", "decimal logarithm", a \\log_2 beside it), per language as data
(kb/check/data/log_bases.toml).
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from kb.check.decision import Decision

# \log_2, \log_{2}, \log_{10}, \log_e; also log_2 typed without the backslash (the reader takes `log` as \log)
_BASED_LOG = re.compile(r"(?<![A-Za-z])\\?log_(?:\{\s*(2|10|e)\s*\}|([2e])(?![0-9]))")


def readings(latex: str) -> tuple[str, str] | None:
    """(as written with the base as a factor, in natural logarithms) for a formula with a based logarithm;
    None otherwise."""
    if not _BASED_LOG.search(latex):
        return None
    written = _BASED_LOG.sub(lambda m: f"\\frac{{1}}{{\\log {m.group(1) or m.group(2)}}}\\log ", latex)
    natural = _BASED_LOG.sub(r"\\log ", latex)
    return written, natural


def decide(latex: str, check: Callable[[str], Decision]) -> Decision | None:
    """The verdict on a formula with a based logarithm (None when it has none)."""
    found = readings(latex)
    if found is None:
        return None
    written, natural = found
    as_written = replace(check(written), note_latex=latex)
    if as_written.status != "note_differs":
        return as_written
    in_nats = check(natural)
    if in_nats.status == "verified" and in_nats.formula is not None:
        return Decision("not_checkable", latex, detail=(
            f"it differs from {in_nats.formula.id} only by the base of its logarithm, a unit ({in_nats.formula.id} "
            f"is written in natural logarithms, and agrees with the note so read): {as_written.detail}"))
    if in_nats.status == "note_differs" and as_written.formula is not None and _BASED_LOG.search(as_written.formula.latex):
        return as_written   # the entry is itself written with a base (PSNR in decibels): as written is like for like
    if in_nats.status == "note_differs":
        # wrong in any base: the counterexample in natural logarithms compares like with like (an entry in nats
        # beside the note's bits would show a difference of units as well as the mistake)
        return replace(in_nats, note_latex=latex, detail=f"wrong in any base of the logarithm; read in natural "
                                                         f"logarithms: {in_nats.detail}")
    return as_written


# bases a LaTeX spelling states: \log_2 and \lb (ISO's binary logarithm) are base 2, \log_{10} base 10; \lg is
# base 2 in computer science and base 10 in ISO 80000-2 and German or Russian school notation, so it states both
_LATEX_BASES = (
    (re.compile(r"\\?log_(?:\{\s*2\s*\}|2(?![0-9]))|\\lb(?![A-Za-z])"), ("2",)),
    (re.compile(r"\\?log_(?:\{\s*10\s*\}|10(?![0-9]))"), ("10",)),
    (re.compile(r"\\lg(?![A-Za-z])"), ("2", "10")),
)


def stated_bases(context: str) -> frozenset[str]:
    """The bases ("2", "10", "e") that the words or formulas in `context` state for a logarithm; empty when they
    state none (then a \\log without a base is natural)."""
    found: set[str] = set()
    for pattern, bases in _LATEX_BASES:
        if pattern.search(context):
            found.update(bases)
    text = context.lower()
    for base, phrases in _base_phrases().items():
        if any(_says(phrase, text) for phrase in phrases):
            found.add(base)
    return frozenset(found)


def _says(phrase: str, text: str) -> bool:
    if phrase.isascii():
        return re.search(rf"(?<![\w\\]){re.escape(phrase)}(?!\w)", text) is not None
    return phrase in text   # Chinese writes words without spaces


@lru_cache(maxsize=1)
def _base_phrases() -> dict[str, tuple[str, ...]]:
    data = tomllib.loads(resources.files("kb.check").joinpath("data/log_bases.toml").read_text("utf-8"))
    merged: dict[str, list[str]] = {}
    for table in data.values():
        for base, phrases in table.items():
            merged.setdefault(base, []).extend(phrases)
    return {base: tuple(phrases) for base, phrases in merged.items()}
