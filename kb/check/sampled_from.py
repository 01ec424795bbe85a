"""A weight drawn from a distribution: `W \\sim U(-a, a)`, `w \\sim \\mathcal{N}(0, \\frac{2}{n_{in}})`.

Notes state an initialisation by the distribution its weights are drawn from, with no `=` anywhere. The registry
states the quantity that distribution is fixed by: the bound a of a uniform U(−a, a) (every uniform
initialisation is symmetric about 0) and the variance of a zero-mean normal. So the statement is checked as those
equations:

- `U(lo, hi)`: the upper bound `hi` and the negated lower bound `−lo` are each checked as the bound. When one of
  them is an entry's bound and the other is not its negation, the note differs from that entry: the interval is
  not symmetric, which no uniform initialisation is (`U(−√(3/n), −√(3/n))` holds one number, not the interval).
- `N(0, s)`: the second parameter is a variance in the usual notation N(μ, σ²) and a standard deviation in code
  (torch's `normal_(mean, std)`); the note is verified under either reading and called wrong only when both
  readings differ from the same entry.

Anything else drawn (`ε \\sim N(0, 1)` with no parameter to check, a normal with a mean, Bernoulli masks) is left to
the other checks.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from kb.check.decision import Decision
from kb.formulas.core import Formula

Check = Callable[[str, tuple[Formula, ...]], Decision]   # (equation, the entries it may state) -> verdict

# the distribution's name as notes typeset it: U, \mathcal{U}, \mathrm{U}, \text{Uniform}, \operatorname{N}, Normal
_NAME = (r"(?:\\(?:mathcal|mathrm|mathbb|text|textrm|operatorname)\s*\{\s*(?P<n1>[A-Za-z]+)\s*\}"
         r"|(?P<n2>U|N|Uniform|Normal|Gaussian)(?![A-Za-z]))")
_FAMILIES = {"U": "uniform", "Uniform": "uniform", "Unif": "uniform",
             "N": "normal", "Normal": "normal", "Gaussian": "normal"}
# `w \sim U\left(lo, hi\right)`, `W_{ij} \sim \mathcal{N}[0, s]`: the drawn symbol, the name, the bracketed arguments
_SAMPLED = re.compile(r"^\s*(?P<drawn>[^=<>\\]*?(?:\\[A-Za-z]+[^=<>\\]*?)?)\s*\\sim(?![A-Za-z])\s*" + _NAME +
                      r"\s*(?:\\left\s*)?(?:\\[bB]igg?l?\s*)?[(\[](?P<args>.*)(?:\\right\s*)?(?:\\[bB]igg?r?\s*)?[)\]]"
                      r"\s*[.,;]?\s*$", re.S)
_BOUND = r"\mathrm{bound}"       # the bound a of U(−a, a), named by no entry's parameter


def sampled(latex: str) -> tuple[str, str, list[str]] | None:
    """(drawn symbol, 'uniform' or 'normal', arguments) of a statement `x \\sim D(args)` kb can check; None
    for anything else. Arguments that hold no letter (`N(0, 1)`) state nothing a formula gives."""
    match = _SAMPLED.match(latex.strip())
    if match is None or not match["drawn"].strip():
        return None
    family = _FAMILIES.get(match["n1"] or match["n2"] or "")
    args = _top_level_split(_unsized(match["args"]))
    if family is None or args is None or len(args) != 2 or not any(re.search(r"[A-Za-z]", a) for a in args):
        return None
    return match["drawn"].strip(), family, args


def decide(latex: str, check: Check) -> Decision | None:
    """The verdict on a statement `x \\sim U(lo, hi)` or `x \\sim N(0, s)`; None when the formula is none. `check`
    is only asked about the entries a drawn weight can state: a bound is no variance, and a variance no bound."""
    found = sampled(latex)
    if found is None:
        return None
    drawn, family, (first, second) = found
    if family == "uniform":
        return _uniform(latex, first, second, check)
    if re.fullmatch(r"\s*0\s*", first) is None:
        return Decision("not_checkable", latex, detail=(
            f"{drawn} is drawn from a normal with mean {first.strip()}: no initialisation kb states has a mean"))
    return _normal(latex, drawn, second, check)


def _uniform(latex: str, lo: str, hi: str, check: Check) -> Decision:
    entries = _entries("uniform")
    upper = check(f"{_BOUND} = {hi}", entries)
    lower = check(f"{_BOUND} = -\\left({lo}\\right)", entries)
    read = "read as the bound a of U(−a, a)"
    if upper.status == lower.status == "verified" and upper.formula is lower.formula:
        return replace(upper, note_latex=latex, detail=f"{read}: both bounds agree: {upper.detail}")
    for right, other, which in ((upper, lo, "lower"), (lower, hi, "upper")):
        if right.status == "verified" and right.formula is not None and (gap := _asymmetry(lo, hi)):
            return Decision("note_differs", latex, right.formula, right.mapping, detail=(
                f"{read}: the other bound is {right.formula.id}'s, but the {which} bound {other.strip()} is not "
                f"its negation ({gap}); U(−a, a) is symmetric about 0"), examples=right.examples,
                evidence=right.evidence)
    if upper.status == "note_differs" and lower.status == "note_differs" and upper.formula is lower.formula:
        return replace(upper, note_latex=latex, detail=f"{read}: {upper.detail}")
    unsure = upper if upper.status != "verified" else lower
    return Decision("not_checkable", latex, detail=f"{read}: {unsure.detail}", evidence=unsure.evidence)


def _normal(latex: str, drawn: str, spread: str, check: Check) -> Decision:
    entries = _entries("normal")
    as_variance = check(f"\\mathrm{{Var}}({drawn}) = {spread}", entries)
    if as_variance.status == "verified":
        return replace(as_variance, note_latex=latex, detail=(
            f"read as N(mean, variance), Var({drawn}) = {spread.strip()}: {as_variance.detail}"))
    as_deviation = check(f"\\mathrm{{Var}}({drawn}) = \\left({spread}\\right)^2", entries)
    if as_deviation.status == "verified":
        return replace(as_deviation, note_latex=latex, detail=(
            f"read as N(mean, standard deviation), as torch's normal_(mean, std) takes it: {as_deviation.detail}"))
    if as_variance.status == as_deviation.status == "note_differs" and as_variance.formula is as_deviation.formula:
        return replace(as_variance, note_latex=latex, detail=(
            f"read as N(mean, variance), and it differs read as N(mean, standard deviation) too: "
            f"{as_variance.detail}"))
    return Decision("not_checkable", latex, detail=(
        f"read as N(mean, variance) or N(mean, standard deviation): {as_variance.detail}"),
        evidence=as_variance.evidence)


def _entries(family: str) -> tuple[Formula, ...]:
    """The registry's uniform bounds (their formula draws from U) or its initialisation variances (Var(W) = …)."""
    from kb.formulas import registry

    if family == "uniform":
        return tuple(f for f in registry() if re.search(r"\\sim\s*(?:\\mathcal\{U\}|U)", f.latex))
    return tuple(f for f in registry() if f.family == "initialization" and f.latex.startswith(r"\mathrm{Var}(W)"))


