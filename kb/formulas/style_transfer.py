"""Style transfer: the Gram matrix of a feature map.

The truth is torch.einsum over channels.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example, t, vec
from kb.formulas.core import Formula, memoize_truth


def gram_matrix(F: list[list[float]]) -> list[list[float]]:
    return [[sum(a * b for a, b in zip(u, v)) for v in F] for u in F]


def _truth_gram(F: list[list[float]]) -> list[list[float]]:
    import torch
    x = t(F)
    return torch.einsum("ck,dk->cd", x, x).tolist()


def _gram_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        C, HW = rng.randint(1, 5), rng.randint(2, 9)
        if C != HW:
            out.append(dict(F=[vec(rng, HW) for _ in range(C)]))
    return out


FORMULAS = [
    Formula(
        id="gram_matrix",
        titles={"en": "Gram matrix", "zh": "Gram 矩阵", "ru": "Матрица Грама"},
        latex=r"G_{c,d}=\sum_{k}F_{c,k}F_{d,k}\quad(G=FF^\top\in\mathbb{R}^{C\times C})",
        symbols={"F": "feature map with C rows (channels) of H·W values"},
        reference=gram_matrix,
        truth=memoize_truth(_truth_gram),
        examples=_gram_examples,
        mutants={"FᵀF": lambda F: gram_matrix([list(c) for c in zip(*F)]),
                 "normalised by HW": lambda F: [[v / len(F[0]) for v in row] for row in gram_matrix(F)]},
        aliases={"F": ("F",), "G": ("G",)},
        keywords=("Gram matrix", "texture synthesis", "style transfer", "un-normalised covariance"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
]
