"""Linear models: linear classifier scores, the normal equation, ridge regression, the least-squares and
logistic-regression gradients, the logistic prediction, softmax regression's gradient and the perceptron rule.

Truths: F.linear, torch.linalg.lstsq (ridge as least squares on an augmented system), autograd through
F.mse_loss / F.binary_cross_entropy_with_logits / F.cross_entropy, a two-class softmax for the sigmoid,
and one SGD step on the perceptron criterion.
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, entry, grad_of, t, vec, with_fixed
from kb.formulas.core import Formula, memoize_truth


def linear_scores(W: list[list[float]], x: list[float], b: list[float]) -> list[float]:
    return [sum(w * v for w, v in zip(row, x)) + bias for row, bias in zip(W, b)]


def _truth_linear(W, x, b) -> list[float]:
    import torch.nn.functional as fn
    return fn.linear(t(x), t(W), t(b)).tolist()


def _linear_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        C, D = rng.randint(1, 6), rng.randint(1, 8)
        if C != D:
            out.append(dict(W=[vec(rng, D) for _ in range(C)], x=vec(rng, D), b=vec(rng, C)))
    return out


FORMULAS = [
    Formula(
        id="linear_classifier",
        titles={"en": "Linear classifier scores", "zh": "线性分类器", "ru": "Линейный классификатор"},
        latex=r"f(x,W)=Wx+b",
        symbols={"W": "C×D weights", "x": "input of D values", "b": "C biases"},
        reference=linear_scores,
        truth=memoize_truth(_truth_linear),
        examples=_linear_examples,
        mutants={"bias missing": lambda W, x, b: linear_scores(W, x, [0.0] * len(b)),
                 "bias subtracted": lambda W, x, b: linear_scores(W, x, [-v for v in b])},
        aliases={"W": ("W", "w"), "x": ("x",), "b": ("b",)},
        keywords=("linear classifier", "linear model", "f(x,w)", "f(x,W)"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
]


# ---- least squares, ridge, logistic and softmax regression, perceptron --------------------------------------

def _np(values):
    import numpy as np
    return np.asarray(values, dtype=np.float64)


def normal_equation(X, y):
    import numpy as np
    A = _np(X)
    return (np.linalg.inv(A.T @ A) @ A.T @ _np(y)).tolist()


def ridge_closed_form(X, y, lam):
    import numpy as np
    A = _np(X)
    return (np.linalg.inv(A.T @ A + lam * np.eye(A.shape[1])) @ A.T @ _np(y)).tolist()


def least_squares_gradient(X, y, w):
    A = _np(X)
    return (2 / len(y) * A.T @ (A @ _np(w) - _np(y))).tolist()


def _sigma(v):
    import numpy as np
    return 1 / (1 + np.exp(-v))


def logistic_regression_gradient(X, y, w):
    A = _np(X)
    return (A.T @ (_sigma(A @ _np(w)) - _np(y)) / len(y)).tolist()


def logistic_prediction(w, x, b):
    return 1 / (1 + math.exp(-(sum(p * q for p, q in zip(w, x)) + b)))


def linear_prediction(w, x, b):
    return sum(p * q for p, q in zip(w, x)) + b


def linear_hypothesis(theta, x):
    """Andrew Ng's h_θ(x) = θᵀx: the intercept is θ_0, read against a feature x_0 = 1 that x already holds."""
    return sum(p * q for p, q in zip(theta, x))


def logistic_hypothesis(theta, x):
    return 1 / (1 + math.exp(-linear_hypothesis(theta, x)))


