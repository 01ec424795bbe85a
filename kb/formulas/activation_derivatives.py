"""Derivatives of activation functions, as notes state them for backpropagation: σ' = σ(1−σ), tanh' = 1−tanh²,
the ReLU family's step derivatives, softplus' = σ, swish', GELU', log-sigmoid'.

The truth is torch's autograd through torch's own kernel (torch.sigmoid, F.gelu, ...), never the closed form.
ReLU-type functions are not differentiable at 0; examples avoid x = 0 (any subgradient would do there).
"""
from __future__ import annotations

import math
import random
from typing import Any, Callable

from kb.formulas._build import Example, entry, grad_of, with_fixed

_EDGES = [1.0, -1.0, 0.5, -0.5, 3.0, -3.0, 1e-3, -1e-3, 8.0, -8.0]


def _nonzero(rng: random.Random) -> Example:
    x = [rng.uniform(-6, 6) for _ in range(rng.randint(1, 12))]
    return dict(x=[v if abs(v) > 1e-6 else 0.5 for v in x])


_examples = with_fixed([dict(x=list(_EDGES))], _nonzero)


def _alpha_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(e, alpha=rng.choice([0.01, 0.1, 0.2, 0.5])) for e in _examples(rng, n)]


def _map(f: Callable[[float], float]) -> Callable[..., list[float]]:
    return lambda x: [f(v) for v in x]


def _sigma(v: float) -> float:
    return 1 / (1 + math.exp(-v))


def _phi(v: float) -> float:
    return 0.5 * (1 + math.erf(v / math.sqrt(2)))


def _pdf(v: float) -> float:
    return math.exp(-v * v / 2) / math.sqrt(2 * math.pi)


def _autograd(op: Callable[..., Any]) -> Callable[..., list[float]]:
    """The derivative of a torch op at every x, by autograd (scalar extras such as α passed through)."""
    def truth(x: list[float], **extra: Any) -> list[float]:
        return grad_of(lambda leaf: op(leaf, **extra), x)
    return truth


def _sigmoid(x):
    import torch
    return torch.sigmoid(x)


def _tanh(x):
    import torch
    return torch.tanh(x)


def _relu(x):
    import torch.nn.functional as fn
    return fn.relu(x)


def _leaky(x, alpha):
    import torch.nn.functional as fn
    return fn.leaky_relu(x, negative_slope=alpha)


def _elu(x, alpha):
    import torch.nn.functional as fn
    return fn.elu(x, alpha=alpha)


def _softplus(x):
    import torch.nn.functional as fn
    return fn.softplus(x, threshold=700)   # exact ln(1+e^x), no linear tail above 20


def _silu(x):
    import torch.nn.functional as fn
    return fn.silu(x)


def _gelu(x):
    import torch.nn.functional as fn
    return fn.gelu(x)


def _logsigmoid(x):
    import torch.nn.functional as fn
    return fn.logsigmoid(x)


def _hardtanh(x):
    import torch.nn.functional as fn
    return fn.hardtanh(x)


sigmoid_derivative = _map(lambda v: _sigma(v) * (1 - _sigma(v)))
tanh_derivative = _map(lambda v: 1 - math.tanh(v) ** 2)
relu_derivative = _map(lambda v: 1.0 if v > 0 else 0.0)
softplus_derivative = _map(_sigma)
swish_derivative = _map(lambda v: _sigma(v) + v * _sigma(v) * (1 - _sigma(v)))
gelu_derivative = _map(lambda v: _phi(v) + v * _pdf(v))
log_sigmoid_derivative = _map(lambda v: 1 - _sigma(v))
hard_tanh_derivative = _map(lambda v: 1.0 if -1 < v < 1 else 0.0)


def leaky_relu_derivative(x: list[float], alpha: float) -> list[float]:
    return [1.0 if v > 0 else alpha for v in x]


def elu_derivative(x: list[float], alpha: float) -> list[float]:
    return [1.0 if v > 0 else alpha * math.exp(v) for v in x]


