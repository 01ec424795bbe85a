"""Decision-tree splitting criteria: Gini impurity and information gain.

Truths: Gini impurity is the probability that two labels drawn with replacement differ, counted over every
ordered pair of samples; information gain is the mutual information between the split and the label,
from torch Categorical entropies of the joint counts.
"""
from __future__ import annotations

import itertools
import math
import random
from collections import Counter

from kb.formulas._build import Example, entry, with_fixed


def _proportions(labels):
    counts = Counter(labels)
    return [c / len(labels) for c in counts.values()]


def _entropy(labels):
    return -sum(p * math.log2(p) for p in _proportions(labels))


def gini(labels):
    return 1 - sum(p * p for p in _proportions(labels))


def information_gain(labels, left):
    """H(parent) − Σ (n_child/n) H(child), in bits; `left` says which samples go left."""
    children = [[y for y, go in zip(labels, left) if go], [y for y, go in zip(labels, left) if not go]]
    return _entropy(labels) - sum(len(c) / len(labels) * _entropy(c) for c in children if c)


def _truth_gini(labels):
    pairs = list(itertools.product(labels, repeat=2))
    return sum(1 for a, b in pairs if a != b) / len(pairs)


def _truth_gain(labels, left):
    import torch
    n_classes = max(labels) + 1
    counts = torch.zeros(2, n_classes, dtype=torch.float64)
    for y, go in zip(labels, left):
        counts[int(go), y] += 1
    h = lambda c: torch.distributions.Categorical(probs=c / c.sum()).entropy().item()  # noqa: E731
    nats = h(counts.sum(0)) + h(counts.sum(1)) - h(counts.flatten())
    return nats / math.log(2)


def _labels(rng: random.Random) -> Example:
    k = rng.randint(2, 5)
    return dict(labels=[rng.randrange(k) for _ in range(rng.randint(1, 16))])


def _split(rng: random.Random) -> Example:
    labels = _labels(rng)["labels"] + [0, 1]
    return dict(labels=labels, left=[rng.random() < 0.5 for _ in labels])


FORMULAS = [
    entry("gini_impurity", {"en": "Gini impurity", "zh": "基尼不纯度", "ru": "Критерий Джини", "fr": "Impureté de Gini",
                            "de": "Gini-Unreinheit", "es": "Impureza de Gini"},
          r"G=1-\sum_k p_k^2", {"labels": "class labels at the node"}, gini, _truth_gini,
          with_fixed([dict(labels=[0, 1]), dict(labels=[0, 0, 0])], _labels),
          {"Σ p_k²": lambda labels: 1 - gini(labels), "1 − Σ p_k": lambda labels: 0.0,
           "entropy instead": lambda labels: _entropy(labels)},
          ("Gini impurity", "Gini index", "decision tree", "CART", "基尼", "Джини"), {"labels": ("p_k",)}, 1e-12, 40),
    entry("information_gain", {"en": "Information gain of a split", "zh": "信息增益", "ru": "Прирост информации",
                               "fr": "Gain d'information", "de": "Informationsgewinn"},
          r"IG=H(S)-\sum_{v}\frac{|S_v|}{|S|}H(S_v)", {"labels": "labels at the node", "left": "which samples go left"},
          information_gain, _truth_gain, with_fixed([], _split),
          {"children not weighted": lambda labels, left: _entropy(labels) - sum(
              _entropy(c) for c in ([y for y, g in zip(labels, left) if g], [y for y, g in zip(labels, left) if not g]) if c),
           "weighted child entropy only": lambda labels, left: _entropy(labels) - information_gain(labels, left),
           "parent entropy only": lambda labels, left: _entropy(labels)},
          ("information gain", "ID3", "decision tree split", "信息增益", "прирост информации"), {"labels": ("S",)}, 1e-10, 40),
]
