"""Probability the notes use: Bayes' rule (two events and over K classes), the law of total probability,
sample variance, covariance and correlation, the Gaussian density, the binomial probability and the Bernoulli
variance.

Truths: exact enumeration with Fractions (a joint table conditioned by filtering; every one of the 2^n
outcome sequences for the binomial; E[(X − E[X])²] over the two outcomes of a Bernoulli), a softmax of log-joint scores, torch.var / torch.cov / torch.corrcoef
and torch.distributions.
"""
from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

from kb.formulas._build import Example, entry, t, vec, with_fixed


def _fraction(rng: random.Random) -> Fraction:
    d = rng.choice([2, 3, 4, 5, 10, 20, 100])
    return Fraction(rng.randint(1, d - 1), d)


# ---- Bayes' rule and total probability --------------------------------------------------------------

def bayes_rule(p_a, p_b_given_a, p_b_given_not_a):
    """P(A|B) = P(B|A)P(A) / P(B), with P(B) by total probability."""
    p_b = p_b_given_a * p_a + p_b_given_not_a * (1 - p_a)
    return p_b_given_a * p_a / p_b


def _joint(p_a, p_b_given_a, p_b_given_not_a) -> dict[tuple[bool, bool], Fraction]:
    """The joint table P(A = a, B = b) built from the chain rule."""
    table = {}
    for a in (True, False):
        pa = p_a if a else 1 - p_a
        pb = p_b_given_a if a else p_b_given_not_a
        for b in (True, False):
            table[(a, b)] = pa * (pb if b else 1 - pb)
    return table


def _truth_bayes(p_a, p_b_given_a, p_b_given_not_a):
    """Condition the joint table on B by filtering it: mass of (A, B) over the mass of B."""
    table = _joint(p_a, p_b_given_a, p_b_given_not_a)
    return sum(v for (a, b), v in table.items() if a and b) / sum(v for (a, b), v in table.items() if b)


def _bayes_examples(rng: random.Random, n: int) -> list[Example]:
    fixed = [dict(p_a=Fraction(1, 100), p_b_given_a=Fraction(9, 10), p_b_given_not_a=Fraction(1, 10))]
    return (fixed + [dict(p_a=_fraction(rng), p_b_given_a=_fraction(rng), p_b_given_not_a=_fraction(rng))
                     for _ in range(n)])[:n]


def total_probability(priors, likelihoods):
    return sum(p * q for p, q in zip(priors, likelihoods))


def _truth_total(priors, likelihoods):
    """Enumerate the joint outcomes (A_i, B or not B) and add up those where B happened."""
    outcomes = [(i, b, p * (q if b else 1 - q)) for i, (p, q) in enumerate(zip(priors, likelihoods)) for b in (True, False)]
    return sum(mass for _, b, mass in outcomes if b)


def _partition(rng: random.Random, k: int) -> list[Fraction]:
    cuts = sorted(rng.sample(range(1, 60), k - 1))
    edges = [0, *cuts, 60]
    return [Fraction(b - a, 60) for a, b in zip(edges, edges[1:])]


def _total_examples(rng: random.Random, n: int) -> list[Example]:
    out = []
    for _ in range(n):
        k = rng.randint(2, 5)
        out.append(dict(priors=_partition(rng, k), likelihoods=[_fraction(rng) for _ in range(k)]))
    return out


def bayes_posterior(log_likelihood, prior):
    """P(c|x) = p(x|c)P(c) / Σ_c' p(x|c')P(c')."""
    joint = [math.exp(l) * p for l, p in zip(log_likelihood, prior)]
    return [v / sum(joint) for v in joint]


def _truth_posterior(log_likelihood, prior):
    import torch
    import torch.nn.functional as fn
    return fn.softmax(t(log_likelihood) + torch.log(t(prior)), dim=0).tolist()


def _posterior_examples(rng: random.Random, n: int) -> list[Example]:
    out = []
    for _ in range(n):
        k = rng.randint(2, 6)
        prior = [rng.uniform(0.05, 1) for _ in range(k)]
        out.append(dict(log_likelihood=vec(rng, k, -5, 0), prior=[p / sum(prior) for p in prior]))
    return out


# ---- sample statistics ---------------------------------------------------------------------------------

def _mean(x):
    return sum(x) / len(x)


