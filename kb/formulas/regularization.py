"""Regularisation: inverted dropout's scale and the gradients of the L2 and L1 penalties.

Truths: what F.dropout multiplies a kept unit by, and autograd through λ‖W‖² and λ‖W‖₁.
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, t, vec
from kb.formulas.core import Formula, memoize_truth


def inverted_dropout_scale(q: float) -> float:
    return 1 / q


def _truth_dropout_scale(q: float) -> float:
    """What F.dropout (drop probability 1 - q) multiplies a kept unit by, read off a tensor of ones."""
    import torch
    import torch.nn.functional as fn
    with torch.random.fork_rng():
        torch.manual_seed(0)
        out = fn.dropout(torch.ones(4096, dtype=torch.float64), p=1 - q, training=True)
    return out.max().item()


def _dropout_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(q=q) for q in [0.5, 0.8, 0.9, 0.25, 0.1, 1.0]][:n] + [
        dict(q=round(rng.uniform(0.05, 0.99), 3)) for _ in range(max(0, n - 6))]


def l2_penalty_gradient(W: list[float], lam: float) -> list[float]:
    return [2 * lam * w for w in W]


def _truth_l2_grad(W: list[float], lam: float) -> list[float]:
    import torch
    w = t(W).requires_grad_(True)
    (grad,) = torch.autograd.grad(lam * torch.linalg.vector_norm(w) ** 2, w)
    return grad.tolist()


def l1_penalty_gradient(W: list[float], lam: float) -> list[float]:
    return [lam * (1.0 if w > 0 else -1.0) for w in W]


def _truth_l1_grad(W: list[float], lam: float) -> list[float]:
    import torch
    w = t(W).requires_grad_(True)
    (grad,) = torch.autograd.grad(lam * torch.linalg.vector_norm(w, ord=1), w)
    return grad.tolist()


def _penalty_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        W = [v for v in vec(rng, rng.randint(1, 10)) if abs(v) > 1e-3]   # |w| is not differentiable at 0
        if W:
            out.append(dict(W=W, lam=rng.choice([1e-4, 1e-2, 0.5, 1.0])))
    return out


FORMULAS = [
    Formula(
        id="inverted_dropout_scale",
        titles={"en": "Inverted dropout scaling", "zh": "反向 Dropout 缩放", "ru": "Масштаб в inverted dropout"},
        latex=r"\tilde h=\frac{m\odot h}{q},\quad m_i\sim\mathrm{Bernoulli}(q)",
        symbols={"q": "probability that a unit is kept (1 − drop probability)"},
        reference=inverted_dropout_scale,
        truth=memoize_truth(_truth_dropout_scale),
        examples=_dropout_examples,
        mutants={"multiply by q": lambda q: q, "divide by the drop probability": lambda q: 1 / (1 - q) if q < 1 else math.inf,
                 "no rescaling": lambda q: 1.0},
        aliases={"q": ("q", "p", "keep\\_prob")},
        keywords=("inverted dropout", "dropout", "rescale during training", "Dropout"),
        rel_tol=1e-12,
    ),
    Formula(
        id="l2_penalty_gradient",
        titles={"en": "Gradient of the L2 penalty", "zh": "L2 正则项的梯度", "ru": "Градиент L2-регуляризации"},
        latex=r"\nabla_W\,\lambda\sum W^2=2\lambda W",
        symbols={"W": "weights", "lam": "regularisation strength λ"},
        reference=l2_penalty_gradient,
        truth=memoize_truth(_truth_l2_grad),
        examples=_penalty_examples,
        mutants={"missing 2": lambda W, lam: [lam * w for w in W], "missing λ": lambda W, lam: [2 * w for w in W],
                 "sign(W) (L1)": l1_penalty_gradient},
        aliases={"lam": ("\\lambda",), "W": ("W", "w")},
        keywords=("L2 regularization", "L2 regularisation", "weight decay", "regularization", "正则化", "регуляризац"),
        rel_tol=1e-12, abs_tol=1e-15,
    ),
    Formula(
        id="l1_penalty_gradient",
        titles={"en": "Gradient of the L1 penalty", "zh": "L1 正则项的梯度", "ru": "Градиент L1-регуляризации"},
        latex=r"\nabla_W\,\lambda\sum|W|=\lambda\,\operatorname{sign}(W)",
        symbols={"W": "weights (non-zero)", "lam": "regularisation strength λ"},
        reference=l1_penalty_gradient,
        truth=memoize_truth(_truth_l1_grad),
        examples=_penalty_examples,
        mutants={"2λW (L2)": l2_penalty_gradient, "λ|W|": lambda W, lam: [lam * abs(w) for w in W],
                 "λ regardless of sign": lambda W, lam: [lam for _ in W]},
        aliases={"lam": ("\\lambda",), "W": ("W", "w")},
        keywords=("L1 regularization", "L1 regularisation", "sparsity", "elastic net", "L1正则"),
        rel_tol=1e-12, abs_tol=1e-15,
    ),
]
