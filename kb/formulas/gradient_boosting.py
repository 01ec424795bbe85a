"""Boosting: gradient boosting's pseudo-residuals for squared, absolute and logistic loss, and AdaBoost's
learner weight.

A pseudo-residual is the negative gradient of the loss with respect to the current prediction F(x): the
truth is autograd through torch's loss (½(y−F)², |y−F|, BCE on logits). AdaBoost's α is the minimiser of
the exponential loss (1−ε)e^{−α} + εe^{α}; the truth solves d/dα = 0 with sympy.
"""
from __future__ import annotations

import math
import random
from functools import lru_cache

from kb.formulas._build import Example, entry, grad_of, t, vec, with_fixed


def _predictions(rng: random.Random) -> Example:
    k = rng.randint(1, 10)
    y = vec(rng, k, -3, 3)
    return dict(y=y, F=[v + rng.uniform(-2, 2) for v in y])


def _binary(rng: random.Random) -> Example:
    k = rng.randint(1, 10)
    return dict(y=[float(rng.random() < 0.5) for _ in range(k)], F=vec(rng, k, -4, 4))


def _sigma(v: float) -> float:
    return 1 / (1 + math.exp(-v))


def squared_loss_residual(y, F):
    return [a - b for a, b in zip(y, F)]


def absolute_loss_residual(y, F):
    return [math.copysign(1.0, a - b) for a, b in zip(y, F)]


def log_loss_residual(y, F):
    return [a - _sigma(b) for a, b in zip(y, F)]


def _negative_gradient(loss):
    def truth(y, F):
        return [-g for g in grad_of(lambda f: loss(f, t(y)), F)]
    return truth


def _half_squared(f, y):
    return 0.5 * (y - f) ** 2


def _absolute(f, y):
    return (y - f).abs()


def _logistic(f, y):
    import torch.nn.functional as fn
    return fn.binary_cross_entropy_with_logits(f, y, reduction="none")


def adaboost_alpha(eps):
    return 0.5 * math.log((1 - eps) / eps)


@lru_cache(maxsize=1)
def _alpha_minimiser():
    """The stationary point of the exponential loss (1−ε)e^{−α} + εe^{α}, solved once symbolically in ε."""
    import sympy
    a = sympy.symbols("alpha", real=True)
    e = sympy.symbols("epsilon", positive=True)
    (root,) = sympy.solve(sympy.diff((1 - e) * sympy.exp(-a) + e * sympy.exp(a), a), a)
    return sympy.lambdify(e, root, "math")


def _truth_alpha(eps):
    return float(_alpha_minimiser()(eps))


_YF = {"y": "targets", "F": "current ensemble prediction F(x)"}
_YFA = {"y": ("y", "y_i"), "F": ("F", "F(x)", "F(x_i)", "F_{m-1}(x_i)", "\\hat{y}")}

FORMULAS = [
    entry("gbm_residual_squared", {"en": "Gradient boosting pseudo-residual (squared loss)", "zh": "梯度提升的伪残差（平方损失）",
                                   "ru": "Псевдоостатки градиентного бустинга (квадратичная потеря)",
                                   "fr": "Pseudo-résidus du gradient boosting"},
          r"r_i=-\frac{\partial\frac12(y_i-F(x_i))^2}{\partial F(x_i)}=y_i-F(x_i)", _YF, squared_loss_residual,
          _negative_gradient(_half_squared), with_fixed([], _predictions),
          {"F − y (gradient, not its negative)": lambda y, F: [b - a for a, b in zip(y, F)],
           "squared residual": lambda y, F: [(a - b) ** 2 for a, b in zip(y, F)],
           "y alone": lambda y, F: list(y)},
          ("pseudo-residual", "pseudo residuals", "gradient boosting", "GBDT", "伪残差", "梯度提升", "градиентный бустинг"),
          _YFA),
    entry("gbm_residual_absolute", {"en": "Gradient boosting pseudo-residual (absolute loss)", "zh": "梯度提升的伪残差（绝对损失）",
                                    "ru": "Псевдоостатки градиентного бустинга (абсолютная потеря)"},
          r"r_i=\operatorname{sign}(y_i-F(x_i))", _YF, absolute_loss_residual, _negative_gradient(_absolute),
          with_fixed([], _predictions),
          {"residual itself": squared_loss_residual, "sign(F − y)": lambda y, F: [-v for v in absolute_loss_residual(y, F)]},
          ("pseudo-residual", "least absolute deviation", "LAD boosting", "gradient boosting"), _YFA),
    entry("gbm_residual_logistic", {"en": "Gradient boosting pseudo-residual (log loss)", "zh": "梯度提升的伪残差（对数损失）",
                                    "ru": "Псевдоостатки градиентного бустинга (логистическая потеря)"},
          r"r_i=y_i-\sigma(F(x_i))", {"y": "labels 0/1", "F": "current log-odds F(x)"}, log_loss_residual,
          _negative_gradient(_logistic), with_fixed([], _binary),
          {"y − F (squared loss's)": squared_loss_residual, "σ(F) − y": lambda y, F: [_sigma(b) - a for a, b in zip(y, F)],
           "y − σ(F)(1 − σ(F))": lambda y, F: [a - _sigma(b) * (1 - _sigma(b)) for a, b in zip(y, F)]},
          ("pseudo-residual", "gradient boosting classification", "log loss", "binomial deviance"), _YFA),
    entry("adaboost_alpha", {"en": "AdaBoost learner weight", "zh": "AdaBoost 弱分类器权重", "ru": "Вес классификатора в AdaBoost",
                             "fr": "Poids d'un classifieur AdaBoost"},
          r"\alpha_t=\frac12\ln\frac{1-\varepsilon_t}{\varepsilon_t}", {"eps": "weighted error ε of the weak learner"},
          adaboost_alpha, _truth_alpha,
          lambda rng, n: [dict(eps=e) for e in (0.1, 0.25, 0.4, 0.45, 0.05)][:n] + [
              dict(eps=round(rng.uniform(0.02, 0.98), 3)) for _ in range(max(0, n - 5))],
          {"no ½": lambda eps: math.log((1 - eps) / eps), "ε/(1−ε)": lambda eps: 0.5 * math.log(eps / (1 - eps)),
           "log base 2": lambda eps: 0.5 * math.log2((1 - eps) / eps)},
          ("AdaBoost", "weak learner weight", "classifier weight", "adaptive boosting"), {"eps": ("\\varepsilon", "\\epsilon", "e_t", "err")},
          1e-12, 20),
]
