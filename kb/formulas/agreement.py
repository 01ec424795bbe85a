"""Agreement between two raters (or a classifier and the labels) beyond chance: Cohen's kappa.

Notes write it with the observed agreement p_o (the share of items both label alike, the accuracy) and the
agreement expected by chance p_e (Σ_k of the product of the two raters' shares of class k). The truth is the
weighted form κ = 1 − Σ w·O / Σ w·E with disagreement weights w = 1 − I over torch's confusion matrix O and the
outer product E of its margins (how scikit-learn computes it), not the p_o and p_e the reference uses.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example, entry, with_fixed


def _observed(y: list[int], y_hat: list[int]) -> float:
    return sum(1 for a, b in zip(y, y_hat) if a == b) / len(y)


def _chance(y: list[int], y_hat: list[int]) -> float:
    n = len(y)
    return sum((y.count(k) / n) * (y_hat.count(k) / n) for k in set(y) | set(y_hat))


def cohen_kappa(y: list[int], y_hat: list[int]) -> float:
    p_o, p_e = _observed(y, y_hat), _chance(y, y_hat)
    return (p_o - p_e) / (1 - p_e)


def _truth_kappa(y: list[int], y_hat: list[int]) -> float:
    import torch
    classes = max(max(y), max(y_hat)) + 1
    pairs = torch.tensor(y) * classes + torch.tensor(y_hat)
    observed = torch.bincount(pairs, minlength=classes * classes).reshape(classes, classes).double()
    expected = torch.outer(observed.sum(1), observed.sum(0)) / observed.sum()
    weights = 1 - torch.eye(classes, dtype=torch.float64)
    return (1 - (weights * observed).sum() / (weights * expected).sum()).item()


def _ratings(rng: random.Random) -> Example:
    """Two raters' labels over 2 to 4 classes that agree often but not always, and not only by chance (p_e < 1)."""
    classes = rng.randint(2, 4)
    while True:
        y = [rng.randrange(classes) for _ in range(rng.randint(6, 30))]
        y_hat = [a if rng.random() < 0.7 else rng.randrange(classes) for a in y]
        if _observed(y, y_hat) < 1 and len(set(y) | set(y_hat)) > 1 and _chance(y, y_hat) < 1:
            return dict(y=y, y_hat=y_hat)


def _rates_view(y: list[int], y_hat: list[int]) -> dict[str, float]:
    """The observed and chance agreement, as notes write them (p_o, p_e, P_o, P_e, p_0)."""
    p_o, p_e = _observed(y, y_hat), _chance(y, y_hat)
    return {**{n: p_o for n in ("p_o", "p_0", "P_o", "P_0", "p_{o}", "P(a)", "p_a")},
            **{n: p_e for n in ("p_e", "P_e", "p_{e}", "P(e)", "p_c")}}


FORMULAS = [
    entry("cohen_kappa", {"en": "Cohen's kappa", "zh": "Cohen's kappa 系数", "ru": "Каппа Коэна", "fr": "Kappa de Cohen",
                          "de": "Cohens Kappa", "es": "Kappa de Cohen", "pt": "Kappa de Cohen", "ko": "코헨의 카파",
                          "ja": "コーエンのカッパ係数"},
          r"\kappa=\frac{p_o-p_e}{1-p_e}", {"y": "first rater's labels", "y_hat": "second rater's labels"},
          cohen_kappa, _truth_kappa,
          with_fixed([dict(y=[0, 0, 1, 1, 1, 0], y_hat=[0, 1, 1, 1, 0, 0]), dict(y=[0, 1, 2, 2, 1, 0, 2], y_hat=[0, 1, 2, 1, 1, 2, 2])],
                     _ratings),
          {"1 − p_o below": lambda y, y_hat: (_observed(y, y_hat) - _chance(y, y_hat)) / (1 - _observed(y, y_hat)),
           "no normalisation (p_o − p_e)": lambda y, y_hat: _observed(y, y_hat) - _chance(y, y_hat),
           "divided by p_e": lambda y, y_hat: (_observed(y, y_hat) - _chance(y, y_hat)) / _chance(y, y_hat),
           "p_o alone (accuracy)": _observed},
          ("Cohen's kappa", "Cohen kappa", "Cohens Kappa", "kappa coefficient", "kappa statistic", "Kappa-Koeffizient",
           "inter-rater agreement", "Übereinstimmung", "kappa de Cohen", "каппа Коэна", "коэффициент каппа", "kappa系数",
           "Kappa 系数", "一致性检验", "카파", "カッパ係数"),
          {"y": ("y",), "y_hat": ("\\hat{y}",)}, n=60, note_view=_rates_view),
]
