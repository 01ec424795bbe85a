"""Regression losses: MSE (mean, sum, ½·sum), its gradient, RMSE, MAE and its gradient, Huber, smooth L1,
Gaussian and Poisson negative log-likelihood.

Truths are torch's loss functions (F.mse_loss, F.l1_loss, F.huber_loss, F.smooth_l1_loss,
F.gaussian_nll_loss, F.poisson_nll_loss) and autograd through them; references are written with math.
"""
from __future__ import annotations

import math
import random
from typing import Callable

from kb.formulas._build import Example, entry, grad_of, t


def _pair(rng: random.Random) -> Example:
    k = rng.randint(1, 10)
    y = [rng.uniform(-3, 3) for _ in range(k)]
    return dict(y_hat=[v + rng.choice([0.1, 0.5, 2.0, 4.0]) * rng.uniform(-1, 1) for v in y], y=y)


def _pairs(rng: random.Random, n: int) -> list[Example]:
    return [dict(y_hat=[2.0], y=[1.0]), dict(y_hat=[0.5, 3.0], y=[0.0, 0.0])] + [_pair(rng) for _ in range(n - 2)]


def _with_delta(rng: random.Random, n: int) -> list[Example]:
    return [dict(e, delta=rng.choice([0.5, 1.0, 2.0])) for e in _pairs(rng, n)]


def _diff(y_hat: list[float], y: list[float]) -> list[float]:
    return [a - b for a, b in zip(y_hat, y)]


def mse(y_hat, y):
    return sum(d * d for d in _diff(y_hat, y)) / len(y)


def mse_sum(y_hat, y):
    return sum(d * d for d in _diff(y_hat, y))


def half_sse(y_hat, y):
    return 0.5 * sum(d * d for d in _diff(y_hat, y))


def half_mse(y_hat, y):
    return 0.5 * mse(y_hat, y)


def rmse(y_hat, y):
    return math.sqrt(mse(y_hat, y))


def mae(y_hat, y):
    return sum(abs(d) for d in _diff(y_hat, y)) / len(y)


def mse_gradient(y_hat, y):
    return [2 * d / len(y) for d in _diff(y_hat, y)]


def mae_gradient(y_hat, y):
    return [math.copysign(1.0, d) / len(y) if d else 0.0 for d in _diff(y_hat, y)]


def huber(y_hat, y, delta):
    return sum(0.5 * d * d if abs(d) <= delta else delta * (abs(d) - 0.5 * delta) for d in _diff(y_hat, y)) / len(y)


def smooth_l1(y_hat, y, delta):
    return sum(0.5 * d * d / delta if abs(d) < delta else abs(d) - 0.5 * delta for d in _diff(y_hat, y)) / len(y)


def gaussian_nll(mu, y, var):
    return sum(0.5 * (math.log(v) + (a - b) ** 2 / v) for a, b, v in zip(mu, y, var)) / len(y)


def poisson_nll(log_rate, y):
    return sum(math.exp(a) - b * a for a, b in zip(log_rate, y)) / len(y)


def _truth_mse(y_hat, y):
    import torch.nn.functional as fn
    return fn.mse_loss(t(y_hat), t(y)).item()


def _truth_mse_sum(y_hat, y):
    import torch.nn.functional as fn
    return fn.mse_loss(t(y_hat), t(y), reduction="sum").item()


def _truth_half_mse(y_hat, y):
    """Half the mean of squares: half of torch's mean-reduced MSE."""
    import torch.nn.functional as fn
    return 0.5 * fn.mse_loss(t(y_hat), t(y), reduction="mean").item()


def _truth_half_sse(y_hat, y):
    """Half the sum of squares is the loss whose gradient is the plain residual: ½‖r‖² via torch.dot."""
    import torch
    r = t(y_hat) - t(y)
    return 0.5 * torch.dot(r, r).item()


def _truth_rmse(y_hat, y):
    import torch
    return (torch.linalg.vector_norm(t(y_hat) - t(y)) / math.sqrt(len(y))).item()


def _truth_mae(y_hat, y):
    import torch.nn.functional as fn
    return fn.l1_loss(t(y_hat), t(y)).item()


def _truth_mse_gradient(y_hat, y):
    import torch.nn.functional as fn
    return grad_of(lambda x: fn.mse_loss(x, t(y)), y_hat)


def _truth_mae_gradient(y_hat, y):
    import torch.nn.functional as fn
    return grad_of(lambda x: fn.l1_loss(x, t(y)), y_hat)


def _truth_huber(y_hat, y, delta):
    import torch.nn.functional as fn
    return fn.huber_loss(t(y_hat), t(y), delta=delta).item()


