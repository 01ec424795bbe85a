"""Gradient checking: the forward-difference numerical gradient of a fixed smooth loss.

The truth is autograd's exact gradient; the tolerance covers the forward difference's O(h) error.
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, t, vec
from kb.formulas.core import Formula, memoize_truth


def _smooth_loss(w: list[float]) -> float:
    """A fixed smooth test loss: log-sum-exp plus half the squared norm."""
    top = max(w)
    return top + math.log(sum(math.exp(v - top) for v in w)) + 0.5 * sum(v * v for v in w)


def numerical_gradient(w: list[float], i: int, h: float) -> float:
    bumped = [v + h if k == i else v for k, v in enumerate(w)]
    return (_smooth_loss(bumped) - _smooth_loss(w)) / h


def _truth_numerical_gradient(w: list[float], i: int, h: float) -> float:
    import torch
    x = t(w).requires_grad_(True)
    loss = torch.logsumexp(x, dim=0) + 0.5 * (x * x).sum()
    (grad,) = torch.autograd.grad(loss, x)
    return grad[i].item()


def _numgrad_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        w = vec(rng, rng.randint(1, 6))
        out.append(dict(w=w, i=rng.randrange(len(w)), h=rng.choice([1e-6, 1e-7])))
    return out


FORMULAS = [
    Formula(
        id="numerical_gradient",
        titles={"en": "Numerical (finite-difference) gradient", "zh": "数值梯度", "ru": "Численный градиент"},
        latex=r"\frac{\partial L}{\partial w_i}\approx\frac{L(w+h\,e_i)-L(w)}{h}",
        symbols={"w": "weights", "i": "which weight is bumped", "h": "step h"},
        reference=numerical_gradient,
        truth=memoize_truth(_truth_numerical_gradient),
        examples=_numgrad_examples,
        mutants={
            "(old − new)/h (the notes' text)": lambda w, i, h: -numerical_gradient(w, i, h),
            "divided by 2h": lambda w, i, h: numerical_gradient(w, i, h) / 2,
            "difference not divided by h": lambda w, i, h: numerical_gradient(w, i, h) * h,
        },
        aliases={"h": ("h", "\\epsilon"), "w": ("W", "w")},
        keywords=("numerical gradient", "finite difference", "gradient check", "gradcheck", "数值梯度"),
        # Forward differences err by h/2·|L''| (L'' ≤ 2 here, h ≤ 1e-6) plus rounding 1e-16/h.
        abs_tol=3e-6,
    ),
]
