"""Loss functions the notes state: label smoothing, cross-entropy, focal, distillation, triplet, SVM, repulsion,
contrastive, VAE and GAN terms.

Ground truth is torch's own loss (F.cross_entropy with label_smoothing, TripletMarginLoss, MultiMarginLoss,
F.kl_div, torch.distributions) or brute-force enumeration; references are the formulas written out with `math`,
so the two never share an expression. Everything is float64: tolerances only absorb rounding.
"""
from __future__ import annotations

import itertools
import math
import random
import re
from typing import Any, Callable

from kb.formulas.core import Formula, KernelOutcome, memoize_truth, values_match

Example = dict[str, Any]


def _vec(rng: random.Random, k: int, lo: float = -4.0, hi: float = 4.0) -> list[float]:
    return [rng.uniform(lo, hi) for _ in range(k)]


def _t(values: Any):
    import torch
    return torch.tensor(values, dtype=torch.float64)


def _log_softmax(z: list[float]) -> list[float]:
    top = max(z)
    log_norm = top + math.log(sum(math.exp(v - top) for v in z))
    return [v - log_norm for v in z]


def _softmax(z: list[float]) -> list[float]:
    return [math.exp(v) for v in _log_softmax(z)]


def _worked(name: str, formula_ref: Callable[..., Any], cases: list[tuple[Example, Any]],
            rel_tol: float = 1e-9, abs_tol: float = 1e-12) -> Callable[[], KernelOutcome]:
    """An extra check: the notes' worked numbers, recomputed by the reference."""
    def check() -> KernelOutcome:
        for params, stated in cases:
            got = formula_ref(**params)
            if not values_match(stated, got, rel_tol, abs_tol):
                return KernelOutcome(False, len(cases), f"{name}: notes say {stated} at {params}, formula gives {got}")
        return KernelOutcome(True, len(cases), f"{name}: {len(cases)} worked numbers from the notes hold")
    return check


# ---- label smoothing ------------------------------------------------------------------------------

def label_smoothing(y: list[float], eps: float) -> list[float]:
    K = len(y)
    return [(1 - eps) * v + eps / K for v in y]


def _truth_label_smoothing(y: list[float], eps: float) -> list[float]:
    """The target torch smooths towards: with zero logits p = 1/K, and d loss / d logits = p - target."""
    import torch
    import torch.nn.functional as fn
    K = len(y)
    logits = torch.zeros(1, K, dtype=torch.float64, requires_grad=True)
    loss = fn.cross_entropy(logits, torch.tensor([y.index(1.0)]), label_smoothing=eps)
    (grad,) = torch.autograd.grad(loss, logits)
    return (1.0 / K - grad[0]).tolist()


def _one_hot_examples(rng: random.Random, n: int) -> list[Example]:
    out = [dict(y=[0.0, 1.0], eps=0.2), dict(y=[1.0, 0.0, 0.0], eps=0.0), dict(y=[0.0, 0.0, 1.0], eps=1.0),
           dict(y=[1.0] + [0.0] * 9, eps=0.1)][:n]
    while len(out) < n:
        K = rng.randint(2, 12)
        y = [0.0] * K
        y[rng.randrange(K)] = 1.0
        out.append(dict(y=y, eps=round(rng.uniform(0.01, 0.9), 3)))
    return out


def label_smoothed_cross_entropy(logits: list[float], target: int, eps: float) -> float:
    y = [1.0 if k == target else 0.0 for k in range(len(logits))]
    return -sum(q * lp for q, lp in zip(label_smoothing(y, eps), _log_softmax(logits)))


def _truth_ls_ce(logits: list[float], target: int, eps: float) -> float:
    import torch
    import torch.nn.functional as fn
    return fn.cross_entropy(_t([logits]), torch.tensor([target]), label_smoothing=eps).item()


def _logit_examples(rng: random.Random, n: int, with_eps: bool) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        K = rng.randint(2, 10)
        params: Example = dict(logits=_vec(rng, K), target=rng.randrange(K))
        if with_eps:
            params["eps"] = round(rng.uniform(0.05, 0.9), 3)
        out.append(params)
    return out


def _ls_mutant_k_minus_1(logits: list[float], target: int, eps: float) -> float:
    K = len(logits)
    q = [1 - eps if k == target else eps / (K - 1) for k in range(K)]
    return -sum(a * b for a, b in zip(q, _log_softmax(logits)))


# ---- cross-entropy ------------------------------------------------------------------------------------

def softmax_cross_entropy(logits: list[float], target: int) -> float:
    return -math.log(_softmax(logits)[target])


def _truth_ce(logits: list[float], target: int) -> float:
    import torch
    import torch.nn.functional as fn
    return fn.cross_entropy(_t([logits]), torch.tensor([target])).item()


def initial_softmax_loss(C: int) -> float:
    return math.log(C)


def _truth_initial_loss(C: int) -> float:
    """Mean cross-entropy of a batch of tiny random logits (std 1e-6), as at initialisation."""
    import torch
    import torch.nn.functional as fn
    gen = torch.Generator().manual_seed(C)
    logits = 1e-6 * torch.randn(16, C, generator=gen, dtype=torch.float64)
    targets = torch.randint(0, C, (16,), generator=gen)
    return fn.cross_entropy(logits, targets).item()


def _class_count_examples(rng: random.Random, n: int) -> list[Example]:
    out = [dict(C=2), dict(C=10), dict(C=1000)][:n]
    while len(out) < n:
        out.append(dict(C=rng.randint(2, 200)))
    return out


# ---- focal loss -----------------------------------------------------------------------------------

def focal_loss(p: float, y: int, gamma: float) -> float:
    p_t = p if y == 1 else 1 - p
    return -((1 - p_t) ** gamma) * math.log(p_t)


def focal_loss_alpha(p: float, y: int, gamma: float, alpha: float) -> float:
    alpha_t = alpha if y == 1 else 1 - alpha
    return alpha_t * focal_loss(p, y, gamma)


def _bce(p: float, y: int):
    import torch.nn.functional as fn
    return fn.binary_cross_entropy(_t([p]), _t([float(y)]), reduction="none")


def _truth_focal(p: float, y: int, gamma: float) -> float:
    """torch's binary cross-entropy, with p_t recovered as exp(-CE) (as torchvision's sigmoid_focal_loss does)."""
    import torch
    ce = _bce(p, y)
    return ((1 - torch.exp(-ce)) ** gamma * ce).item()


