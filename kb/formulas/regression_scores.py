"""Scores of a regression model that ML notes list beside MSE and R²: the mean absolute percentage error (MAPE),
the mean squared logarithmic error (MSLE) and its root (RMSLE), and the adjusted R², which charges R² for the
number of predictors.

Truths reach the same numbers another way: MAPE as torch's L1 loss between the ratio ŷ/y and 1, MSLE as torch's
MSE between torch.log1p of both, RMSLE as the norm of that difference, and the adjusted R² as one minus the ratio
of the unbiased residual variance (n − p − 1 degrees of freedom) to torch.var of the targets (n − 1).
"""
from __future__ import annotations

import math
import random
import re

from kb.formulas._build import Example, entry, t, with_fixed


def _positive_pairs(rng: random.Random) -> Example:
    """Positive targets and predictions (a percentage error divides by y; a log error takes log(1 + y))."""
    k = rng.randint(2, 10)
    y = [rng.uniform(0.5, 20.0) for _ in range(k)]
    return dict(y_hat=[v * rng.uniform(0.3, 1.8) for v in y], y=y)


# a prediction 50% above its target (MAPE 0.5; 1/3 when the note divides by ŷ), then two errors of opposite sign
_PAIRS = with_fixed([dict(y_hat=[3.0], y=[2.0]), dict(y_hat=[1.0, 6.0], y=[2.0, 4.0])], _positive_pairs)


def mape(y_hat, y):
    return sum(abs((b - a) / b) for a, b in zip(y_hat, y)) / len(y)


def msle(y_hat, y):
    return sum((math.log1p(b) - math.log1p(a)) ** 2 for a, b in zip(y_hat, y)) / len(y)


def rmsle(y_hat, y):
    return math.sqrt(msle(y_hat, y))


def _r2(y_hat, y):
    mean = sum(y) / len(y)
    return 1 - sum((b - a) ** 2 for a, b in zip(y_hat, y)) / sum((b - mean) ** 2 for b in y)


def adjusted_r2(y_hat, y, p):
    n = len(y)
    return 1 - (1 - _r2(y_hat, y)) * (n - 1) / (n - p - 1)


def _truth_mape(y_hat, y):
    import torch
    import torch.nn.functional as fn
    ratio = t(y_hat) / t(y)
    return fn.l1_loss(ratio, torch.ones_like(ratio)).item()


def _truth_msle(y_hat, y):
    import torch
    import torch.nn.functional as fn
    return fn.mse_loss(torch.log1p(t(y_hat)), torch.log1p(t(y))).item()


def _truth_rmsle(y_hat, y):
    import torch
    d = torch.log1p(t(y_hat)) - torch.log1p(t(y))
    return (torch.linalg.vector_norm(d) / math.sqrt(len(y))).item()


def _truth_adjusted_r2(y_hat, y, p):
    """One minus the residual variance on n − p − 1 degrees of freedom over the targets' unbiased variance."""
    import torch
    residual = t(y) - t(y_hat)
    return (1 - (residual @ residual / (len(y) - p - 1)) / torch.var(t(y), correction=1)).item()


def _fitted(rng: random.Random) -> Example:
    """Targets, predictions near them, and a number of predictors p that leaves n − p − 1 ≥ 1."""
    n = rng.randint(5, 30)
    y = [rng.uniform(-5, 5) for _ in range(n)]
    while True:   # a fit better than the mean (R² > 0), as a least-squares fit with an intercept always is
        y_hat = [v + rng.gauss(0, 1.5) for v in y]
        if _r2(y_hat, y) > 0:
            return dict(y_hat=y_hat, y=y, p=rng.randint(1, n - 2))


_FITTED = with_fixed([dict(y_hat=[1.0, 2.5, 2.5, 4.5, 4.0], y=[1.0, 2.0, 3.0, 4.0, 5.0], p=1)], _fitted)

_PAIR_SYMBOLS = {"y_hat": "predictions", "y": "targets"}
_PAIR_ALIASES = {"y_hat": ("\\hat{y}", "\\hat y", "\\hat{y}_i", "\\hat y_i", "\\hat{Y}_i", "F_t", "F", "f_i"),
                 "y": ("y", "y_i", "Y_i", "A_t", "A")}

