"""Channel pruning: the average percentage of zeros (APoZ) of a channel's activations.

The truth counts non-zeros with torch.count_nonzero.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example, t
from kb.formulas.core import Formula, memoize_truth


def apoz(O: list[list[float]]) -> float:
    """Average percentage of zeros of one channel: O[k][j] is its j-th activation on the k-th input."""
    return sum(1 for row in O for v in row if v == 0) / (len(O) * len(O[0]))


def _truth_apoz(O: list[list[float]]) -> float:
    import torch
    x = t(O)
    return 1 - torch.count_nonzero(x).item() / x.numel()


def _apoz_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        N, M = rng.randint(1, 6), rng.randint(1, 6)
        out.append(dict(O=[[max(0.0, rng.uniform(-1, 1)) for _ in range(M)] for _ in range(N)]))
    return out


FORMULAS = [
    Formula(
        id="apoz",
        titles={"en": "Average percentage of zeros (APoZ)", "zh": "零激活平均比例 (APoZ)", "ru": "Средняя доля нулей (APoZ)"},
        latex=r"APoZ_c=\frac{\sum_k^N\sum_j^M f(O_{c,j}(k)=0)}{N\times M}",
        symbols={"O": "activations of channel c: O[k][j] for input k, position j"},
        reference=apoz,
        truth=memoize_truth(_truth_apoz),
        examples=_apoz_examples,
        mutants={"fraction of non-zeros": lambda O: 1 - apoz(O), "count, not fraction": lambda O: apoz(O) * len(O) * len(O[0]),
                 "divided by N only": lambda O: apoz(O) * len(O[0])},
        aliases={"O": ("O",), "N": ("N",), "M": ("M",)},
        keywords=("APoZ", "Average Percentage of Zeros", "channel pruning"),
        rel_tol=1e-12, abs_tol=1e-15,
    ),
]
