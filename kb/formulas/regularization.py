"""Regularisation: inverted dropout's scale, output and expectation, the gradients of the L2, L1 and elastic-net
penalties, and the max-norm constraint.

Truths: what F.dropout multiplies a kept unit by, the exact mean over every keep/drop pattern, autograd
through λ‖W‖² and λ‖W‖₁, and torch.renorm.
"""
from __future__ import annotations

import math
import random
import re

from kb.formulas._build import Example, entry, grad_of, t, vec
from kb.formulas.core import Formula, memoize_truth


def inverted_dropout_scale(q: float) -> float:
    return 1 / q


def _truth_dropout_scale(q: float) -> float:
    """What F.dropout (drop probability 1 - q) multiplies a kept unit by, read off a tensor of ones."""
    import torch
    import torch.nn.functional as fn
    with torch.random.fork_rng():
        torch.manual_seed(0)
        out = fn.dropout(torch.ones(4096, dtype=torch.float64), p=1 - q, training=True)
    return out.max().item()


def _dropout_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(q=q) for q in [0.5, 0.8, 0.9, 0.25, 0.1, 1.0]][:n] + [
        dict(q=round(rng.uniform(0.05, 0.99), 3)) for _ in range(max(0, n - 6))]


def inverted_dropout(h: list[float], m: list[float], q: float) -> list[float]:
    return [mi * hi / q for hi, mi in zip(h, m)]


def _truth_inverted_dropout(h: list[float], m: list[float], q: float) -> list[float]:
    """The kept units times the scale F.dropout applies to them (read by _truth_dropout_scale), the rest zero."""
    import torch
    return (t(m) * t(h) * _truth_dropout_scale(q)).tolist()


def _inverted_dropout_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    for q in [0.5, 0.8, 0.9, 0.25][:n] + [round(rng.uniform(0.05, 0.95), 3) for _ in range(max(0, n - 4))]:
        size = rng.randint(1, 8)
        out.append(dict(h=vec(rng, size), m=[float(rng.random() < q) for _ in range(size)], q=q))
    return out


def l2_penalty_gradient(W: list[float], lam: float) -> list[float]:
    return [2 * lam * w for w in W]


def _truth_l2_grad(W: list[float], lam: float) -> list[float]:
    import torch
    w = t(W).requires_grad_(True)
    (grad,) = torch.autograd.grad(lam * torch.linalg.vector_norm(w) ** 2, w)
    return grad.tolist()


def l1_penalty_gradient(W: list[float], lam: float) -> list[float]:
    return [lam * (1.0 if w > 0 else -1.0) for w in W]


def _truth_l1_grad(W: list[float], lam: float) -> list[float]:
    import torch
    w = t(W).requires_grad_(True)
    (grad,) = torch.autograd.grad(lam * torch.linalg.vector_norm(w, ord=1), w)
    return grad.tolist()


# The penalty itself, R(W) = Σ_k Σ_l W_{k,l}² (CS231n's notation), and the regularised cost J + λ/(2m)·ΣW² (Ng's):
# how much λ is divided by (2, m, 2m or nothing) is each course's own choice, so every such scale is a convention
def l2_penalty(W: list[list[float]]) -> float:
    return sum(w * w for row in W for w in row)


def _truth_l2_penalty(W: list[list[float]]) -> float:
    import torch
    return (torch.linalg.matrix_norm(t(W), ord="fro") ** 2).item()


def _weight_matrix(rng: random.Random) -> list[list[float]]:
    rows, cols = rng.randint(1, 4), rng.randint(1, 4)
    return [vec(rng, cols) for _ in range(rows)]


def l2_regularized_cost(J: float, W: list[list[float]], lam: float, m: int) -> float:
    return J + lam / (2 * m) * l2_penalty(W)


def _truth_l2_cost(J: float, W: list[list[float]], lam: float, m: int) -> float:
    import torch
    return J + lam / (2 * m) * (torch.linalg.vector_norm(t(W).flatten()) ** 2).item()


def _scaled_l2_cost(scale):
    return lambda J, W, lam, m: J + scale(lam, m) * l2_penalty(W)


def _penalty_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        W = [v for v in vec(rng, rng.randint(1, 10)) if abs(v) > 1e-3]   # |w| is not differentiable at 0
        if W:
            out.append(dict(W=W, lam=rng.choice([1e-4, 1e-2, 0.5, 1.0])))
    return out


