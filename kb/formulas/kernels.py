"""Kernel methods as SVM notes state them: the Gaussian (RBF) kernel with a width σ or a coefficient γ, and the
polynomial kernel. (The margin's width 2/‖w‖ has no entry: SVM notes write ½‖w‖², 1/‖w‖ and 2/‖w‖ in one sentence
about the margin, and only a left side could tell them apart.)

Truths take other roads: the RBF kernel from torch.cdist's Euclidean distance, the polynomial kernel as the dot
product of the explicit feature maps (every monomial of degree ≤ d with its multinomial weight, enumerated).
"""
from __future__ import annotations

import itertools
import math
import random

from kb.formulas._build import Example, entry, t, vec, with_fixed


def _sq_dist(x, z) -> float:
    return sum((a - b) ** 2 for a, b in zip(x, z))


def _dot(x, z) -> float:
    return sum(a * b for a, b in zip(x, z))


def rbf_kernel_sigma(x, z, sigma):
    return math.exp(-_sq_dist(x, z) / (2 * sigma ** 2))


def rbf_kernel_gamma(x, z, gamma):
    return math.exp(-gamma * _sq_dist(x, z))


def polynomial_kernel(x, z, c, d):
    return (_dot(x, z) + c) ** d


def _truth_rbf_sigma(x, z, sigma):
    import torch
    distance = torch.cdist(t([x]), t([z]))[0, 0]
    return torch.exp(-distance ** 2 / (2 * sigma ** 2)).item()


def _truth_rbf_gamma(x, z, gamma):
    import torch
    distance = torch.cdist(t([x]), t([z]))[0, 0]
    return torch.exp(-gamma * distance ** 2).item()


def _feature_map(x, c, d):
    """φ(x) with φ(x)·φ(z) = (x·z + c)^d: one coordinate per monomial x₁^k₁…x_n^k_n (Σk ≤ d), weighted by the
    root of its multinomial coefficient times c^(d − Σk)."""
    coordinates = []
    for powers in itertools.product(range(d + 1), repeat=len(x)):
        rest = d - sum(powers)
        if rest < 0:
            continue
        weight = math.factorial(d) / (math.factorial(rest) * math.prod(math.factorial(k) for k in powers))
        coordinates.append(math.sqrt(weight * c ** rest) * math.prod(v ** k for v, k in zip(x, powers)))
    return coordinates


def _truth_polynomial(x, z, c, d):
    import torch
    return torch.dot(t(_feature_map(x, c, d)), t(_feature_map(z, c, d))).item()


def _pair(rng: random.Random) -> Example:
    k = rng.randint(1, 5)
    return dict(x=vec(rng, k), z=vec(rng, k))


_RBF_SIGMA = with_fixed([dict(x=[1.0, 0.0], z=[0.0, 0.0], sigma=2.0), dict(x=[1.0, 2.0], z=[1.0, 2.0], sigma=1.0)],
                        lambda rng: {**_pair(rng), "sigma": rng.choice([0.5, 0.8, 1.5, 2.0, 3.0])})
_RBF_GAMMA = with_fixed([dict(x=[1.0, 0.0], z=[0.0, 0.0], gamma=2.0)],
                        lambda rng: {**_pair(rng), "gamma": rng.choice([0.1, 0.5, 2.0, 3.0])})
_POLY = with_fixed([dict(x=[1.0, 2.0], z=[3.0, -1.0], c=1.0, d=2)],
                   lambda rng: {**_pair(rng), "c": rng.choice([0.5, 1.0, 2.0]), "d": rng.randint(2, 4)})

_X = {"x": ("x", "x_i", "\\mathbf{x}", "\\mathbf{x}_i", "\\vec{x}"),
      "z": ("z", "x'", "x^\\prime", "x_j", "y", "\\mathbf{x}'", "\\mathbf{x}_j", "\\mathbf{z}", "\\mathbf{y}")}
_RBF_KW = ("RBF kernel", "Gaussian kernel", "radial basis function kernel", "径向基核", "高斯核", "RBF 核",
           "гауссово ядро", "RBF-ядро", "ядро RBF", "noyau gaussien", "noyau RBF", "Gauß-Kern", "RBF-Kern",
           "kernel gaussiano", "núcleo gaussiano", "kernel RBF", "núcleo RBF", "ガウスカーネル", "RBFカーネル",
           "가우시안 커널", "RBF 커널")
