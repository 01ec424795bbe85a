"""Information theory: entropy (in nats and in bits), mutual information and Jensen-Shannon divergence.

Truths are torch.distributions.Categorical(...).entropy() combined through identities the references do
not use (I(X;Y) = H(X) + H(Y) − H(X,Y); JSD = H(M) − ½(H(P) + H(Q))).
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, entry, t, with_fixed


def _distribution(rng: random.Random, k: int) -> list[float]:
    w = [rng.uniform(0.05, 1.0) for _ in range(k)]
    return [v / sum(w) for v in w]


def _entropy_torch(p) -> float:
    import torch
    return torch.distributions.Categorical(probs=t(p)).entropy().item()


def entropy(p):
    return -sum(v * math.log(v) for v in p if v > 0)


def entropy_bits(p):
    return -sum(v * math.log2(v) for v in p if v > 0)


def mutual_information(joint):
    px = [sum(row) for row in joint]
    py = [sum(col) for col in zip(*joint)]
    return sum(v * math.log(v / (px[i] * py[j])) for i, row in enumerate(joint) for j, v in enumerate(row) if v > 0)


def js_divergence(p, q):
    m = [(a + b) / 2 for a, b in zip(p, q)]
    kl = lambda a, b: sum(u * math.log(u / v) for u, v in zip(a, b))  # noqa: E731
    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


def _truth_entropy(p):
    return _entropy_torch(p)


def _truth_entropy_bits(p):
    return _entropy_torch(p) / math.log(2)


def _truth_mi(joint):
    flat = [v for row in joint for v in row]
    return (_entropy_torch([sum(row) for row in joint]) + _entropy_torch([sum(c) for c in zip(*joint)])
            - _entropy_torch(flat))


def _truth_js(p, q):
    return _entropy_torch([(a + b) / 2 for a, b in zip(p, q)]) - 0.5 * (_entropy_torch(p) + _entropy_torch(q))


def _joint(rng: random.Random) -> Example:
    rows, cols = rng.randint(2, 4), rng.randint(2, 4)
    flat = _distribution(rng, rows * cols)
    return dict(joint=[flat[r * cols:(r + 1) * cols] for r in range(rows)])


FORMULAS = [
    entry("entropy", {"en": "Shannon entropy", "zh": "香农熵", "ru": "Энтропия Шеннона", "fr": "Entropie de Shannon",
                      "de": "Shannon-Entropie", "es": "Entropía de Shannon", "vi": "Entropy Shannon"},
          r"H(p)=-\sum_k p_k\log p_k", {"p": "distribution"}, entropy, _truth_entropy,
          with_fixed([dict(p=[0.5, 0.5]), dict(p=[1.0])], lambda rng: dict(p=_distribution(rng, rng.randint(2, 8)))),
          {"no minus sign": lambda p: -entropy(p), "Σ log p without p": lambda p: -sum(math.log(v) for v in p),
           "1 − Σp² (Gini)": lambda p: 1 - sum(v * v for v in p)},
          ("entropy", "Shannon entropy", "information entropy", "熵", "энтропия", "entropie", "entropía"),
          {"p": ("p", "p_k", "p_i", "P")}),
    # Information theory and decision trees measure it in bits, with log₂ written out
    entry("entropy_bits", {"en": "Shannon entropy in bits", "zh": "香农熵（比特）", "ru": "Энтропия Шеннона в битах",
                           "fr": "Entropie de Shannon en bits", "de": "Shannon-Entropie in Bit",
                           "es": "Entropía de Shannon en bits"},
          r"H(p)=-\sum_k p_k\log_2 p_k", {"p": "distribution"}, entropy_bits, _truth_entropy_bits,
          with_fixed([dict(p=[0.5, 0.5]), dict(p=[1.0])], lambda rng: dict(p=_distribution(rng, rng.randint(2, 8)))),
          {"no minus sign": lambda p: -entropy_bits(p), "Σ log₂ p without p": lambda p: -sum(math.log2(v) for v in p),
           "in nats (natural log)": entropy},
          ("entropy", "Shannon entropy", "information entropy", "熵", "энтропия", "entropie", "entropía"),
          {"p": ("p", "p_k", "p_i", "P")}),
    entry("mutual_information", {"en": "Mutual information", "zh": "互信息", "ru": "Взаимная информация",
                                 "fr": "Information mutuelle", "de": "Transinformation"},
          r"I(X;Y)=\sum_{x,y}p(x,y)\log\frac{p(x,y)}{p(x)\,p(y)}", {"joint": "joint distribution p(x, y)"},
          mutual_information, _truth_mi, with_fixed([], _joint),
          {"joint entropy": lambda joint: entropy([v for row in joint for v in row]),
           "p(x)p(y)/p(x,y) inverted": lambda joint: -mutual_information(joint),
           "H(X) + H(Y)": lambda joint: entropy([sum(r) for r in joint]) + entropy([sum(c) for c in zip(*joint)])},
          ("mutual information", "互信息", "взаимная информация", "information gain"), {"joint": ("p(x,y)",)}),
    entry("js_divergence", {"en": "Jensen-Shannon divergence", "zh": "JS 散度", "ru": "Дивергенция Йенсена-Шеннона"},
          r"\mathrm{JSD}(P\|Q)=\frac12D_{KL}(P\|M)+\frac12D_{KL}(Q\|M),\ M=\frac12(P+Q)",
          {"p": "distribution P", "q": "distribution Q"}, js_divergence, _truth_js,
          with_fixed([], lambda rng: (lambda k: dict(p=_distribution(rng, k), q=_distribution(rng, k)))(rng.randint(2, 8))),
          {"KL(P‖Q) + KL(Q‖P) halves": lambda p, q: 0.5 * sum(a * math.log(a / b) + b * math.log(b / a) for a, b in zip(p, q)),
           "no ½": lambda p, q: 2 * js_divergence(p, q),
           "KL(P‖M) only": lambda p, q: sum(a * math.log(2 * a / (a + b)) for a, b in zip(p, q))},
          ("Jensen-Shannon", "JS divergence", "JSD", "JS散度"), {"p": ("P", "p"), "q": ("Q", "q")}),
]