def softmax_regression_gradient(X, y, W):
    """∇_W of the mean cross-entropy for logits XW: (1/N) Xᵀ(P − Y)."""
    import numpy as np
    A, logits = _np(X), _np(X) @ _np(W)
    P = np.exp(logits - logits.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    Y = np.eye(P.shape[1])[y]
    return (A.T @ (P - Y) / len(y)).tolist()


def perceptron_update(w, x, y, lr):
    """On a mistake (y·wᵀx < 0) w ← w + η y x; otherwise w is kept."""
    margin = y * sum(p * q for p, q in zip(w, x))
    return [p + lr * y * q for p, q in zip(w, x)] if margin < 0 else list(w)


# ---- truths -------------------------------------------------------------------------------------------

def _truth_normal_equation(X, y):
    import torch
    return torch.linalg.lstsq(t(X), t(y)[:, None]).solution[:, 0].tolist()


def _truth_ridge(X, y, lam):
    """Ridge is least squares on X stacked over √λ·I (and y over zeros)."""
    import torch
    d = len(X[0])
    A = torch.cat([t(X), math.sqrt(lam) * torch.eye(d, dtype=torch.float64)])
    b = torch.cat([t(y), torch.zeros(d, dtype=torch.float64)])
    return torch.linalg.lstsq(A, b[:, None]).solution[:, 0].tolist()


def _truth_ls_gradient(X, y, w):
    import torch.nn.functional as fn
    return grad_of(lambda v: fn.mse_loss(t(X) @ v, t(y)), w)


def _truth_logistic_gradient(X, y, w):
    import torch.nn.functional as fn
    return grad_of(lambda v: fn.binary_cross_entropy_with_logits(t(X) @ v, t(y)), w)


def _truth_logistic_prediction(w, x, b):
    """Two-class softmax over the scores (0, wᵀx + b) gives class 1 the sigmoid's probability."""
    import torch
    import torch.nn.functional as fn
    score = fn.linear(t([x]), t([w]), t([b]))[0, 0]
    return fn.softmax(torch.stack([torch.zeros((), dtype=torch.float64), score]), dim=0)[1].item()


def _truth_linear_prediction(w, x, b):
    import torch.nn.functional as fn
    return fn.linear(t([x]), t([w]), t([b]))[0, 0].item()


def _truth_linear_hypothesis(theta, x):
    import torch.nn.functional as fn
    return fn.linear(t([x]), t([theta]))[0, 0].item()


def _truth_logistic_hypothesis(theta, x):
    """Two-class softmax over the scores (0, θᵀx), as for the prediction with a bias."""
    return _truth_logistic_prediction(theta, x, 0.0)


def _truth_softmax_gradient(X, y, W):
    import torch
    import torch.nn.functional as fn
    leaf = t(W).requires_grad_(True)
    (grad,) = torch.autograd.grad(fn.cross_entropy(t(X) @ leaf, torch.tensor(y)), leaf)
    return grad.tolist()


def _truth_perceptron(w, x, y, lr):
    """One SGD step (rate η) on the perceptron criterion max(0, −y·wᵀx)."""
    import torch
    param = t(w).requires_grad_(True)
    optimizer = torch.optim.SGD([param], lr=lr)
    torch.relu(-y * torch.dot(param, t(x))).backward()
    optimizer.step()
    return param.detach().tolist()


# ---- examples -----------------------------------------------------------------------------------------

def _design(rng: random.Random) -> Example:
    d = rng.randint(1, 4)
    N = d + rng.randint(1, 8)
    return dict(X=[vec(rng, d) for _ in range(N)], y=vec(rng, N, -3, 3))


def _design_w(rng: random.Random) -> Example:
    e = _design(rng)
    return dict(e, w=vec(rng, len(e["X"][0])))


def _binary_design(rng: random.Random) -> Example:
    e = _design_w(rng)
    return dict(e, y=[float(rng.random() < 0.5) for _ in e["y"]])


def _weights_input_bias(rng: random.Random) -> Example:
    d = rng.randint(1, 6)
    return dict(w=vec(rng, d), x=vec(rng, d), b=rng.uniform(-2, 2))


def _theta_input(rng: random.Random) -> Example:
    """θ and x with x_0 = 1, the feature that carries the intercept θ_0 in Andrew Ng's notation."""
    d = rng.randint(1, 5)
    return dict(theta=vec(rng, d + 1), x=[1.0, *vec(rng, d)])


def _multiclass(rng: random.Random) -> Example:
    d, C, N = rng.randint(1, 4), rng.randint(2, 4), rng.randint(1, 8)
    return dict(X=[vec(rng, d) for _ in range(N)], y=[rng.randrange(C) for _ in range(N)], W=[vec(rng, C) for _ in range(d)])


def _perceptron(rng: random.Random) -> Example:
    d = rng.randint(1, 6)
    w, x = vec(rng, d), vec(rng, d)
    while abs(sum(p * q for p, q in zip(w, x))) < 1e-3:
        x = vec(rng, d)
    return dict(w=w, x=x, y=rng.choice([-1.0, 1.0]), lr=rng.choice([0.1, 1.0, 0.5]))


def _transposed(rows):
    return [list(c) for c in zip(*rows)]


def _softmax_rows(X, W):
    import numpy as np
    logits = _np(X) @ _np(W)
    P = np.exp(logits - logits.max(axis=1, keepdims=True))
    return P / P.sum(axis=1, keepdims=True)


_XY = {"X": "design matrix (rows are samples)", "y": "targets"}
_XYA = {"X": ("X", "A", "\\Phi"), "y": ("y", "t", "b"), "w": ("w", "\\theta", "\\beta"), "lam": ("\\lambda", "\\alpha")}


def _sample_count(X, y, **_):
    """The number of samples, as courses write it beside a design matrix (N, n or m)."""
    return {name: len(y) for name in ("N", "n", "m")}

def _least_squares_view(X, y, w, **_):
    """The samples' count and the predictions Xw, as Ng's notes write them (h_θ(x), ŷ) in X^T(h_θ(x) − y)."""
    predictions = (_np(X) @ _np(w)).tolist()
    return {**_sample_count(X, y), "h_\\theta(x)": predictions, "\\hat y": predictions}


def _logistic_view(X, y, w, **_):
    """The samples' count and the predicted probabilities σ(Xw): a (A) in Ng's deep-learning course, h_θ(x), ŷ."""
    probabilities = _sigma(_np(X) @ _np(w)).tolist()
    return {**_sample_count(X, y), **{name: probabilities for name in ("a", "A", "h_\\theta(x)", "\\hat y")}}


FORMULAS += [
    entry("normal_equation", {"en": "Normal equation (least squares)", "zh": "正规方程（最小二乘）", "ru": "Нормальное уравнение МНК",
                              "fr": "Équation normale", "de": "Normalgleichung", "es": "Ecuación normal", "vi": "Phương trình chuẩn"},
          r"w^*=(X^\top X)^{-1}X^\top y", _XY, normal_equation, _truth_normal_equation, with_fixed([], _design),
          {"Xᵀy without the inverse": lambda X, y: (_np(X).T @ _np(y)).tolist(),
           "(XᵀX + I)⁻¹Xᵀy": lambda X, y: ridge_closed_form(X, y, 1.0),
           "Xᵀy divided by ΣX² (a scalar for the matrix inverse)": lambda X, y: (
               _np(X).T @ _np(y) / (_np(X) ** 2).sum()).tolist()},
          ("normal equation", "least squares", "linear regression", "OLS", "正规方程", "最小二乘", "нормальное уравнение",
           "МНК", "moindres carrés", "equação normal", "mínimos quadrados", "ecuación normal", "mínimos cuadrados",
           "Normalgleichung", "kleinste Quadrate", "equazione normale", "minimi quadrati"), _XYA, 1e-8),
    entry("ridge_closed_form", {"en": "Ridge regression closed form", "zh": "岭回归解析解", "ru": "Гребневая регрессия (решение)",
                                "fr": "Régression ridge"},
          r"w^*=(X^\top X+\lambda I)^{-1}X^\top y", {**_XY, "lam": "regularisation λ"}, ridge_closed_form, _truth_ridge,
          lambda rng, n: [dict(_design(rng), lam=rng.choice([0.1, 1.0, 5.0])) for _ in range(n)],
          {"λ ignored": lambda X, y, lam: normal_equation(X, y), "λ² I": lambda X, y, lam: ridge_closed_form(X, y, lam * lam),
           "−λI": lambda X, y, lam: ridge_closed_form(X, y, -lam) if lam < 1 else ridge_closed_form(X, y, 2 * lam)},
          ("ridge regression", "Tikhonov", "L2 regularized least squares", "岭回归", "гребнев", "régression ridge",
           "regressão ridge", "regresión ridge", "Ridge-Regression", "regressione ridge"), _XYA, 1e-8),
    entry("least_squares_gradient", {"en": "Gradient of the mean squared error of a linear model", "zh": "线性回归均方误差的梯度",
                                     "ru": "Градиент MSE линейной регрессии"},
          r"\nabla_w\frac1N\|Xw-y\|^2=\frac2N X^\top(Xw-y)", {**_XY, "w": "weights"}, least_squares_gradient,
          _truth_ls_gradient, with_fixed([], _design_w),
          {"Xᵀ(y − Xw)": lambda X, y, w: [-g for g in least_squares_gradient(X, y, w)],
           "y forgotten: 2/N XᵀXw": lambda X, y, w: (2 / len(y) * _np(X).T @ _np(X) @ _np(w)).tolist()},
          ("linear regression gradient", "gradient of MSE", "gradient of the MSE", "least squares gradient", "线性回归梯度",
           "gradiente do erro quadrático médio", "gradiente del error cuadrático medio",
           "gradiente dell'errore quadratico medio"), _XYA, 1e-10,
          note_view=_least_squares_view,
          # courses write the loss with ½ or as a plain sum; each gives its own, right, gradient
          conventions={"the loss is written 1/(2N)·‖Xw − y‖²":
                           lambda X, y, w: [g / 2 for g in least_squares_gradient(X, y, w)],
                       "the loss is the sum ‖Xw − y‖²": lambda X, y, w: [g * len(y) for g in least_squares_gradient(X, y, w)],
                       "the loss is written ½·‖Xw − y‖²":
                           lambda X, y, w: [g * len(y) / 2 for g in least_squares_gradient(X, y, w)]}),
    entry("logistic_regression_gradient", {"en": "Gradient of logistic regression's loss", "zh": "逻辑回归损失的梯度",
                                           "ru": "Градиент логистической регрессии", "fr": "Gradient de la régression logistique"},
          r"\nabla_w L=\frac1N X^\top\left(\sigma(Xw)-y\right)", {**_XY, "w": "weights"}, logistic_regression_gradient,
          _truth_logistic_gradient, with_fixed([], _binary_design),
          {"y − σ(Xw)": lambda X, y, w: [-g for g in logistic_regression_gradient(X, y, w)],
           "σ forgotten (linear regression's)": lambda X, y, w: (_np(X).T @ (_np(X) @ _np(w) - _np(y)) / len(y)).tolist(),
           "2/N for 1/N": lambda X, y, w: [2 * g for g in logistic_regression_gradient(X, y, w)]},
          ("logistic regression", "gradient of the log loss", "逻辑回归", "логистическая регрессия", "régression logistique",
           "regresión logística", "regressão logística", "logistische Regression", "regressione logistica"), _XYA, 1e-10,
          note_view=_logistic_view,
          conventions={"the loss is summed over the samples, not averaged":
                           lambda X, y, w: [g * len(y) for g in logistic_regression_gradient(X, y, w)]}),
    entry("logistic_prediction", {"en": "Logistic regression prediction", "zh": "逻辑回归的预测概率", "ru": "Предсказание логистической регрессии"},
          r"P(y=1\mid x)=\sigma(w^\top x+b)=\frac{1}{1+e^{-(w^\top x+b)}}", {"w": "weights", "x": "input", "b": "bias"},
          logistic_prediction, _truth_logistic_prediction,
          lambda rng, n: [(lambda d: dict(w=vec(rng, d), x=vec(rng, d), b=rng.uniform(-2, 2)))(rng.randint(1, 6)) for _ in range(n)],
          {"bias forgotten": lambda w, x, b: logistic_prediction(w, x, 0.0),
           "e^{+(wᵀx+b)}": lambda w, x, b: 1 - logistic_prediction(w, x, b),
           "wᵀx + b without σ": lambda w, x, b: sum(p * q for p, q in zip(w, x)) + b},
          ("logistic regression", "sigmoid", "逻辑回归", "логистическая регрессия", "régression logistique",
           "regresión logística", "regressão logística", "logistische Regression", "regressione logistica"),
          {"w": ("w", "\\theta", "\\beta"), "x": ("x",), "b": ("b", "w_0")}),
    # A linear model's output with its bias written apart: linear regression's prediction, and the logit z that
    # logistic regression passes through σ (its left side z, ŷ or f(x) says which the note means). The log-odds
    # of the logistic model is this score, log(p/(1 − p)) = wᵀx + b, never the probability σ(wᵀx + b) it gives
    entry("linear_prediction", {"en": "Linear model output (wᵀx + b)", "zh": "线性模型的输出", "ru": "Выход линейной модели",
                                "fr": "Sortie d'un modèle linéaire", "de": "Ausgabe eines linearen Modells",
                                "es": "Salida de un modelo lineal"},
          r"\hat y=w^\top x+b", {"w": "weights", "x": "input", "b": "bias"}, linear_prediction, _truth_linear_prediction,
          with_fixed([], _weights_input_bias),
          {"bias subtracted": lambda w, x, b: linear_prediction(w, x, -b),
           "σ applied (logistic regression's)": lambda w, x, b: logistic_prediction(w, x, b),
           "weights times the bias": lambda w, x, b: linear_prediction(w, x, 0.0) * b},
          ("linear regression", "logit", "log-odds", "linear score", "pre-activation", "线性回归", "линейная регрессия",
           "régression linéaire", "regresión lineal", "regressão linear", "lineare Regression", "regressione lineare"),
          {"w": ("w", "\\theta", "\\beta"), "x": ("x",), "b": ("b", "w_0"), "out": ("z", "\\hat y", "\\hat{y}", "f(x)")}),
    # Andrew Ng's hypotheses: the intercept is θ_0 on a feature x_0 = 1, so no bias is written apart and leaving
    # one out is no mistake
    entry("linear_hypothesis", {"en": "Linear regression hypothesis h_θ(x) = θᵀx", "zh": "线性回归的假设函数",
                                "ru": "Гипотеза линейной регрессии", "fr": "Hypothèse de la régression linéaire",
                                "es": "Hipótesis de la regresión lineal", "de": "Hypothese der linearen Regression"},
          r"h_\theta(x)=\theta^\top x", {"theta": "parameters θ_0…θ_n", "x": "features with x_0 = 1"}, linear_hypothesis,
          _truth_linear_hypothesis, with_fixed([], _theta_input),
          {"θ_0 counted twice (θᵀx + θ_0)": lambda theta, x: linear_hypothesis(theta, x) + theta[0],
           "σ applied (logistic regression's)": logistic_hypothesis,
           "sign flipped": lambda theta, x: -linear_hypothesis(theta, x)},
          # (not "hypothesis" alone: it names hypothesis tests as well)
          ("linear regression", "线性回归", "линейная регрессия", "régression linéaire", "regresión lineal",
           "regressão linear", "lineare Regression", "regressione lineare"),
          {"theta": ("\\theta", "w"), "x": ("x",), "out": ("h_\\theta(x)", "h(x)", "\\hat y", "\\hat{y}")}),
    entry("logistic_hypothesis", {"en": "Logistic regression hypothesis h_θ(x) = σ(θᵀx)", "zh": "逻辑回归的假设函数",
                                  "ru": "Гипотеза логистической регрессии", "fr": "Hypothèse de la régression logistique",
                                  "es": "Hipótesis de la regresión logística", "de": "Hypothese der logistischen Regression"},
          r"h_\theta(x)=\frac{1}{1+e^{-\theta^\top x}}", {"theta": "parameters θ_0…θ_n", "x": "features with x_0 = 1"},
          logistic_hypothesis, _truth_logistic_hypothesis, with_fixed([], _theta_input),
          {"e^{+θᵀx}": lambda theta, x: 1 - logistic_hypothesis(theta, x),
           "θᵀx without σ (linear regression's)": linear_hypothesis,
           "1/(1 − e^{−θᵀx})": lambda theta, x: 1 / (1 - math.exp(-linear_hypothesis(theta, x)))
           if linear_hypothesis(theta, x) != 0 else math.inf},
          ("logistic regression", "逻辑回归", "логистическая регрессия", "régression logistique", "regresión logística",
           "regressão logística", "logistische Regression", "regressione logistica"),
          {"theta": ("\\theta", "w"), "x": ("x",),
           "out": ("h_\\theta(x)", "h(x)", "\\hat y", "\\hat{y}", "a", "p", "P(y=1|x)", "P(y=1\\mid x)")}),
    entry("softmax_regression_gradient", {"en": "Gradient of softmax regression's loss", "zh": "Softmax 回归的梯度",
                                          "ru": "Градиент softmax-регрессии"},
          r"\nabla_W L=\frac1N X^\top(P-Y),\quad P=\operatorname{softmax}(XW)",
          {"X": "inputs (rows)", "y": "classes", "W": "weights d × C"}, softmax_regression_gradient, _truth_softmax_gradient,
          with_fixed([], _multiclass),
          {"Y − P": lambda X, y, W: [[-g for g in row] for row in softmax_regression_gradient(X, y, W)],
           "missing 1/N": lambda X, y, W: [[g * len(y) for g in row] for row in softmax_regression_gradient(X, y, W)],
           "XᵀP only (Y forgotten)": lambda X, y, W: (_np(X).T @ _softmax_rows(X, W) / len(y)).tolist()},
          ("softmax regression", "multinomial logistic regression", "cross-entropy gradient"),
          {"X": ("X",), "y": ("y",), "W": ("W",)}, 1e-10),
    entry("perceptron_update", {"en": "Perceptron update", "zh": "感知机更新规则", "ru": "Правило обучения перцептрона",
                                "fr": "Règle du perceptron"},
          r"w\leftarrow w+\eta\,y\,x\quad\text{if }y\,w^\top x<0", {"w": "weights", "x": "input", "y": "label ±1", "lr": "η"},
          perceptron_update, _truth_perceptron, with_fixed([], _perceptron),
          {"updates every sample": lambda w, x, y, lr: [p + lr * y * q for p, q in zip(w, x)],
           "w − ηyx": lambda w, x, y, lr: [p - lr * y * q for p, q in zip(w, x)] if y * sum(a * b for a, b in zip(w, x)) < 0 else list(w),
           "updates the correct ones": lambda w, x, y, lr: perceptron_update(w, x, -y, -lr)},
          ("perceptron", "perceptron learning rule", "感知机", "перцептрон"), {"w": ("w",), "x": ("x", "x_i"), "y": ("y", "y_i"),
                                                                            "lr": ("\\eta",)}),
]