def sample_variance(x):
    m = _mean(x)
    return sum((v - m) ** 2 for v in x) / (len(x) - 1)


def sample_covariance(x, y):
    mx, my = _mean(x), _mean(y)
    return sum((a - mx) * (b - my) for a, b in zip(x, y)) / (len(x) - 1)


def pearson_correlation(x, y):
    return sample_covariance(x, y) / math.sqrt(sample_variance(x) * sample_variance(y))


def _truth_var(x):
    import torch
    return torch.var(t(x), correction=1).item()


def _truth_cov(x, y):
    import torch
    return torch.cov(t([x, y]), correction=1)[0, 1].item()


def _truth_corr(x, y):
    import torch
    return torch.corrcoef(t([x, y]))[0, 1].item()


def _sample(rng: random.Random) -> Example:
    return dict(x=vec(rng, rng.randint(2, 12), -5, 5))


def _paired(rng: random.Random) -> Example:
    k = rng.randint(3, 12)
    x = vec(rng, k, -3, 3)
    return dict(x=x, y=[a * rng.uniform(-1, 1) + rng.uniform(-1, 1) for a in x])


# ---- densities and probabilities ---------------------------------------------------------------------

def gaussian_pdf(x, mu, sigma):
    return math.exp(-((x - mu) ** 2) / (2 * sigma ** 2)) / (sigma * math.sqrt(2 * math.pi))


def _truth_gaussian(x, mu, sigma):
    import torch
    return torch.distributions.Normal(t(mu), t(sigma)).log_prob(t(x)).exp().item()


def _gaussian_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(x=rng.uniform(-4, 4), mu=rng.uniform(-2, 2), sigma=rng.choice([0.3, 0.5, 1.0, 2.0, 3.0]))
            for _ in range(n)]


def binomial_pmf(n, k, p):
    return math.comb(n, k) * p ** k * (1 - p) ** (n - k)


def _truth_binomial(n, k, p):
    """Add up the probability of every one of the 2^n success/failure sequences with exactly k successes."""
    return sum(math.prod(p if s else 1 - p for s in seq)
               for seq in itertools.product((True, False), repeat=n) if sum(seq) == k)


def _binomial_examples(rng: random.Random, n: int) -> list[Example]:
    out = []
    for _ in range(n):
        trials = rng.randint(1, 10)
        out.append(dict(n=trials, k=rng.randint(0, trials), p=_fraction(rng)))
    return out


def bernoulli_variance(p):
    return p * (1 - p)


def _truth_bernoulli_variance(p):
    """E[(X − E[X])²] over the two outcomes, each weighted by its probability."""
    outcomes = {1: p, 0: 1 - p}
    mean = sum(x * q for x, q in outcomes.items())
    return sum((x - mean) ** 2 * q for x, q in outcomes.items())


_BAYES = {"p_a": "prior P(A)", "p_b_given_a": "likelihood P(B|A)", "p_b_given_not_a": "P(B|¬A)"}

