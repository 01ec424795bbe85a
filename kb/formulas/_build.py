"""Small helpers the family modules share to write entries compactly: float64 tensors, random vectors,
autograd, and `entry()`, which fills the Formula fields every family sets the same way.

Nothing here imports torch at module level (families must stay light to import).
"""
from __future__ import annotations

import random
from typing import Any, Callable, Mapping

from kb.formulas.core import Formula, memoize_truth

Example = dict[str, Any]
Examples = Callable[[random.Random, int], list[Example]]


def t(values: Any):
    """A float64 tensor (the truths compute in float64 so tolerances can be tight)."""
    import torch
    return torch.tensor(values, dtype=torch.float64)


def vec(rng: random.Random, k: int, lo: float = -2.0, hi: float = 2.0) -> list[float]:
    return [rng.uniform(lo, hi) for _ in range(k)]


def grad_of(fn: Callable[[Any], Any], x: list[float]) -> list[float]:
    """∂(Σ fn(x))/∂x by autograd: for an elementwise fn, its derivative at every x."""
    import torch
    leaf = t(x).requires_grad_(True)
    (grad,) = torch.autograd.grad(fn(leaf).sum(), leaf)
    return grad.tolist()


def jacobian_of(fn: Callable[[Any], Any], x: list[float]) -> list[list[float]]:
    import torch
    return torch.autograd.functional.jacobian(fn, t(x)).tolist()


def repeat(make: Callable[[random.Random], Example]) -> Examples:
    """An examples function that draws n independent examples with `make`."""
    return lambda rng, n: [make(rng) for _ in range(n)]


def with_fixed(fixed: list[Example], draw: Callable[[random.Random], Example]) -> Examples:
    """Hand-picked edge cases first, then random draws up to n."""
    def examples(rng: random.Random, n: int) -> list[Example]:
        out = list(fixed)
        while len(out) < n:
            out.append(draw(rng))
        return out[:n]
    return examples


def entry(id: str, titles: Mapping[str, str], latex: str, symbols: Mapping[str, str], reference: Callable[..., Any],
          truth: Callable[..., Any], examples: Examples, mutants: Mapping[str, Callable[..., Any]],
          keywords: tuple[str, ...], aliases: Mapping[str, tuple[str, ...]] | None = None,
          tol: float | None = 1e-12, n: int = 60, **more: Any) -> Formula:
    """A Formula with a memoised truth; `tol` is both the relative and absolute tolerance (None: exact)."""
    tolerances = {} if tol is None else dict(rel_tol=tol, abs_tol=tol)
    return Formula(id=id, titles=dict(titles), latex=latex, symbols=dict(symbols), reference=reference,
                   truth=memoize_truth(truth), examples=examples, mutants=dict(mutants),
                   aliases=dict(aliases or {}), keywords=keywords, n_examples=n, **tolerances, **more)