def _truth_smooth_l1(y_hat, y, delta):
    import torch.nn.functional as fn
    return fn.smooth_l1_loss(t(y_hat), t(y), beta=delta).item()


def _truth_gaussian_nll(mu, y, var):
    import torch.nn.functional as fn
    return fn.gaussian_nll_loss(t(mu), t(y), t(var), eps=0.0).item()


def _truth_poisson_nll(log_rate, y):
    import torch.nn.functional as fn
    return fn.poisson_nll_loss(t(log_rate), t(y), log_input=True).item()


def _gaussian_examples(rng: random.Random, n: int) -> list[Example]:
    out = []
    for e in _pairs(rng, n):
        out.append(dict(mu=e["y_hat"], y=e["y"], var=[rng.choice([0.1, 0.5, 1.0, 2.0, 5.0]) for _ in e["y"]]))
    return out


def _poisson_examples(rng: random.Random, n: int) -> list[Example]:
    out = []
    for _ in range(n):
        k = rng.randint(1, 8)
        out.append(dict(log_rate=[rng.uniform(-2, 2) for _ in range(k)], y=[float(rng.randint(0, 6)) for _ in range(k)]))
    return out


_P = {"y_hat": "predictions ŷ", "y": "targets y"}
# h_θ(x) is the prediction in Andrew Ng's notation (h_θ(x^{(i)}) for the i-th example)
_PA = {"y_hat": ("\\hat{y}", "\\hat y", "\\hat{y}_i", "f(x)", "f(x_i)", "y'", "h_\\theta(x)"), "y": ("y", "y_i")}
_PD = {**_P, "delta": "threshold δ (β in smooth L1)"}
_PDA = {**_PA, "delta": ("\\delta", "\\beta")}


def _scaled(f: Callable[..., float], k: float) -> Callable[..., float]:
    return lambda y_hat, y: k * f(y_hat, y)


