"""Equations in the probability of events (Bayes' rule, total probability, P(A ∪ B)), checked without a
registry entry: every term P(A), P(A | B), P(A, B), P(¬A ∩ B) is computed from a joint distribution of the
events, so both sides are known numbers and the equation must hold for every joint distribution.

A term counts only when everything inside it is an event: a capital letter (A, B, C), its complement (¬A,
\\bar{A}, A^c), joined by ∩ or a comma (both events), ∪ (either), with at most one conditional bar. P(y=1 | x)
or p(x | θ) is a density of variables, not of events, and is left to the registry. Exact fractions are used
throughout, so "differs" is never a rounding artefact. An equation that fails in general but holds whenever
the events are independent (or, with no conditional in it, disjoint) is not called wrong: the note may assume
that case in words.
"""
from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from kb.check.decision import Decision, Evidence
from kb.check.latex_text import LatexError, split_chain, strip_formula

METHOD = "probability"       # how `kb verify` names these checks (they have no registry entry)
SAMPLES = 24                 # random joint distributions both sides are computed on
MIN_DIFFERENCES = 2          # joint distributions on which the sides must differ before anything is claimed
SEED = 20240601

_OPEN = re.compile(r"(?<![A-Za-z\\])(?:\\Pr|\\mathbb\{P\}|\\mathrm\{P\}|\\operatorname\{P\}|P)\s*(?:\\left|\\big|\\Big)?\s*\(")
_BAR = re.compile(r"\\mid|\\vert|\|")
_JOIN = re.compile(r",|\\cap|\\wedge|\\land")
_EITHER = re.compile(r"\\cup|\\vee|\\lor")
_NEG = re.compile(r"\\neg|\\lnot")
_EVENT = re.compile(r"(?:\\bar|\\overline)\{(?P<barred>[A-Z])\}|(?P<name>[A-Z])(?P<complement>\^\{?(?:c|C|\\complement)\}?|')?")
_NOISE = re.compile(r"\\[,;:! ]|\\right|\\big|\\Big|\s")

Outcome = dict[str, bool]
Event = Callable[[Outcome], bool]


@dataclass(frozen=True)
class Term:
    """One probability the note writes: P(event) or P(event | given)."""
    latex: str
    event: Event
    given: Event | None
    letters: frozenset[str]
    plain: bool            # P(A): one event as it is (no condition, complement or second event)


def check_events(latex: str) -> Decision | None:
    """Verified or note_differs for an equation whose every side is made of event probabilities and numbers;
    None for anything else."""
    import sympy

    try:
        parts, relations = split_chain(strip_formula(latex))
    except LatexError:
        return None
    if any(r != "=" for r in relations):
        return None
    found = _substitute(strip_formula(latex))
    if found is None:
        return None
    text, terms = found
    try:
        sides = [_expression(part, terms) for part in split_chain(text)[0]]
    except (LatexError, TypeError, ValueError):
        return None
    if any(side is None for side in sides) or len(sides) < 2:
        return None
    letters = sorted(frozenset().union(*(t.letters for t in terms.values())))
    rng = random.Random(SEED)
    evidence = Evidence(parts[0].strip(), "", {})
    differing = _differing(sides, terms, letters, [_random_joint(letters, rng) for _ in range(SAMPLES)])
    if not differing:
        return Decision("verified", latex, detail=(
            f"probability identity: both sides agree exactly on {SAMPLES} random joint distributions of "
            f"{', '.join(letters)}"), examples=SAMPLES, evidence=evidence, method=METHOD)
    if len(differing) < MIN_DIFFERENCES:
        return None
    cases = [("independent", [_independent_joint(letters, rng) for _ in range(SAMPLES)])]
    if all(t.given is None for t in terms.values()):   # given a disjoint event every conditional is 0 or 1: no case
        cases.append(("disjoint", [_disjoint_joint(letters, rng) for _ in range(SAMPLES)]))
    for case, joints in cases:
        checked = [j for j in joints if _computable(terms, letters, j)]
        if len(checked) >= 3 and not _differing(sides, terms, letters, checked):
            return Decision("not_checkable", latex, detail=(
                f"the equation holds when {', '.join(letters)} are {case}, not in general: the note may assume "
                f"{'independence' if case == 'independent' else 'disjoint events'}"), evidence=evidence, method=METHOD)
    joint, values = differing[0]
    shown = ", ".join(f"{t.latex} = {_term_value(t, letters, joint)}" for t in _distinct(terms.values()))
    return Decision("note_differs", latex, detail=(
        f"probability identity: for a joint distribution with {shown}, the sides give "
        f"{' and '.join(str(sympy.nsimplify(v)) for v in values)} (differs on {len(differing)} of {SAMPLES} "
        "random joint distributions)"), examples=SAMPLES, evidence=evidence,
        verified_latex=_textbook(parts[0], terms), method=METHOD)