def _truth_focal_alpha(p: float, y: int, gamma: float, alpha: float) -> float:
    weight = alpha * y + (1 - alpha) * (1 - y)
    return weight * _truth_focal(p, y, gamma)


def _focal_examples(rng: random.Random, n: int, with_alpha: bool = False) -> list[Example]:
    out: list[Example] = [dict(p=0.9, y=1, gamma=2.0), dict(p=0.1, y=0, gamma=2.0), dict(p=0.5, y=1, gamma=0.0),
                          dict(p=0.3, y=1, gamma=1.0), dict(p=0.3, y=0, gamma=1.0)]
    out = out[:n]
    while len(out) < n:
        out.append(dict(p=rng.uniform(0.01, 0.99), y=rng.randint(0, 1), gamma=rng.choice([0.5, 1.0, 2.0, 5.0])))
    if with_alpha:
        out = [dict(e, alpha=rng.choice([0.25, 0.1, 0.75])) for e in out]
    return out


# ---- knowledge distillation -----------------------------------------------------------------------

def kd_soft_cross_entropy(z_t: list[float], z_s: list[float], tau: float) -> float:
    p_t = _softmax([v / tau for v in z_t])
    log_p_s = _log_softmax([v / tau for v in z_s])
    return -tau ** 2 * sum(a * b for a, b in zip(p_t, log_p_s))


def _truth_kd_ce(z_t: list[float], z_s: list[float], tau: float) -> float:
    import torch.nn.functional as fn
    soft_targets = fn.softmax(_t([z_t]) / tau, dim=1)
    return tau ** 2 * fn.cross_entropy(_t([z_s]) / tau, soft_targets).item()


def kd_kl_loss(z_t: list[float], z_s: list[float], tau: float) -> float:
    log_p_t = _log_softmax([v / tau for v in z_t])
    log_p_s = _log_softmax([v / tau for v in z_s])
    return tau ** 2 * sum(math.exp(a) * (a - b) for a, b in zip(log_p_t, log_p_s))


def _truth_kd_kl(z_t: list[float], z_s: list[float], tau: float) -> float:
    import torch.nn.functional as fn
    return tau ** 2 * fn.kl_div(fn.log_softmax(_t([z_s]) / tau, dim=1), fn.log_softmax(_t([z_t]) / tau, dim=1),
                                reduction="sum", log_target=True).item()


def _kd_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        K = rng.randint(2, 10)
        out.append(dict(z_t=_vec(rng, K, -6, 6), z_s=_vec(rng, K, -6, 6), tau=rng.choice([2.0, 3.0, 4.0, 10.0, 0.5])))
    return out


# ---- triplet losses -------------------------------------------------------------------------------

def _dist(u: list[float], v: list[float]) -> float:
    return math.dist(u, v)


def triplet_loss(anchors: list[list[float]], positives: list[list[float]], negatives: list[list[float]],
                 margin: float) -> float:
    return sum(max(0.0, margin + _dist(a, p) - _dist(a, n)) for a, p, n in zip(anchors, positives, negatives))


def _truth_triplet(anchors, positives, negatives, margin: float) -> float:
    import torch
    loss = torch.nn.TripletMarginLoss(margin=margin, p=2, eps=0.0, reduction="sum")
    return loss(_t(anchors), _t(positives), _t(negatives)).item()


def _triplet_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        B, d = rng.randint(1, 6), rng.randint(1, 5)
        out.append(dict(anchors=[_vec(rng, d, -1, 1) for _ in range(B)], positives=[_vec(rng, d, -1, 1) for _ in range(B)],
                        negatives=[_vec(rng, d, -1, 1) for _ in range(B)], margin=rng.choice([0.2, 0.5, 1.0])))
    return out


def batch_hard_triplet_loss(embeddings: list[list[float]], labels: list[int], margin: float) -> float:
    total = 0.0
    for a, (x_a, y_a) in enumerate(zip(embeddings, labels)):
        hardest_pos = max(_dist(x_a, x) for x, y in zip(embeddings, labels) if y == y_a)
        hardest_neg = min(_dist(x_a, x) for x, y in zip(embeddings, labels) if y != y_a)
        total += max(0.0, margin + hardest_pos - hardest_neg)
    return total


def _truth_batch_hard(embeddings, labels, margin: float) -> float:
    """Every valid triplet enumerated; an anchor's term is its worst hinge (the hinge is monotone)."""
    worst = [0.0] * len(labels)
    for a, p, n in itertools.product(range(len(labels)), repeat=3):
        if labels[a] == labels[p] != labels[n]:
            hinge = margin + math.dist(embeddings[a], embeddings[p]) - math.dist(embeddings[a], embeddings[n])
            worst[a] = max(worst[a], hinge)
    return sum(worst)


def batch_all_triplet_loss(embeddings: list[list[float]], labels: list[int], margin: float) -> float:
    total = 0.0
    for a, p, n in itertools.product(range(len(labels)), repeat=3):
        if a != p and labels[a] == labels[p] != labels[n]:
            total += max(0.0, margin + _dist(embeddings[a], embeddings[p]) - _dist(embeddings[a], embeddings[n]))
    return total


def _truth_batch_all(embeddings, labels, margin: float) -> float:
    """TripletMarginLoss summed over the anchor/positive/negative index tensors built by torch masks."""
    import torch
    y = torch.tensor(labels)
    same = y[:, None] == y[None, :]
    pos = same & ~torch.eye(len(labels), dtype=torch.bool)
    valid = pos[:, :, None] & ~same[:, None, :]
    a, p, n = valid.nonzero(as_tuple=True)
    x = _t(embeddings)
    loss = torch.nn.TripletMarginLoss(margin=margin, p=2, eps=0.0, reduction="sum")
    return loss(x[a], x[p], x[n]).item()


def _pk_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        P, K, d = rng.randint(2, 3), rng.randint(2, 3), rng.randint(1, 3)
        labels = [c for c in range(P) for _ in range(K)]
        out.append(dict(embeddings=[_vec(rng, d, -1, 1) for _ in labels], labels=labels,
                        margin=rng.choice([0.2, 0.5, 1.0])))
    return out


