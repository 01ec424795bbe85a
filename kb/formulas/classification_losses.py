"""Classification and metric-learning losses: binary cross-entropy (on probabilities and on logits),
cross-entropy with and without 1/N, on probabilities and with class weights, NLL, KL divergence,
perplexity, hinge and squared hinge, logistic (soft-margin) loss, margin ranking, contrastive and soft Dice.

Truths are torch's losses (F.binary_cross_entropy, F.cross_entropy, F.nll_loss, F.kl_div,
F.multi_margin_loss, F.soft_margin_loss, F.margin_ranking_loss, F.hinge_embedding_loss), reached
through a different route than the reference wherever the formula has no torch op of its own.
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, entry, t, with_fixed


def _probs(rng: random.Random) -> Example:
    k = rng.randint(1, 10)
    return dict(p=[rng.uniform(0.02, 0.98) for _ in range(k)], y=[float(rng.random() < 0.5) for _ in range(k)])


def _logit_batch(rng: random.Random) -> Example:
    n, c = rng.randint(1, 5), rng.randint(2, 6)
    return dict(z=[[rng.uniform(-4, 4) for _ in range(c)] for _ in range(n)], y=[rng.randrange(c) for _ in range(n)])


def _distribution(rng: random.Random, k: int) -> list[float]:
    w = [rng.uniform(0.05, 1.0) for _ in range(k)]
    return [v / sum(w) for v in w]


def _dist_pair(rng: random.Random) -> Example:
    k = rng.randint(2, 8)
    return dict(p=_distribution(rng, k), q=_distribution(rng, k))


def _score(rng: random.Random) -> Example:
    """One sample's score and ±1 label (notes state these losses per sample)."""
    return dict(f=rng.choice([rng.uniform(-3, 3), rng.choice([-1.0, 0.0, 1.0, 0.5, 2.0])]), y=rng.choice([-1.0, 1.0]))


def _lsm(z: list[float]) -> list[float]:
    top = max(z)
    s = top + math.log(sum(math.exp(v - top) for v in z))
    return [v - s for v in z]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


# ---- references ---------------------------------------------------------------------------------------

def bce(p, y):
    return -_mean([b * math.log(a) + (1 - b) * math.log(1 - a) for a, b in zip(p, y)])


def bce_sample(p, y):
    return -(y * math.log(p) + (1 - y) * math.log(1 - p))


def bce_with_logits(z, y):
    return _mean([max(a, 0) - a * b + math.log1p(math.exp(-abs(a))) for a, b in zip(z, y)])


def cross_entropy(z, y):
    return -_mean([_lsm(row)[k] for row, k in zip(z, y)])


def cross_entropy_sum(z, y):
    return -sum(_lsm(row)[k] for row, k in zip(z, y))


def cross_entropy_probabilities(p, y):
    return -sum(b * math.log(a) for a, b in zip(p, y))


def nll(logp, y):
    return -_mean([row[k] for row, k in zip(logp, y)])


def weighted_cross_entropy(z, y, w):
    return -sum(w[k] * _lsm(row)[k] for row, k in zip(z, y)) / sum(w[k] for k in y)


def kl_divergence(p, q):
    return sum(a * math.log(a / b) for a, b in zip(p, q))


def perplexity(p):
    return math.exp(-_mean([math.log(v) for v in p]))


def hinge(f, y):
    return max(0.0, 1 - y * f)


def squared_hinge(f, y):
    return max(0.0, 1 - y * f) ** 2


def logistic_loss(f, y):
    return math.log1p(math.exp(-y * f))


def margin_ranking(x1, x2, y, m):
    return _mean([max(0.0, -c * (a - b) + m) for a, b, c in zip(x1, x2, y)])


def contrastive(x1, x2, same, m):
    d = math.dist(x1, x2)
    return d * d if same else max(0.0, m - d) ** 2


def soft_dice_loss(p, g):
    return 1 - 2 * sum(a * b for a, b in zip(p, g)) / (sum(p) + sum(g))


# ---- truths -------------------------------------------------------------------------------------------

def _truth_bce(p, y):
    import torch.nn.functional as fn
    return fn.binary_cross_entropy(t(p), t(y)).item()