def _substitute(latex: str) -> tuple[str, dict[str, Term]] | None:
    """The formula with every event probability replaced by a placeholder name, and the terms by name; None
    when a P(...) is not about events or every term is a single event as it is (P(A) = P(B) is an assumption
    about two events, not an identity)."""
    terms: dict[str, Term] = {}
    out, pos = [], 0
    for match in _OPEN.finditer(latex):
        if match.start() < pos:
            continue
        close = _closing(latex, match.end())
        if close is None:
            return None
        term = _term(latex[match.start():close + 1], latex[match.end():close])
        if term is None:
            return None
        name = "qq" + "".join(chr(ord("a") + int(d)) for d in str(len(terms)))
        terms[name] = term
        out += [latex[pos:match.start()], "{" + name + "}"]
        pos = close + 1
    out.append(latex[pos:])
    compound = any(not t.plain for t in terms.values())
    return ("".join(out), terms) if len(terms) >= 2 and compound else None


def _closing(latex: str, start: int) -> int | None:
    depth = 1
    for i in range(start, len(latex)):
        depth += {"(": 1, ")": -1}.get(latex[i], 0)
        if depth == 0:
            return i
    return None


def _term(written: str, inside: str) -> Term | None:
    pieces = _BAR.split(_NOISE.sub("", inside))
    if len(pieces) > 2:
        return None
    events = [_events(piece) for piece in pieces]
    if any(e is None for e in events):
        return None
    letters = frozenset().union(*(e[1] for e in events))
    shown = re.sub(r"\\left|\\right|\\big|\\Big", "", written)
    plain = len(pieces) == 1 and re.fullmatch(r"[A-Z]", pieces[0]) is not None
    return Term(shown, events[0][0], events[1][0] if len(events) == 2 else None, letters, plain)


def _events(text: str) -> tuple[Event, frozenset[str]] | None:
    """A ∩ B, A, B (all), A ∪ B (either), ¬A, A^c: one event and its letters; None when it is not one."""
    both, either = _JOIN.split(text), _EITHER.split(text)
    if len(both) > 1 and len(either) > 1:
        return None   # A ∩ B ∪ C needs parentheses to mean one thing
    parts = both if len(both) > 1 else either
    singles = [_single(p) for p in parts]
    if any(s is None for s in singles):
        return None
    events = [s[0] for s in singles]
    letters = frozenset(s[1] for s in singles)
    if len(both) > 1:
        return (lambda o: all(e(o) for e in events)), letters
    return (lambda o: any(e(o) for e in events)), letters


def _single(text: str) -> tuple[Event, str] | None:
    negated = False
    while (m := _NEG.match(text)) is not None:
        negated, text = not negated, text[m.end():]
    match = _EVENT.fullmatch(text)
    if match is None:
        return None
    letter = match.group("barred") or match.group("name")
    negated ^= bool(match.group("barred") or match.group("complement"))
    return (lambda o: o[letter] != negated), letter