FORMULAS = [
    entry("mse", {"en": "Mean squared error", "zh": "均方误差", "ru": "Среднеквадратичная ошибка",
                  "fr": "Erreur quadratique moyenne", "de": "Mittlerer quadratischer Fehler",
                  "es": "Error cuadrático medio", "vi": "Sai số bình phương trung bình"},
          r"\mathrm{MSE}=\frac{1}{N}\sum_{i=1}^{N}(y_i-\hat y_i)^2", _P, mse, _truth_mse, _pairs,
          {"no 1/N (sum)": mse_sum, "½ inside (½·mean)": _scaled(mse, 0.5), "not squared (mean error)":
           lambda y_hat, y: sum(_diff(y_hat, y)) / len(y), "root taken (RMSE)": rmse, "1/(N−1)":
           lambda y_hat, y: mse_sum(y_hat, y) / (len(y) - 1) if len(y) > 1 else math.inf},
          ("mean squared error", "MSE", "L2 loss", "squared error", "均方误差", "среднеквадратичн", "quadratic loss",
           # German declines the adjectives (der mittlere quadratische Fehler, ein mittlerer quadratischer Fehler)
           "mittlere quadratische Fehler", "mittlerer quadratischer Fehler", "error cuadrático medio",
           "erreur quadratique moyenne", "erro quadrático médio"),
          _PA),
    entry("sum_squared_error", {"en": "Sum of squared errors", "zh": "误差平方和", "ru": "Сумма квадратов ошибок"},
          r"\mathrm{SSE}=\sum_{i=1}^{N}(y_i-\hat y_i)^2", _P, mse_sum, _truth_mse_sum, _pairs,
          {"divided by N (MSE)": mse, "½·SSE": half_sse, "sum of absolute errors": lambda y_hat, y: sum(abs(d) for d in _diff(y_hat, y))},
          # (Bishop's "sum-of-squares error" names the sum with and without the ½: both entries carry it; so does
          # Japanese 2乗和誤差, which Saito's textbook defines with the ½)
          ("sum of squared errors", "SSE", "residual sum of squares", "RSS", "误差平方和", "sum-of-squares error",
           "2乗和誤差", "二乗和誤差"), _PA),
    entry("half_sse", {"en": "Half sum of squared errors", "zh": "二分之一误差平方和", "ru": "Половина суммы квадратов ошибок"},
          r"E=\frac12\sum_i(y_i-\hat y_i)^2", _P, half_sse, _truth_half_sse, _pairs,
          {"no ½": mse_sum, "½·mean": _scaled(mse, 0.5), "½ of the squared sum": lambda y_hat, y: 0.5 * sum(_diff(y_hat, y)) ** 2},
          ("half squared error", "1/2 sum of squares", "squared error loss", "sum-of-squares error", "2乗和誤差",
           "二乗和誤差"), _PA),
    # Andrew Ng's cost of linear regression, J(θ) = 1/(2m) Σ (h_θ(x^{(i)}) − y^{(i)})²: the ½ cancels the square's 2
    # in the gradient. A note under "MSE" that writes it is checked as the MSE (whose mutant this is).
    entry("half_mse", {"en": "Squared-error cost of linear regression (½ of the MSE)", "zh": "线性回归的平方误差代价函数",
                       "ru": "Квадратичная функция стоимости линейной регрессии", "fr": "Coût quadratique de la régression linéaire",
                       "es": "Función de coste de la regresión lineal", "de": "Kostenfunktion der linearen Regression"},
          r"J(\theta)=\frac{1}{2m}\sum_{i=1}^{m}\left(h_\theta(x^{(i)})-y^{(i)}\right)^2", _P, half_mse, _truth_half_mse,
          _pairs,
          # (no "without the ½" mutant: the plain mean is an accepted convention below, so it is no mistake)
          {"½ of the sum (no 1/m)": half_sse, "not squared": lambda y_hat, y: sum(_diff(y_hat, y)) / (2 * len(y)),
           "1/m² for 1/(2m)": lambda y_hat, y: mse_sum(y_hat, y) / len(y) ** 2},
          ("squared error cost function", "squared error cost", "cost function of linear regression",
           "linear regression cost function", "cost of linear regression", "线性回归的代价函数",
           "функция стоимости линейной регрессии", "coste de la regresión lineal", "función de coste de la regresión lineal",
           "custo da regressão linear", "coût de la régression linéaire", "Kostenfunktion der linearen Regression",
           "costo della regressione lineare"),
          {**_PA, "cost": ("J", "J(\\theta)")},
          # 1/m in place of 1/(2m) is the MSE itself, which many courses call the cost: no mistake
          conventions={"the cost is the plain mean (MSE), without the ½": mse}),
    entry("rmse", {"en": "Root mean squared error", "zh": "均方根误差", "ru": "Корень из среднеквадратичной ошибки",
                   "fr": "Racine de l'erreur quadratique moyenne"},
          r"\mathrm{RMSE}=\sqrt{\frac{1}{N}\sum_{i}(y_i-\hat y_i)^2}", _P, rmse, _truth_rmse, _pairs,
          {"no root (MSE)": mse, "mean of |error| (MAE)": mae, "root of the sum": lambda y_hat, y: math.sqrt(mse_sum(y_hat, y))},
          ("root mean squared error", "RMSE", "均方根误差"), _PA),
    entry("mae", {"en": "Mean absolute error", "zh": "平均绝对误差", "ru": "Средняя абсолютная ошибка",
                  "fr": "Erreur absolue moyenne", "de": "Mittlerer absoluter Fehler", "es": "Error absoluto medio"},
          r"\mathrm{MAE}=\frac{1}{N}\sum_{i=1}^{N}|y_i-\hat y_i|", _P, mae, _truth_mae, _pairs,
          {"no absolute value": lambda y_hat, y: sum(_diff(y_hat, y)) / len(y), "squared (MSE)": mse,
           "no 1/N": lambda y_hat, y: sum(abs(d) for d in _diff(y_hat, y))},
          ("mean absolute error", "MAE", "L1 loss", "平均绝对误差", "средняя абсолютная", "mittlere absolute Fehler",
           "mittlerer absoluter Fehler", "error absoluto medio", "erreur absolue moyenne", "erro absoluto médio"), _PA),
    entry("mse_gradient", {"en": "Gradient of the MSE with respect to the predictions", "zh": "均方误差的梯度",
                           "ru": "Градиент MSE"},
          r"\frac{\partial\,\mathrm{MSE}}{\partial\hat y_i}=\frac{2}{N}(\hat y_i-y_i)", _P, mse_gradient,
          _truth_mse_gradient, _pairs,
          {"missing the 2": lambda y_hat, y: [d / len(y) for d in _diff(y_hat, y)],
           "sign flipped (y − ŷ)": lambda y_hat, y: [-2 * d / len(y) for d in _diff(y_hat, y)],
           "missing 1/N": lambda y_hat, y: [2 * d for d in _diff(y_hat, y)]},
          ("MSE gradient", "gradient of mean squared error", "derivative of MSE", "градиент MSE"), _PA),
    entry("mae_gradient", {"en": "Gradient of the MAE", "zh": "平均绝对误差的梯度", "ru": "Градиент MAE"},
          r"\frac{\partial\,\mathrm{MAE}}{\partial\hat y_i}=\frac{1}{N}\operatorname{sign}(\hat y_i-y_i)", _P,
          mae_gradient, _truth_mae_gradient, _pairs,
          {"residual instead of its sign": lambda y_hat, y: [d / len(y) for d in _diff(y_hat, y)],
           "sign(y − ŷ)": lambda y_hat, y: [-g for g in mae_gradient(y_hat, y)],
           "missing 1/N": lambda y_hat, y: [g * len(y) for g in mae_gradient(y_hat, y)]},
          ("MAE gradient", "L1 loss gradient", "derivative of absolute error"), _PA),
    entry("huber_loss", {"en": "Huber loss", "zh": "Huber 损失", "ru": "Функция потерь Хьюбера", "fr": "Perte de Huber",
                         "de": "Huber-Verlust"},
          r"L_\delta(r)=\begin{cases}\frac12r^2&|r|\le\delta\\\delta\left(|r|-\frac12\delta\right)&|r|>\delta\end{cases}",
          _PD, huber, _truth_huber, _with_delta,
          {"δ|r| without −½δ²": lambda y_hat, y, delta: sum(0.5 * d * d if abs(d) <= delta else delta * abs(d)
                                                            for d in _diff(y_hat, y)) / len(y),
           "no ½ on the square": lambda y_hat, y, delta: sum(d * d if abs(d) <= delta else delta * (abs(d) - 0.5 * delta)
                                                             for d in _diff(y_hat, y)) / len(y),
           "smooth L1 (÷δ)": smooth_l1},
          ("Huber loss", "Huber", "Хьюбер"), _PDA),
    entry("smooth_l1_loss", {"en": "Smooth L1 loss", "zh": "Smooth L1 损失", "ru": "Smooth L1"},
          r"\operatorname{smooth}_{L_1}(r)=\begin{cases}0.5r^2/\beta&|r|<\beta\\|r|-0.5\beta&\text{otherwise}\end{cases}",
          _PD, smooth_l1, _truth_smooth_l1, _with_delta,
          {"Huber (×δ)": huber, "|r| − 0.5 without β": lambda y_hat, y, delta: sum(
              0.5 * d * d / delta if abs(d) < delta else abs(d) - 0.5 for d in _diff(y_hat, y)) / len(y),
           "0.5r² without /β": lambda y_hat, y, delta: sum(
               0.5 * d * d if abs(d) < delta else abs(d) - 0.5 * delta for d in _diff(y_hat, y)) / len(y)},
          ("smooth L1", "smooth_l1", "Fast R-CNN box regression loss", "bounding box regression loss"), _PDA),
    entry("gaussian_nll", {"en": "Gaussian negative log-likelihood", "zh": "高斯负对数似然", "ru": "Гауссово отрицательное логарифмическое правдоподобие"},
          r"\mathcal{L}=\frac{1}{N}\sum_i\frac12\left(\log\sigma_i^2+\frac{(y_i-\mu_i)^2}{\sigma_i^2}\right)",
          {"mu": "predicted means μ", "y": "targets", "var": "predicted variances σ²"}, gaussian_nll,
          _truth_gaussian_nll, _gaussian_examples,
          {"log σ instead of log σ²": lambda mu, y, var: sum(0.5 * (math.log(math.sqrt(v)) + (a - b) ** 2 / v)
                                                              for a, b, v in zip(mu, y, var)) / len(y),
           "no ½": lambda mu, y, var: 2 * gaussian_nll(mu, y, var),
           "divided by σ, not σ²": lambda mu, y, var: sum(0.5 * (math.log(v) + (a - b) ** 2 / math.sqrt(v))
                                                          for a, b, v in zip(mu, y, var)) / len(y)},
          ("Gaussian negative log likelihood", "heteroscedastic regression", "Gaussian NLL"),
          {"mu": ("\\mu", "\\mu_i"), "y": ("y", "y_i"), "var": ("\\sigma^2", "\\sigma_i^2")}),
    entry("poisson_nll", {"en": "Poisson negative log-likelihood", "zh": "泊松负对数似然", "ru": "Пуассоновское правдоподобие"},
          r"\mathcal{L}=\frac1N\sum_i\left(e^{s_i}-y_i s_i\right),\ s_i=\log\lambda_i",
          {"log_rate": "predicted log-rates s", "y": "observed counts"}, poisson_nll, _truth_poisson_nll,
          _poisson_examples,
          {"+ y s": lambda log_rate, y: sum(math.exp(a) + b * a for a, b in zip(log_rate, y)) / len(y),
           "s instead of e^s": lambda log_rate, y: sum(a - b * a for a, b in zip(log_rate, y)) / len(y)},
          ("Poisson loss", "Poisson negative log likelihood", "count regression"),
          {"log_rate": ("s", "s_i", "\\log\\lambda"), "y": ("y", "y_i")}),
]
