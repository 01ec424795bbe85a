"""Attention: window attention's number of query/key entries.

The truth counts pixel pairs that share an M×M window over a torch meshgrid.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example
from kb.formulas.core import Formula, memoize_truth


def window_attention_entries(H: int, W: int, M: int) -> int:
    return (H // M) * (W // M) * M ** 4


def _truth_window_attention(H: int, W: int, M: int) -> int:
    """Query/key pairs of pixels that fall in the same M x M window, counted over all pixel pairs."""
    import torch
    rows, cols = torch.meshgrid(torch.arange(H), torch.arange(W), indexing="ij")
    window = ((rows // M) * (W // M) + cols // M).flatten()
    return int((window[:, None] == window[None, :]).sum())


def _window_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        M = rng.randint(1, 4)
        out.append(dict(H=M * rng.randint(1, 4), W=M * rng.randint(1, 4), M=M))
    return out


FORMULAS = [
    Formula(
        id="window_attention_entries",
        titles={"en": "Attention entries with M×M windows", "zh": "窗口注意力的元素数", "ru": "Число элементов оконного внимания"},
        latex=r"\frac{H}{M}\cdot\frac{W}{M}\cdot M^4=HWM^2",
        symbols={"H": "feature-map height", "W": "feature-map width", "M": "window size"},
        reference=window_attention_entries,
        truth=memoize_truth(_truth_window_attention),
        examples=_window_examples,
        mutants={"full attention (HW)²": lambda H, W, M: (H * W) ** 2, "HWM": lambda H, W, M: H * W * M,
                 "HW·M⁴": lambda H, W, M: H * W * M ** 4},
        aliases={"H": ("H",), "W": ("W",), "M": ("M",)},
        keywords=("window attention", "attention matrix", "Swin"),
    ),
]