FORMULAS = [
    entry("bayes_rule", {"en": "Bayes' rule", "zh": "贝叶斯公式", "ru": "Формула Байеса", "fr": "Théorème de Bayes",
                         "de": "Satz von Bayes", "es": "Teorema de Bayes", "vi": "Định lý Bayes"},
          r"P(A\mid B)=\frac{P(B\mid A)\,P(A)}{P(B\mid A)P(A)+P(B\mid\neg A)P(\neg A)}", _BAYES, bayes_rule,
          _truth_bayes, _bayes_examples,
          {"P(B|A) (conditional reversed)": lambda p_a, p_b_given_a, p_b_given_not_a: p_b_given_a,
           "no prior in the numerator": lambda p_a, p_b_given_a, p_b_given_not_a: p_b_given_a / (
               p_b_given_a * p_a + p_b_given_not_a * (1 - p_a)),
           "no evidence term": lambda p_a, p_b_given_a, p_b_given_not_a: p_b_given_a * p_a,
           "P(B) = P(B|A) + P(B|¬A)": lambda p_a, p_b_given_a, p_b_given_not_a: p_b_given_a * p_a / (
               p_b_given_a + p_b_given_not_a)},
          ("Bayes' rule", "Bayes theorem", "Bayes' theorem", "posterior", "贝叶斯", "формула Байеса",
           "théorème de Bayes", "Satz von Bayes"),
          {"p_a": ("P(A)", "p(A)"), "p_b_given_a": ("P(B|A)", "P(B\\mid A)"), "p_b_given_not_a": ("P(B|\\neg A)",)},
          None, 40),
    entry("total_probability", {"en": "Law of total probability", "zh": "全概率公式", "ru": "Формула полной вероятности",
                                "fr": "Formule des probabilités totales", "de": "Satz der totalen Wahrscheinlichkeit"},
          r"P(B)=\sum_i P(B\mid A_i)\,P(A_i)", {"priors": "P(A_i) of a partition", "likelihoods": "P(B|A_i)"},
          total_probability, _truth_total, _total_examples,
          {"Σ P(B|A_i) without priors": lambda priors, likelihoods: sum(likelihoods),
           "mean of P(B|A_i)": lambda priors, likelihoods: sum(likelihoods) / len(likelihoods),
           "Σ P(A_i|B)-style ratio": lambda priors, likelihoods: sum(q / p for p, q in zip(priors, likelihoods)) / len(priors)},
          ("law of total probability", "total probability", "全概率", "полной вероятности"),
          {"priors": ("P(A_i)",), "likelihoods": ("P(B|A_i)", "P(B\\mid A_i)")}, None, 40),
    entry("bayes_posterior", {"en": "Posterior over classes (Bayes' rule)", "zh": "类别后验概率", "ru": "Апостериорная вероятность класса"},
          r"P(c\mid x)=\frac{p(x\mid c)\,P(c)}{\sum_{c'}p(x\mid c')\,P(c')}",
          {"log_likelihood": "log p(x|c) per class", "prior": "P(c) per class"}, bayes_posterior, _truth_posterior,
          _posterior_examples,
          {"prior ignored": lambda log_likelihood, prior: bayes_posterior(log_likelihood, [1.0] * len(prior)),
           "not normalised": lambda log_likelihood, prior: [math.exp(l) * p for l, p in zip(log_likelihood, prior)],
           "likelihood ignored": lambda log_likelihood, prior: list(prior)},
          ("posterior", "naive Bayes", "maximum a posteriori", "后验概率", "апостериорн"),
          {"log_likelihood": ("p(x|c)",), "prior": ("P(c)", "\\pi_c")}),
    entry("sample_variance", {"en": "Unbiased sample variance", "zh": "样本方差（无偏）", "ru": "Несмещённая выборочная дисперсия",
                              "fr": "Variance empirique corrigée", "de": "Stichprobenvarianz"},
          r"s^2=\frac{1}{n-1}\sum_{i=1}^{n}(x_i-\bar x)^2", {"x": "sample"}, sample_variance, _truth_var,
          with_fixed([dict(x=[1.0, 2.0, 3.0, 4.0])], _sample),
          {"1/n (biased)": lambda x: sample_variance(x) * (len(x) - 1) / len(x),
           "mean not subtracted": lambda x: sum(v * v for v in x) / (len(x) - 1),
           "standard deviation": lambda x: math.sqrt(sample_variance(x))},
          ("sample variance", "unbiased variance", "Bessel's correction", "样本方差", "выборочная дисперсия"),
          {"x": ("x", "x_i")}),
    entry("sample_covariance", {"en": "Sample covariance", "zh": "样本协方差", "ru": "Выборочная ковариация",
                                "fr": "Covariance empirique"},
          r"\operatorname{cov}(x,y)=\frac{1}{n-1}\sum_i(x_i-\bar x)(y_i-\bar y)", {"x": "first sample", "y": "second sample"},
          sample_covariance, _truth_cov, with_fixed([], _paired),
          {"1/n": lambda x, y: sample_covariance(x, y) * (len(x) - 1) / len(x),
           "means not subtracted": lambda x, y: sum(a * b for a, b in zip(x, y)) / (len(x) - 1),
           "correlation": lambda x, y: pearson_correlation(x, y)},
          ("covariance", "协方差", "ковариация"), {"x": ("x", "X"), "y": ("y", "Y")}),
    entry("pearson_correlation", {"en": "Pearson correlation coefficient", "zh": "皮尔逊相关系数", "ru": "Коэффициент корреляции Пирсона",
                                  "fr": "Coefficient de corrélation de Pearson"},
          r"r=\frac{\sum_i(x_i-\bar x)(y_i-\bar y)}{\sqrt{\sum_i(x_i-\bar x)^2}\sqrt{\sum_i(y_i-\bar y)^2}}",
          {"x": "first sample", "y": "second sample"}, pearson_correlation, _truth_corr, with_fixed([], _paired),
          {"covariance only": sample_covariance,
           "divided by the variances": lambda x, y: sample_covariance(x, y) / (sample_variance(x) * sample_variance(y)),
           "means not subtracted": lambda x, y: sum(a * b for a, b in zip(x, y)) / math.sqrt(sum(a * a for a in x) * sum(b * b for b in y))},
          ("Pearson correlation", "correlation coefficient", "相关系数", "корреляц"), {"x": ("x", "X"), "y": ("y", "Y")}),
    entry("gaussian_pdf", {"en": "Gaussian (normal) density", "zh": "高斯分布密度函数", "ru": "Плотность нормального распределения",
                           "fr": "Densité de la loi normale", "de": "Dichte der Normalverteilung", "es": "Densidad normal"},
          r"\mathcal N(x\mid\mu,\sigma^2)=\frac{1}{\sigma\sqrt{2\pi}}\exp\left(-\frac{(x-\mu)^2}{2\sigma^2}\right)",
          {"x": "value", "mu": "mean μ", "sigma": "standard deviation σ"}, gaussian_pdf, _truth_gaussian, _gaussian_examples,
          {"σ instead of σ² in the exponent": lambda x, mu, sigma: math.exp(-((x - mu) ** 2) / (2 * sigma)) / (sigma * math.sqrt(2 * math.pi)),
           "missing 1/√(2π)": lambda x, mu, sigma: math.exp(-((x - mu) ** 2) / (2 * sigma ** 2)) / sigma,
           "missing the 2 in 2σ²": lambda x, mu, sigma: math.exp(-((x - mu) ** 2) / sigma ** 2) / (sigma * math.sqrt(2 * math.pi)),
           "σ² in front": lambda x, mu, sigma: math.exp(-((x - mu) ** 2) / (2 * sigma ** 2)) / (sigma ** 2 * math.sqrt(2 * math.pi))},
          ("Gaussian distribution", "normal distribution", "probability density", "正态分布", "高斯分布",
           "нормальное распределение"), {"x": ("x",), "mu": ("\\mu",), "sigma": ("\\sigma",)}),
    entry("bernoulli_variance", {"en": "Variance of a Bernoulli variable", "zh": "伯努利分布的方差",
                                 "ru": "Дисперсия распределения Бернулли", "fr": "Variance d'une loi de Bernoulli",
                                 "de": "Varianz der Bernoulli-Verteilung", "es": "Varianza de una Bernoulli"},
          r"\mathrm{Var}(X)=p(1-p)", {"p": "probability of 1"}, bernoulli_variance, _truth_bernoulli_variance,
          lambda rng, n: [dict(p=float(_fraction(rng))) for _ in range(n)],
          {"p²(1−p)": lambda p: p * p * (1 - p), "p(1−p)²": lambda p: p * (1 - p) ** 2, "p (the mean)": lambda p: p,
           "1 − p²": lambda p: 1 - p * p},
          ("Bernoulli", "Bernoulli variance", "伯努利", "Бернулли"), {"p": ("p",)}, 1e-12, 40),
    entry("binomial_pmf", {"en": "Binomial probability", "zh": "二项分布概率", "ru": "Биномиальное распределение",
                           "fr": "Loi binomiale", "de": "Binomialverteilung"},
          r"P(X=k)=\binom{n}{k}p^k(1-p)^{n-k}", {"n": "trials", "k": "successes", "p": "success probability"},
          binomial_pmf, _truth_binomial, _binomial_examples,
          {"no binomial coefficient": lambda n, k, p: p ** k * (1 - p) ** (n - k),
           "(1−p)^k p^(n−k)": lambda n, k, p: math.comb(n, k) * (1 - p) ** k * p ** (n - k),
           "n!/k! instead of C(n,k)": lambda n, k, p: Fraction(math.factorial(n), math.factorial(k)) * p ** k * (1 - p) ** (n - k)},
          ("binomial distribution", "binomial probability", "二项分布", "биномиальн"),
          {"n": ("n",), "k": ("k",), "p": ("p",)}, None, 40),
]
