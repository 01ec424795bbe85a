"""Convolution kernels: the padding that keeps the size ("same" padding) and spatially separable kernels.

Truths: the padding found by trying F.conv1d with every padding, and the impulse response of a column
filter followed by a row filter (two F.conv2d calls).
"""
from __future__ import annotations

import random
from typing import Any, Callable

from kb.formulas._build import Example, t, vec
from kb.formulas.core import Formula, KernelOutcome, memoize_truth, values_match


def _worked(name: str, fn: Callable[..., Any], cases: list[tuple[Example, Any]]) -> Callable[[], KernelOutcome]:
    """An extra check: the notes' worked numbers, recomputed by the reference."""
    def check() -> KernelOutcome:
        for params, stated in cases:
            got = fn(**params)
            if not values_match(stated, got, 1e-12, 1e-12):
                return KernelOutcome(False, len(cases), f"{name}: notes say {stated} at {params}, formula gives {got}")
        return KernelOutcome(True, len(cases), f"{name}: {len(cases)} worked numbers from the notes hold")
    return check


def same_padding(F: int) -> int:
    return (F - 1) // 2


def _truth_same_padding(F: int) -> int:
    """The padding for which a stride-1 convolution keeps the input size, found by trying them all."""
    import torch
    import torch.nn.functional as fn
    x, w = torch.zeros(1, 1, 17), torch.zeros(1, 1, F)
    return next(P for P in range(F + 1) if fn.conv1d(x, w, padding=P).shape[-1] == 17)


def separable_kernel(u: list[float], v: list[float]) -> list[list[float]]:
    return [[a * b for b in v] for a in u]


def _truth_separable(u: list[float], v: list[float]) -> list[list[float]]:
    """Impulse response of a column filter u followed by a row filter v (two 1-D convolutions)."""
    import torch.nn.functional as fn
    k, m = len(u), len(v)
    impulse = t([[[[1.0 if (i, j) == (k - 1, m - 1) else 0.0 for j in range(2 * m - 1)] for i in range(2 * k - 1)]]])
    column = fn.conv2d(impulse, t(u).flip(0).reshape(1, 1, k, 1))
    return fn.conv2d(column, t(v).flip(0).reshape(1, 1, 1, m))[0, 0].tolist()


def _separable_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = [dict(u=[1.0, 2.0, 1.0], v=[-1.0, 0.0, 1.0])]
    while len(out) < n:
        out.append(dict(u=vec(rng, rng.randint(1, 5)), v=vec(rng, rng.randint(1, 5))))
    return out[:n]


FORMULAS = [
    Formula(
        id="same_padding",
        titles={"en": "Same padding", "zh": "Same 填充", "ru": "Паддинг same"},
        latex=r"P=\frac{F-1}{2}",
        symbols={"F": "odd kernel size (stride 1)"},
        reference=same_padding,
        truth=memoize_truth(_truth_same_padding),
        examples=lambda rng, n: [dict(F=F) for F in range(1, 2 * min(n, 8), 2)],
        n_examples=8,
        mutants={"F/2 (not an integer)": lambda F: F / 2, "F − 1": lambda F: F - 1, "(F+1)/2": lambda F: (F + 1) // 2},
        aliases={"F": ("F", "k", "filter\\_size")},
        keywords=("same padding", "(filter_size - 1)/2", "spatially the same"),
    ),
    Formula(
        id="separable_kernel",
        titles={"en": "Spatially separable kernel", "zh": "空间可分离卷积核", "ru": "Разделяемое ядро свёртки"},
        latex=r"K=u\,v^\top\quad\text{e.g. }\begin{bmatrix}-1&0&1\\-2&0&2\\-1&0&1\end{bmatrix}="
              r"\begin{bmatrix}1\\2\\1\end{bmatrix}\times[-1\;0\;1]",
        symbols={"u": "column filter", "v": "row filter"},
        reference=separable_kernel,
        truth=memoize_truth(_truth_separable),
        examples=_separable_examples,
        mutants={"v uᵀ (transposed)": lambda u, v: separable_kernel(v, u),
                 "u + v": lambda u, v: [[a + b for b in v] for a in u]},
        aliases={"u": ("u",), "v": ("v",)},
        keywords=("spatially separable", "separable convolution", "Sobel", "фильтр Собеля"),
        rel_tol=1e-12, abs_tol=1e-15,
        extra_checks=(_worked("Sobel = [1 2 1]ᵀ × [−1 0 1]", separable_kernel,
                              [(dict(u=[1.0, 2.0, 1.0], v=[-1.0, 0.0, 1.0]),
                                [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])]),),
    ),
]