_POLY_KW = ("polynomial kernel", "多项式核", "полиномиальное ядро", "noyau polynomial", "Polynomkern",
            "polynomieller Kern", "kernel polinómico", "kernel polinomial", "núcleo polinomial", "多項式カーネル",
            "다항식 커널")
_KERNEL_NAMES = ("K(x,x')", "K(x, x')", "k(x,x')", "k(x, x')", "K(x_i,x_j)", "K(x_i, x_j)", "k(x_i,x_j)",
                 "k(x_i, x_j)", "K(x,y)", "K(x, y)", "k(x,y)", "k(x, y)", "K(\\mathbf{x},\\mathbf{x}')",
                 "K(\\mathbf{x}, \\mathbf{x}')", "K(x,z)", "K(x, z)", "k(x,z)", "k(x, z)")

FORMULAS = [
    entry("rbf_kernel_sigma", {"en": "Gaussian (RBF) kernel with width σ", "zh": "高斯核（RBF 核，带宽 σ）",
                               "ru": "Гауссово (RBF) ядро с шириной σ", "fr": "Noyau gaussien (RBF) de largeur σ",
                               "de": "Gauß-Kern (RBF) mit Breite σ", "es": "Kernel gaussiano (RBF) de ancho σ",
                               "pt": "Kernel gaussiano (RBF) de largura σ", "ja": "ガウスカーネル（RBF, 幅 σ）"},
          r"K(x,x')=\exp\left(-\frac{\|x-x'\|^2}{2\sigma^2}\right)",
          {"x": "first point", "z": "second point", "sigma": "kernel width σ"}, rbf_kernel_sigma, _truth_rbf_sigma,
          _RBF_SIGMA,
          {"no 2 under σ²": lambda x, z, sigma: math.exp(-_sq_dist(x, z) / sigma ** 2),
           "σ not squared": lambda x, z, sigma: math.exp(-_sq_dist(x, z) / (2 * sigma)),
           "distance not squared": lambda x, z, sigma: math.exp(-math.sqrt(_sq_dist(x, z)) / (2 * sigma ** 2)),
           "no minus sign": lambda x, z, sigma: math.exp(_sq_dist(x, z) / (2 * sigma ** 2))},
          _RBF_KW, {**_X, "sigma": ("\\sigma",), "rbf_kernel_sigma": _KERNEL_NAMES}, n=40),
    entry("rbf_kernel_gamma", {"en": "Gaussian (RBF) kernel with coefficient γ", "zh": "高斯核（RBF 核，系数 γ）",
                               "ru": "Гауссово (RBF) ядро с коэффициентом γ", "fr": "Noyau gaussien (RBF) de coefficient γ",
                               "de": "Gauß-Kern (RBF) mit Koeffizient γ", "es": "Kernel gaussiano (RBF) con coeficiente γ"},
          r"K(x,x')=\exp\left(-\gamma\|x-x'\|^2\right)",
          {"x": "first point", "z": "second point", "gamma": "kernel coefficient γ (1/(2σ²))"}, rbf_kernel_gamma,
          _truth_rbf_gamma, _RBF_GAMMA,
          {"distance not squared": lambda x, z, gamma: math.exp(-gamma * math.sqrt(_sq_dist(x, z))),
           "divided by γ": lambda x, z, gamma: math.exp(-_sq_dist(x, z) / gamma),
           "no minus sign": lambda x, z, gamma: math.exp(gamma * _sq_dist(x, z))},
          _RBF_KW, {**_X, "gamma": ("\\gamma",), "rbf_kernel_gamma": _KERNEL_NAMES}, n=40),
    entry("polynomial_kernel", {"en": "Polynomial kernel", "zh": "多项式核", "ru": "Полиномиальное ядро",
                                "fr": "Noyau polynomial", "de": "Polynomkern", "es": "Kernel polinómico",
                                "pt": "Kernel polinomial", "ja": "多項式カーネル"},
          r"K(x,x')=(x^\top x'+c)^d",
          {"x": "first point", "z": "second point", "c": "constant term c", "d": "degree d"}, polynomial_kernel,
          _truth_polynomial, _POLY,
          {"c outside the power": lambda x, z, c, d: _dot(x, z) ** d + c,
           "times d instead of a power": lambda x, z, c, d: d * (_dot(x, z) + c),
           "c times the dot product": lambda x, z, c, d: (c * _dot(x, z)) ** d},
          _POLY_KW, {**_X, "c": ("c", "r", "\\theta", "coef_0"), "d": ("d", "p", "n"),
                     "polynomial_kernel": _KERNEL_NAMES}, tol=1e-9, n=40),
]