_L2_KW = ("L2 regularization", "L2 regularisation", "L2 penalty", "weight decay", "ridge penalty", "L2 正则",
          "L2正则", "L2 正则化", "L2-регуляризац", "регуляризация L2", "régularisation L2", "L2-Regularisierung",
          "regularización L2", "regularização L2", "regolarizzazione L2", "L2 正則化", "L2 정규화", "điều chuẩn L2",
          "chính quy hóa L2", "regularyzacja L2")

FORMULAS = [
    entry("l2_penalty", {"en": "L2 penalty (sum of squared weights)", "zh": "L2 正则项（权重平方和）",
                         "ru": "L2-штраф (сумма квадратов весов)", "fr": "Pénalité L2", "de": "L2-Strafterm",
                         "es": "Penalización L2"},
          r"R(W)=\sum_k\sum_l W_{k,l}^2", {"W": "weight matrix"}, l2_penalty, _truth_l2_penalty,
          lambda rng, n: [dict(W=_weight_matrix(rng)) for _ in range(n)],
          {"not squared (ΣW)": lambda W: sum(w for row in W for w in row),
           "absolute values (L1)": lambda W: sum(abs(w) for row in W for w in row),
           "square of the sum ((ΣW)²)": lambda W: sum(w for row in W for w in row) ** 2,
           "the norm, not its square": lambda W: math.sqrt(l2_penalty(W))},
          _L2_KW, {"W": ("W", "w", "\\theta")},
          conventions={"the penalty is written ½ΣW²": lambda W: l2_penalty(W) / 2}),
    entry("l2_regularized_cost", {"en": "Cost with an L2 penalty", "zh": "带 L2 正则的代价函数",
                                  "ru": "Функция стоимости с L2-регуляризацией", "fr": "Coût régularisé L2",
                                  "de": "Kosten mit L2-Regularisierung", "es": "Coste con regularización L2"},
          r"J_{reg}=J+\frac{\lambda}{2m}\sum W^2",
          {"J": "the cost without the penalty", "W": "weights", "lam": "regularisation strength λ",
           "m": "number of examples"},
          l2_regularized_cost, _truth_l2_cost,
          lambda rng, n: [dict(J=rng.uniform(0.1, 3.0), W=_weight_matrix(rng), lam=rng.choice([0.1, 0.5, 2.0]),
                               m=rng.choice([3, 10, 64])) for _ in range(n)],
          {"penalty subtracted": _scaled_l2_cost(lambda lam, m: -lam / (2 * m)),
           "weights not squared": lambda J, W, lam, m: J + lam / (2 * m) * sum(w for row in W for w in row),
           "the norm, not its square": lambda J, W, lam, m: J + lam / (2 * m) * math.sqrt(l2_penalty(W)),
           "penalty without λ": _scaled_l2_cost(lambda lam, m: 1 / (2 * m))},
          _L2_KW, {"lam": ("\\lambda",), "m": ("m", "n", "N"), "J": ("J", "L", "E", "C")},
          conventions={"λ/2 without m": _scaled_l2_cost(lambda lam, m: lam / 2),
                       "λ alone": _scaled_l2_cost(lambda lam, m: lam),
                       "λ/m": _scaled_l2_cost(lambda lam, m: lam / m)},
          # the scale the note writes on λ says which course's convention it follows
          convention_signs={"λ/2 without m": re.compile(r"\\frac\{\\lambda\}\{2\}").search,
                            "λ alone": re.compile(r"(?<!\{)\\lambda\s*(?:\\sum|\\\||\\lVert)").search,
                            "λ/m": re.compile(r"\\frac\{\\lambda\}\{m\}").search}),
    Formula(
        id="inverted_dropout_scale",
        titles={"en": "Inverted dropout scaling", "zh": "反向 Dropout 缩放", "ru": "Масштаб в inverted dropout"},
        latex=r"\tilde h=\frac{m\odot h}{q},\quad m_i\sim\mathrm{Bernoulli}(q)",
        symbols={"q": "probability that a unit is kept (1 − drop probability)"},
        reference=inverted_dropout_scale,
        truth=memoize_truth(_truth_dropout_scale),
        examples=_dropout_examples,
        mutants={"multiply by q": lambda q: q, "divide by the drop probability": lambda q: 1 / (1 - q) if q < 1 else math.inf,
                 "no rescaling": lambda q: 1.0},
        aliases={"q": ("q", "p", "keep\\_prob")},
        keywords=("inverted dropout", "dropout", "rescale during training", "Dropout"),
        rel_tol=1e-12,
    ),
    # the layer's output as notes write it (m ⊙ h / q): the scale above applied to the kept units
    entry("inverted_dropout", {"en": "Inverted dropout (training-time output)", "zh": "反向 Dropout（训练时输出）",
                               "ru": "Inverted dropout (выход при обучении)", "fr": "Dropout inversé",
                               "de": "Inverted Dropout", "es": "Dropout invertido"},
          r"\tilde h=\frac{m\odot h}{q},\quad m_i\sim\mathrm{Bernoulli}(q)",
          {"h": "activations", "m": "keep mask (1 kept, 0 dropped)", "q": "probability that a unit is kept"},
          inverted_dropout, _truth_inverted_dropout, _inverted_dropout_examples,
          {"multiply by q": lambda h, m, q: [mi * hi * q for hi, mi in zip(h, m)],
           "no rescaling": lambda h, m, q: [mi * hi for hi, mi in zip(h, m)],
           "mask left out": lambda h, m, q: [hi / q for hi in h]},
          ("inverted dropout", "dropout", "Dropout", "dropout invertido", "dropout inversé"),
          {"h": ("h", "a", "x"), "m": ("m", "d", "r", "mask"), "q": ("q", "p", "keep\\_prob")}, n=40,
          # PyTorch's p is the drop probability: m ⊙ h / (1 − p) is right when the note's p is that one (so
          # dividing by the drop probability is a convention here, not a mutant)
          conventions={"p is the probability that a unit is dropped": lambda h, m, q: [
              mi * hi / (1 - q) if q < 1 else math.inf for hi, mi in zip(h, m)]}),
    Formula(
        id="l2_penalty_gradient",
        titles={"en": "Gradient of the L2 penalty", "zh": "L2 正则项的梯度", "ru": "Градиент L2-регуляризации"},
        latex=r"\nabla_W\,\lambda\sum W^2=2\lambda W",
        symbols={"W": "weights", "lam": "regularisation strength λ"},
        reference=l2_penalty_gradient,
        truth=memoize_truth(_truth_l2_grad),
        examples=_penalty_examples,
        mutants={"missing λ": lambda W, lam: [2 * w for w in W], "sign(W) (L1)": l1_penalty_gradient,
                 "λ/2·W": lambda W, lam: [lam * w / 2 for w in W]},
        # many texts (and weight decay) write the penalty λ/2·‖W‖², whose gradient is λW
        conventions={"the penalty is written λ/2·‖W‖²": lambda W, lam: [lam * w for w in W]},
        aliases={"lam": ("\\lambda",), "W": ("W", "w")},
        keywords=("L2 regularization", "L2 regularisation", "weight decay", "regularization", "正则化", "регуляризац"),
        rel_tol=1e-12, abs_tol=1e-15,
    ),
    Formula(
        id="l1_penalty_gradient",
        titles={"en": "Gradient of the L1 penalty", "zh": "L1 正则项的梯度", "ru": "Градиент L1-регуляризации"},
        latex=r"\nabla_W\,\lambda\sum|W|=\lambda\,\operatorname{sign}(W)",
        symbols={"W": "weights (non-zero)", "lam": "regularisation strength λ"},
        reference=l1_penalty_gradient,
        truth=memoize_truth(_truth_l1_grad),
        examples=_penalty_examples,
        mutants={"2λW (L2)": l2_penalty_gradient, "λ|W|": lambda W, lam: [lam * abs(w) for w in W],
                 "λ regardless of sign": lambda W, lam: [lam for _ in W]},
        aliases={"lam": ("\\lambda",), "W": ("W", "w")},
        keywords=("L1 regularization", "L1 regularisation", "sparsity", "elastic net", "L1正则"),
        rel_tol=1e-12, abs_tol=1e-15,
    ),
]