def _truth_bce_sample(p, y):
    import torch.nn.functional as fn
    return fn.binary_cross_entropy(t([p]), t([y])).item()


def _one_prob(rng: random.Random) -> Example:
    return dict(p=rng.uniform(0.02, 0.98), y=float(rng.random() < 0.5))


def _truth_bce_logits(z, y):
    import torch.nn.functional as fn
    return fn.binary_cross_entropy_with_logits(t(z), t(y)).item()


def _truth_ce(z, y, reduction="mean"):
    import torch
    import torch.nn.functional as fn
    return fn.cross_entropy(t(z), torch.tensor(y), reduction=reduction).item()


def _truth_ce_sum(z, y):
    return _truth_ce(z, y, "sum")


def _truth_ce_probs(p, y):
    """F.cross_entropy with class-probability targets, on log p (log-softmax leaves a normalised log p as is)."""
    import torch
    import torch.nn.functional as fn
    return fn.cross_entropy(torch.log(t(p))[None], t(y)[None]).item()


def _truth_nll(logp, y):
    import torch
    import torch.nn.functional as fn
    return fn.nll_loss(t(logp), torch.tensor(y)).item()


def _truth_weighted_ce(z, y, w):
    import torch
    import torch.nn.functional as fn
    return fn.cross_entropy(t(z), torch.tensor(y), weight=t(w)).item()


def _truth_kl(p, q):
    import torch
    import torch.nn.functional as fn
    return fn.kl_div(torch.log(t(q)), t(p), reduction="sum").item()


def _truth_perplexity(p):
    """The inverse geometric mean of the probabilities given to the observed tokens."""
    import torch
    return (torch.prod(t(p)) ** (-1 / len(p))).item()


def _margin_loss(f, y, power: int) -> float:
    """Two-class scores [−f/2, f/2]: torch's multi-margin loss on them is ½·max(0, 1 − y f)^power."""
    import torch
    import torch.nn.functional as fn
    scores = t([[-f / 2, f / 2]])
    return 2 * fn.multi_margin_loss(scores, torch.tensor([int(y > 0)]), p=power).item()


def _truth_hinge(f, y):
    return _margin_loss(f, y, 1)


def _truth_squared_hinge(f, y):
    return _margin_loss(f, y, 2)


def _truth_logistic(f, y):
    import torch.nn.functional as fn
    return fn.soft_margin_loss(t([f]), t([y])).item()


def _truth_margin_ranking(x1, x2, y, m):
    import torch.nn.functional as fn
    return fn.margin_ranking_loss(t(x1), t(x2), t(y), margin=m).item()


def _truth_contrastive(x1, x2, same, m):
    """Positive pairs: summed squared difference (F.mse_loss, sum); negatives: the squared hinge on the
    distance from F.hinge_embedding_loss with target −1."""
    import torch.nn.functional as fn
    if same:
        return fn.mse_loss(t(x1), t(x2), reduction="sum").item()
    d = fn.pairwise_distance(t([x1]), t([x2]), eps=0.0)
    return fn.hinge_embedding_loss(d, t([-1.0]), margin=m).item() ** 2


def _truth_soft_dice(p, g):
    """Dice as the F1 score of soft counts: TP = Σpg, FP = Σp(1−g), FN = Σ(1−p)g."""
    P, G = t(p), t(g)
    tp, fp, fn_ = (P * G).sum(), (P * (1 - G)).sum(), ((1 - P) * G).sum()
    return (1 - 2 * tp / (2 * tp + fp + fn_)).item()


# ---- examples -----------------------------------------------------------------------------------------

def _logp_batch(rng: random.Random) -> Example:
    e = _logit_batch(rng)
    return dict(logp=[_lsm(row) for row in e["z"]], y=e["y"])


def _weighted(rng: random.Random) -> Example:
    e = _logit_batch(rng)
    return dict(e, w=[rng.choice([0.5, 1.0, 2.0, 5.0]) for _ in e["z"][0]])


