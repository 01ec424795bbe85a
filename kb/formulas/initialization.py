"""Weight initialisation: Xavier (Glorot), fan-in (LeCun) and Kaiming (He) variances, fan-in and fan-out modes,
the leaky-ReLU gain, and the bounds of the uniform variants.

The truth reads the variance torch.nn.init draws with: its sample divided by the same generator's N(0, 1)
draw is the standard deviation, exactly; a uniform sample over the same generator's U(−1, 1) draw is
the bound.
"""
from __future__ import annotations

import math
import random
from typing import Any, Callable

from kb.formulas._build import Example, entry
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


# fan-in and fan-out as notes spell them besides n_in: fan_in in code, f_in after the papers' "fan"
_FAN_IN = ("fan\\_in", "fan_{in}", "f_{in}")
_FAN_OUT = ("fan\\_out", "fan_{out}", "f_{out}")


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
        aliases={"n_in": ("n_{in}", "n_j", *_FAN_IN), "n_out": ("n_{out}", "n_{j+1}", *_FAN_OUT)},
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
        aliases={"n_in": ("n_{in}", "n", *_FAN_IN), "n_out": ("n_{out}",)},
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
        aliases={"n_in": ("n_{in}", "n", *_FAN_IN), "n_out": ("n_{out}",)},
        keywords=("Kaiming initialisation", "Kaiming initialization", "He initialization", "He initialisation",
                  "Kaiming He", "Kaiming init", "He init", "He の初期化", "Heの初期化", "He 初始化", "He初始化",
                  "Kaiming 初始化", "инициализация He", "инициализация Кайминга", "initialisation de He",
                  "He-Initialisierung", "inicialización de He", "inicialização de He"),
        rel_tol=1e-12,
    ),
]


# ---- uniform bounds, leaky ReLU gain, fan-out mode --------------------------------------------------------

def _init_bound(init: Callable[..., Any], n_in: int, n_out: int) -> float:
    """The bound a of the U(−a, a) torch's initialiser draws from: its sample over the same generator's U(−1, 1)."""
    import torch
    w = torch.empty(n_out, n_in, dtype=torch.float64)
    init(w, generator=torch.Generator().manual_seed(0))
    u = torch.empty(n_out, n_in, dtype=torch.float64).uniform_(-1, 1, generator=torch.Generator().manual_seed(0))
    keep = u.abs() > 0.1      # away from 0, where the ratio's rounding error grows
    return (w[keep] / u[keep]).mean().item() if keep.any() else (w / u).mean().item()


def xavier_uniform_bound(n_in: int, n_out: int) -> float:
    return math.sqrt(6 / (n_in + n_out))


def kaiming_uniform_bound(n_in: int, n_out: int) -> float:
    return math.sqrt(6 / n_in)


def kaiming_leaky_variance(n_in: int, n_out: int, a: float) -> float:
    return 2 / ((1 + a * a) * n_in)


def kaiming_fan_out_variance(n_in: int, n_out: int) -> float:
    return 2 / n_out


def _truth_xavier_uniform(n_in, n_out):
    import torch
    return _init_bound(torch.nn.init.xavier_uniform_, n_in, n_out)


def _truth_kaiming_uniform(n_in, n_out):
    import torch
    return _init_bound(lambda w, generator: torch.nn.init.kaiming_uniform_(w, nonlinearity="relu", generator=generator),
                       n_in, n_out)


def _truth_kaiming_leaky(n_in, n_out, a):
    import torch
    return _init_variance(lambda w, generator: torch.nn.init.kaiming_normal_(
        w, a=a, nonlinearity="leaky_relu", generator=generator), n_in, n_out)


def _truth_kaiming_fan_out(n_in, n_out):
    import torch
    return _init_variance(lambda w, generator: torch.nn.init.kaiming_normal_(
        w, mode="fan_out", nonlinearity="relu", generator=generator), n_in, n_out)


def _fan_slope_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(e, a=rng.choice([0.01, 0.1, 0.2, 0.5, 1.0])) for e in _fan_examples(rng, n)]


_FANS = {"n_in": "inputs of the layer (fan-in)", "n_out": "outputs (fan-out)"}
_FAN_ALIASES = {"n_in": ("n_{in}", "n", *_FAN_IN), "n_out": ("n_{out}", *_FAN_OUT)}