# ---- multiclass SVM -----------------------------------------------------------------------------

def multiclass_svm_loss(scores: list[float], target: int, delta: float) -> float:
    return sum(max(0.0, s - scores[target] + delta) for j, s in enumerate(scores) if j != target)


def _truth_svm(scores: list[float], target: int, delta: float) -> float:
    import torch
    # MultiMarginLoss divides the sum over classes by the number of classes.
    loss = torch.nn.MultiMarginLoss(margin=delta)
    return loss(_t([scores]), torch.tensor([target])).item() * len(scores)


def _svm_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = [dict(scores=[3.2, 5.1, -1.7], target=0, delta=1.0)]
    while len(out) < n:
        C = rng.randint(2, 10)
        out.append(dict(scores=_vec(rng, C, -3, 3), target=rng.randrange(C), delta=rng.choice([0.5, 1.0, 2.0])))
    return out[:n]


def svm_initial_loss(C: int, delta: float) -> float:
    return delta * (C - 1)


def _truth_svm_initial(C: int, delta: float) -> float:
    """Mean multiclass hinge loss of tiny random scores (std 1e-6), as for freshly initialised weights."""
    import torch
    gen = torch.Generator().manual_seed(C)
    scores = 1e-6 * torch.randn(16, C, generator=gen, dtype=torch.float64)
    targets = torch.randint(0, C, (16,), generator=gen)
    return torch.nn.MultiMarginLoss(margin=delta)(scores, targets).item() * C


def _svm_initial_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(C=e["C"], delta=rng.choice([0.5, 1.0, 2.0])) for e in _class_count_examples(rng, n)]


# ---- repulsion loss: smooth_ln --------------------------------------------------------------------

def smooth_ln(x: float, sigma: float) -> float:
    if x <= sigma:
        return -math.log(1 - x)
    return (x - sigma) / (1 - sigma) - math.log(1 - sigma)


def _truth_smooth_ln(x: float, sigma: float) -> float:
    """-ln(1-x) up to sigma, then its tangent line at sigma with the slope taken by autograd."""
    import torch
    if x <= sigma:
        return -torch.log1p(-_t(x)).item()
    s = _t(sigma).requires_grad_(True)
    value = -torch.log1p(-s)
    (slope,) = torch.autograd.grad(value, s)
    return (value + slope * (x - sigma)).item()


def _smooth_ln_examples(rng: random.Random, n: int) -> list[Example]:
    out = [dict(x=0.0, sigma=0.5), dict(x=0.5, sigma=0.5), dict(x=0.99, sigma=0.5), dict(x=1.0, sigma=0.0)][:n]
    while len(out) < n:
        out.append(dict(x=rng.uniform(0, 1), sigma=rng.choice([0.0, 0.25, 0.5, 0.9])))
    return out


# ---- contrastive (SimCLR) loss ---------------------------------------------------------------------

def _cos(u: list[float], v: list[float]) -> float:
    return sum(a * b for a, b in zip(u, v)) / (math.hypot(*u) * math.hypot(*v))


def nt_xent_loss(z: list[list[float]], tau: float) -> float:
    """Views 2k and 2k+1 are the positive pair; the mean over all 2N anchors."""
    total = 0.0
    for i in range(len(z)):
        j = i ^ 1
        others = [math.exp(_cos(z[i], z[k]) / tau) for k in range(len(z)) if k != i]
        total += -math.log(math.exp(_cos(z[i], z[j]) / tau) / sum(others))
    return total / len(z)


def _truth_nt_xent(z: list[list[float]], tau: float) -> float:
    import torch
    import torch.nn.functional as fn
    x = _t(z)
    sim = fn.cosine_similarity(x[:, None, :], x[None, :, :], dim=-1, eps=0.0) / tau
    sim = sim.masked_fill(torch.eye(len(z), dtype=torch.bool), float("-inf"))
    return fn.cross_entropy(sim, torch.arange(len(z)) ^ 1).item()


def _nt_xent_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        pairs, d = rng.randint(1, 4), rng.randint(2, 5)
        out.append(dict(z=[_vec(rng, d, -1, 1) for _ in range(2 * pairs)], tau=rng.choice([0.1, 0.5, 1.0])))
    return out


# ---- VAE and GAN terms ----------------------------------------------------------------------------

def vae_kl(mu: list[float], sigma: list[float]) -> float:
    return 0.5 * sum(m * m + s * s - 1 - math.log(s * s) for m, s in zip(mu, sigma))


def _truth_vae_kl(mu: list[float], sigma: list[float]) -> float:
    from torch.distributions import Normal, kl_divergence
    return kl_divergence(Normal(_t(mu), _t(sigma)), Normal(_t(0.0), _t(1.0))).sum().item()


def _vae_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = [dict(mu=[0.0], sigma=[1.0])]
    while len(out) < n:
        d = rng.randint(1, 8)
        out.append(dict(mu=_vec(rng, d, -2, 2), sigma=_vec(rng, d, 0.1, 3)))
    return out[:n]


def gan_optimal_value(p_data: list[float], p_g: list[float]) -> float:
    mix = [(a + b) / 2 for a, b in zip(p_data, p_g)]
    kl = lambda p, q: sum(a * math.log(a / b) for a, b in zip(p, q) if a > 0)  # noqa: E731
    jsd = 0.5 * kl(p_data, mix) + 0.5 * kl(p_g, mix)
    return -math.log(4) + 2 * jsd


def _truth_gan_value(p_data: list[float], p_g: list[float]) -> float:
    """V(D*, G) by enumeration, with the optimal discriminator D* = p_data / (p_data + p_g)."""
    import torch
    pd, pg = _t(p_data), _t(p_g)
    d_star = pd / (pd + pg)
    return (torch.xlogy(pd, d_star).sum() + torch.xlogy(pg, 1 - d_star).sum()).item()


def _distribution(rng: random.Random, k: int) -> list[float]:
    w = [rng.uniform(0.01, 1) for _ in range(k)]
    return [v / sum(w) for v in w]


def _gan_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = [dict(p_data=[0.5, 0.5], p_g=[0.5, 0.5])]
    while len(out) < n:
        k = rng.randint(2, 8)
        out.append(dict(p_data=_distribution(rng, k), p_g=_distribution(rng, k)))
    return out[:n]


