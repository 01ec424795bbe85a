"""Linear models: the scores of a linear classifier.

The truth is F.linear.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example, t, vec
from kb.formulas.core import Formula, memoize_truth


def linear_scores(W: list[list[float]], x: list[float], b: list[float]) -> list[float]:
    return [sum(w * v for w, v in zip(row, x)) + bias for row, bias in zip(W, b)]


def _truth_linear(W, x, b) -> list[float]:
    import torch.nn.functional as fn
    return fn.linear(t(x), t(W), t(b)).tolist()


def _linear_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        C, D = rng.randint(1, 6), rng.randint(1, 8)
        if C != D:
            out.append(dict(W=[vec(rng, D) for _ in range(C)], x=vec(rng, D), b=vec(rng, C)))
    return out


FORMULAS = [
    Formula(
        id="linear_classifier",
        titles={"en": "Linear classifier scores", "zh": "线性分类器", "ru": "Линейный классификатор"},
        latex=r"f(x,W)=Wx+b",
        symbols={"W": "C×D weights", "x": "input of D values", "b": "C biases"},
        reference=linear_scores,
        truth=memoize_truth(_truth_linear),
        examples=_linear_examples,
        mutants={"bias missing": lambda W, x, b: linear_scores(W, x, [0.0] * len(b)),
                 "bias subtracted": lambda W, x, b: linear_scores(W, x, [-v for v in b])},
        aliases={"W": ("W", "w"), "x": ("x",), "b": ("b",)},
        keywords=("linear classifier", "linear model", "f(x,w)", "f(x,W)"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
]
