"""Weight initialisation variances: Xavier (Glorot), fan-in (LeCun) and Kaiming (He).

The truth reads the variance torch.nn.init draws with: its sample divided by the same generator's N(0, 1)
draw is the standard deviation, exactly.
"""
from __future__ import annotations

import random
from typing import Any, Callable

from kb.formulas._build import Example
from kb.formulas.core import Formula, memoize_truth


def _init_variance(init: Callable[..., Any], n_in: int, n_out: int) -> float:
    """The variance torch's initialiser draws with: its sample divided by the same generator's N(0,1) draw."""
    import torch
    w = torch.empty(n_out, n_in, dtype=torch.float64)
    init(w, generator=torch.Generator().manual_seed(0))
    z = torch.empty(n_out, n_in, dtype=torch.float64).normal_(0, 1, generator=torch.Generator().manual_seed(0))
    return ((w / z).mean() ** 2).item()


def xavier_variance(n_in: int, n_out: int) -> float:
    return 2 / (n_in + n_out)


def lecun_variance(n_in: int, n_out: int) -> float:
    return 1 / n_in


def kaiming_variance(n_in: int, n_out: int) -> float:
    return 2 / n_in


def _truth_xavier(n_in: int, n_out: int) -> float:
    import torch
    return _init_variance(torch.nn.init.xavier_normal_, n_in, n_out)


def _truth_lecun(n_in: int, n_out: int) -> float:
    import torch
    return _init_variance(lambda w, generator: torch.nn.init.kaiming_normal_(
        w, nonlinearity="linear", generator=generator), n_in, n_out)


def _truth_kaiming(n_in: int, n_out: int) -> float:
    import torch
    return _init_variance(lambda w, generator: torch.nn.init.kaiming_normal_(
        w, nonlinearity="relu", generator=generator), n_in, n_out)


def _fan_examples(rng: random.Random, n: int) -> list[Example]:
    out = [dict(n_in=1, n_out=1), dict(n_in=3, n_out=64)]
    while len(out) < n:
        out.append(dict(n_in=rng.randint(1, 64), n_out=rng.randint(1, 64)))
    return out[:n]


_INIT_MUTANTS = {
    "1/n_in": lambda n_in, n_out: 1 / n_in,
    "2/n_in": lambda n_in, n_out: 2 / n_in,
    "2/(n_in+n_out)": lambda n_in, n_out: 2 / (n_in + n_out),
    "1/(n_in+n_out)": lambda n_in, n_out: 1 / (n_in + n_out),
    "2/n_out": lambda n_in, n_out: 2 / n_out,
}


def _init_mutants(own: str) -> dict[str, Callable[..., float]]:
    return {k: v for k, v in _INIT_MUTANTS.items() if k != own}


FORMULAS = [
    Formula(
        id="xavier_variance",
        titles={"en": "Xavier (Glorot) initialisation variance", "zh": "Xavier 初始化方差", "ru": "Инициализация Xavier"},
        latex=r"\mathrm{Var}(W)=\frac{2}{n_{in}+n_{out}}",
        symbols={"n_in": "inputs of the layer (fan-in)", "n_out": "outputs (fan-out)"},
        reference=xavier_variance,
        truth=memoize_truth(_truth_xavier),
        examples=_fan_examples,
        mutants=_init_mutants("2/(n_in+n_out)"),
        aliases={"n_in": ("n_{in}", "n_j", "fan\\_in"), "n_out": ("n_{out}", "n_{j+1}", "fan\\_out")},
        keywords=("Xavier initialisation", "Xavier initialization", "Glorot"),
        rel_tol=1e-12,
    ),
    Formula(
        id="lecun_variance",
        titles={"en": "Fan-in (Xavier/LeCun) initialisation variance", "zh": "按输入数的初始化方差",
                "ru": "Инициализация по числу входов"},
        latex=r"\mathrm{Var}(W)=\frac{1}{n_{in}}",
        symbols={"n_in": "inputs of the layer (fan-in)", "n_out": "outputs (unused)"},
        reference=lecun_variance,
        truth=memoize_truth(_truth_lecun),
        examples=_fan_examples,
        mutants=_init_mutants("1/n_in"),
        aliases={"n_in": ("n_{in}", "n", "fan\\_in"), "n_out": ("n_{out}",)},
        keywords=("Xavier initialisation", "LeCun initialization", "variance of inputs"),
        rel_tol=1e-12,
    ),
    Formula(
        id="kaiming_variance",
        titles={"en": "Kaiming (He) initialisation variance", "zh": "Kaiming 初始化方差", "ru": "Инициализация Кайминга"},
        latex=r"\mathrm{Var}(W)=\frac{2}{n_{in}}",
        symbols={"n_in": "inputs of the layer (fan-in)", "n_out": "outputs (unused)"},
        reference=kaiming_variance,
        truth=memoize_truth(_truth_kaiming),
        examples=_fan_examples,
        mutants=_init_mutants("2/n_in"),
        aliases={"n_in": ("n_{in}", "n", "fan\\_in"), "n_out": ("n_{out}",)},
        keywords=("Kaiming initialisation", "Kaiming initialization", "He initialization", "Kaiming He"),
        rel_tol=1e-12,
    ),
]