_X = {"x": "input values"}
_XA = {"x": "input values", "alpha": "negative slope / scale α"}
_ALIASES = {"x": ("x", "z")}
_ALIASES_A = {"x": ("x", "z"), "alpha": ("\\alpha", "a")}
_TOL = 1e-12

FORMULAS = [
    entry("sigmoid_derivative", {"en": "Derivative of the sigmoid", "zh": "Sigmoid 的导数", "ru": "Производная сигмоиды",
                                 "fr": "Dérivée de la sigmoïde", "de": "Ableitung der Sigmoidfunktion",
                                 "es": "Derivada de la sigmoide"},
          r"\sigma'(x)=\sigma(x)\,(1-\sigma(x))", _X, sigmoid_derivative, _autograd(_sigmoid), _examples,
          {"σ(1+σ)": _map(lambda v: _sigma(v) * (1 + _sigma(v))), "1−σ² (tanh's form)": _map(lambda v: 1 - _sigma(v) ** 2),
           "σ(x) itself": _map(_sigma), "1−σ(x)": _map(lambda v: 1 - _sigma(v))},
          ("sigmoid derivative", "derivative of the sigmoid", "σ'(x)", "sigmoid 导数", "производная сигмоиды"),
          _ALIASES, _TOL),
    entry("tanh_derivative", {"en": "Derivative of tanh", "zh": "tanh 的导数", "ru": "Производная tanh",
                              "fr": "Dérivée de tanh", "de": "Ableitung von tanh", "es": "Derivada de tanh"},
          r"\tanh'(x)=1-\tanh^{2}(x)", _X, tanh_derivative, _autograd(_tanh), _examples,
          {"1−tanh(x)": _map(lambda v: 1 - math.tanh(v)), "1+tanh²": _map(lambda v: 1 + math.tanh(v) ** 2),
           "tanh(1−tanh)": _map(lambda v: math.tanh(v) * (1 - math.tanh(v)))},
          ("tanh derivative", "derivative of tanh", "tanh'(x)", "1 - tanh^2", "производная tanh"), _ALIASES, _TOL),
    entry("relu_derivative", {"en": "Derivative of ReLU", "zh": "ReLU 的导数", "ru": "Производная ReLU",
                                     "fr": "Dérivée de ReLU", "de": "Ableitung von ReLU",
                                     "es": "Derivada de ReLU", "pl": "Pochodna ReLU"},
          r"\mathrm{ReLU}'(x)=\begin{cases}1&x>0\\0&x<0\end{cases}", _X, relu_derivative, _autograd(_relu), _examples,
          {"x (the function)": _map(lambda v: max(v, 0.0)), "1 everywhere": _map(lambda v: 1.0),
           "step reversed": _map(lambda v: 0.0 if v > 0 else 1.0)},
          ("ReLU derivative", "derivative of ReLU", "gradient of ReLU", "производная ReLU"), _ALIASES, None),
    entry("leaky_relu_derivative", {"en": "Derivative of leaky ReLU", "zh": "Leaky ReLU 的导数", "ru": "Производная Leaky ReLU",
                                     "fr": "Dérivée de Leaky ReLU", "de": "Ableitung von Leaky ReLU",
                                     "es": "Derivada de Leaky ReLU", "pl": "Pochodna Leaky ReLU"},
          r"\mathrm{LeakyReLU}'(x)=\begin{cases}1&x>0\\\alpha&x<0\end{cases}", _XA, leaky_relu_derivative,
          _autograd(_leaky), _alpha_examples,
          {"0 on the negative side": lambda x, alpha: [1.0 if v > 0 else 0.0 for v in x],
           "α·x on the negative side": lambda x, alpha: [1.0 if v > 0 else alpha * v for v in x],
           "α on the positive side": lambda x, alpha: [alpha if v > 0 else 1.0 for v in x]},
          ("leaky ReLU derivative", "derivative of leaky ReLU"), _ALIASES_A, None),
    entry("elu_derivative", {"en": "Derivative of ELU", "zh": "ELU 的导数", "ru": "Производная ELU",
                                     "fr": "Dérivée de ELU", "de": "Ableitung von ELU",
                                     "es": "Derivada de ELU", "pl": "Pochodna ELU"},
          r"\mathrm{ELU}'(x)=\begin{cases}1&x>0\\\alpha e^{x}&x\le0\end{cases}", _XA, elu_derivative,
          _autograd(_elu), _alpha_examples,
          {"α(e^x − 1) (the function)": lambda x, alpha: [1.0 if v > 0 else alpha * (math.exp(v) - 1) for v in x],
           "e^x without α": lambda x, alpha: [1.0 if v > 0 else math.exp(v) for v in x],
           "α everywhere below 0": lambda x, alpha: [1.0 if v > 0 else alpha for v in x]},
          ("ELU derivative", "derivative of ELU"), _ALIASES_A, _TOL),
    entry("softplus_derivative", {"en": "Derivative of softplus", "zh": "Softplus 的导数", "ru": "Производная softplus"},
          r"\frac{d}{dx}\ln(1+e^{x})=\sigma(x)", _X, softplus_derivative, _autograd(_softplus), _examples,
          {"σ(−x)": _map(lambda v: _sigma(-v)), "1/(1+e^x)·e^{−x}": _map(lambda v: math.exp(-v) / (1 + math.exp(v))),
           "e^x": _map(math.exp)},
          ("softplus derivative", "derivative of softplus"), _ALIASES, _TOL),
    entry("swish_derivative", {"en": "Derivative of swish (SiLU)", "zh": "Swish 的导数", "ru": "Производная swish"},
          r"\frac{d}{dx}\,x\sigma(x)=\sigma(x)+x\,\sigma(x)(1-\sigma(x))", _X, swish_derivative, _autograd(_silu),
          _examples,
          {"σ(x) only": _map(_sigma), "xσ(1−σ) only": _map(lambda v: v * _sigma(v) * (1 - _sigma(v))),
           "σ + x·σ": _map(lambda v: _sigma(v) + v * _sigma(v))},
          ("swish derivative", "SiLU derivative", "derivative of swish"), _ALIASES, _TOL),
    entry("gelu_derivative", {"en": "Derivative of GELU", "zh": "GELU 的导数", "ru": "Производная GELU"},
          r"\mathrm{GELU}'(x)=\Phi(x)+x\,\varphi(x)", _X, gelu_derivative, _autograd(_gelu), _examples,
          {"Φ(x) only": _map(_phi), "φ(x)·x only": _map(lambda v: v * _pdf(v)), "Φ(x) − xφ(x)": _map(lambda v: _phi(v) - v * _pdf(v))},
          ("GELU derivative", "derivative of GELU"), _ALIASES, _TOL),
    entry("log_sigmoid_derivative", {"en": "Derivative of log-sigmoid", "zh": "对数 sigmoid 的导数",
                                     "ru": "Производная логарифма сигмоиды"},
          r"\frac{d}{dx}\log\sigma(x)=1-\sigma(x)", _X, log_sigmoid_derivative, _autograd(_logsigmoid), _examples,
          {"σ(x)": _map(_sigma), "1/σ(x)": _map(lambda v: 1 / _sigma(v)), "σ(1−σ)": _map(lambda v: _sigma(v) * (1 - _sigma(v)))},
          ("log-sigmoid derivative", "derivative of log sigmoid"), _ALIASES, _TOL),
    entry("hard_tanh_derivative", {"en": "Derivative of hard tanh", "zh": "Hard tanh 的导数", "ru": "Производная hardtanh"},
          r"\operatorname{hardtanh}'(x)=\begin{cases}1&|x|<1\\0&|x|>1\end{cases}", _X, hard_tanh_derivative,
          _autograd(_hardtanh), with_fixed([dict(x=[0.5, -0.5, 2.0, -2.0, 0.99, -1.01])],
                                          lambda rng: dict(x=[v for v in (rng.uniform(-3, 3) for _ in range(8))
                                                              if abs(abs(v) - 1) > 1e-6])),
          {"1 on x > 0 (ReLU's)": _map(lambda v: 1.0 if v > 0 else 0.0), "1 − tanh²": _map(lambda v: 1 - math.tanh(v) ** 2)},
          ("hardtanh derivative", "straight-through estimator", "STE"), _ALIASES, None),
]