# ---- elastic net, max-norm, dropout at test time --------------------------------------------------------

def elastic_net_gradient(W, lam1, lam2):
    return [lam1 * (1.0 if w > 0 else -1.0) + 2 * lam2 * w for w in W]


def max_norm_constraint(W, c):
    """Each row (a unit's incoming weights) rescaled to norm c when its norm exceeds c."""
    out = []
    for row in W:
        norm = math.hypot(*row)
        out.append([v * c / norm for v in row] if norm > c else list(row))
    return out


def dropout_expected_output(x, q):
    """E[inverted dropout(x)] = x: a kept unit (probability q) is scaled by 1/q."""
    return list(x)


def _truth_elastic_net(W, lam1, lam2):
    import torch
    return grad_of(lambda w: lam1 * torch.linalg.vector_norm(w, ord=1) + lam2 * torch.linalg.vector_norm(w) ** 2, W)


def _truth_max_norm(W, c):
    import torch
    return torch.renorm(t(W), p=2, dim=0, maxnorm=c).tolist()


def _truth_dropout_mean(x, q):
    """The mean output of F.dropout over all 2^n keep/drop patterns, each weighted by its probability."""
    import itertools

    import torch
    scale = _truth_dropout_scale(q)            # what F.dropout multiplies a kept unit by
    total = torch.zeros(len(x), dtype=torch.float64)
    for pattern in itertools.product((0, 1), repeat=len(x)):
        probability = math.prod(q if k else 1 - q for k in pattern)
        total += probability * t(x) * torch.tensor(pattern, dtype=torch.float64) * scale
    return total.tolist()


