"""Adaptive computation time: how many units run before the halting scores reach 1 − ε.

The truth is torch.searchsorted on the cumulative halting scores.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example, t
from kb.formulas.core import Formula, memoize_truth


def act_halting_units(h: list[float], eps: float) -> int:
    total = 0.0
    for n, value in enumerate(h, start=1):
        total += value
        if total >= 1 - eps:
            return n
    return len(h)


def _truth_act(h: list[float], eps: float) -> int:
    import torch
    cumulative = torch.cumsum(t(h), dim=0)
    return int(torch.searchsorted(cumulative, t([1 - eps]))[0]) + 1


def _act_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        L = rng.randint(1, 10)
        # ACT forces the last unit's halting score to 1, so the sum always reaches 1 - ε.
        out.append(dict(h=[rng.uniform(0, 0.6) for _ in range(L - 1)] + [1.0], eps=rng.choice([0.01, 0.1, 0.3])))
    return out


FORMULAS = [
    Formula(
        id="act_halting_units",
        titles={"en": "Adaptive computation time: units evaluated", "zh": "自适应计算时间的单元数",
                "ru": "Adaptive computation time: число блоков"},
        latex=r"N=\min\Big\{n\in\{1\dots L\}:\sum_{l=1}^{n}h^l\ge 1-\varepsilon\Big\}",
        symbols={"h": "halting scores h^1..h^L (h^L = 1)", "eps": "ε"},
        reference=act_halting_units,
        truth=memoize_truth(_truth_act),
        examples=_act_examples,
        mutants={
            "threshold 1 (ε ignored)": lambda h, eps: act_halting_units(h, 0.0),
            "threshold ε": lambda h, eps: act_halting_units(h, 1 - eps),
            "0-based index": lambda h, eps: act_halting_units(h, eps) - 1,
        },
        aliases={"h": ("h^l", "h"), "eps": ("\\varepsilon", "\\epsilon")},
        keywords=("adaptive computation time", "ACT", "halting score", "residual units to evaluate"),
    ),
]
