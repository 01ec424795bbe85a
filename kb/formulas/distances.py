"""Distances between vectors: L1 (Manhattan), L2 (Euclidean), and the squared distance of unit vectors
(2 − 2 cos, why metric learning normalises embeddings).

The truth is torch.cdist with p = 1 and p = 2 (after F.normalize for unit vectors).
"""
from __future__ import annotations

import math
import random
from typing import Callable

from kb.formulas._build import Example, t, vec
from kb.formulas.core import Formula, memoize_truth


def l1_distance(a: list[float], b: list[float]) -> float:
    return sum(abs(p - q) for p, q in zip(a, b))


def l2_distance(a: list[float], b: list[float]) -> float:
    return math.sqrt(sum((p - q) ** 2 for p, q in zip(a, b)))


def _truth_cdist(p: float) -> Callable[..., float]:
    def truth(a: list[float], b: list[float]) -> float:
        import torch
        return torch.cdist(t([a]), t([b]), p=p).item()
    return truth


def _pair_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        d = rng.randint(1, 12)
        out.append(dict(a=vec(rng, d, -5, 5), b=vec(rng, d, -5, 5)))
    return out


def unit_squared_distance(u: list[float], v: list[float]) -> float:
    """For unit vectors ‖u − v‖² = ‖u‖² + ‖v‖² − 2u·v = 2 − 2 cos(u, v)."""
    return 2 - 2 * sum(p * q for p, q in zip(u, v))


def _truth_unit_squared_distance(u: list[float], v: list[float]) -> float:
    import torch
    return torch.cdist(t([u]), t([v])).item() ** 2


def _unit_pairs(rng: random.Random, n: int) -> list[Example]:
    """Pairs of unit vectors: random directions normalised (the entry states a fact about unit vectors only)."""
    out: list[Example] = []
    while len(out) < n:
        d = rng.randint(2, 8)
        u, v = vec(rng, d), vec(rng, d)
        nu, nv = math.hypot(*u), math.hypot(*v)
        if nu > 0.1 and nv > 0.1:
            out.append(dict(u=[x / nu for x in u], v=[x / nv for x in v]))
    return out


FORMULAS = [
    Formula(
        id="l1_distance",
        titles={"en": "L1 (Manhattan) distance", "zh": "L1 距离", "ru": "Расстояние L1"},
        latex=r"d_1(I_1,I_2)=\sum_p|I_1^p-I_2^p|",
        symbols={"a": "first vector", "b": "second vector"},
        reference=l1_distance,
        truth=memoize_truth(_truth_cdist(1.0)),
        examples=_pair_examples,
        mutants={"no absolute value": lambda a, b: sum(p - q for p, q in zip(a, b)), "L2": l2_distance},
        aliases={"a": ("I_1", "x"), "b": ("I_2", "y")},
        keywords=("L1 distance", "Manhattan distance", "nearest neighbour", "distance metrics", "distancia Manhattan",
                  "distance de Manhattan", "Manhattan-Distanz"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
    Formula(
        id="l2_distance",
        titles={"en": "L2 (Euclidean) distance", "zh": "L2 距离", "ru": "Евклидово расстояние"},
        latex=r"d_2(I_1,I_2)=\sqrt{\sum_p\left(I_1^p-I_2^p\right)^2}",
        symbols={"a": "first vector", "b": "second vector"},
        reference=l2_distance,
        truth=memoize_truth(_truth_cdist(2.0)),
        examples=_pair_examples,
        mutants={"no square root": lambda a, b: l2_distance(a, b) ** 2, "L1": l1_distance},
        aliases={"a": ("I_1", "x"), "b": ("I_2", "y")},
        keywords=("L2 distance", "Euclidean distance", "nearest neighbour", "distance metrics", "distancia euclidiana",
                  "distancia euclídea", "distance euclidienne", "euklidische Distanz", "евклидово расстояние"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
    Formula(
        id="unit_squared_distance",
        titles={"en": "Squared distance between unit vectors", "zh": "单位向量的平方距离", "ru": "Квадрат расстояния между единичными векторами",
                "fr": "Distance au carré entre vecteurs unitaires"},
        latex=r"\lVert u-v\rVert^2=2-2\cos(u,v)\quad(\lVert u\rVert=\lVert v\rVert=1)",
        symbols={"u": "first unit vector", "v": "second unit vector"},
        reference=unit_squared_distance,
        truth=memoize_truth(_truth_unit_squared_distance),
        examples=_unit_pairs,
        mutants={"1 − cos": lambda u, v: unit_squared_distance(u, v) / 2,
                 "2 + 2 cos": lambda u, v: 4 - unit_squared_distance(u, v),
                 "2 − cos": lambda u, v: 2 - sum(p * q for p, q in zip(u, v))},
        aliases={"u": ("u", "a", "x", "f(x_1)"), "v": ("v", "b", "y", "f(x_2)")},
        keywords=("unit vectors", "unit sphere", "normalized embeddings", "normalised embeddings", "L2-normalized",
                  "единичн", "单位向量", "单位球", "vecteurs unitaires", "Einheitsvektoren", "vettori unitari"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
]