# Names that say which score a formula states (abbreviations are kept in every language's notes)
_KW_MAPE = ("MAPE", "mean absolute percentage error", "平均绝对百分比误差", "средняя абсолютная процентная ошибка",
            "erreur absolue moyenne en pourcentage", "mittlerer absoluter prozentualer Fehler",
            "error porcentual absoluto medio", "erro percentual absoluto médio", "平均絶対パーセント誤差",
            "평균 절대 백분율 오차")
_KW_MSLE = ("MSLE", "mean squared logarithmic error", "mean squared log error", "均方对数误差",
            "среднеквадратичная логарифмическая ошибка", "erreur quadratique logarithmique moyenne",
            "mittlerer quadratischer logarithmischer Fehler", "error cuadrático logarítmico medio",
            "erro quadrático logarítmico médio", "平均二乗対数誤差")
_KW_RMSLE = ("RMSLE", "root mean squared logarithmic error", "root mean squared log error", "均方根对数误差",
             "корень из среднеквадратичной логарифмической ошибки", "racine de l'erreur quadratique logarithmique moyenne",
             "raíz del error cuadrático logarítmico medio", "raiz do erro quadrático logarítmico médio",
             "二乗平均平方根対数誤差")
_KW_ADJ_R2 = ("adjusted R²", "adjusted R^2", "adjusted R squared", "adjusted R-squared", "调整后的 R²", "调整 R²",
              "调整后的决定系数", "скорректированный коэффициент детерминации", "скорректированный R²",
              "R² ajusté", "R2 ajusté", "korrigiertes Bestimmtheitsmaß", "adjustiertes Bestimmtheitsmaß",
              "R² ajustado", "R2 ajustado", "coeficiente de determinación ajustado", "自由度調整済み決定係数",
              "수정된 결정계수")