FORMULAS += [
    entry("xavier_uniform_bound", {"en": "Xavier (Glorot) uniform initialisation bound", "zh": "Xavier 均匀初始化的范围",
                                   "ru": "Граница равномерной инициализации Xavier"},
          r"W\sim U\left(-\sqrt{\frac{6}{n_{in}+n_{out}}},\ \sqrt{\frac{6}{n_{in}+n_{out}}}\right)", _FANS,
          xavier_uniform_bound, _truth_xavier_uniform, _fan_examples,
          {"√(2/(n_in+n_out)) (the normal's std)": lambda n_in, n_out: math.sqrt(2 / (n_in + n_out)),
           "6/(n_in+n_out) without the root": lambda n_in, n_out: 6 / (n_in + n_out),
           "√(6/n_in)": lambda n_in, n_out: math.sqrt(6 / n_in)},
          ("Xavier uniform", "Glorot uniform", "Xavier initialization"), _FAN_ALIASES, 1e-9, 40),
    entry("kaiming_uniform_bound", {"en": "Kaiming (He) uniform initialisation bound", "zh": "Kaiming 均匀初始化的范围",
                                    "ru": "Граница равномерной инициализации Кайминга"},
          r"W\sim U\left(-\sqrt{\frac{6}{n_{in}}},\ \sqrt{\frac{6}{n_{in}}}\right)", _FANS, kaiming_uniform_bound,
          _truth_kaiming_uniform, _fan_examples,
          {"√(2/n_in) (the normal's std)": lambda n_in, n_out: math.sqrt(2 / n_in),
           "√(3/n_in) (no ReLU gain)": lambda n_in, n_out: math.sqrt(3 / n_in),
           "√(6/(n_in+n_out))": xavier_uniform_bound},
          ("Kaiming uniform", "He uniform", "He initialization"), _FAN_ALIASES, 1e-9, 40),
    entry("kaiming_leaky_variance", {"en": "Kaiming initialisation variance for leaky ReLU", "zh": "Leaky ReLU 的 Kaiming 初始化方差",
                                     "ru": "Инициализация Кайминга для Leaky ReLU"},
          r"\mathrm{Var}(W)=\frac{2}{(1+a^2)\,n_{in}}", {**_FANS, "a": "negative slope a"}, kaiming_leaky_variance,
          _truth_kaiming_leaky, _fan_slope_examples,
          {"slope ignored (2/n_in)": lambda n_in, n_out, a: 2 / n_in,
           "(1 + a) instead of (1 + a²)": lambda n_in, n_out, a: 2 / ((1 + a) * n_in),
           "(1 − a²)": lambda n_in, n_out, a: 2 / ((1 - a * a) * n_in) if a != 1 else math.inf},
          ("Kaiming", "He initialization", "leaky ReLU", "PReLU"), {**_FAN_ALIASES, "a": ("a", "\\alpha")}, 1e-9, 40),
    entry("kaiming_fan_out_variance", {"en": "Kaiming initialisation variance, fan-out mode", "zh": "Kaiming 初始化方差（fan_out 模式）",
                                       "ru": "Инициализация Кайминга по числу выходов"},
          r"\mathrm{Var}(W)=\frac{2}{n_{out}}", _FANS, kaiming_fan_out_variance, _truth_kaiming_fan_out, _fan_examples,
          _init_mutants("2/n_out"), ("Kaiming", "fan_out", "backward pass variance"), _FAN_ALIASES, 1e-9, 40),
]


# ---- the uniform bounds of LeCun's fan-in scheme and of the fan-in heuristic --------------------------------
# LeCun's variance 1/n_in drawn uniformly: U(−a, a) has variance a²/3, so a = √(3/n_in) (torch: kaiming_uniform_ with
# the linear gain 1). The "commonly used heuristic" Glorot and Bengio compare against, U(−1/√n_in, 1/√n_in), is also
# what torch's nn.Linear draws by default (kaiming_uniform_ with a = √5, whose gain √(2/6) makes the bound 1/√n_in).

def lecun_uniform_bound(n_in: int, n_out: int) -> float:
    return math.sqrt(3 / n_in)


def fan_in_heuristic_bound(n_in: int, n_out: int) -> float:
    return 1 / math.sqrt(n_in)


def _truth_lecun_uniform(n_in, n_out):
    import torch
    return _init_bound(lambda w, generator: torch.nn.init.kaiming_uniform_(w, nonlinearity="linear", generator=generator),
                       n_in, n_out)


def _truth_fan_in_heuristic(n_in, n_out):
    import torch
    return _init_bound(lambda w, generator: torch.nn.init.kaiming_uniform_(w, a=math.sqrt(5), generator=generator),
                       n_in, n_out)


FORMULAS += [
    entry("lecun_uniform_bound", {"en": "LeCun uniform initialisation bound", "zh": "LeCun 均匀初始化的范围",
                                  "ru": "Граница равномерной инициализации LeCun"},
          r"W\sim U\left(-\sqrt{\frac{3}{n_{in}}},\ \sqrt{\frac{3}{n_{in}}}\right)", _FANS, lecun_uniform_bound,
          _truth_lecun_uniform, _fan_examples,
          {"√(1/n_in) (the normal's std)": lambda n_in, n_out: math.sqrt(1 / n_in),
           "3/n_in without the root": lambda n_in, n_out: 3 / n_in,
           "√(6/n_in) (He's)": kaiming_uniform_bound,
           "√(3/(n_in+n_out))": lambda n_in, n_out: math.sqrt(3 / (n_in + n_out))},
          ("LeCun uniform", "LeCun initialization", "LeCun initialisation", "lecun_uniform"), _FAN_ALIASES, 1e-9, 40),
    entry("fan_in_heuristic_bound", {"en": "Fan-in heuristic uniform initialisation bound (torch.nn.Linear default)",
                                     "zh": "按输入数的启发式均匀初始化范围",
                                     "ru": "Эвристическая граница равномерной инициализации"},
          r"W\sim U\left(-\frac{1}{\sqrt{n_{in}}},\ \frac{1}{\sqrt{n_{in}}}\right)", _FANS, fan_in_heuristic_bound,
          _truth_fan_in_heuristic, _fan_examples,
          {"1/n_in without the root": lambda n_in, n_out: 1 / n_in,
           "√(3/n_in) (LeCun's)": lecun_uniform_bound,
           "1/√(n_in + n_out)": lambda n_in, n_out: 1 / math.sqrt(n_in + n_out)},
          ("commonly used heuristic", "heuristic", "nn.Linear", "default initialization", "default initialisation"),
          _FAN_ALIASES, 1e-9, 40),
]
