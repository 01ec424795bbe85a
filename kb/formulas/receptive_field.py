"""Receptive field of stacked stride-1 convolutions.

The truth asks autograd which input positions reach the centre output of L stacked conv1d layers.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example
from kb.formulas.core import Formula, memoize_truth


def receptive_field(L: int, k: int) -> int:
    return 1 + L * (k - 1)


def receptive_field_3x3(L: int) -> int:
    return 1 + 2 * L


def _truth_receptive_field(L: int, k: int = 3) -> int:
    """Input positions that reach the centre output of L stacked stride-1 convolutions (autograd)."""
    import torch
    import torch.nn.functional as fn
    size = 2 * L * k + 1
    x = torch.ones(1, 1, size, dtype=torch.float64, requires_grad=True)
    y, kernel = x, torch.ones(1, 1, k, dtype=torch.float64)
    for _ in range(L):
        y = fn.conv1d(y, kernel)
    (grad,) = torch.autograd.grad(y[0, 0, y.shape[-1] // 2], x)
    return int((grad != 0).sum())


def _rf_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(L=L, k=k) for L in range(1, 8) for k in (1, 2, 3, 5, 7)][:n]


FORMULAS = [
    Formula(
        id="receptive_field",
        titles={"en": "Receptive field of stacked convolutions", "zh": "堆叠卷积的感受野", "ru": "Рецептивное поле"},
        latex=r"RF=1+L(k-1)",
        symbols={"L": "number of stride-1 convolution layers", "k": "kernel size"},
        reference=receptive_field,
        truth=memoize_truth(_truth_receptive_field),
        examples=_rf_examples,
        n_examples=35,
        mutants={"missing +1": lambda L, k: L * (k - 1), "L·k": lambda L, k: L * k,
                 "1 + 2L whatever the kernel": lambda L, k: 1 + 2 * L, "k^L": lambda L, k: k ** L},
        aliases={"L": ("L", "n"), "k": ("k", "K", "F")},
        keywords=("receptive field", "感受野", "рецептивное поле"),
    ),
    Formula(
        id="receptive_field_3x3",
        titles={"en": "Receptive field of L 3x3 convolutions", "zh": "L 层 3x3 卷积的感受野",
                "ru": "Рецептивное поле L свёрток 3x3"},
        latex=r"RF=1+2L",
        symbols={"L": "number of stride-1 3x3 convolution layers"},
        reference=receptive_field_3x3,
        truth=memoize_truth(_truth_receptive_field),
        examples=lambda rng, n: [dict(L=L) for L in range(1, min(n, 12) + 1)],
        n_examples=12,
        mutants={"2L": lambda L: 2 * L, "3L": lambda L: 3 * L, "1 + 3L": lambda L: 1 + 3 * L},
        aliases={"L": ("L", "n")},
        keywords=("receptive field", "1 + 2L", "network with L layers"),
    ),
]