def _elastic_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(W=e["W"], lam1=rng.choice([0.01, 0.1, 1.0]), lam2=rng.choice([0.01, 0.1, 1.0])) for e in _penalty_examples(rng, n)]


def _max_norm_examples(rng: random.Random, n: int) -> list[Example]:
    out = []
    for _ in range(n):
        d = rng.randint(1, 5)
        out.append(dict(W=[vec(rng, d, -3, 3) for _ in range(rng.randint(1, 4))], c=rng.choice([0.5, 1.0, 2.0, 4.0])))
    return out


FORMULAS += [
    entry("elastic_net_gradient", {"en": "Gradient of the elastic-net penalty", "zh": "弹性网正则的梯度", "ru": "Градиент штрафа elastic net"},
          r"\nabla_W\left(\lambda_1\|W\|_1+\lambda_2\|W\|_2^2\right)=\lambda_1\operatorname{sign}(W)+2\lambda_2W",
          {"W": "weights (non-zero)", "lam1": "L1 strength λ₁", "lam2": "L2 strength λ₂"}, elastic_net_gradient,
          _truth_elastic_net, _elastic_examples,
          {"missing the 2": lambda W, lam1, lam2: [lam1 * (1.0 if w > 0 else -1.0) + lam2 * w for w in W],
           "λ₁|W| instead of sign": lambda W, lam1, lam2: [lam1 * abs(w) + 2 * lam2 * w for w in W],
           "L1 part only": lambda W, lam1, lam2: [lam1 * (1.0 if w > 0 else -1.0) for w in W]},
          ("elastic net", "L1 and L2 regularization", "弹性网"), {"W": ("W", "w"), "lam1": ("\\lambda_1",), "lam2": ("\\lambda_2",)}),
    entry("max_norm_constraint", {"en": "Max-norm constraint", "zh": "最大范数约束", "ru": "Ограничение максимальной нормы"},
          r"w\leftarrow w\cdot\frac{c}{\|w\|_2}\quad\text{if }\|w\|_2>c", {"W": "rows of incoming weights", "c": "max norm c"},
          max_norm_constraint, _truth_max_norm, _max_norm_examples,
          {"always rescaled to c": lambda W, c: [[v * c / math.hypot(*row) for v in row] for row in W],
           "whole matrix's norm": lambda W, c: (lambda n: [[v * c / n if n > c else v for v in row] for row in W])(
               math.hypot(*[v for row in W for v in row])),
           "squared norm": lambda W, c: [[v * c / sum(a * a for a in row) for v in row] if math.hypot(*row) > c else list(row)
                                         for row in W]},
          ("max-norm", "max norm constraint", "weight clipping", "dropout"), {"W": ("w", "W"), "c": ("c",)},
          1e-6),   # torch.renorm divides by ‖w‖ + 1e-7
    entry("dropout_expected_output", {"en": "Inverted dropout keeps the expected activation", "zh": "反向 Dropout 保持期望不变",
                                      "ru": "Inverted dropout сохраняет математическое ожидание"},
          r"\mathbb{E}\left[\frac{m\odot x}{q}\right]=x,\quad m_i\sim\mathrm{Bernoulli}(q)",
          {"x": "activations", "q": "keep probability q"}, dropout_expected_output, _truth_dropout_mean,
          lambda rng, n: [dict(x=vec(rng, rng.randint(1, 6)), q=rng.choice([0.5, 0.8, 0.9, 0.25])) for _ in range(n)],
          {"q·x (no rescaling)": lambda x, q: [q * v for v in x], "x/q": lambda x, q: [v / q for v in x],
           "(1 − q)·x": lambda x, q: [(1 - q) * v for v in x]},
          ("inverted dropout", "dropout", "expected value", "test time", "Dropout"), {"x": ("x", "h", "a"), "q": ("q", "p")}, 1e-12, 40),
]