FORMULAS = [
    entry("mape", {"en": "Mean absolute percentage error (MAPE)", "zh": "平均绝对百分比误差 (MAPE)",
                   "ru": "Средняя абсолютная процентная ошибка (MAPE)", "fr": "Erreur absolue moyenne en pourcentage (MAPE)",
                   "de": "Mittlerer absoluter prozentualer Fehler (MAPE)", "es": "Error porcentual absoluto medio (MAPE)",
                   "pt": "Erro percentual absoluto médio (MAPE)", "ja": "平均絶対パーセント誤差 (MAPE)"},
          r"\mathrm{MAPE}=\frac{1}{n}\sum_i\left|\frac{y_i-\hat y_i}{y_i}\right|", _PAIR_SYMBOLS, mape, _truth_mape,
          _PAIRS,
          {"divided by the prediction ŷ": lambda y_hat, y: sum(abs((b - a) / a) for a, b in zip(y_hat, y)) / len(y),
           "no absolute value": lambda y_hat, y: sum((b - a) / b for a, b in zip(y_hat, y)) / len(y),
           "squared ratio": lambda y_hat, y: sum(((b - a) / b) ** 2 for a, b in zip(y_hat, y)) / len(y),
           "MAE over the mean target": lambda y_hat, y: sum(abs(b - a) for a, b in zip(y_hat, y)) / sum(y)},
          _KW_MAPE, {**_PAIR_ALIASES, "mape": ("\\text{MAPE}", "\\mathrm{MAPE}", "MAPE", "\\operatorname{MAPE}")},
          # notes state MAPE as a fraction or in percent: 100% (or ×100) in the note's LaTeX says which
          conventions={"in percent (×100)": lambda y_hat, y: 100 * mape(y_hat, y)},
          convention_signs={"in percent (×100)": re.compile(r"100").search}, n=40),
    entry("msle", {"en": "Mean squared logarithmic error (MSLE)", "zh": "均方对数误差 (MSLE)",
                   "ru": "Среднеквадратичная логарифмическая ошибка (MSLE)",
                   "fr": "Erreur quadratique logarithmique moyenne (MSLE)",
                   "de": "Mittlerer quadratischer logarithmischer Fehler (MSLE)",
                   "es": "Error cuadrático logarítmico medio (MSLE)", "pt": "Erro quadrático logarítmico médio (MSLE)"},
          r"\mathrm{MSLE}=\frac{1}{n}\sum_i\left(\log(1+y_i)-\log(1+\hat y_i)\right)^2", _PAIR_SYMBOLS, msle,
          _truth_msle, _PAIRS,
          {"log without the 1 +": lambda y_hat, y: sum((math.log(b) - math.log(a)) ** 2 for a, b in zip(y_hat, y)) / len(y),
           "log of one plus the difference": lambda y_hat, y: sum(math.log1p(abs(b - a)) ** 2
                                                                  for a, b in zip(y_hat, y)) / len(y),
           "difference not squared": lambda y_hat, y: sum(abs(math.log1p(b) - math.log1p(a))
                                                          for a, b in zip(y_hat, y)) / len(y),
           "log of the MSE": lambda y_hat, y: math.log1p(sum((b - a) ** 2 for a, b in zip(y_hat, y)) / len(y))},
          _KW_MSLE, {**_PAIR_ALIASES, "msle": ("\\text{MSLE}", "\\mathrm{MSLE}", "MSLE", "\\operatorname{MSLE}")}, n=40),
    entry("rmsle", {"en": "Root mean squared logarithmic error (RMSLE)", "zh": "均方根对数误差 (RMSLE)",
                    "ru": "Корень из среднеквадратичной логарифмической ошибки (RMSLE)",
                    "fr": "Racine de l'erreur quadratique logarithmique moyenne (RMSLE)",
                    "es": "Raíz del error cuadrático logarítmico medio (RMSLE)"},
          r"\mathrm{RMSLE}=\sqrt{\frac{1}{n}\sum_i\left(\log(1+y_i)-\log(1+\hat y_i)\right)^2}", _PAIR_SYMBOLS, rmsle,
          _truth_rmsle, _PAIRS,
          {"no square root (MSLE)": msle,
           "root outside the 1/n": lambda y_hat, y: math.sqrt(len(y) * msle(y_hat, y)) / len(y),
           "log without the 1 +": lambda y_hat, y: math.sqrt(sum((math.log(b) - math.log(a)) ** 2
                                                                 for a, b in zip(y_hat, y)) / len(y))},
          _KW_RMSLE, {**_PAIR_ALIASES, "rmsle": ("\\text{RMSLE}", "\\mathrm{RMSLE}", "RMSLE", "\\operatorname{RMSLE}")},
          n=40),
    entry("adjusted_r2", {"en": "Adjusted R²", "zh": "调整后的决定系数 R²", "ru": "Скорректированный коэффициент детерминации",
                          "fr": "R² ajusté", "de": "Korrigiertes Bestimmtheitsmaß", "es": "R² ajustado",
                          "pt": "R² ajustado", "ja": "自由度調整済み決定係数"},
          r"\bar R^2=1-(1-R^2)\frac{n-1}{n-p-1}",
          {"y_hat": "predictions", "y": "targets (n of them)", "p": "number of predictors (features)"},
          adjusted_r2, _truth_adjusted_r2, _FITTED,
          {"(n − 1)/(n − p) (no −1 under p)": lambda y_hat, y, p: 1 - (1 - _r2(y_hat, y)) * (len(y) - 1) / (len(y) - p),
           "ratio upside down": lambda y_hat, y, p: 1 - (1 - _r2(y_hat, y)) * (len(y) - p - 1) / (len(y) - 1),
           "R² times the ratio": lambda y_hat, y, p: _r2(y_hat, y) * (len(y) - 1) / (len(y) - p - 1),
           "n/(n − p − 1)": lambda y_hat, y, p: 1 - (1 - _r2(y_hat, y)) * len(y) / (len(y) - p - 1)},
          _KW_ADJ_R2,
          {"p": ("p", "k"), "adjusted_r2": ("\\bar{R}^2", "\\bar R^2", "\\bar{R}^{2}", "R^2_{adj}", "R^2_{\\text{adj}}",
                                             "R_{adj}^2", "R^2_{\\mathrm{adj}}", "R_{\\text{adj}}^2", "\\bar{R}^{2}_{adj}")},
          # notes write the score in R² and the number of samples n, not in the data behind them: R is the root
          # of R² (the multiple correlation), which the note squares
          note_view=lambda y_hat, y, p: {"R": math.sqrt(_r2(y_hat, y)), "n": len(y)}, n=40),
]
