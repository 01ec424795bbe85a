"""The order of a cross-entropy's arguments is a convention: H(p, q) = −Σ p log q, the expected code length of
data drawn from p (the true distribution, first) under a code built for q (the model's, second, under the log).

A note that writes `H(p,q) = -\\sum_j q_j \\log p_j` takes the log of its first argument. Read by its letters
alone the right side fits a loss whose target is q (a smoothed target q and a prediction p), so kb used to verify
it as that entry; but the left side says p is the distribution the data come from, and the right side is then
H(q, p). Which of the two the note got wrong depends on which distribution it calls the true one:

- it calls p (the first argument) the true distribution, or q the model's: the right side is wrong, and the
  verdict is note_differs with the two values on the same distributions;
- it calls q the true distribution: the right side is the cross-entropy the note means, written with the
  arguments in the other order: not_checkable, with the convention named;
- it says neither: not_checkable, with the reason.

The words that give a distribution its role are data per language (kb/check/data/distribution_roles.toml).
"""
from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from kb.check.decision import Decision, Evidence

# a distribution's symbol: p, q, P, Q (with an optional star or hat) as an argument of the left side
_SYMBOL = r"(?:\\hat\s*\{?\s*[A-Za-z]\s*\}?|[A-Za-z](?:\^\s*\{?\*\}?)?)"
# H(p, q), H(P,Q), CE(p, q), \mathrm{CE}(p,q), H_\times(p, q): a quantity of two distributions, the model's last
_TWO_DISTRIBUTIONS = re.compile(
    r"^\s*(?:H(?:_\s*\{?\\times\}?)?|\\mathrm\{CE\}|\\text\{CE\}|\\operatorname\{CE\}|CE)\s*(?:\\left)?\s*\(\s*"
    rf"(?P<first>{_SYMBOL})\s*,\s*(?P<second>{_SYMBOL})\s*(?:\\right)?\s*\)\s*$")
_RELATION = re.compile(r"(?<![<>!\\:])=")
# what a logarithm is taken of: \log p_j, \log(q(x)), \log \left( q_k \right), \ln p
_UNDER_LOG = re.compile(rf"\\(?:log|ln)(?:_\s*\{{?\w+\}}?)?\s*(?:\\left\s*)?[({{]?\s*(?P<symbol>{_SYMBOL})(?![A-Za-z])")
_BASE = re.compile(r"\\log_\s*\{?\s*(2|10)\s*\}?")
# two distributions the counterexample is shown on (the true one first)
_FIRST, _SECOND = (0.7, 0.2, 0.1), (0.1, 0.3, 0.6)


def decide(latex: str, context: str, check: Callable[[str], Decision]) -> Decision | None:
    """The verdict on a cross-entropy written with its arguments named on the left (None when the formula is not
    one, or its right side takes the log of the second argument, as the convention has it)."""
    parts = _RELATION.split(latex)
    if len(parts) != 2:
        return None
    found = _TWO_DISTRIBUTIONS.match(parts[0])
    if found is None:
        return None
    first, second = _key(found.group("first")), _key(found.group("second"))
    if _letter(first) == _letter(second):
        return None   # H(ŷ, y): the two are told apart by a hat, which the letters kb exchanges cannot keep
    rhs = parts[1]
    under_log = {_key(m.group("symbol")) for m in _UNDER_LOG.finditer(rhs)}
    if under_log != {first} or not _writes(rhs, second):
        return None
    # the right side with the two exchanged must be a cross-entropy kb verifies: the note's right side is then
    # that cross-entropy with its arguments swapped, and nothing else
    exchanged = _exchange(rhs, found.group("first"), found.group("second"))
    standard = check(f"{parts[0]}={exchanged}")
    if standard.status != "verified" or standard.formula is None:
        return None
    lhs = parts[0].strip()
    shown_first, shown_second = found.group("first"), found.group("second")
    role = roles(context, shown_first, shown_second)
    evidence = Evidence(lhs, standard.evidence.words if standard.evidence else "", {shown_first: "true distribution",
                                                                                   shown_second: "model's distribution"})
    if role == "first true":
        base = _BASE.search(rhs)
        log = (lambda x: math.log(x, int(base.group(1)))) if base else math.log
        want = -sum(a * log(b) for a, b in zip(_FIRST, _SECOND))
        got = -sum(b * log(a) for a, b in zip(_FIRST, _SECOND))
        return replace(standard, status="note_differs", note_latex=latex, evidence=evidence, detail=(
            f"differs from {standard.formula.id}: the note calls {shown_first} the true distribution, and "
            f"{lhs} is the cross-entropy of {shown_second} under {shown_first}, which takes the log of "
            f"{shown_second} ({lhs}={exchanged.strip()}); the note's right side takes the log of {shown_first}, "
            f"which is H({shown_second},{shown_first}): at {shown_first} = {_show(_FIRST)}, {shown_second} = "
            f"{_show(_SECOND)}: expected {want:.6g}, the note's formula gives {got:.6g} (identified by: left side "
            f"{lhs}; {shown_first} named the true distribution nearby)"))
    if role == "second true":
        return Decision("not_checkable", latex, detail=(
            f"its right side is the cross-entropy with {shown_second} as the true distribution, as the note says, "
            f"but {lhs} puts the true distribution first by the usual convention (H(p,q) = −Σ p log q): the "
            "arguments are written in the other order, so kb does not verify it"), evidence=evidence)
    return Decision("not_checkable", latex, detail=(
        f"{lhs} by the usual convention takes the log of its second argument ({lhs}={exchanged.strip()}), but "
        f"this right side takes the log of {shown_first}; the note does not say which of {shown_first} and "
        f"{shown_second} is the true distribution, so whether the arguments or the sum are swapped is open"),
        evidence=evidence)


