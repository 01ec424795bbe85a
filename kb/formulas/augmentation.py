"""Data augmentation: mixup of inputs and one-hot labels.

The truth is torch.lerp on float64 tensors; the reference writes the convex combination out.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example, t, vec
from kb.formulas.core import Formula, memoize_truth


def mixup(x_i: list[float], x_j: list[float], y_i: list[float], y_j: list[float], lam: float) -> list[list[float]]:
    return [[lam * a + (1 - lam) * b for a, b in zip(x_i, x_j)], [lam * a + (1 - lam) * b for a, b in zip(y_i, y_j)]]


def _truth_mixup(x_i, x_j, y_i, y_j, lam: float) -> list[list[float]]:
    import torch
    return [torch.lerp(t(x_j), t(x_i), lam).tolist(), torch.lerp(t(y_j), t(y_i), lam).tolist()]


def _mixup_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        d, K = rng.randint(1, 8), rng.randint(2, 5)
        y_i, y_j = [0.0] * K, [0.0] * K
        y_i[rng.randrange(K)] = y_j[rng.randrange(K)] = 1.0
        out.append(dict(x_i=vec(rng, d), x_j=vec(rng, d), y_i=y_i, y_j=y_j,
                        lam=rng.choice([0.0, 1.0, 0.05, rng.uniform(0, 1)])))
    return out


FORMULAS = [
    Formula(
        id="mixup",
        titles={"en": "Mixup", "zh": "Mixup 数据增强", "ru": "Mixup"},
        latex=r"\tilde{x}=\lambda x_i+(1-\lambda)x_j,\quad \tilde{y}=\lambda y_i+(1-\lambda)y_j",
        symbols={"x_i": "first input", "x_j": "second input", "y_i": "first label (one-hot)",
                 "y_j": "second label (one-hot)", "lam": "mixing weight λ in [0, 1]"},
        reference=mixup,
        truth=memoize_truth(_truth_mixup),
        examples=_mixup_examples,
        mutants={
            "λ and 1−λ swapped": lambda x_i, x_j, y_i, y_j, lam: mixup(x_i, x_j, y_i, y_j, 1 - lam),
            "labels not mixed": lambda x_i, x_j, y_i, y_j, lam: [mixup(x_i, x_j, y_i, y_j, lam)[0], list(y_i)],
            "weights λ and λ": lambda x_i, x_j, y_i, y_j, lam: [
                [lam * (a + b) for a, b in zip(x_i, x_j)], [lam * (a + b) for a, b in zip(y_i, y_j)]],
        },
        aliases={"lam": ("\\lambda",), "x_i": ("x_i",), "x_j": ("x_j",), "y_i": ("y_i",), "y_j": ("y_j",)},
        note_parts={"\\tilde{x}": 0, "\\tilde{y}": 1},   # notes write the inputs and the labels as two formulas
        keywords=("mixup", "Mixup", "vicinal risk minimization", "混合", "5% cat + 95% dog"),
        rel_tol=1e-12, abs_tol=1e-15,
    ),
]
