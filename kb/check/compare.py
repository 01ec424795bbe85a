"""The one compare(): a candidate against an entry's ground truth, and the smallest mismatch it finds."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kb.formulas.core import Formula, values_match


@dataclass(frozen=True)
class Counterexample:
    params: dict[str, Any]
    expected: Any
    got: Any

    def __str__(self) -> str:
        args = ", ".join(f"{k}={short(v)}" for k, v in self.params.items())
        return f"at {args}: expected {short(self.expected)}, got {short(self.got)}"


@dataclass(frozen=True)
class Pass:
    examples: int


def _size(params: Mapping[str, Any]) -> float:
    """Order counterexamples so the smallest (simplest to read) is reported first."""
    total = 0.0
    for v in params.values():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            total += abs(v)
        elif isinstance(v, (list, tuple)):
            total += len(v)
    return total


def compare(candidate: Callable[..., Any], formula: Formula, examples: list[dict[str, Any]]) -> Pass | Counterexample:
    """Run `candidate` against the formula's ground truth on every example; return the smallest mismatch.

    A candidate that raises or returns a non-number where the truth has a value counts as a mismatch.
    """
    failures: list[Counterexample] = []
    for params in examples:
        expected = formula.truth(**params)
        got = attempt(lambda: candidate(**params))
        if not values_match(expected, got, formula.rel_tol, formula.abs_tol):
            failures.append(Counterexample(dict(params), expected, got))
    if failures:
        return smallest(failures)
    return Pass(len(examples))


def attempt(run: Callable[[], Any]) -> Any:
    """What a candidate gives, or the error it raised as text (which matches no truth)."""
    try:
        return run()
    except Exception as exc:  # a wrong formula may divide by zero, take sqrt of a negative, ...
        return f"error: {type(exc).__name__}: {exc}"


def smallest(failures: list[Counterexample]) -> Counterexample:
    """The counterexample compare() reports: the smallest, the first of equals."""
    return min(failures, key=lambda c: _size(c.params))


def short(value: Any) -> str:
    """A value as a counterexample shows it: 6 significant digits, long lists cut."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, Fraction):   # an exact truth (Jaccard of two sets): 1/2, not Fraction(1, 2)
        return str(value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