def objectness_entropy(s: list[float], gamma: float) -> float:
    return -gamma / len(s) * sum(v * math.log(v) for v in s)


def _truth_entropy(s: list[float], gamma: float) -> float:
    from torch.distributions import Categorical
    return gamma / len(s) * Categorical(probs=_t(s)).entropy().item()


def _entropy_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(s=_distribution(rng, rng.randint(1, 10)), gamma=rng.choice([0.1, 1.0, 2.0])) for _ in range(n)]


# ---- entries ---------------------------------------------------------------------------------------

# the letters notes give a classifier's score vector (CS231n's s and f, the logits z)
_SCORE_LETTERS = ("s", "z", "f")


def _true_class_score(scores: list[float], target: int) -> dict[str, float]:
    """The true class's score as notes write it, the score vector read at the label: s_y, s_{y_i}, z_y, f_{y_i}
    (in e^{s_y} / Σ_j e^{s_j} and beside Σ_{j≠y_i})."""
    return {f"{letter}_{{{label}}}": scores[target] for letter in _SCORE_LETTERS for label in ("y", "y_i")}


_CE_KEYWORDS = ("cross entropy", "cross-entropy", "softmax loss", "交叉熵", "кросс-энтропия", "перекрёстная энтропия")
_TRIPLET_ALIASES = {"margin": ("m", "\\alpha", "margin")}
_SQUARED_DISTANCES = "the distances are squared (FaceNet)"
_SQUARED_NORM = re.compile(r"\\\|(?:_2)?\s*\^\s*\{?2|\\rVert(?:_2)?\s*\^\s*\{?2|\|\|(?:_2)?\s*\^\s*\{?2")


def _squares_the_norms(latex: str) -> bool:
    """Both distances written as squared norms (‖a − p‖² … ‖a − n‖²)."""
    return len(_SQUARED_NORM.findall(latex)) >= 2


# One triplet as notes write it, L(A, P, N) = max(‖f(A) − f(P)‖ − ‖f(A) − f(N)‖ + α, 0): a scalar
def triplet_loss_single(a: list[float], p: list[float], n: list[float], margin: float) -> float:
    return max(0.0, margin + _dist(a, p) - _dist(a, n))


def _truth_triplet_single(a, p, n, margin: float) -> float:
    return _truth_triplet([a], [p], [n], margin)


