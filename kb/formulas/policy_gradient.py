"""Policy-gradient pieces: the score function of a softmax policy (tabular logits and linear features),
the REINFORCE estimate with and without a baseline, and ε-greedy action probabilities.

Gradients are checked against autograd through F.log_softmax; the ε-greedy probabilities against exact
enumeration (Fractions) of the two-stage choice "explore with probability ε, then pick uniformly".
"""
from __future__ import annotations

import math
import random
from fractions import Fraction

from kb.formulas._build import Example, entry, grad_of, t, vec, with_fixed


def _softmax(z):
    top = max(z)
    e = [math.exp(v - top) for v in z]
    return [v / sum(e) for v in e]


# ---- references ---------------------------------------------------------------------------------------

def reinforce_gradient(theta, a, G):
    """G ∇_θ log π(a) for π = softmax(θ): G (e_a − π)."""
    return [G * ((k == a) - p) for k, p in enumerate(_softmax(theta))]


def reinforce_baseline_gradient(theta, a, G, b):
    return [(G - b) * ((k == a) - p) for k, p in enumerate(_softmax(theta))]


def linear_softmax_score(phi, w, a):
    """∇_w log π(a|s) = φ(s,a) − Σ_b π(b|s) φ(s,b), with π(b|s) ∝ exp(wᵀφ(s,b))."""
    pi = _softmax([sum(x * y for x, y in zip(row, w)) for row in phi])
    return [phi[a][j] - sum(p * row[j] for p, row in zip(pi, phi)) for j in range(len(w))]


def epsilon_greedy_probabilities(q, eps):
    best = max(range(len(q)), key=lambda k: q[k])
    return [(1 - eps) * (k == best) + eps / len(q) for k in range(len(q))]


# ---- truths -------------------------------------------------------------------------------------------

def _truth_reinforce(theta, a, G):
    import torch.nn.functional as fn
    return grad_of(lambda th: G * fn.log_softmax(th, dim=0)[a], theta)


def _truth_reinforce_baseline(theta, a, G, b):
    import torch.nn.functional as fn
    return grad_of(lambda th: (G - b) * fn.log_softmax(th, dim=0)[a], theta)


def _truth_linear_score(phi, w, a):
    import torch.nn.functional as fn
    return grad_of(lambda weights: fn.log_softmax(t(phi) @ weights, dim=0)[a], w)


def _truth_epsilon_greedy(q, eps):
    """Enumerate the outcomes: exploit (1−ε) → the greedy action; explore (ε) → each action with 1/|A|."""
    best = q.index(max(q))
    probs = [Fraction(0)] * len(q)
    probs[best] += 1 - eps
    for k in range(len(q)):
        probs[k] += eps * Fraction(1, len(q))
    return probs


# ---- examples -----------------------------------------------------------------------------------------

def _logits(rng: random.Random) -> Example:
    theta = vec(rng, rng.randint(2, 6), -3, 3)
    return dict(theta=theta, a=rng.randrange(len(theta)), G=rng.uniform(-5, 5))


def _with_baseline(rng: random.Random) -> Example:
    return dict(_logits(rng), b=rng.uniform(-3, 3))


def _features(rng: random.Random) -> Example:
    A, d = rng.randint(2, 5), rng.randint(1, 4)
    return dict(phi=[vec(rng, d) for _ in range(A)], w=vec(rng, d), a=rng.randrange(A))


def _q_values(rng: random.Random) -> Example:
    k = rng.randint(2, 6)
    return dict(q=[x / 10 for x in rng.sample(range(-50, 50), k)], eps=Fraction(rng.randint(0, 10), 10))


_KW_PG = ("policy gradient", "REINFORCE", "score function", "log-likelihood trick", "策略梯度", "градиент стратегии")

