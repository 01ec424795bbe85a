"""Feature scaling as ML courses state it for a feature column x: min-max scaling to [0, 1], mean normalisation
((x − mean)/(max − min), Ng's course) and standardisation (the z-score (x − μ)/σ).

Truths reach the same numbers another way: min-max scaling and mean normalisation by numpy's linear
interpolation (np.interp maps [min, max] onto [0, 1]), the z-score by torch's layer norm with no ε and no
affine part (which divides by the population standard deviation, as the z-score of a data set does).
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, entry, t, with_fixed


def _mean(x: list[float]) -> float:
    return sum(x) / len(x)


def _std(x: list[float]) -> float:
    m = _mean(x)
    return math.sqrt(sum((v - m) ** 2 for v in x) / len(x))


def _sample_std(x: list[float]) -> float:
    return _std(x) * math.sqrt(len(x) / (len(x) - 1))


# ---- references ---------------------------------------------------------------------------------------

def min_max_scaling(x: list[float]) -> list[float]:
    lo, hi = min(x), max(x)
    return [(v - lo) / (hi - lo) for v in x]


def mean_normalization(x: list[float]) -> list[float]:
    m, lo, hi = _mean(x), min(x), max(x)
    return [(v - m) / (hi - lo) for v in x]


def standardization(x: list[float]) -> list[float]:
    m, s = _mean(x), _std(x)
    return [(v - m) / s for v in x]


# ---- truths -------------------------------------------------------------------------------------------

def _interp01(values: list[float], x: list[float]) -> list[float]:
    import numpy as np
    return np.interp(values, [min(x), max(x)], [0.0, 1.0]).tolist()


def _truth_min_max(x: list[float]) -> list[float]:
    return _interp01(x, x)


def _truth_mean_normalization(x: list[float]) -> list[float]:
    import numpy as np
    (mean_at,) = _interp01([float(np.mean(x))], x)
    return [v - mean_at for v in _interp01(x, x)]


def _truth_standardization(x: list[float]) -> list[float]:
    import torch.nn.functional as fn
    return fn.layer_norm(t(x), (len(x),), eps=0.0).tolist()


# ---- examples and the note's names --------------------------------------------------------------------

def _column(rng: random.Random) -> Example:
    """A feature column of 2 to 10 values, not all equal (max − min and σ are never 0), off-centre and not of
    unit spread, so dropping the mean or the scale shows."""
    while True:
        loc, scale = rng.uniform(-50, 50), rng.uniform(0.5, 30)
        x = [round(loc + scale * rng.uniform(-1, 1), 4) for _ in range(rng.randint(2, 10))]
        if max(x) - min(x) > 1e-3:
            return dict(x=x)


_examples = with_fixed([dict(x=[1.0, 2.0, 4.0, 9.0]), dict(x=[10.0, 20.0]), dict(x=[-3.0, 5.0, 7.0, 7.0, 20.0])],
                       _column)

# How notes name the column's statistics (min(x) and max(x) the translator reads as reductions of x itself)
_MEAN_NAMES = ("\\mu", "\\bar{x}", "\\overline{x}", "\\mu_x", "m")
_STD_NAMES = ("\\sigma", "\\sigma_x", "s", "s_x", "std")
_MIN_NAMES = ("x_{min}", "x_{\\min}", "x_{\\text{min}}", "x_{\\mathrm{min}}", "\\min_x", "min")
_MAX_NAMES = ("x_{max}", "x_{\\max}", "x_{\\text{max}}", "x_{\\mathrm{max}}", "\\max_x", "max")


def _column_view(x: list[float]) -> dict[str, float]:
    mean, std, lo, hi = _mean(x), _std(x), min(x), max(x)
    return {**{n: mean for n in _MEAN_NAMES}, **{n: std for n in _STD_NAMES}, **{n: lo for n in _MIN_NAMES},
            **{n: hi for n in _MAX_NAMES}}


_X = {"x": "feature values (one column)"}
# x' is the scaled feature there, never a derivative (an output name, not a parameter: kb.check.link reads it so)
_XA = {"x": ("x", "x_i", "X", "x^{(i)}", "x_j^{(i)}"),
       "scaled": ("x'", "x_i'", "x'_i", "x^{\\prime}", "x_{norm}", "x_{\\text{norm}}", "x_{scaled}", "x_{new}",
                  "x_{std}", "z", "z_i")}
_KW_SCALING = ("feature scaling", "特征缩放", "масштабирование признаков", "Feature-Skalierung", "mise à l'échelle",
               "escalado de características", "escalonamento de features", "특성 스케일링", "特徴量のスケーリング")

FORMULAS = [
    entry("min_max_scaling", {"en": "Min-max scaling", "zh": "最小-最大归一化", "ru": "Min-max нормализация",
                              "fr": "Normalisation min-max", "de": "Min-Max-Normalisierung", "es": "Escalado min-max",
                              "pt": "Normalização min-max", "ko": "최소-최대 정규화", "ja": "Min-Max 正規化"},
          r"x'=\frac{x-\min(x)}{\max(x)-\min(x)}", _X, min_max_scaling, _truth_min_max, _examples,
          {"divided by max only": lambda x: [(v - min(x)) / max(x) for v in x],
           "max − x on top (reversed)": lambda x: [(max(x) - v) / (max(x) - min(x)) for v in x],
           "x without − min": lambda x: [v / (max(x) - min(x)) for v in x],
           "max + min below": lambda x: [(v - min(x)) / (max(x) + min(x)) for v in x]},
          # (normalisation alone names L2 normalisation and every norm layer too: only min-max words name this one)
          ("min-max", "min max", "minmax", "MinMaxScaler", "线性归一化", "最大最小", "最小最大", "离差标准化",
           "Min-Max-Skalierung", "최소-최대", "最小-最大", *_KW_SCALING), _XA, note_view=_column_view),
    entry("mean_normalization", {"en": "Mean normalisation", "zh": "均值归一化", "ru": "Нормализация по среднему",
                                 "fr": "Normalisation par la moyenne", "de": "Mittelwert-Normalisierung",
                                 "es": "Normalización por la media", "ko": "평균 정규화"},
          r"x'=\frac{x-\bar{x}}{\max(x)-\min(x)}", _X, mean_normalization, _truth_mean_normalization, _examples,
          {"min-max scaling": min_max_scaling, "divided by σ (z-score)": standardization,
           "mean over max": lambda x: [(v - _mean(x)) / max(x) for v in x]},
          ("mean normalization", "mean normalisation", "均值归一化", "нормализация по среднему", *_KW_SCALING), _XA,
          note_view=_column_view),
    entry("standardization", {"en": "Standardisation (z-score)", "zh": "标准化（Z-score）", "ru": "Стандартизация (z-оценка)",
                              "fr": "Standardisation (score z)", "de": "Standardisierung (z-Transformation)",
                              "es": "Estandarización (puntuación z)", "pt": "Padronização (z-score)",
                              "ko": "표준화 (z-점수)", "ja": "標準化 (zスコア)"},
          r"z=\frac{x-\mu}{\sigma}", _X, standardization, _truth_standardization, _examples,
          {"divided by the variance": lambda x: [(v - _mean(x)) / _std(x) ** 2 for v in x],
           "not centred": lambda x: [v / _std(x) for v in x],
           "not scaled": lambda x: [v - _mean(x) for v in x],
           "σ − μ reversed": lambda x: [(_mean(x) - v) / _std(x) for v in x]},
          ("standardization", "standardisation", "z-score", "z score", "zero mean and unit variance", "StandardScaler",
           "标准化", "零均值", "стандартизация", "z-оценка", "Standardisierung", "z-Transformation", "standardisation",
           "estandarización", "padronização", "표준화", "標準化", *_KW_SCALING), _XA,
          # a column's z-score may divide by the sample standard deviation (n − 1), as pandas' std() does
          conventions={"sample standard deviation": lambda x: [(v - _mean(x)) / _sample_std(x) for v in x]},
          note_view=_column_view),
]


# ---- min-max scaling onto a chosen range [a, b] -----------------------------------------------------------
# sklearn's MinMaxScaler(feature_range=(a, b)): the [0, 1] scaling stretched by b − a and moved by a. The truth maps
# [min, max] onto [a, b] by numpy's linear interpolation directly.

def min_max_scaling_range(x: list[float], a: float, b: float) -> list[float]:
    lo, hi = min(x), max(x)
    return [a + (v - lo) * (b - a) / (hi - lo) for v in x]


def _truth_min_max_range(x: list[float], a: float, b: float) -> list[float]:
    import numpy as np
    return np.interp(x, [min(x), max(x)], [a, b]).tolist()


def _range_column(rng: random.Random) -> Example:
    """A column and a target range [a, b] with a ≠ 0 (dropping + a shows) and b − a ≠ 1 (dropping the stretch shows)."""
    a = rng.choice([-1.0, -5.0, 2.0, rng.uniform(-10, 10)])
    return dict(_column(rng), a=a, b=a + rng.choice([2.0, 0.5, rng.uniform(1.5, 20)]))


_range_examples = with_fixed([dict(x=[1.0, 2.0, 4.0, 9.0], a=-1.0, b=1.0), dict(x=[10.0, 20.0, 12.5], a=2.0, b=5.0)],
                             _range_column)


def _range_view(x: list[float], a: float, b: float) -> dict[str, float]:
    return _column_view(x)


FORMULAS += [
    entry("min_max_scaling_range", {"en": "Min-max scaling to a range [a, b]", "zh": "最小-最大归一化到区间 [a, b]",
                                    "ru": "Min-max нормализация в отрезок [a, b]", "fr": "Normalisation min-max vers [a, b]",
                                    "de": "Min-Max-Skalierung auf [a, b]", "es": "Escalado min-max a [a, b]"},
          r"x'=a+\frac{(x-\min(x))(b-a)}{\max(x)-\min(x)}",
          {**_X, "a": "lower end of the target range", "b": "upper end of the target range"},
          min_max_scaling_range, _truth_min_max_range, _range_examples,
          {"+ a missing": lambda x, a, b: [(v - min(x)) * (b - a) / (max(x) - min(x)) for v in x],
           "(b + a) for the width": lambda x, a, b: [a + (v - min(x)) * (b + a) / (max(x) - min(x)) for v in x],
           "+ b instead of + a": lambda x, a, b: [b + (v - min(x)) * (b - a) / (max(x) - min(x)) for v in x],
           "not stretched to b − a": lambda x, a, b: [a + (v - min(x)) / (max(x) - min(x)) for v in x]},
          ("min-max", "min max", "MinMaxScaler", "feature_range", "rescale", "rescaling", "specified minimum and maximum",
           "Min-Max-Skalierung", "最小-最大", *_KW_SCALING),
          {**_XA, "a": ("a", "new\\_min", "min'"), "b": ("b", "new\\_max", "max'")}, note_view=_range_view),
]