def _triplet_single_examples(rng: random.Random, count: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < count:
        d = rng.randint(1, 5)
        out.append(dict(a=_vec(rng, d, -1, 1), p=_vec(rng, d, -1, 1), n=_vec(rng, d, -1, 1),
                        margin=rng.choice([0.2, 0.5, 1.0])))
    return out


def _embedding_aliases(letter: str) -> tuple[str, ...]:
    upper = letter.upper()
    return (letter, upper, f"f({letter})", f"f({upper})", f"x^{letter}", f"x_{letter}", f"f(x^{letter})", f"f(x_{letter})")

FORMULAS = [
    Formula(
        id="label_smoothing",
        titles={"en": "Label smoothing", "zh": "标签平滑", "ru": "Сглаживание меток"},
        latex=r"y^{LS}=(1-\varepsilon)\,y+\frac{\varepsilon}{K}",
        symbols={"y": "one-hot label vector of K classes", "eps": "smoothing amount ε"},
        reference=label_smoothing,
        truth=memoize_truth(_truth_label_smoothing),
        examples=_one_hot_examples,
        mutants={
            "ε/(K−1) instead of ε/K": lambda y, eps: [(1 - eps) * v + eps / (len(y) - 1) for v in y],
            "missing (1−ε)": lambda y, eps: [v + eps / len(y) for v in y],
            "ε instead of ε/K": lambda y, eps: [(1 - eps) * v + eps for v in y],
            "ε/(K−1) on the wrong classes only": lambda y, eps: [(1 - eps) if v else eps / (len(y) - 1) for v in y],
        },
        aliases={"y": ("y", "labels", "onehot\\_labels", "label", "y_k"),
                 "eps": ("\\varepsilon", "\\epsilon", "label\\_smoothing", "\\alpha", "ε")},
        keywords=("label smoothing", "smoothed labels", "new_onehot_labels", "new_label", "标签平滑",
                  "сглаживание меток", "Label Smoothing", "lissage des étiquettes", "suavizado de etiquetas"),
        # notes write the number of classes K, which is the label vector's length
        note_view=lambda y, eps: {"K": len(y)},
        # torch's gradient at zero logits is 1/K - target, exact up to float64 rounding.
        abs_tol=1e-12,
        extra_checks=(_worked("label smoothing [0,1], ε=0.2", label_smoothing,
                              [(dict(y=[0.0, 1.0], eps=0.2), [0.1, 0.9])]),),
    ),
    Formula(
        id="label_smoothed_cross_entropy",
        titles={"en": "Cross-entropy with label smoothing", "zh": "标签平滑交叉熵",
                "ru": "Кросс-энтропия со сглаживанием меток"},
        latex=r"\mathcal{L}=-\sum_k\Big((1-\varepsilon)y_k+\frac{\varepsilon}{K}\Big)\log\operatorname{softmax}(z)_k",
        symbols={"logits": "class scores z", "target": "true class index", "eps": "smoothing amount ε"},
        reference=label_smoothed_cross_entropy,
        truth=memoize_truth(_truth_ls_ce),
        examples=lambda rng, n: _logit_examples(rng, n, with_eps=True),
        mutants={
            "ε/(K−1) on the wrong classes": _ls_mutant_k_minus_1,
            "no smoothing": lambda logits, target, eps: softmax_cross_entropy(logits, target),
            "(1−ε)·CE only": lambda logits, target, eps: (1 - eps) * softmax_cross_entropy(logits, target),
        },
        aliases={"eps": ("\\varepsilon", "\\epsilon", "label\\_smoothing", "ε")},
        keywords=("label smoothing loss", "label smoothing", "smoothed cross entropy", "标签平滑"),
        # notes write the loss over the smoothed target q and the predicted probabilities p: −Σ_k q_k log p_k
        note_view=lambda logits, target, eps: {
            "q": label_smoothing([1.0 if k == target else 0.0 for k in range(len(logits))], eps),
            "p": _softmax(logits), "K": len(logits)},
        view_is_general=True,
        rel_tol=1e-9,
    ),
    Formula(
        id="softmax_cross_entropy",
        titles={"en": "Softmax cross-entropy loss", "zh": "Softmax 交叉熵损失", "ru": "Кросс-энтропия softmax"},
        latex=r"L_i=-\log\frac{e^{s_{y_i}}}{\sum_j e^{s_j}}",
        symbols={"logits": "class scores s", "target": "true class index y_i"},
        reference=softmax_cross_entropy,
        truth=memoize_truth(_truth_ce),
        examples=lambda rng, n: _logit_examples(rng, n, with_eps=False),
        mutants={
            "sigmoid instead of softmax": lambda logits, target: -math.log(1 / (1 + math.exp(-logits[target]))),
            "no normalisation": lambda logits, target: -logits[target],
            "normalised without exp": lambda logits, target: -math.log(logits[target] / sum(logits)),
            "log base 2": lambda logits, target: -math.log2(_softmax(logits)[target]),
        },
        aliases={"logits": ("s", "z", "f", "x"), "target": ("y", "y_i", "c")},
        note_view=lambda logits, target: _true_class_score(logits, target),
        keywords=_CE_KEYWORDS + ("-log(prob_correct_class)", "negative log likelihood",
                                 "softmax"),
        rel_tol=1e-9,
    ),
    Formula(
        id="initial_softmax_loss",
        titles={"en": "Cross-entropy loss at initialisation", "zh": "初始化时的交叉熵损失",
                "ru": "Кросс-энтропия при инициализации"},
        latex=r"L_0\approx\ln C",
        symbols={"C": "number of classes"},
        reference=initial_softmax_loss,
        truth=memoize_truth(_truth_initial_loss),
        examples=_class_count_examples,
        mutants={
            "log base 2": lambda C: math.log2(C),
            "log base 10": lambda C: math.log10(C),
            "C − 1 (the SVM value)": lambda C: C - 1.0,
            "ln(C − 1)": lambda C: math.log(C - 1) if C > 1 else 0.0,
        },
        aliases={"C": ("C", "K", "N", "n")},
        keywords=("expected cross entropy loss from initialisation", "initial loss", "loss at initialization",
                  "sanity check", "softmax loss should be 2.3", "loss at initialisation", "初始损失"),
        # Logits of std 1e-6 move the loss from ln C by about 1e-6 relative.
        rel_tol=1e-4,
        extra_checks=(_worked("softmax loss ≈ 2.3 for 10 classes", initial_softmax_loss,
                              [(dict(C=10), 2.3)], rel_tol=0.01),),
    ),
    Formula(
        id="focal_loss",
        titles={"en": "Focal loss", "zh": "Focal Loss（焦点损失）", "ru": "Фокальная функция потерь"},
        latex=r"FL(p_t)=-(1-p_t)^{\gamma}\log(p_t),\quad p_t=\begin{cases}p&y=1\\1-p&y=0\end{cases}",
        symbols={"p": "predicted probability of the positive class", "y": "label (0 or 1)",
                 "gamma": "focusing parameter γ"},
        reference=focal_loss,
        truth=memoize_truth(_truth_focal),
        examples=_focal_examples,
        mutants={
            "p_t^γ instead of (1−p_t)^γ": lambda p, y, gamma: -((p if y else 1 - p) ** gamma) * math.log(p if y else 1 - p),
            "(1−p)^γ whatever the label": lambda p, y, gamma: -((1 - p) ** gamma) * math.log(p if y else 1 - p),
            "γ on the log": lambda p, y, gamma: -(1 - (p if y else 1 - p)) * math.log(p if y else 1 - p) ** gamma,
            "plain cross-entropy": lambda p, y, gamma: -math.log(p if y else 1 - p),
        },
        aliases={"p": ("p", "p_t", "P"), "y": ("y",), "gamma": ("\\gamma", "γ")},
        keywords=("focal loss", "modulating factor", "RetinaNet loss", "focal", "焦点损失", "фокальн"),
        rel_tol=1e-9, abs_tol=1e-15,
        extra_checks=(_worked("RetinaNet: p_t=0.9, γ=2 gives 0.01·CE; p_t=0.968 gives ≈0.001·CE",
                              lambda p, gamma: focal_loss(p, 1, gamma) / -math.log(p),
                              [(dict(p=0.9, gamma=2.0), 0.01), (dict(p=0.968, gamma=2.0), 0.001)],
                              rel_tol=0.03),),
    ),
    Formula(
        id="focal_loss_alpha",
        titles={"en": "α-balanced focal loss", "zh": "α 平衡的 Focal Loss", "ru": "Фокальная потеря с весом α"},
        latex=r"FL(p_t)=-\alpha_t(1-p_t)^{\gamma}\log(p_t)",
        symbols={"p": "predicted probability of the positive class", "y": "label (0 or 1)",
                 "gamma": "focusing parameter γ", "alpha": "weight α of the positive class"},
        reference=focal_loss_alpha,
        truth=memoize_truth(_truth_focal_alpha),
        examples=lambda rng, n: _focal_examples(rng, n, with_alpha=True),
        mutants={
            "α for both classes": lambda p, y, gamma, alpha: alpha * focal_loss(p, y, gamma),
            "α and 1−α swapped": lambda p, y, gamma, alpha: (1 - alpha if y else alpha) * focal_loss(p, y, gamma),
            "α missing": lambda p, y, gamma, alpha: focal_loss(p, y, gamma),
        },
        aliases={"p": ("p", "p_t"), "gamma": ("\\gamma",), "alpha": ("\\alpha", "\\alpha_t")},
        keywords=("focal loss", "alpha-balanced", "α-balanced focal loss", "焦点损失"),
        rel_tol=1e-9, abs_tol=1e-15,
    ),
    Formula(
        id="kd_soft_cross_entropy",
        titles={"en": "Knowledge distillation loss (soft targets)", "zh": "知识蒸馏损失",
                "ru": "Функция потерь дистилляции знаний"},
        latex=r"\mathcal{L}_{KD}=-\tau^2\sum_k\tilde p^t_k\log\tilde p^s_k,\quad "
              r"\tilde p_k=\frac{e^{s_k/\tau}}{\sum_j e^{s_j/\tau}}",
        symbols={"z_t": "teacher logits", "z_s": "student logits", "tau": "temperature τ"},
        reference=kd_soft_cross_entropy,
        truth=memoize_truth(_truth_kd_ce),
        examples=_kd_examples,
        mutants={
            "missing τ²": lambda z_t, z_s, tau: kd_soft_cross_entropy(z_t, z_s, tau) / tau ** 2,
            "τ instead of τ²": lambda z_t, z_s, tau: kd_soft_cross_entropy(z_t, z_s, tau) / tau,
            "teacher and student swapped": lambda z_t, z_s, tau: kd_soft_cross_entropy(z_s, z_t, tau),
            "temperature on the teacher only": lambda z_t, z_s, tau: -tau ** 2 * sum(
                a * b for a, b in zip(_softmax([v / tau for v in z_t]), _log_softmax(z_s))),
        },
        aliases={"tau": ("\\tau", "T"), "z_t": ("s^t", "z_t", "f^{task}"), "z_s": ("s^s", "z_s")},
        note_view=lambda z_t, z_s, tau: {"\\tilde{p}^t": _softmax([v / tau for v in z_t]),
                                         "\\tilde{p}^s": _softmax([v / tau for v in z_s])},
        keywords=("knowledge distillation", "distillation loss", "KD loss", "temperature", "soft targets",
                  "知识蒸馏", "蒸馏", "дистилляц"),
        rel_tol=1e-9,
    ),
    Formula(
        id="kd_kl_loss",
        titles={"en": "Knowledge distillation loss (KL form)", "zh": "知识蒸馏 KL 损失",
                "ru": "Дистилляция знаний (KL)"},
        latex=r"\mathcal{L}_{KD}=\tau^2\,\mathrm{KL}\big(\operatorname{softmax}(z_t/\tau)\,\|\,"
              r"\operatorname{softmax}(z_s/\tau)\big)",
        symbols={"z_t": "teacher logits", "z_s": "student logits", "tau": "temperature τ"},
        reference=kd_kl_loss,
        truth=memoize_truth(_truth_kd_kl),
        examples=_kd_examples,
        mutants={
            "KL reversed": lambda z_t, z_s, tau: kd_kl_loss(z_s, z_t, tau),
            "missing τ²": lambda z_t, z_s, tau: kd_kl_loss(z_t, z_s, tau) / tau ** 2,
            "cross-entropy instead of KL": kd_soft_cross_entropy,
        },
        aliases={"tau": ("\\tau", "T")},
        keywords=("knowledge distillation", "KL divergence", "distillation loss", "知识蒸馏", "дистилляц"),
        rel_tol=1e-9, abs_tol=1e-12,
    ),
    Formula(
        id="triplet_loss_single",
        titles={"en": "Triplet loss of one triplet", "zh": "单个三元组的三元组损失", "ru": "Триплетная потеря одной тройки",
                "fr": "Perte triplet d'un triplet", "de": "Triplet-Verlust eines Tripels", "es": "Pérdida triplete de un triplete"},
        latex=r"L(A,P,N)=\max\left(\|f(A)-f(P)\|-\|f(A)-f(N)\|+\alpha,\,0\right)",
        symbols={"a": "anchor embedding", "p": "positive embedding", "n": "negative embedding", "margin": "margin α"},
        reference=triplet_loss_single,
        truth=memoize_truth(_truth_triplet_single),
        examples=_triplet_single_examples,
        mutants={
            "no hinge": lambda a, p, n, margin: margin + _dist(a, p) - _dist(a, n),
            "positive and negative swapped": lambda a, p, n, margin: triplet_loss_single(a, n, p, margin),
            "margin subtracted": lambda a, p, n, margin: triplet_loss_single(a, p, n, -margin),
            "only the squared positive distance": lambda a, p, n, margin: max(0.0, margin + _dist(a, p) ** 2 - _dist(a, n)),
        },
        conventions={_SQUARED_DISTANCES: lambda a, p, n, margin: max(0.0, margin + _dist(a, p) ** 2 - _dist(a, n) ** 2)},
        convention_signs={_SQUARED_DISTANCES: _squares_the_norms},
        aliases={**_TRIPLET_ALIASES, "a": _embedding_aliases("a"), "p": _embedding_aliases("p"),
                 "n": _embedding_aliases("n")},
        keywords=("triplet loss", "三元组损失", "三元组", "триплетн", "perte triplet", "Triplet-Verlust", "pérdida triplete",
                  "perdita tripletta", "perdita a tripletta", "perda triplet", "perda de tripleto", "トリプレット損失",
                  "anchor positive negative"),
        rel_tol=1e-9, abs_tol=1e-12,
    ),
    Formula(
        id="triplet_loss",
        titles={"en": "Triplet loss", "zh": "三元组损失", "ru": "Триплетная функция потерь"},
        latex=r"\mathcal{L}_{tri}=\sum_{a,p,n:\,y_a=y_p\neq y_n}\left[m+D_{a,p}-D_{a,n}\right]_+",
        symbols={"anchors": "anchor embeddings", "positives": "same-class embeddings",
                 "negatives": "other-class embeddings", "margin": "margin m"},
        reference=triplet_loss,
        truth=memoize_truth(_truth_triplet),
        examples=_triplet_examples,
        mutants={
            "no hinge": lambda anchors, positives, negatives, margin: sum(
                margin + _dist(a, p) - _dist(a, n) for a, p, n in zip(anchors, positives, negatives)),
            "positive and negative swapped": lambda anchors, positives, negatives, margin: triplet_loss(
                anchors, negatives, positives, margin),
            "margin subtracted": lambda anchors, positives, negatives, margin: triplet_loss(
                anchors, positives, negatives, -margin),
        },
        # FaceNet defines the loss on squared distances: a note that squares both norms writes that paper's loss
        conventions={_SQUARED_DISTANCES: lambda anchors, positives, negatives, margin: sum(
            max(0.0, margin + _dist(a, p) ** 2 - _dist(a, n) ** 2) for a, p, n in zip(anchors, positives, negatives))},
        convention_signs={_SQUARED_DISTANCES: _squares_the_norms},
        aliases=_TRIPLET_ALIASES,
        keywords=("triplet loss", "三元组", "anchor positive negative", "триплет"),
        rel_tol=1e-9, abs_tol=1e-12,
    ),
    Formula(
        id="batch_hard_triplet_loss",
        titles={"en": "Batch-hard triplet loss", "zh": "Batch-Hard 三元组损失", "ru": "Триплетная потеря batch-hard"},
        latex=r"\mathcal{L}_{BH}=\sum_{i=1}^{P}\sum_{a=1}^{K}\Big[m+\max_{p}D(x^i_a,x^i_p)"
              r"-\min_{j\neq i,\,n}D(x^i_a,x^j_n)\Big]_+",
        symbols={"embeddings": "P·K embeddings", "labels": "class of each embedding", "margin": "margin m"},
        reference=batch_hard_triplet_loss,
        truth=memoize_truth(_truth_batch_hard),
        examples=_pk_examples,
        mutants={
            "easiest positive": lambda embeddings, labels, margin: sum(max(0.0, margin + min(
                _dist(xa, x) for x, y in zip(embeddings, labels) if y == ya and x is not xa) - min(
                _dist(xa, x) for x, y in zip(embeddings, labels) if y != ya)) for xa, ya in zip(embeddings, labels)),
            "easiest negative": lambda embeddings, labels, margin: sum(max(0.0, margin + max(
                _dist(xa, x) for x, y in zip(embeddings, labels) if y == ya) - max(
                _dist(xa, x) for x, y in zip(embeddings, labels) if y != ya)) for xa, ya in zip(embeddings, labels)),
            "mean instead of sum": lambda embeddings, labels, margin: batch_hard_triplet_loss(
                embeddings, labels, margin) / len(labels),
        },
        aliases={**_TRIPLET_ALIASES, "P": ("P",), "K": ("K",)},
        keywords=("batch hard", "batch-hard", "hardest positive", "hardest negative", "triplet mining"),
        rel_tol=1e-9, abs_tol=1e-12,
    ),
    Formula(
        id="batch_all_triplet_loss",
        titles={"en": "Batch-all triplet loss", "zh": "Batch-All 三元组损失", "ru": "Триплетная потеря batch-all"},
        latex=r"\mathcal{L}_{BA}=\sum_{i=1}^{P}\sum_{a=1}^{K}\sum_{p\neq a}\sum_{j\neq i}\sum_{n=1}^{K}"
              r"\left[m+D(x^i_a,x^i_p)-D(x^i_a,x^j_n)\right]_+",
        symbols={"embeddings": "P·K embeddings", "labels": "class of each embedding", "margin": "margin m"},
        reference=batch_all_triplet_loss,
        truth=memoize_truth(_truth_batch_all),
        examples=_pk_examples,
        mutants={
            "p = a included": lambda embeddings, labels, margin: sum(
                max(0.0, margin + _dist(embeddings[a], embeddings[p]) - _dist(embeddings[a], embeddings[n]))
                for a, p, n in itertools.product(range(len(labels)), repeat=3) if labels[a] == labels[p] != labels[n]),
            "no hinge": lambda embeddings, labels, margin: sum(
                margin + _dist(embeddings[a], embeddings[p]) - _dist(embeddings[a], embeddings[n])
                for a, p, n in itertools.product(range(len(labels)), repeat=3)
                if a != p and labels[a] == labels[p] != labels[n]),
        },
        aliases=_TRIPLET_ALIASES,
        keywords=("batch all", "batch-all", "triplet loss", "all positives all negatives"),
        rel_tol=1e-9, abs_tol=1e-12,
    ),
    Formula(
        id="multiclass_svm_loss",
        titles={"en": "Multiclass SVM (hinge) loss", "zh": "多类 SVM 损失", "ru": "Многоклассовая SVM-потеря"},
        latex=r"L_i=\sum_{j\neq y_i}\max(0,\,s_j-s_{y_i}+\Delta)",
        symbols={"scores": "class scores s", "target": "true class y_i", "delta": "margin Δ"},
        reference=multiclass_svm_loss,
        truth=memoize_truth(_truth_svm),
        examples=_svm_examples,
        mutants={
            "j = y_i included": lambda scores, target, delta: sum(max(0.0, s - scores[target] + delta) for s in scores),
            "no max": lambda scores, target, delta: sum(
                s - scores[target] + delta for j, s in enumerate(scores) if j != target),
            "margin subtracted": lambda scores, target, delta: multiclass_svm_loss(scores, target, -delta),
            "correct score added": lambda scores, target, delta: sum(
                max(0.0, s + scores[target] + delta) for j, s in enumerate(scores) if j != target),
        },
        aliases={"scores": _SCORE_LETTERS, "delta": ("\\Delta", "\\delta", "margin")},
        note_view=lambda scores, target, delta: _true_class_score(scores, target),
        keywords=("multiclass SVM loss", "hinge loss", "SVM loss", "合页损失", "pérdida SVM", "multiclass SVM",
                  "multi-class SVM", "多类 SVM", "多分类 SVM"),
        rel_tol=1e-9, abs_tol=1e-12,
    ),
    Formula(
        id="svm_initial_loss",
        titles={"en": "Multiclass SVM loss at initialisation", "zh": "初始化时的 SVM 损失",
                "ru": "SVM-потеря при инициализации"},
        latex=r"L_0\approx\Delta\,(C-1)",
        symbols={"C": "number of classes", "delta": "margin Δ"},
        reference=svm_initial_loss,
        truth=memoize_truth(_truth_svm_initial),
        examples=_svm_initial_examples,
        mutants={
            "Δ·C": lambda C, delta: delta * C,
            "C − 1 without the margin": lambda C, delta: C - 1.0,
            "averaged over classes": lambda C, delta: delta * (C - 1) / C,
        },
        aliases={"C": ("C", "K", "N"), "delta": ("\\Delta", "\\delta", "m")},
        keywords=("expected multiclass SVM loss", "newly initialised", "initial SVM loss", "num_classes - 1"),
        # Scores of std 1e-6 move each hinge by about 1e-6.
        rel_tol=1e-4,
    ),
    Formula(
        id="smooth_ln",
        titles={"en": "Smooth ln (repulsion loss)", "zh": "Smooth ln（排斥损失）", "ru": "Smooth ln (repulsion loss)"},
        latex=r"\operatorname{smooth}_{ln}(x)=\begin{cases}-\ln(1-x)&x\le\sigma\\"
              r"\frac{x-\sigma}{1-\sigma}-\ln(1-\sigma)&x>\sigma\end{cases}",
        symbols={"x": "overlap (IoG or IoU) in [0, 1)", "sigma": "smoothness σ in [0, 1)"},
        reference=smooth_ln,
        truth=memoize_truth(_truth_smooth_ln),
        examples=_smooth_ln_examples,
        mutants={
            "+ln(1−σ) in the linear part": lambda x, sigma: (x - sigma) / (1 - sigma) + math.log(1 - sigma)
            if x > sigma else -math.log(1 - x),
            "slope 1 instead of 1/(1−σ)": lambda x, sigma: (x - sigma) - math.log(1 - sigma)
            if x > sigma else -math.log(1 - x),
            "-ln(x) instead of -ln(1−x)": lambda x, sigma: -math.log(x) if x <= sigma else smooth_ln(x, sigma),
        },
        aliases={"sigma": ("\\sigma",), "x": ("x",)},
        keywords=("smooth ln", "smooth_ln", "repulsion loss", "RepGT", "RepBox"),
        rel_tol=1e-12, abs_tol=1e-15,
    ),
    Formula(
        id="nt_xent_loss",
        titles={"en": "Contrastive (NT-Xent) loss", "zh": "对比损失 (NT-Xent)", "ru": "Контрастивная потеря (NT-Xent)"},
        latex=r"\ell_{i,j}=-\log\frac{\exp(s_{i,j}/\tau)}{\sum_{k\neq i}\exp(s_{i,k}/\tau)},\quad "
              r"s_{i,j}=\frac{z_i^\top z_j}{\|z_i\|\|z_j\|}",
        symbols={"z": "2N embeddings, views 2k and 2k+1 of the same image", "tau": "temperature τ"},
        reference=nt_xent_loss,
        truth=memoize_truth(_truth_nt_xent),
        examples=_nt_xent_examples,
        mutants={
            "k = i in the denominator": lambda z, tau: sum(-math.log(math.exp(_cos(z[i], z[i ^ 1]) / tau) / sum(
                math.exp(_cos(z[i], z[k]) / tau) for k in range(len(z)))) for i in range(len(z))) / len(z),
            "no temperature": lambda z, tau: nt_xent_loss(z, 1.0),
            "temperature multiplied": lambda z, tau: nt_xent_loss(z, 1 / tau),
        },
        aliases={"tau": ("\\tau", "t"), "z": ("z", "h")},
        keywords=("contrastive learning", "contrastive loss", "NT-Xent", "SimCLR", "similarity", "temperature"),
        rel_tol=1e-9,
    ),
    Formula(
        id="vae_kl",
        titles={"en": "VAE KL term (closed form)", "zh": "VAE 的 KL 散度项", "ru": "KL-член VAE"},
        latex=r"D_{KL}\big(\mathcal N(\mu,\sigma^2)\,\|\,\mathcal N(0,I)\big)="
              r"\frac12\sum_j\left(\mu_j^2+\sigma_j^2-1-\ln\sigma_j^2\right)",
        symbols={"mu": "encoder means", "sigma": "encoder standard deviations"},
        reference=vae_kl,
        truth=memoize_truth(_truth_vae_kl),
        examples=_vae_examples,
        mutants={
            "missing ½": lambda mu, sigma: 2 * vae_kl(mu, sigma),
            "ln σ instead of ln σ²": lambda mu, sigma: 0.5 * sum(m * m + s * s - 1 - math.log(s) for m, s in zip(mu, sigma)),
            "σ instead of σ²": lambda mu, sigma: 0.5 * sum(m * m + s - 1 - math.log(s * s) for m, s in zip(mu, sigma)),
        },
        aliases={"mu": ("\\mu",), "sigma": ("\\sigma",)},
        keywords=("VAE", "variational autoencoder", "KL divergence", "lower bound", "closed form", "ELBO"),
        rel_tol=1e-9, abs_tol=1e-12,
    ),
    Formula(
        id="gan_optimal_value",
        titles={"en": "GAN value at the optimal discriminator", "zh": "最优判别器下的 GAN 目标",
                "ru": "Значение GAN при оптимальном дискриминаторе"},
        latex=r"C(G)=-\log 4+2\cdot\mathrm{JSD}(p_{data}\,\|\,p_g)",
        symbols={"p_data": "data distribution (discrete)", "p_g": "generator distribution (discrete)"},
        reference=gan_optimal_value,
        truth=memoize_truth(_truth_gan_value),
        examples=_gan_examples,
        mutants={
            "JSD without the 2": lambda p_data, p_g: -math.log(4) + 0.5 * (gan_optimal_value(p_data, p_g) + math.log(4)),
            "missing −log 4": lambda p_data, p_g: gan_optimal_value(p_data, p_g) + math.log(4),
            "KL instead of JSD": lambda p_data, p_g: -math.log(4) + 2 * sum(
                a * math.log(a / b) for a, b in zip(p_data, p_g)),
        },
        aliases={"p_data": ("p_{data}", "p_{\\text{data}}"), "p_g": ("p_g", "p_G")},
        keywords=("GAN", "generative adversarial", "Jensen-Shannon", "JSD", "optimal discriminator", "minimax"),
        rel_tol=1e-9, abs_tol=1e-12,
    ),
    Formula(
        id="objectness_entropy",
        titles={"en": "Objectness entropy term (BiDet)", "zh": "目标置信度熵项（BiDet）", "ru": "Энтропия объектности (BiDet)"},
        latex=r"J_2=-\gamma\cdot\frac{1}{m}\sum_{i=1}^{m}s_i\log s_i",
        symbols={"s": "normalised objectness scores (sum to 1)", "gamma": "weight γ"},
        reference=objectness_entropy,
        truth=memoize_truth(_truth_entropy),
        examples=_entropy_examples,
        mutants={
            "sign flipped": lambda s, gamma: -objectness_entropy(s, gamma),
            "missing 1/m": lambda s, gamma: objectness_entropy(s, gamma) * len(s),
            "log base 2": lambda s, gamma: -gamma / len(s) * sum(v * math.log2(v) for v in s),
        },
        aliases={"s": ("s_i", "s"), "gamma": ("\\gamma",)},
        keywords=("BiDet", "objectness", "entropy", "information bottleneck", "信息熵"),
        rel_tol=1e-9, abs_tol=1e-12,
    ),
]
