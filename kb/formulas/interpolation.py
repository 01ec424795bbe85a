"""Bilinear interpolation (as RoI Align samples a feature map).

The truth is F.grid_sample with align_corners=True at the same point.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example, t, vec
from kb.formulas.core import Formula, memoize_truth


def bilinear(f: list[list[float]], x: float, y: float) -> float:
    return sum(f[j][i] * max(0.0, 1 - abs(x - i)) * max(0.0, 1 - abs(y - j))
               for j in range(len(f)) for i in range(len(f[0])))


def _truth_bilinear(f: list[list[float]], x: float, y: float) -> float:
    """F.grid_sample with align_corners=True: pixel centres at -1..1."""
    import torch.nn.functional as fn
    H, W = len(f), len(f[0])
    gx = 2 * x / (W - 1) - 1 if W > 1 else 0.0
    gy = 2 * y / (H - 1) - 1 if H > 1 else 0.0
    grid = t([[[[gx, gy]]]])
    return fn.grid_sample(t([[f]]), grid, mode="bilinear", align_corners=True).item()


def _bilinear_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = [dict(f=[[1.0, 2.0], [3.0, 4.0]], x=0.5, y=0.5)]
    while len(out) < n:
        H, W = rng.randint(2, 5), rng.randint(2, 5)
        out.append(dict(f=[vec(rng, W) for _ in range(H)], x=rng.uniform(0, W - 1), y=rng.uniform(0, H - 1)))
    return out[:n]


FORMULAS = [
    Formula(
        id="bilinear_interpolation",
        titles={"en": "Bilinear interpolation (RoI Align)", "zh": "双线性插值（RoI Align）", "ru": "Билинейная интерполяция"},
        latex=r"f(x,y)=\sum_{i,j}f_{i,j}\max(0,1-|x-x_i|)\max(0,1-|y-y_j|)",
        symbols={"f": "feature map f[j][i] (row j, column i)", "x": "column coordinate", "y": "row coordinate"},
        reference=bilinear,
        truth=memoize_truth(_truth_bilinear),
        examples=_bilinear_examples,
        mutants={
            "nearest pixel": lambda f, x, y: f[round(y)][round(x)],
            "x and y swapped": lambda f, x, y: sum(f[j][i] * max(0.0, 1 - abs(y - i)) * max(0.0, 1 - abs(x - j))
                                                   for j in range(len(f)) for i in range(len(f[0]))),
            "weights without max(0, ·)": lambda f, x, y: sum(f[j][i] * (1 - abs(x - i)) * (1 - abs(y - j))
                                                            for j in range(len(f)) for i in range(len(f[0]))),
        },
        aliases={"x": ("x",), "y": ("y",), "f": ("f",)},
        keywords=("RoI Align", "bilinear interpolation", "双线性插值"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
]
