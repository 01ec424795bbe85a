"""Step functions: the unit (Heaviside, binary) step of the perceptron and the sign function.

At 0 conventions differ (the step is 0, 1 or ½ there; textbooks write x > 0 or x ≥ 0 for the 1 row), so the
examples never put an input at 0: a note is judged on what every convention agrees on. Truths are torch's
own kernels, torch.heaviside and torch.sign, on a float64 vector.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example, entry, t


def heaviside_step(x: list[float]) -> list[float]:
    return [1.0 if v > 0 else 0.0 for v in x]


def sign_function(x: list[float]) -> list[float]:
    return [1.0 if v > 0 else -1.0 if v < 0 else 0.0 for v in x]


def _truth_heaviside(x: list[float]) -> list[float]:
    import torch
    return torch.heaviside(t(x), t(0.5)).tolist()


def _truth_sign(x: list[float]) -> list[float]:
    import torch
    return torch.sign(t(x)).tolist()


def _inputs(rng: random.Random, n: int) -> list[Example]:
    """Vectors with inputs on both sides of 0 and none at 0, near it (±0.01) and far from it."""
    out: list[Example] = [dict(x=[-2.0, -0.5, 0.5, 2.0]), dict(x=[-0.01, 0.01, -3.0, 7.0])]
    while len(out) < n:
        x = [rng.choice([-1, 1]) * rng.uniform(0.01, rng.choice([1.0, 10.0])) for _ in range(rng.randint(1, 10))]
        out.append(dict(x=x))
    return out[:n]


_X = {"x": "input values"}
_XA = {"x": ("x", "z", "n", "a", "u")}

FORMULAS = [
    entry("heaviside_step", {"en": "Step function (Heaviside, binary step)", "zh": "阶跃函数", "ru": "Ступенчатая функция (Хевисайда)",
                             "fr": "Fonction échelon (Heaviside)", "de": "Stufenfunktion (Heaviside)",
                             "es": "Función escalón (Heaviside)", "pt": "Função degrau", "ja": "ステップ関数",
                             "ko": "계단 함수", "vi": "Hàm bước"},
          r"H(x)=\begin{cases}1&x>0\\0&x\le0\end{cases}", _X, heaviside_step, _truth_heaviside, _inputs,
          {"rows swapped (1 for x < 0)": lambda x: [0.0 if v > 0 else 1.0 for v in x],
           "½ everywhere below 0": lambda x: [1.0 if v > 0 else 0.5 for v in x],
           "x above 0 (ReLU)": lambda x: [max(0.0, v) for v in x]},
          ("step function", "Heaviside", "binary step", "unit step", "阶跃函数",
           "ступенчатая функция", "функция Хевисайда", "пороговая функция", "Stufenfunktion", "Sprungfunktion",
           "Treppenfunktion", "fonction échelon", "fonction de Heaviside", "función escalón", "función de paso",
           "função degrau", "ステップ関数", "階段関数", "계단 함수", "스텝 함수", "hàm bước"), _XA, tol=None, n=40,
          # perceptron notes call the ±1 step (the sign function) a step function too
          conventions={"bipolar step (−1 below 0)": sign_function}),
    entry("sign_function", {"en": "Sign function", "zh": "符号函数", "ru": "Функция знака (sign)", "fr": "Fonction signe",
                            "de": "Vorzeichenfunktion (Signum)", "es": "Función signo", "pt": "Função sinal",
                            "ja": "符号関数", "ko": "부호 함수"},
          r"\operatorname{sign}(x)=\begin{cases}1&x>0\\0&x=0\\-1&x<0\end{cases}", _X, sign_function, _truth_sign,
          _inputs,
          {"0 below 0 (the step function)": heaviside_step,
           "rows swapped": lambda x: [-v for v in sign_function(x)],
           "|x|": lambda x: [abs(v) for v in x]},
          ("sign function", "signum", "符号函数", "функция знака", "сигнум", "Vorzeichenfunktion", "Signumfunktion",
           "fonction signe", "función signo", "função sinal", "符号関数", "부호 함수"), _XA, tol=None, n=40),
]