def roles(context: str, first: str, second: str) -> str:
    """"first true" or "second true" when the words give the two distributions their roles (the first called
    the true one or the second the model's, or the other way round); "" when they give none or contradict."""
    said: set[str] = set()
    words = _role_words()
    for clause in _clauses(context.lower(), words["clause_joins"]):
        has_first, has_second = _mentions(clause, first), _mentions(clause, second)
        if has_first == has_second:
            continue   # neither symbol, or both: the clause gives no single symbol a role
        is_true = any(_says(phrase, clause) for phrase in words["true"])
        is_model = any(_says(phrase, clause) for phrase in words["model"])
        if is_true == is_model:
            continue
        said.add("first true" if has_first == is_true else "second true")
    return said.pop() if len(said) == 1 else ""


def _clauses(text: str, joins: tuple[str, ...]) -> list[str]:
    split = re.split(r"[.;,!?\n，；。、]", text)   # (not at a colon: "q: the model's output" is one clause)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(j) for j in joins if j.isascii() or " " in j) + r")(?!\w)"
                         + "|" + "|".join(re.escape(j) for j in joins if not j.isascii() and _is_cjk(j)))
    return [piece for part in split for piece in pattern.split(part) if piece.strip()]


def _mentions(clause: str, symbol: str) -> bool:
    """The clause writes the symbol (in math or as a letter standing alone; p and P are the same distribution
    in the words around a formula)."""
    letter = _letter(symbol).lower()
    return re.search(rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z])", clause) is not None


def _says(phrase: str, text: str) -> bool:
    if _is_cjk(phrase):
        return phrase in text
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _is_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in text)


def _key(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol)


def _letter(symbol: str) -> str:
    return re.sub(r"\\hat|[\\{}\s^*]", "", symbol)


def _writes(rhs: str, symbol: str) -> bool:
    letter = _letter(symbol)
    return re.search(rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z])", rhs) is not None


def _exchange(rhs: str, first: str, second: str) -> str:
    """The right side with the two symbols' letters exchanged (p_j ↔ q_j, p(x) ↔ q(x))."""
    a, b = _letter(first), _letter(second)
    return re.sub(rf"(?<![A-Za-z\\])({re.escape(a)}|{re.escape(b)})(?![A-Za-z])",
                  lambda m: b if m.group(1) == a else a, rhs)


def _show(values: tuple[float, ...]) -> str:
    return "(" + ", ".join(f"{v:g}" for v in values) + ")"


@lru_cache(maxsize=1)
def _role_words() -> dict[str, tuple[str, ...]]:
    data = tomllib.loads(resources.files("kb.check").joinpath("data/distribution_roles.toml").read_text("utf-8"))
    merged: dict[str, list[str]] = {"true": [], "model": [], "clause_joins": []}
    for table in data.values():
        for kind, phrases in table.items():
            merged[kind].extend(p.lower() for p in phrases)
    return {kind: tuple(dict.fromkeys(phrases)) for kind, phrases in merged.items()}
