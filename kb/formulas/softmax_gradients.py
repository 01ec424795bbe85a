"""Softmax and log-softmax beyond the forward pass: log-softmax, log-sum-exp, the softmax Jacobian, the
log-softmax Jacobian, and the gradients of the losses built on them (softmax + cross-entropy gives p − y,
sigmoid + BCE gives σ(z) − y, ∇ log-sum-exp is the softmax).

Truths are torch's kernels (F.log_softmax, torch.logsumexp) and autograd through F.cross_entropy and
F.binary_cross_entropy_with_logits; references are written with math, one element at a time.
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, entry, grad_of, jacobian_of, t, with_fixed


def _logits(rng: random.Random) -> Example:
    return dict(z=[rng.uniform(-6, 6) for _ in range(rng.randint(2, 8))])


_logit_examples = with_fixed([dict(z=[0.0, 0.0]), dict(z=[1.0, 2.0, 3.0])], _logits)


def _with_target(rng: random.Random) -> Example:
    # the true class as an index (what F.cross_entropy takes); a note's y is its one-hot vector (the note view)
    z = _logits(rng)["z"]
    return dict(z=z, target=rng.randrange(len(z)))



def _ce_gradient_view(z: list[float], target: int, **_: object) -> dict[str, list[float]]:
    """What a note writes the gradient in: p = softmax(z) (also ŷ) and the target as a one-hot vector y."""
    p = _softmax(z)
    return {"p": p, "\\hat{y}": p, "y": [float(k == target) for k in range(len(z))]}


def _binary_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        k = rng.randint(1, 8)
        out.append(dict(z=[rng.uniform(-6, 6) for _ in range(k)], y=[float(rng.random() < 0.5) for _ in range(k)]))
    return out


def _softmax(z: list[float]) -> list[float]:
    top = max(z)
    e = [math.exp(v - top) for v in z]
    return [v / sum(e) for v in e]


def _lse(z: list[float]) -> float:
    top = max(z)
    return top + math.log(sum(math.exp(v - top) for v in z))


def _sigma(v: float) -> float:
    return 1 / (1 + math.exp(-v))


# ---- references ---------------------------------------------------------------------------------------

def log_softmax(z: list[float]) -> list[float]:
    return [v - _lse(z) for v in z]


def logsumexp(z: list[float]) -> float:
    return _lse(z)


def softmax_jacobian(z: list[float]) -> list[list[float]]:
    p = _softmax(z)
    return [[p[i] * ((i == j) - p[j]) for j in range(len(z))] for i in range(len(z))]


def log_softmax_jacobian(z: list[float]) -> list[list[float]]:
    p = _softmax(z)
    return [[(i == j) - p[j] for j in range(len(z))] for i in range(len(z))]


def softmax_cross_entropy_gradient(z: list[float], target: int) -> list[float]:
    return [p - (k == target) for k, p in enumerate(_softmax(z))]


def sigmoid_bce_gradient(z: list[float], y: list[float]) -> list[float]:
    """∂/∂z of the mean BCE-with-logits over the batch: (σ(z) − y)/N."""
    return [(_sigma(a) - b) / len(z) for a, b in zip(z, y)]


def logsumexp_gradient(z: list[float]) -> list[float]:
    return _softmax(z)


# ---- truths -------------------------------------------------------------------------------------------

def _truth_log_softmax(z):
    import torch.nn.functional as fn
    return fn.log_softmax(t(z), dim=0).tolist()


def _truth_logsumexp(z):
    import torch
    return torch.logsumexp(t(z), dim=0).item()


def _truth_softmax_jacobian(z):
    import torch.nn.functional as fn
    return jacobian_of(lambda x: fn.softmax(x, dim=0), z)


def _truth_log_softmax_jacobian(z):
    import torch.nn.functional as fn
    return jacobian_of(lambda x: fn.log_softmax(x, dim=0), z)


def _truth_ce_gradient(z, target):
    import torch
    import torch.nn.functional as fn
    return grad_of(lambda x: fn.cross_entropy(x[None], torch.tensor([target])), z)


def _truth_bce_gradient(z, y):
    import torch.nn.functional as fn
    return grad_of(lambda x: fn.binary_cross_entropy_with_logits(x, t(y)), z)


def _truth_lse_gradient(z):
    import torch
    return grad_of(lambda x: torch.logsumexp(x, dim=0), z)



_Z = {"z": "logits"}
_ZA = {"z": ("z", "s", "x", "a", "o")}

FORMULAS = [
    entry("log_softmax", {"en": "Log-softmax", "zh": "对数 Softmax", "ru": "Логарифм softmax", "fr": "Log-softmax"},
          r"\log\operatorname{softmax}(z)_i=z_i-\log\sum_j e^{z_j}", _Z, log_softmax, _truth_log_softmax,
          _logit_examples,
          {"z_i − Σ z_j": lambda z: [v - sum(z) for v in z], "z_i − max z": lambda z: [v - max(z) for v in z],
           "log(z_i/Σz)": lambda z: [math.log(v / sum(z)) if v > 0 and sum(z) > 0 else math.nan for v in z]},
          ("log-softmax", "log softmax", "log_softmax", "对数softmax"), _ZA),
    entry("logsumexp", {"en": "Log-sum-exp", "zh": "LogSumExp", "ru": "LogSumExp"},
          r"\operatorname{LSE}(z)=\log\sum_j e^{z_j}=m+\log\sum_j e^{z_j-m},\ m=\max_j z_j", _Z, logsumexp,
          _truth_logsumexp, _logit_examples,
          {"max only": lambda z: max(z), "Σ z_j": lambda z: sum(z),
           "m + Σ e^{z_j − m} (log forgotten)": lambda z: max(z) + sum(math.exp(v - max(z)) for v in z)},
          ("log-sum-exp", "logsumexp", "LSE", "soft maximum", "numerically stable softmax"), _ZA),
    entry("softmax_jacobian", {"en": "Jacobian of the softmax", "zh": "Softmax 的雅可比矩阵", "ru": "Якобиан softmax",
                               "fr": "Jacobienne du softmax"},
          r"\frac{\partial p_i}{\partial z_j}=p_i(\delta_{ij}-p_j)", _Z, softmax_jacobian, _truth_softmax_jacobian,
          _logit_examples,
          {"p_i(1−p_j) everywhere": lambda z: [[a * (1 - b) for b in _softmax(z)] for a in _softmax(z)],
           "−p_i p_j everywhere": lambda z: [[-a * b for b in _softmax(z)] for a in _softmax(z)],
           "diagonal only": lambda z: [[p * (1 - p) if i == j else 0.0 for j in range(len(z))] for i, p in enumerate(_softmax(z))]},
          ("softmax derivative", "softmax gradient", "softmax Jacobian", "derivative of softmax", "производная softmax"),
          _ZA),
    entry("log_softmax_jacobian", {"en": "Jacobian of the log-softmax", "zh": "对数 Softmax 的导数",
                                   "ru": "Производная логарифма softmax"},
          r"\frac{\partial\log p_i}{\partial z_j}=\delta_{ij}-p_j", _Z, log_softmax_jacobian,
          _truth_log_softmax_jacobian, _logit_examples,
          {"δ_ij − p_i": lambda z: [[(i == j) - p for j in range(len(z))] for i, p in enumerate(_softmax(z))],
           "p_j − δ_ij": lambda z: [[p - (i == j) for j, p in enumerate(_softmax(z))] for i in range(len(z))]},
          ("log-softmax derivative", "gradient of log softmax"), _ZA),
    entry("softmax_cross_entropy_gradient", {"en": "Gradient of softmax cross-entropy with respect to the logits",
                                             "zh": "Softmax 交叉熵对 logits 的梯度",
                                             "ru": "Градиент кросс-энтропии по логитам",
                                             "fr": "Gradient de l'entropie croisée softmax",
                                             "de": "Gradient der Softmax-Kreuzentropie"},
          r"\frac{\partial L}{\partial z_k}=p_k-y_k", {"z": "logits", "target": "index of the true class"},
          softmax_cross_entropy_gradient, _truth_ce_gradient, with_fixed([], _with_target),
          {"y − p": lambda z, target: [(k == target) - p for k, p in enumerate(_softmax(z))],
           "p alone": lambda z, target: _softmax(z),
           "p(1−p) − y": lambda z, target: [p * (1 - p) - (k == target) for k, p in enumerate(_softmax(z))]},
          ("cross-entropy gradient", "gradient of the cross-entropy", "gradient of the softmax loss", "p - y",
           "softmax loss gradient",
           "градиент кросс-энтропии", "交叉熵梯度", "gradiente de la entropía cruzada", "Gradient der Kreuzentropie"),
          {"z": ("z", "s", "f", "x")},
          note_view=_ce_gradient_view),
    entry("sigmoid_bce_gradient", {"en": "Gradient of sigmoid + binary cross-entropy", "zh": "Sigmoid 交叉熵的梯度",
                                   "ru": "Градиент бинарной кросс-энтропии"},
          r"\frac{\partial L}{\partial z_i}=\frac{1}{N}\left(\sigma(z_i)-y_i\right)", {"z": "logits", "y": "labels 0/1"},
          sigmoid_bce_gradient, _truth_bce_gradient, _binary_examples,
          {"no 1/N": lambda z, y: [_sigma(a) - b for a, b in zip(z, y)],
           "y − σ(z)": lambda z, y: [(b - _sigma(a)) / len(z) for a, b in zip(z, y)],
           "σ(1−σ)(σ−y) (MSE's)": lambda z, y: [_sigma(a) * (1 - _sigma(a)) * (_sigma(a) - b) / len(z) for a, b in zip(z, y)]},
          ("binary cross-entropy gradient", "logistic loss gradient", "BCEWithLogits", "sigmoid cross entropy"),
          {"z": ("z", "x", "f"), "y": ("y",)}),
    entry("logsumexp_gradient", {"en": "Gradient of log-sum-exp is the softmax", "zh": "LogSumExp 的梯度",
                                 "ru": "Градиент LogSumExp"},
          r"\frac{\partial}{\partial z_i}\log\sum_j e^{z_j}=\operatorname{softmax}(z)_i", _Z, logsumexp_gradient,
          _truth_lse_gradient, _logit_examples,
          {"e^{z_i}": lambda z: [math.exp(v) for v in z], "one-hot of the max": lambda z: [float(v == max(z)) for v in z]},
          ("gradient of logsumexp", "log-sum-exp gradient", "gradient of log-sum-exp"), _ZA),
]