def _onehot(rng: random.Random) -> Example:
    k = rng.randint(2, 8)
    y = [0.0] * k
    y[rng.randrange(k)] = 1.0
    return dict(p=_distribution(rng, k), y=y if rng.random() < 0.7 else _distribution(rng, k))


def _ranking(rng: random.Random) -> Example:
    k = rng.randint(1, 8)
    return dict(x1=[rng.uniform(-2, 2) for _ in range(k)], x2=[rng.uniform(-2, 2) for _ in range(k)],
                y=[rng.choice([-1.0, 1.0]) for _ in range(k)], m=rng.choice([0.0, 0.5, 1.0]))


def _contrastive(rng: random.Random) -> Example:
    d = rng.randint(1, 6)
    return dict(x1=[rng.uniform(-1, 1) for _ in range(d)], x2=[rng.uniform(-1, 1) for _ in range(d)],
                same=float(rng.random() < 0.5), m=rng.choice([0.5, 1.0, 2.0]))   # y = 1.0 or 0.0, as notes multiply by it


def _dice(rng: random.Random) -> Example:
    k = rng.randint(2, 12)
    g = [float(rng.random() < 0.5) for _ in range(k)]
    g[0] = 1.0
    return dict(p=[rng.uniform(0, 1) for _ in range(k)], g=g)


_PY = {"p": "predicted probabilities", "y": "labels 0/1"}
# a and h_θ(x) are the prediction in Andrew Ng's courses, whose cost is this mean over the m examples
_PYA = {"p": ("p", "\\hat{y}", "\\hat y", "p_i", "\\hat{y}_i", "\\sigma(z)", "a", "h_\\theta(x)"), "y": ("y", "y_i")}
# logistic regression's cost is the binary cross-entropy (Ng's Cost(h_θ(x), y) for one example, J(θ) its mean)
_LOGISTIC_COST = ("logistic regression cost", "cost function of logistic regression", "cost of logistic regression",
                  "逻辑回归的代价函数", "функция стоимости логистической регрессии", "coste de la regresión logística",
                  "función de coste de la regresión logística", "costo de la regresión logística",
                  "función de costo de la regresión logística", "coût de la régression logistique",
                  "custo da regressão logística", "Kostenfunktion der logistischen Regression",
                  "costo della regressione logistica")
_ZY = {"z": "logits, one row per sample", "y": "true class of each sample"}
_ZYA = {"z": ("z", "s", "x", "f"), "y": ("y", "y_i")}
_FY = {"f": "score f(x) of one sample", "y": "its label ±1"}
_FYA = {"f": ("f", "f(x)", "s", "\\hat{y}", "w^Tx", "z", "f(x_i)"), "y": ("y", "y_i", "t")}