def _asymmetry(lo: str, hi: str) -> str:
    """Where lo ≠ −hi, the two bounds at one point ('' when lo = −hi everywhere or kb cannot compute them)."""
    from kb.check.latex import LatexError, to_sympy

    try:
        low, high = to_sympy(lo), to_sympy(hi)
    except LatexError:
        return ""
    point = {symbol: 4 + k for k, symbol in enumerate(sorted(low.free_symbols | high.free_symbols, key=str))}
    try:
        a, b = float(low.subs(point)), float(high.subs(point))
    except (TypeError, ValueError):
        return ""
    if abs(a + b) <= 1e-9 * max(1.0, abs(a), abs(b)):
        return ""
    where = ", ".join(f"{symbol} = {value}" for symbol, value in point.items())
    return f"at {where}: lower {a:.4g}, upper {b:.4g}" if where else f"lower {a:.4g}, upper {b:.4g}"


def _unsized(text: str) -> str:
    """The arguments without the sizing commands of their closing bracket (`…\\right)` was cut before `)`)."""
    return re.sub(r"\\(?:right|[bB]igg?r?)\s*$", "", text.strip()).strip()


def _top_level_split(text: str) -> list[str] | None:
    """The comma-separated arguments outside every bracket; None when the brackets do not balance."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(text):
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
            if depth < 0:
                return None
        elif char == "," and depth == 0 and text[at - 1:at] != "\\":
            parts.append(text[start:at])
            start = at + 1
    parts.append(text[start:])
    return [part.strip() for part in parts] if depth == 0 else None