FORMULAS = [
    entry("reinforce_gradient", {"en": "REINFORCE gradient of a softmax policy", "zh": "REINFORCE 策略梯度",
                                 "ru": "Градиент REINFORCE для softmax-стратегии", "fr": "Gradient REINFORCE"},
          r"\nabla_\theta J\approx G_t\,\nabla_\theta\log\pi_\theta(a_t)=G_t\,(e_{a_t}-\pi_\theta)",
          {"theta": "logits θ of the softmax policy", "a": "action taken", "G": "return G_t"}, reinforce_gradient,
          _truth_reinforce, with_fixed([], _logits),
          {"π − e_a (sign flipped)": lambda theta, a, G: [-g for g in reinforce_gradient(theta, a, G)],
           "G·e_a (π forgotten)": lambda theta, a, G: [G * (k == a) for k in range(len(theta))],
           "G·π(a)(e_a − π) (gradient of π, not log π)": lambda theta, a, G: [
               _softmax(theta)[a] * g for g in reinforce_gradient(theta, a, G)]},
          _KW_PG, {"theta": ("\\theta",), "a": ("a", "a_t"), "G": ("G", "G_t", "R")}),
    entry("reinforce_baseline_gradient", {"en": "REINFORCE with a baseline", "zh": "带基线的 REINFORCE", "ru": "REINFORCE с базовой линией"},
          r"\nabla_\theta J\approx\left(G_t-b(s_t)\right)\nabla_\theta\log\pi_\theta(a_t)",
          {"theta": "logits θ", "a": "action", "G": "return", "b": "baseline b(s)"}, reinforce_baseline_gradient,
          _truth_reinforce_baseline, with_fixed([], _with_baseline),
          {"baseline ignored": lambda theta, a, G, b: reinforce_gradient(theta, a, G),
           "baseline added": lambda theta, a, G, b: reinforce_gradient(theta, a, G + b),
           "b − G": lambda theta, a, G, b: reinforce_gradient(theta, a, b - G)},
          ("baseline", "advantage", "variance reduction", *_KW_PG),
          {"theta": ("\\theta",), "a": ("a", "a_t"), "G": ("G", "G_t"), "b": ("b", "b(s_t)", "V(s_t)")}),
    entry("linear_softmax_policy_score", {"en": "Score function of a linear softmax policy", "zh": "线性 softmax 策略的得分函数",
                                          "ru": "Градиент логарифма линейной softmax-стратегии"},
          r"\nabla_w\log\pi(a\mid s)=\phi(s,a)-\sum_b\pi(b\mid s)\,\phi(s,b)",
          {"phi": "features φ(s,b) per action", "w": "weights", "a": "action"}, linear_softmax_score,
          _truth_linear_score, with_fixed([], _features),
          {"φ(s,a) only": lambda phi, w, a: list(phi[a]),
           "mean instead of π-weighted mean": lambda phi, w, a: [phi[a][j] - sum(row[j] for row in phi) / len(phi) for j in range(len(w))],
           "sign flipped": lambda phi, w, a: [-g for g in linear_softmax_score(phi, w, a)]},
          ("softmax policy", "score function", "compatible features", *_KW_PG),
          {"phi": ("\\phi", "x(s,a)"), "w": ("w", "\\theta"), "a": ("a",)}),
    entry("epsilon_greedy_probabilities", {"en": "ε-greedy action probabilities", "zh": "ε-贪婪策略的动作概率",
                                           "ru": "Вероятности действий ε-жадной стратегии"},
          r"\pi(a\mid s)=\begin{cases}1-\varepsilon+\frac{\varepsilon}{|A|}&a=\arg\max_{a'}Q(s,a')\\\frac{\varepsilon}{|A|}&\text{otherwise}\end{cases}",
          {"q": "Q(s,·) (distinct values)", "eps": "ε"}, epsilon_greedy_probabilities, _truth_epsilon_greedy,
          with_fixed([], _q_values),
          {"greedy gets 1 − ε": lambda q, eps: [(1 - eps) if v == max(q) else eps / len(q) for v in q],
           "others share ε (|A|−1)": lambda q, eps: [(1 - eps) if v == max(q) else eps / (len(q) - 1) for v in q],
           "greedy is the smallest Q": lambda q, eps: epsilon_greedy_probabilities([-v for v in q], eps)},
          ("epsilon-greedy", "ε-greedy", "exploration", "ε-贪婪", "ε-жадн"), {"q": ("Q",), "eps": ("\\varepsilon", "\\epsilon")},
          None, 40),
]