def _expression(part: str, terms: dict[str, Term]):
    from kb.check.latex import to_sympy

    expr = to_sympy(part)
    if not expr.free_symbols or {s.name for s in expr.free_symbols} - set(terms):
        return None
    return expr


def _random_joint(letters: list[str], rng: random.Random) -> dict[tuple[bool, ...], Fraction]:
    """Every outcome of the events gets a positive probability (so every conditional is defined)."""
    weights = {o: rng.randint(1, 9) for o in itertools.product((True, False), repeat=len(letters))}
    total = sum(weights.values())
    return {o: Fraction(w, total) for o, w in weights.items()}


def _independent_joint(letters: list[str], rng: random.Random) -> dict[tuple[bool, ...], Fraction]:
    marginals = [Fraction(rng.randint(1, 9), 10) for _ in letters]
    return {o: _product(m if v else 1 - m for m, v in zip(marginals, o))
            for o in itertools.product((True, False), repeat=len(letters))}


def _disjoint_joint(letters: list[str], rng: random.Random) -> dict[tuple[bool, ...], Fraction]:
    """At most one event happens: the outcomes with two or more events have probability 0."""
    weights = {o: (rng.randint(1, 9) if sum(o) <= 1 else 0) for o in itertools.product((True, False), repeat=len(letters))}
    total = sum(weights.values())
    return {o: Fraction(w, total) for o, w in weights.items()}


def _product(values) -> Fraction:
    result = Fraction(1)
    for v in values:
        result *= v
    return result


def _probability(event: Event, letters: list[str], joint: dict[tuple[bool, ...], Fraction]) -> Fraction:
    return sum((p for o, p in joint.items() if event(dict(zip(letters, o)))), Fraction(0))


def _term_value(term: Term, letters: list[str], joint) -> Fraction | None:
    if term.given is None:
        return _probability(term.event, letters, joint)
    given = _probability(term.given, letters, joint)
    if given == 0:
        return None
    return _probability(lambda o: term.event(o) and term.given(o), letters, joint) / given


def _computable(terms: dict[str, Term], letters: list[str], joint) -> bool:
    """Every conditional the note writes is defined under this joint distribution."""
    return all(_term_value(t, letters, joint) is not None for t in terms.values())


def _distinct(terms) -> list[Term]:
    seen: dict[str, Term] = {}
    for term in terms:
        seen.setdefault(_compact(term.latex), term)
    return list(seen.values())


def _textbook(lhs: str, terms: dict[str, Term]) -> str | None:
    """Bayes' rule for a left side P(E | F): the form shown beside a note's that differs (None otherwise)."""
    term = next((t for t in terms.values() if _compact(t.latex) == _compact(lhs)), None)
    if term is None or term.given is None:
        return None
    head, inside = term.latex.split("(", 1)
    event, given = (p.strip() for p in _BAR.split(inside[:inside.rindex(")")], maxsplit=1))
    return f"{head}({event} \\mid {given}) = \\frac{{{head}({given} \\mid {event})\\,{head}({event})}}{{{head}({given})}}"


def _compact(latex: str) -> str:
    return re.sub(r"\s+|\\left|\\right|\\big|\\Big|\\[,;!]", "", latex)


def _differing(sides, terms: dict[str, Term], letters: list[str], joints):
    """The joint distributions (with the sides' values) on which the sides are not all equal."""
    import sympy

    found = []
    for joint in joints:
        values = {name: _term_value(t, letters, joint) for name, t in terms.items()}
        if any(v is None for v in values.values()):
            continue
        subs = {sympy.Symbol(name): sympy.Rational(v.numerator, v.denominator) for name, v in values.items()}
        try:
            results = [sympy.nsimplify(side.xreplace(subs)) for side in sides]
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if any(not r.is_Rational for r in results):
            continue
        if len(set(results)) > 1:
            found.append((joint, results))
    return found
