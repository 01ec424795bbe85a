"""Types shared by every formula family: a Formula entry, a kernel's outcome, and value comparison.

A family module (conv.py, norm.py, ...) exposes `FORMULAS: list[Formula]`; `kb.formulas.registry()`
collects them. Nothing here imports torch or sympy: families import them lazily inside their callables,
so `kb --help` and a no-change build stay light.
"""
from __future__ import annotations

import functools
import math
import random
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

Params = Mapping[str, Any]


@dataclass(frozen=True)
class Formula:
    """One checked formula.

    `reference` is the formula as written in kb (what cards show, as code); `truth` is an independent
    computation of the same quantity (a torch op, brute force, exact enumeration). Both take the same
    keyword parameters, produced by `examples(rng, n)`. Every mutant is a plausible wrong variant that
    the check must reject: a surviving mutant means the check is too weak.
    """
    id: str
    titles: Mapping[str, str]                      # {"en": ..., "zh": ..., "ru": ...}
    latex: str                                     # canonical form shown on cards
    symbols: Mapping[str, str]                     # parameter name -> meaning
    reference: Callable[..., Any]
    truth: Callable[..., Any]
    examples: Callable[[random.Random, int], list[dict[str, Any]]]
    mutants: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    # Other forms that are right under a convention a note may use without saying so (the L2 penalty
    # written λ/2·‖W‖² has the gradient λW): a note in one of them is never called wrong.
    conventions: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    # A convention the note's own LaTeX shows it writes (ε added under the root beside σ² says σ is the plain
    # standard deviation): a note that follows it is verified, not left unsure. convention -> test of the LaTeX.
    convention_signs: Mapping[str, Callable[[str], bool]] = field(default_factory=dict)
    # The convention a note's other formulas fix for this entry (momentum's step is right or wrong by the velocity
    # line beside it): given the rows of the section's other formulas, the key of `conventions` they state, ""
    # for the entry's own form, None when they state none. A note's formula is then judged under that one.
    section_convention: Callable[[tuple[str, ...]], str | None] | None = None
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)   # parameter -> names used in notes
    keywords: tuple[str, ...] = ()                 # phrases that name this formula in notes (restoring stripped ones)
    rel_tol: float = 0.0                           # 0 means exact equality
    abs_tol: float = 0.0
    n_examples: int = 200
    kernel: Callable[[str], "KernelOutcome"] | None = None   # the truth on a device ("cuda"), when it has a kernel form
    extra_checks: tuple[Callable[[], "KernelOutcome"], ...] = ()  # e.g. a real multi-process reduction
    # How notes write this entry, for linking: `note_view(**params)` gives the quantities a note names that
    # are not parameters (the data vector x behind Σx, the batch mean μ), keyed by the note's spelling;
    # `note_parts` maps a note formula's left side to the component of a multi-part truth it states.
    note_view: Callable[..., Mapping[str, Any]] | None = None
    note_parts: Mapping[str, int] = field(default_factory=dict)
    # The note view turns the entry into a more general formula that notes write for other quantities too (the
    # label-smoothed cross-entropy read as −Σ q log p over its smoothed q is any cross-entropy): a formula that
    # agrees through the view alone is this entry only where the words around it name it.
    view_is_general: bool = False

    @property
    def title(self) -> str:
        return self.titles.get("en") or next(iter(self.titles.values()), self.id)

    @property
    def family(self) -> str:
        """The family module that defines the entry (`initialization`, `norm`): a topic a heading names."""
        return getattr(self.reference, "__module__", "").rsplit(".", 1)[-1]


@dataclass(frozen=True)
class KernelOutcome:
    """Result of a kernel or extra check: passed, how many cases it compared, and what it saw."""
    ok: bool
    examples: int
    detail: str = ""
    skipped: bool = False


def memoize_truth(truth: Callable[..., Any]) -> Callable[..., Any]:
    """The engine's compare() asks the truth again for every candidate (reference and each mutant): compute it once
    per parameter set. Truths are pure, so caching by the parameters' repr is exact."""
    cache: dict[str, Any] = {}

    @functools.wraps(truth)
    def cached(**params: Any) -> Any:
        key = repr(sorted(params.items()))
        if key not in cache:
            cache[key] = truth(**params)
        return cache[key]
    return cached


def values_match(expected: Any, got: Any, rel_tol: float, abs_tol: float) -> bool:
    """Exact for ints/bools; tolerant for floats; elementwise for sequences and tensors/arrays."""
    if hasattr(expected, "tolist"):
        expected = expected.tolist()
    if hasattr(got, "tolist"):
        got = got.tolist()
    if isinstance(expected, (list, tuple)) or isinstance(got, (list, tuple)):
        if not isinstance(expected, (list, tuple)) or not isinstance(got, (list, tuple)):
            return False
        return len(expected) == len(got) and all(
            values_match(e, g, rel_tol, abs_tol) for e, g in zip(expected, got))
    if isinstance(expected, float) or isinstance(got, float):
        try:
            e, g = float(expected), float(got)
        except (TypeError, ValueError):
            return False
        if math.isnan(e) or math.isnan(g):
            return False
        return math.isclose(e, g, rel_tol=rel_tol, abs_tol=abs_tol) or (rel_tol == abs_tol == 0 and e == g)
    return expected == got
