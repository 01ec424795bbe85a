"""Counting triplets for metric learning: triplets in a batch of B triplets, batch-all and batch-hard
mining over P classes × K samples.

The truth enumerates every (anchor, positive, negative) index triple of the batch's labels.
"""
from __future__ import annotations

import itertools
import random

from kb.formulas._build import Example
from kb.formulas.core import Formula, memoize_truth


def _valid_triplets(labels: list[int]) -> int:
    return sum(1 for a, p, n in itertools.permutations(range(len(labels)), 3) if labels[a] == labels[p] != labels[n])


def triplets_in_batch(B: int) -> int:
    return 6 * B ** 2 - 4 * B


def _truth_triplets_in_batch(B: int) -> int:
    """B triplets: anchor and positive share class i; each negative has a class of its own."""
    labels = [c for i in range(B) for c in (i, i, B + i)]
    return _valid_triplets(labels)


def batch_all_triplet_count(P: int, K: int) -> int:
    return P * K * (K - 1) * (P * K - K)


def _truth_batch_all_count(P: int, K: int) -> int:
    return _valid_triplets([c for c in range(P) for _ in range(K)])


def batch_hard_triplet_count(P: int, K: int) -> int:
    return P * K


def _truth_batch_hard_count(P: int, K: int) -> int:
    """One triplet per anchor that has both a positive and a negative in the batch."""
    labels = [c for c in range(P) for _ in range(K)]
    return sum(1 for a, y in enumerate(labels)
               if any(labels[p] == y for p in range(len(labels)) if p != a) and any(v != y for v in labels))


def _pk_examples(rng: random.Random, n: int) -> list[Example]:
    grid = [dict(P=P, K=K) for P in range(2, 6) for K in range(2, 5)]
    return grid[:n]


FORMULAS = [
    Formula(
        id="triplets_in_batch",
        titles={"en": "Triplets available in a batch of B triplets", "zh": "B 个三元组可组合的三元组数",
                "ru": "Число триплетов в батче из B триплетов"},
        latex=r"2B(3B-2)=6B^2-4B",
        symbols={"B": "triplets (anchor, positive, negative) in the batch"},
        reference=triplets_in_batch,
        truth=memoize_truth(_truth_triplets_in_batch),
        examples=lambda rng, n: [dict(B=B) for B in range(1, min(n, 12) + 1)],
        n_examples=12,
        mutants={
            "anchor/positive swap forgotten": lambda B: B * (3 * B - 2),
            "3B−1 negatives": lambda B: 2 * B * (3 * B - 1),
            "6B²": lambda B: 6 * B ** 2,
        },
        aliases={"B": ("B",)},
        keywords=("triplets", "6B^2-4B", "triplet combinations", "三元组的组合"),
    ),
    Formula(
        id="batch_all_triplet_count",
        titles={"en": "Triplets in batch-all mining", "zh": "Batch-All 三元组数", "ru": "Число триплетов batch-all"},
        latex=r"PK(K-1)(PK-K)",
        symbols={"P": "classes in the batch", "K": "samples per class"},
        reference=batch_all_triplet_count,
        truth=memoize_truth(_truth_batch_all_count),
        examples=_pk_examples,
        n_examples=12,
        mutants={
            "p = a allowed": lambda P, K: P * K * K * (P * K - K),
            "negatives of every class": lambda P, K: P * K * (K - 1) * (P * K - 1),
            "(PK)³": lambda P, K: (P * K) ** 3,
        },
        aliases={"P": ("P",), "K": ("K",)},
        keywords=("batch all", "batch-all", "triplets", "个triplets"),
    ),
    Formula(
        id="batch_hard_triplet_count",
        titles={"en": "Triplets in batch-hard mining", "zh": "Batch-Hard 三元组数", "ru": "Число триплетов batch-hard"},
        latex=r"PK",
        symbols={"P": "classes in the batch", "K": "samples per class"},
        reference=batch_hard_triplet_count,
        truth=memoize_truth(_truth_batch_hard_count),
        examples=_pk_examples,
        n_examples=12,
        mutants={"P·K·(K−1)": lambda P, K: P * K * (K - 1), "P": lambda P, K: P, "P·K²": lambda P, K: P * K * K},
        aliases={"P": ("P",), "K": ("K",)},
        keywords=("batch hard", "batch-hard", "triplets"),
    ),
]