FORMULAS = [
    entry("binary_cross_entropy", {"en": "Binary cross-entropy", "zh": "二元交叉熵", "ru": "Бинарная кросс-энтропия",
                                   "fr": "Entropie croisée binaire", "de": "Binäre Kreuzentropie",
                                   "es": "Entropía cruzada binaria", "vi": "Entropy chéo nhị phân"},
          r"\mathrm{BCE}=-\frac1N\sum_i\left[y_i\log p_i+(1-y_i)\log(1-p_i)\right]", _PY, bce, _truth_bce,
          with_fixed([dict(p=[0.5], y=[1.0])], _probs),
          {"second term missing": lambda p, y: -_mean([b * math.log(a) for a, b in zip(p, y)]),
           "sign flipped": lambda p, y: -bce(p, y),
           "no 1/N": lambda p, y: bce(p, y) * len(p),
           "log(1−y)·p swapped roles": lambda p, y: -_mean([a * math.log(b) if b > 0 else -math.inf for a, b in zip(p, y)])},
          ("binary cross-entropy", "binary cross entropy", "BCE", "log loss", "logistic loss", "二元交叉熵",
           "бинарная кросс-энтропия", "entropie croisée binaire", *_LOGISTIC_COST), _PYA),
    # One example's loss, as notes write it before averaging (Ng's "loss" beside the "cost"): a scalar, so a
    # note's ℓ(ŷ, y) is this entry and not the batch mean above, whose value has another shape
    entry("bce_sample", {"en": "Binary cross-entropy of one example", "zh": "单个样本的二元交叉熵",
                         "ru": "Бинарная кросс-энтропия одного примера", "fr": "Entropie croisée binaire d'un exemple",
                         "de": "Binäre Kreuzentropie eines Beispiels", "es": "Entropía cruzada binaria de un ejemplo"},
          r"\ell(\hat y,y)=-\left[y\log\hat y+(1-y)\log(1-\hat y)\right]", {"p": "predicted probability ŷ",
                                                                           "y": "label 0/1"},
          bce_sample, _truth_bce_sample, with_fixed([dict(p=0.5, y=1.0), dict(p=0.2, y=0.0)], _one_prob),
          {"sign flipped": lambda p, y: -bce_sample(p, y),
           "second term missing": lambda p, y: -y * math.log(p),
           "(1−y)·log ŷ in the second term": lambda p, y: -(y * math.log(p) + (1 - y) * math.log(p)),
           "y and ŷ swapped in the second term": lambda p, y: -(y * math.log(p) + (1 - p) * math.log(1 - y))
           if y < 1 else math.inf},
          # only names of this loss: "loss function" or "cross-entropy" alone would name it beside any loss
          ("binary cross-entropy", "binary cross entropy", "BCE", "log loss", "二元交叉熵", "二分类交叉熵",
           "бинарная кросс-энтропия", "entropie croisée binaire", "binäre Kreuzentropie", "entropía cruzada binaria",
           "entropia cruzada binária", "entropia incrociata binaria", *_LOGISTIC_COST),
          {"p": ("p", "\\hat{y}", "\\hat y", "a", "h_\\theta(x)", "\\sigma(z)"), "y": ("y",)}, 1e-12, 60),
    entry("bce_with_logits", {"en": "Binary cross-entropy on logits (stable form)", "zh": "带 logits 的二元交叉熵",
                              "ru": "Бинарная кросс-энтропия по логитам"},
          r"\ell(z,y)=\max(z,0)-zy+\log\left(1+e^{-|z|}\right)", {"z": "logits", "y": "labels 0/1"}, bce_with_logits,
          _truth_bce_logits, lambda rng, n: [dict(z=[rng.uniform(-8, 8) for _ in e["p"]], y=e["y"])
                                             for e in (_probs(rng) for _ in range(n))],
          {"|z| instead of −|z|": lambda z, y: _mean([max(a, 0) - a * b + math.log1p(math.exp(abs(a))) for a, b in zip(z, y)]),
           "missing max(z,0)": lambda z, y: _mean([-a * b + math.log1p(math.exp(-abs(a))) for a, b in zip(z, y)]),
           "+zy": lambda z, y: _mean([max(a, 0) + a * b + math.log1p(math.exp(-abs(a))) for a, b in zip(z, y)])},
          ("BCEWithLogits", "binary cross-entropy with logits", "sigmoid cross entropy"),
          {"z": ("z", "x", "s"), "y": ("y", "z_{label}")}),
    entry("cross_entropy", {"en": "Cross-entropy loss (mean over the batch)", "zh": "交叉熵损失（批平均）",
                            "ru": "Кросс-энтропия (среднее по батчу)", "fr": "Entropie croisée",
                            "de": "Kreuzentropie", "es": "Entropía cruzada", "vi": "Hàm mất mát entropy chéo"},
          r"L=-\frac1N\sum_{i=1}^{N}\log\frac{e^{z_{i,y_i}}}{\sum_j e^{z_{i,j}}}", _ZY, cross_entropy, _truth_ce,
          with_fixed([], _logit_batch),
          {"no 1/N (sum)": cross_entropy_sum, "no log": lambda z, y: -_mean([math.exp(_lsm(r)[k]) for r, k in zip(z, y)]),
           "logit instead of log-softmax": lambda z, y: -_mean([r[k] for r, k in zip(z, y)]),
           "sign flipped": lambda z, y: -cross_entropy(z, y)},
          ("cross-entropy", "cross entropy", "softmax loss", "categorical cross-entropy", "交叉熵", "кросс-энтропия",
           "entropie croisée", "Kreuzentropie", "entropía cruzada"), _ZYA),
    entry("cross_entropy_sum", {"en": "Cross-entropy loss summed over the batch", "zh": "交叉熵损失（求和）",
                                "ru": "Кросс-энтропия (сумма по батчу)"},
          r"L=-\sum_{i=1}^{N}\log\frac{e^{z_{i,y_i}}}{\sum_j e^{z_{i,j}}}", _ZY, cross_entropy_sum, _truth_ce_sum,
          with_fixed([dict(z=[[0.0, 1.0], [2.0, 0.0]], y=[0, 0])], _logit_batch),
          {"divided by N": cross_entropy, "logit instead of log-softmax": lambda z, y: -sum(r[k] for r, k in zip(z, y))},
          ("cross-entropy", "summed cross entropy", "negative log likelihood of the batch"), _ZYA),
    entry("cross_entropy_probabilities", {"en": "Cross-entropy between a target distribution and predicted probabilities",
                                          "zh": "目标分布与预测概率的交叉熵", "ru": "Кросс-энтропия распределений"},
          r"H(y,p)=-\sum_k y_k\log p_k", {"p": "predicted distribution", "y": "target distribution (one-hot or soft)"},
          cross_entropy_probabilities, _truth_ce_probs, with_fixed([], _onehot),
          {"−Σ p log y": lambda p, y: -sum(a * math.log(b) if b > 0 else -math.inf for a, b in zip(p, y)),
           "sign flipped": lambda p, y: sum(b * math.log(a) for a, b in zip(p, y)),
           "log base 2": lambda p, y: -sum(b * math.log2(a) for a, b in zip(p, y))},
          ("cross-entropy", "cross entropy", "one-hot", "交叉熵", "кросс-энтропия", "entropía cruzada", "entropia cruzada",
           "entropie croisée", "Kreuzentropie", "entropia incrociata"),
          {"p": ("p", "\\hat{y}", "\\hat y", "q", "p_k", "\\hat{y}_k"), "y": ("y", "y_k", "p^*")}),
    entry("nll_loss", {"en": "Negative log-likelihood loss", "zh": "负对数似然损失", "ru": "Отрицательное логарифмическое правдоподобие",
                       "fr": "Log-vraisemblance négative"},
          r"\mathrm{NLL}=-\frac1N\sum_i\log p_{i,y_i}", {"logp": "log-probabilities per sample", "y": "true classes"},
          nll, _truth_nll, with_fixed([], _logp_batch),
          {"positive sign": lambda logp, y: -nll(logp, y), "no 1/N": lambda logp, y: nll(logp, y) * len(y),
           "mean over all classes": lambda logp, y: -_mean([_mean(row) for row in logp])},
          ("negative log-likelihood", "negative log likelihood", "NLL", "负对数似然"),
          {"logp": ("\\log p", "\\log p_{i,y_i}"), "y": ("y", "y_i")}),
    entry("weighted_cross_entropy", {"en": "Class-weighted cross-entropy", "zh": "类别加权交叉熵",
                                     "ru": "Взвешенная кросс-энтропия"},
          r"L=-\frac{\sum_i w_{y_i}\log p_{i,y_i}}{\sum_i w_{y_i}}",
          {"z": "logits", "y": "true classes", "w": "weight per class"}, weighted_cross_entropy, _truth_weighted_ce,
          with_fixed([], _weighted),
          {"divided by N": lambda z, y, w: -sum(w[k] * _lsm(r)[k] for r, k in zip(z, y)) / len(y),
           "weights ignored": lambda z, y, w: cross_entropy(z, y),
           "divided by Σ of all class weights": lambda z, y, w: -sum(w[k] * _lsm(r)[k] for r, k in zip(z, y)) / sum(w)},
          ("weighted cross-entropy", "class weights", "class imbalance", "加权交叉熵"),
          {"z": ("z", "x"), "y": ("y", "y_i"), "w": ("w", "w_c", "\\alpha")}),
    entry("kl_divergence", {"en": "Kullback-Leibler divergence", "zh": "KL 散度", "ru": "Расстояние Кульбака-Лейблера",
                            "fr": "Divergence de Kullback-Leibler", "de": "Kullback-Leibler-Divergenz",
                            "es": "Divergencia de Kullback-Leibler", "vi": "Phân kỳ KL"},
          r"D_{KL}(P\,\|\,Q)=\sum_k p_k\log\frac{p_k}{q_k}", {"p": "distribution P", "q": "distribution Q"},
          kl_divergence, _truth_kl, with_fixed([], _dist_pair),
          {"arguments swapped (KL(Q‖P))": lambda p, q: kl_divergence(q, p),
           "sign flipped (log q/p)": lambda p, q: -kl_divergence(p, q),
           "no p weighting": lambda p, q: sum(math.log(a / b) for a, b in zip(p, q))},
          ("KL divergence", "Kullback-Leibler", "relative entropy", "KL散度", "дивергенция Кульбака",
           "divergence KL"), {"p": ("p", "P", "p_k", "p(x)"), "q": ("q", "Q", "q_k", "q(x)")}),
    entry("perplexity", {"en": "Perplexity", "zh": "困惑度", "ru": "Перплексия", "fr": "Perplexité", "de": "Perplexität"},
          r"\mathrm{PPL}=\exp\left(-\frac1N\sum_{i=1}^{N}\log p(w_i)\right)", {"p": "probability of each observed token"},
          perplexity, _truth_perplexity, lambda rng, n: [dict(p=[rng.uniform(0.01, 1) for _ in range(rng.randint(1, 12))])
                                                          for _ in range(n)],
          {"cross-entropy, not its exp": lambda p: -_mean([math.log(v) for v in p]),
           "2^H with H in nats": lambda p: 2 ** (-_mean([math.log(v) for v in p])),
           "no 1/N": lambda p: math.exp(-sum(math.log(v) for v in p))},
          ("perplexity", "PPL", "困惑度", "перплексия"), {"p": ("p", "p(w_i)", "p_i")}),
    entry("hinge_loss", {"en": "Hinge loss", "zh": "合页损失", "ru": "Кусочно-линейная функция потерь (hinge)",
                         "fr": "Perte charnière", "de": "Hinge-Verlust", "es": "Pérdida bisagra"},
          r"\ell(y,f(x))=\max(0,\,1-y\,f(x))", _FY, hinge, _truth_hinge, with_fixed([], _score),
          {"no margin (max(0, −yf))": lambda f, y: max(0.0, -y * f), "no max (1 − yf)": lambda f, y: 1 - y * f,
           "squared": squared_hinge, "max(0, 1 + yf)": lambda f, y: max(0.0, 1 + y * f)},
          ("hinge loss", "SVM loss", "合页损失", "max(0, 1 - y"), _FYA, 1e-12, 40),
    entry("squared_hinge_loss", {"en": "Squared hinge loss", "zh": "平方合页损失", "ru": "Квадратичный hinge"},
          r"\ell(y,f(x))=\max(0,\,1-y\,f(x))^2", _FY, squared_hinge, _truth_squared_hinge, with_fixed([], _score),
          {"not squared": hinge, "square inside the max": lambda f, y: max(0.0, 1 - (y * f) ** 2)},
          ("squared hinge", "L2-SVM"), _FYA, 1e-12, 40),
    entry("logistic_loss", {"en": "Logistic loss with labels ±1", "zh": "逻辑损失", "ru": "Логистическая функция потерь"},
          r"\ell(y,f(x))=\log\left(1+e^{-y\,f(x)}\right)", _FY, logistic_loss, _truth_logistic, with_fixed([], _score),
          {"+yf in the exponent": lambda f, y: math.log1p(math.exp(y * f)), "no log": lambda f, y: 1 + math.exp(-y * f),
           "log base 2": lambda f, y: math.log2(1 + math.exp(-y * f))},
          ("logistic loss", "soft margin loss", "log(1+exp(-y", "logistic regression loss"), _FYA, 1e-12, 40),
    entry("margin_ranking_loss", {"en": "Margin ranking loss", "zh": "边际排序损失", "ru": "Ранжирующая функция потерь с отступом"},
          r"L=\frac1N\sum_i\max\left(0,\,-y_i(x_{1,i}-x_{2,i})+m\right)",
          {"x1": "first scores", "x2": "second scores", "y": "1 if x1 should rank higher, else −1", "m": "margin"},
          margin_ranking, _truth_margin_ranking, with_fixed([], _ranking),
          {"+y(x1 − x2)": lambda x1, x2, y, m: _mean([max(0.0, c * (a - b) + m) for a, b, c in zip(x1, x2, y)]),
           "margin subtracted": lambda x1, x2, y, m: _mean([max(0.0, -c * (a - b) - m) for a, b, c in zip(x1, x2, y)]),
           "no max": lambda x1, x2, y, m: _mean([-c * (a - b) + m for a, b, c in zip(x1, x2, y)])},
          ("margin ranking loss", "ranking loss", "pairwise ranking"),
          {"x1": ("x_1", "s_1", "s^+"), "x2": ("x_2", "s_2", "s^-"), "y": ("y",), "m": ("m", "\\alpha", "margin")}),
    entry("contrastive_loss", {"en": "Contrastive loss (pairs)", "zh": "对比损失", "ru": "Контрастная функция потерь",
                               "fr": "Perte contrastive"},
          r"L=y\,d^2+(1-y)\max(0,\,m-d)^2,\quad d=\|x_1-x_2\|_2",
          {"x1": "first embedding", "x2": "second embedding", "same": "y: 1 for a similar pair", "m": "margin"},
          contrastive, _truth_contrastive, with_fixed([], _contrastive),
          {"d instead of d² for similar pairs": lambda x1, x2, same, m: math.dist(x1, x2) if same else contrastive(x1, x2, same, m),
           "hinge not squared": lambda x1, x2, same, m: contrastive(x1, x2, same, m) if same
           else max(0.0, m - math.dist(x1, x2)),
           "max(0, d − m)² for dissimilar": lambda x1, x2, same, m: contrastive(x1, x2, same, m) if same
           else max(0.0, math.dist(x1, x2) - m) ** 2},
          ("contrastive loss", "siamese network", "对比损失", "контрастн", "perte contrastive", "kontrastive"),
          {"x1": ("x_1", "f(x_1)"), "x2": ("x_2", "f(x_2)"), "same": ("y", "Y"), "m": ("m", "margin")},
          # notes write the pair's distance as d (or D_W, LeCun's energy) beside the loss
          note_view=lambda x1, x2, same, m: {name: math.dist(x1, x2) for name in ("d", "D", "D_W")},
          # Hadsell, Chopra and LeCun (2006) label a similar pair 0 and halve both terms; courses copy either
          conventions={"y = 1 marks a dissimilar pair (Hadsell et al.'s labels)":
                           lambda x1, x2, same, m: contrastive(x1, x2, not same, m),
                       "both terms are halved": lambda x1, x2, same, m: contrastive(x1, x2, same, m) / 2,
                       "y = 1 marks a dissimilar pair and both terms are halved":
                           lambda x1, x2, same, m: contrastive(x1, x2, not same, m) / 2}),
    entry("soft_dice_loss", {"en": "Soft Dice loss", "zh": "Dice 损失", "ru": "Функция потерь Дайса"},
          r"L_{Dice}=1-\frac{2\sum_i p_i g_i}{\sum_i p_i+\sum_i g_i}",
          {"p": "predicted foreground probabilities", "g": "ground-truth mask 0/1"}, soft_dice_loss, _truth_soft_dice,
          with_fixed([dict(p=[1.0, 0.0], g=[1.0, 0.0])], _dice),
          {"missing the 2": lambda p, g: 1 - sum(a * b for a, b in zip(p, g)) / (sum(p) + sum(g)),
           "Dice coefficient, not loss": lambda p, g: 1 - soft_dice_loss(p, g),
           "IoU form (∩/∪)": lambda p, g: 1 - sum(a * b for a, b in zip(p, g)) / (sum(p) + sum(g) - sum(a * b for a, b in zip(p, g)))},
          ("Dice loss", "soft Dice", "segmentation loss", "V-Net"), {"p": ("p", "p_i"), "g": ("g", "g_i", "y")}),
]
