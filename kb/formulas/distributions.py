"""Means and variances of the simple distributions ML notes recall: Bernoulli (the mean; probability.py has its
variance), binomial, continuous uniform and exponential, and the exponential density.

Truths never use the closed forms: the binomial's moments are sums over its 0..n outcomes weighted by
math.comb(n, k) p^k (1−p)^(n−k), the uniform's are exact integrals of the polynomials x and (x − mean)² over
[a, b] (numpy's Polynomial.integ), the exponential's come from torch.distributions.Exponential (its density
by log_prob) and its moments by numerical integration of x·f(x) and x²·f(x) with scipy-free Gauss-Laguerre
quadrature (numpy.polynomial.laguerre), exact for these integrands.
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, entry, with_fixed


def _binomial_moment(n: int, p: float, power: int, centre: float = 0.0) -> float:
    return math.fsum(math.comb(n, k) * p ** k * (1 - p) ** (n - k) * (k - centre) ** power for k in range(n + 1))


def _truth_binomial_mean(n, p):
    return _binomial_moment(n, p, 1)


def _truth_binomial_variance(n, p):
    return _binomial_moment(n, p, 2, _binomial_moment(n, p, 1))


def _truth_bernoulli_mean(p):
    return _binomial_moment(1, p, 1)


def _uniform_integral(a: float, b: float, coefficients: list[float]) -> float:
    """(1/(b − a)) ∫_a^b of the polynomial with these coefficients (lowest degree first)."""
    from numpy.polynomial import Polynomial
    antiderivative = Polynomial(coefficients).integ()
    return float(antiderivative(b) - antiderivative(a)) / (b - a)


def _truth_uniform_mean(a, b):
    return _uniform_integral(a, b, [0.0, 1.0])


def _truth_uniform_variance(a, b):
    m = _uniform_integral(a, b, [0.0, 1.0])
    return _uniform_integral(a, b, [m * m, -2 * m, 1.0])


def _laguerre_moment(lam: float, power: int) -> float:
    """∫_0^∞ x^power λe^{−λx} dx by Gauss-Laguerre quadrature in u = λx (exact for polynomials in u)."""
    from numpy.polynomial.laguerre import laggauss
    nodes, weights = laggauss(8)
    return float(sum(w * (u / lam) ** power for u, w in zip(nodes, weights)))


def _truth_exponential_mean(lam):
    return _laguerre_moment(lam, 1)


def _truth_exponential_variance(lam):
    return _laguerre_moment(lam, 2) - _laguerre_moment(lam, 1) ** 2


def _truth_exponential_pdf(x, lam):
    import torch
    return torch.distributions.Exponential(torch.tensor(lam, dtype=torch.float64)).log_prob(
        torch.tensor(x, dtype=torch.float64)).exp().item()


# ---- examples -----------------------------------------------------------------------------------------

def _np(rng: random.Random) -> Example:
    return dict(n=rng.randint(1, 20), p=rng.choice([0.1, 0.25, 0.3, 0.5, 0.6, 0.75, 0.9]) + rng.uniform(-0.05, 0.05))


def _ab(rng: random.Random) -> Example:
    a = rng.uniform(-10, 10)
    return dict(a=a, b=a + rng.uniform(0.5, 20))


def _lam(rng: random.Random) -> Example:
    return dict(lam=rng.choice([0.2, 0.5, 1.5, 2.0, 4.0]) + rng.uniform(-0.1, 0.1))


_NP = {"n": "number of trials", "p": "success probability"}
_NPA = {"n": ("n", "N"), "p": ("p",)}
# How notes write the mean and the variance on the left (output names; kb.check.link keeps a mean apart from a variance)
_MEAN = ("E[X]", "E(X)", "\\mu", "EX", "\\mathbb{E}[X]")
_VAR = ("\\mathrm{Var}(X)", "Var(X)", "\\sigma^2", "D(X)", "\\mathrm{Var}[X]")
_KW_BINOMIAL = ("binomial distribution", "binomial", "二项分布", "биномиальн", "Binomialverteilung", "loi binomiale",
                "distribución binomial", "distribuição binomial", "이항분포", "二項分布")
_KW_UNIFORM = ("uniform distribution", "continuous uniform", "均匀分布", "равномерное распределение", "Gleichverteilung",
               "loi uniforme", "distribución uniforme", "distribuição uniforme", "균등분포", "一様分布")
_KW_EXPONENTIAL = ("exponential distribution", "指数分布", "экспоненциальное распределение", "показательное распределение",
                   "Exponentialverteilung", "loi exponentielle", "distribución exponencial", "distribuição exponencial",
                   "지수분포")

FORMULAS = [
    entry("bernoulli_mean", {"en": "Mean of a Bernoulli variable", "zh": "伯努利分布的期望", "ru": "Матожидание распределения Бернулли",
                             "fr": "Espérance d'une loi de Bernoulli", "de": "Erwartungswert der Bernoulli-Verteilung"},
          r"E[X]=p", {"p": "probability of 1"}, lambda p: p, _truth_bernoulli_mean,
          with_fixed([dict(p=0.5)], lambda rng: dict(p=rng.uniform(0.02, 0.98))),
          {"p(1−p) (the variance)": lambda p: p * (1 - p), "1 − p": lambda p: 1 - p, "p²": lambda p: p * p},
          ("Bernoulli", "伯努利", "Бернулли", "Bernoulli-Verteilung", "loi de Bernoulli"),
          {"p": ("p",), "mean": _MEAN}, n=40),
    entry("binomial_mean", {"en": "Mean of a binomial variable", "zh": "二项分布的期望", "ru": "Матожидание биномиального распределения",
                            "fr": "Espérance d'une loi binomiale", "de": "Erwartungswert der Binomialverteilung",
                            "es": "Media de la binomial"},
          r"E[X]=np", _NP, lambda n, p: n * p, _truth_binomial_mean, with_fixed([dict(n=10, p=0.5)], _np),
          {"np(1−p) (the variance)": lambda n, p: n * p * (1 - p), "p alone": lambda n, p: p,
           "n(1−p)": lambda n, p: n * (1 - p)},
          _KW_BINOMIAL, {**_NPA, "mean": _MEAN}, n=40),
    entry("binomial_variance", {"en": "Variance of a binomial variable", "zh": "二项分布的方差", "ru": "Дисперсия биномиального распределения",
                                "fr": "Variance d'une loi binomiale", "de": "Varianz der Binomialverteilung",
                                "es": "Varianza de la binomial"},
          r"\mathrm{Var}(X)=np(1-p)", _NP, lambda n, p: n * p * (1 - p), _truth_binomial_variance,
          with_fixed([dict(n=10, p=0.5)], _np),
          {"np (the mean)": lambda n, p: n * p, "p(1−p) without n": lambda n, p: p * (1 - p),
           "√(np(1−p)) (the standard deviation)": lambda n, p: math.sqrt(n * p * (1 - p)),
           "np²": lambda n, p: n * p * p},
          _KW_BINOMIAL, {**_NPA, "variance": _VAR}, n=40),
    entry("uniform_mean", {"en": "Mean of a uniform variable", "zh": "均匀分布的期望", "ru": "Матожидание равномерного распределения",
                           "fr": "Espérance d'une loi uniforme", "de": "Erwartungswert der Gleichverteilung"},
          r"E[X]=\frac{a+b}{2}", {"a": "lower end a", "b": "upper end b"}, lambda a, b: (a + b) / 2, _truth_uniform_mean,
          with_fixed([dict(a=0.0, b=1.0), dict(a=2.0, b=6.0)], _ab),
          {"(b − a)/2": lambda a, b: (b - a) / 2, "a + b": lambda a, b: a + b},
          _KW_UNIFORM, {"a": ("a",), "b": ("b",), "mean": _MEAN}, tol=1e-9, n=40),
    entry("uniform_variance", {"en": "Variance of a uniform variable", "zh": "均匀分布的方差", "ru": "Дисперсия равномерного распределения",
                               "fr": "Variance d'une loi uniforme", "de": "Varianz der Gleichverteilung"},
          r"\mathrm{Var}(X)=\frac{(b-a)^2}{12}", {"a": "lower end a", "b": "upper end b"},
          lambda a, b: (b - a) ** 2 / 12, _truth_uniform_variance, with_fixed([dict(a=0.0, b=1.0), dict(a=2.0, b=6.0)], _ab),
          {"(b − a)²/2": lambda a, b: (b - a) ** 2 / 2, "(b − a)/12": lambda a, b: (b - a) / 12,
           "(b + a)²/12": lambda a, b: (b + a) ** 2 / 12, "(b − a)²/4": lambda a, b: (b - a) ** 2 / 4},
          _KW_UNIFORM, {"a": ("a",), "b": ("b",), "variance": _VAR}, tol=1e-9, n=40),
    entry("exponential_pdf", {"en": "Exponential density", "zh": "指数分布的概率密度", "ru": "Плотность экспоненциального распределения",
                              "fr": "Densité de la loi exponentielle", "de": "Dichte der Exponentialverteilung"},
          r"f(x)=\lambda e^{-\lambda x}\quad(x\ge0)", {"x": "value x ≥ 0", "lam": "rate λ"},
          lambda x, lam: lam * math.exp(-lam * x), _truth_exponential_pdf,
          with_fixed([dict(x=1.0, lam=2.0)], lambda rng: dict(x=rng.uniform(0, 5), **_lam(rng))),
          {"no λ in front": lambda x, lam: math.exp(-lam * x), "e^{−x/λ}": lambda x, lam: lam * math.exp(-x / lam),
           "1/λ in front": lambda x, lam: math.exp(-lam * x) / lam},
          _KW_EXPONENTIAL, {"x": ("x",), "lam": ("\\lambda",)}, tol=1e-12, n=40),
    entry("exponential_mean", {"en": "Mean of an exponential variable", "zh": "指数分布的期望", "ru": "Матожидание экспоненциального распределения",
                               "fr": "Espérance d'une loi exponentielle", "de": "Erwartungswert der Exponentialverteilung"},
          r"E[X]=\frac{1}{\lambda}", {"lam": "rate λ"}, lambda lam: 1 / lam, _truth_exponential_mean,
          with_fixed([dict(lam=2.0)], _lam),
          {"λ": lambda lam: lam, "1/λ² (the variance)": lambda lam: 1 / lam ** 2},
          _KW_EXPONENTIAL, {"lam": ("\\lambda",), "mean": _MEAN}, tol=1e-9, n=40),
    entry("exponential_variance", {"en": "Variance of an exponential variable", "zh": "指数分布的方差",
                                   "ru": "Дисперсия экспоненциального распределения", "fr": "Variance d'une loi exponentielle",
                                   "de": "Varianz der Exponentialverteilung"},
          r"\mathrm{Var}(X)=\frac{1}{\lambda^2}", {"lam": "rate λ"}, lambda lam: 1 / lam ** 2, _truth_exponential_variance,
          with_fixed([dict(lam=2.0)], _lam),
          {"1/λ (the mean)": lambda lam: 1 / lam, "λ²": lambda lam: lam ** 2, "1/(2λ)": lambda lam: 1 / (2 * lam)},
          _KW_EXPONENTIAL, {"lam": ("\\lambda",), "variance": _VAR}, tol=1e-9, n=40),
]
