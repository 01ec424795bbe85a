"""Every other checkable formula the notes state: mixup, gradient clipping, triplet counts, inverted dropout,
optimizer updates (momentum, AdaGrad, RMSProp, Adam), regularisation gradients, the numerical gradient,
Newton's step, receptive field, same padding, window attention, initialisation variances, bilinear
interpolation, Gram matrix, Polyak averaging, APoZ, ACT halting, separable kernels, distances, linear scores.

Truths are torch's implementations (optimizers, clip_grad_norm_, init, grid_sample, F.dropout, cdist,
autograd) or brute-force enumeration; references are the formulas written out in plain Python.
"""
from __future__ import annotations

import functools
import itertools
import math
import random
from typing import Any, Callable

from kb.formulas.core import Formula, KernelOutcome, memoize_truth, values_match

Example = dict[str, Any]


def _t(values: Any):
    import torch
    return torch.tensor(values, dtype=torch.float64)


def _vec(rng: random.Random, k: int, lo: float = -2.0, hi: float = 2.0) -> list[float]:
    return [rng.uniform(lo, hi) for _ in range(k)]


def _worked(name: str, fn: Callable[..., Any], cases: list[tuple[Example, Any]]) -> Callable[[], KernelOutcome]:
    """An extra check: the notes' worked numbers, recomputed by the reference."""
    def check() -> KernelOutcome:
        for params, stated in cases:
            got = fn(**params)
            if not values_match(stated, got, 1e-12, 1e-12):
                return KernelOutcome(False, len(cases), f"{name}: notes say {stated} at {params}, formula gives {got}")
        return KernelOutcome(True, len(cases), f"{name}: {len(cases)} worked numbers from the notes hold")
    return check


def _norm(v: list[float]) -> float:
    return math.hypot(*v)


# ---- mixup ------------------------------------------------------------------------------------------

def mixup(x_i: list[float], x_j: list[float], y_i: list[float], y_j: list[float], lam: float) -> list[list[float]]:
    return [[lam * a + (1 - lam) * b for a, b in zip(x_i, x_j)], [lam * a + (1 - lam) * b for a, b in zip(y_i, y_j)]]


def _truth_mixup(x_i, x_j, y_i, y_j, lam: float) -> list[list[float]]:
    import torch
    return [torch.lerp(_t(x_j), _t(x_i), lam).tolist(), torch.lerp(_t(y_j), _t(y_i), lam).tolist()]


def _mixup_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        d, K = rng.randint(1, 8), rng.randint(2, 5)
        y_i, y_j = [0.0] * K, [0.0] * K
        y_i[rng.randrange(K)] = y_j[rng.randrange(K)] = 1.0
        out.append(dict(x_i=_vec(rng, d), x_j=_vec(rng, d), y_i=y_i, y_j=y_j,
                        lam=rng.choice([0.0, 1.0, 0.05, rng.uniform(0, 1)])))
    return out


# ---- gradient clipping -------------------------------------------------------------------------------

def clip_grad_norm(g: list[float], c: float) -> list[float]:
    scale = min(1.0, c / _norm(g))
    return [v * scale for v in g]


def _truth_clip(g: list[float], c: float) -> list[float]:
    import torch
    param = torch.zeros(len(g), dtype=torch.float64, requires_grad=True)
    param.grad = _t(g)
    torch.nn.utils.clip_grad_norm_([param], max_norm=c)
    return param.grad.tolist()


def _clip_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        g = _vec(rng, rng.randint(1, 10), -5, 5)
        if _norm(g) > 0.1:
            out.append(dict(g=g, c=rng.choice([0.5, 1.0, 5.0, _norm(g) * rng.uniform(0.2, 2.0)])))
    return out


def _clip_squared_norm(g: list[float], c: float) -> list[float]:
    """The notes' code: grad_norm = torch.sum(grad*grad); if grad_norm > threshold: grad *= threshold/grad_norm."""
    sq = sum(v * v for v in g)
    return [v * c / sq for v in g] if sq > c else list(g)


# ---- triplet counts ---------------------------------------------------------------------------------

def _valid_triplets(labels: list[int]) -> int:
    return sum(1 for a, p, n in itertools.permutations(range(len(labels)), 3) if labels[a] == labels[p] != labels[n])


def triplets_in_batch(B: int) -> int:
    return 6 * B ** 2 - 4 * B


def _truth_triplets_in_batch(B: int) -> int:
    """B triplets: anchor and positive share class i; each negative has a class of its own."""
    labels = [c for i in range(B) for c in (i, i, B + i)]
    return _valid_triplets(labels)


def batch_all_triplet_count(P: int, K: int) -> int:
    return P * K * (K - 1) * (P * K - K)


def _truth_batch_all_count(P: int, K: int) -> int:
    return _valid_triplets([c for c in range(P) for _ in range(K)])


def batch_hard_triplet_count(P: int, K: int) -> int:
    return P * K


def _truth_batch_hard_count(P: int, K: int) -> int:
    """One triplet per anchor that has both a positive and a negative in the batch."""
    labels = [c for c in range(P) for _ in range(K)]
    return sum(1 for a, y in enumerate(labels)
               if any(labels[p] == y for p in range(len(labels)) if p != a) and any(v != y for v in labels))


def _pk_examples(rng: random.Random, n: int) -> list[Example]:
    grid = [dict(P=P, K=K) for P in range(2, 6) for K in range(2, 5)]
    return grid[:n]


# ---- inverted dropout ---------------------------------------------------------------------------------

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


# ---- optimizers ---------------------------------------------------------------------------------------

def _run_optimizer(make: Callable[[Any], Any], w0: list[float], grads: list[list[float]]) -> list[float]:
    """Feed the given gradients to a torch optimizer, step by step, and return the final weights."""
    import torch
    param = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    optimizer = make([param])
    for g in grads:
        param.grad = _t(g)
        optimizer.step()
    return param.detach().tolist()


def _opt_examples(rng: random.Random, n: int, extra: Callable[[random.Random], Example]) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        d, steps = rng.randint(1, 5), rng.randint(1, 8)
        out.append(dict(w0=_vec(rng, d), grads=[_vec(rng, d) for _ in range(steps)], lr=rng.choice([0.1, 0.01, 1.0]),
                        **extra(rng)))
    return out


def sgd_momentum(w0: list[float], grads: list[list[float]], lr: float, rho: float) -> list[float]:
    w, v = list(w0), [0.0] * len(w0)
    for g in grads:
        v = [rho * a + b for a, b in zip(v, g)]
        w = [a - lr * b for a, b in zip(w, v)]
    return w


def _sgd_ema(w0, grads, lr, rho):
    w, v = list(w0), [0.0] * len(w0)
    for g in grads:
        v = [rho * a + (1 - rho) * b for a, b in zip(v, g)]
        w = [a - lr * b for a, b in zip(w, v)]
    return w


def _sgd_nesterov(w0, grads, lr, rho):
    w, v = list(w0), [0.0] * len(w0)
    for g in grads:
        v = [rho * a + b for a, b in zip(v, g)]
        w = [a - lr * (b + rho * c) for a, b, c in zip(w, g, v)]
    return w


def adagrad(w0: list[float], grads: list[list[float]], lr: float, eps: float) -> list[float]:
    w, cache = list(w0), [0.0] * len(w0)
    for g in grads:
        cache = [c + b * b for c, b in zip(cache, g)]
        w = [a - lr * b / (math.sqrt(c) + eps) for a, b, c in zip(w, g, cache)]
    return w


def rmsprop(w0: list[float], grads: list[list[float]], lr: float, decay: float, eps: float) -> list[float]:
    w, cache = list(w0), [0.0] * len(w0)
    for g in grads:
        cache = [decay * c + (1 - decay) * b * b for c, b in zip(cache, g)]
        w = [a - lr * b / (math.sqrt(c) + eps) for a, b, c in zip(w, g, cache)]
    return w


def adam(w0: list[float], grads: list[list[float]], lr: float, beta1: float, beta2: float, eps: float,
         bias_correction: bool = True, eps_inside: bool = False) -> list[float]:
    w, m, v = list(w0), [0.0] * len(w0), [0.0] * len(w0)
    for t, g in enumerate(grads, start=1):
        m = [beta1 * a + (1 - beta1) * b for a, b in zip(m, g)]
        v = [beta2 * a + (1 - beta2) * b * b for a, b in zip(v, g)]
        c1, c2 = (1 - beta1 ** t, 1 - beta2 ** t) if bias_correction else (1.0, 1.0)
        w = [a - lr * (mm / c1) / (math.sqrt(vv / c2 + eps) if eps_inside else math.sqrt(vv / c2) + eps)
             for a, mm, vv in zip(w, m, v)]
    return w


def _adagrad_no_sqrt(w0, grads, lr, eps):
    w, cache = list(w0), [0.0] * len(w0)
    for g in grads:
        cache = [c + b * b for c, b in zip(cache, g)]
        w = [a - lr * b / (c + eps) for a, b, c in zip(w, g, cache)]
    return w


def _adagrad_eps_inside(w0, grads, lr, eps):
    w, cache = list(w0), [0.0] * len(w0)
    for g in grads:
        cache = [c + b * b for c, b in zip(cache, g)]
        w = [a - lr * b / math.sqrt(c + eps) for a, b, c in zip(w, g, cache)]
    return w


def _rmsprop_eps_inside(w0, grads, lr, decay, eps):
    w, cache = list(w0), [0.0] * len(w0)
    for g in grads:
        cache = [decay * c + (1 - decay) * b * b for c, b in zip(cache, g)]
        w = [a - lr * b / math.sqrt(c + eps) for a, b, c in zip(w, g, cache)]
    return w

def _truth_sgd(w0, grads, lr, rho):
    import torch
    return _run_optimizer(lambda p: torch.optim.SGD(p, lr=lr, momentum=rho), w0, grads)


def _truth_adagrad(w0, grads, lr, eps):
    import torch
    return _run_optimizer(lambda p: torch.optim.Adagrad(p, lr=lr, eps=eps), w0, grads)


def _truth_rmsprop(w0, grads, lr, decay, eps):
    import torch
    return _run_optimizer(lambda p: torch.optim.RMSprop(p, lr=lr, alpha=decay, eps=eps), w0, grads)


def _truth_adam(w0, grads, lr, beta1, beta2, eps):
    import torch
    return _run_optimizer(lambda p: torch.optim.Adam(p, lr=lr, betas=(beta1, beta2), eps=eps), w0, grads)


# Large ε (1e-3..0.1) in the examples so that where ε sits (inside or outside the root) is visible.
_EPS = (1e-3, 1e-2, 0.1)


# ---- regularisation, numerical gradient, Newton ---------------------------------------------------------

def l2_penalty_gradient(W: list[float], lam: float) -> list[float]:
    return [2 * lam * w for w in W]


def _truth_l2_grad(W: list[float], lam: float) -> list[float]:
    import torch
    w = _t(W).requires_grad_(True)
    (grad,) = torch.autograd.grad(lam * torch.linalg.vector_norm(w) ** 2, w)
    return grad.tolist()


def l1_penalty_gradient(W: list[float], lam: float) -> list[float]:
    return [lam * (1.0 if w > 0 else -1.0) for w in W]


def _truth_l1_grad(W: list[float], lam: float) -> list[float]:
    import torch
    w = _t(W).requires_grad_(True)
    (grad,) = torch.autograd.grad(lam * torch.linalg.vector_norm(w, ord=1), w)
    return grad.tolist()


def _penalty_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        W = [v for v in _vec(rng, rng.randint(1, 10)) if abs(v) > 1e-3]   # |w| is not differentiable at 0
        if W:
            out.append(dict(W=W, lam=rng.choice([1e-4, 1e-2, 0.5, 1.0])))
    return out


def _smooth_loss(w: list[float]) -> float:
    """A fixed smooth test loss: log-sum-exp plus half the squared norm."""
    top = max(w)
    return top + math.log(sum(math.exp(v - top) for v in w)) + 0.5 * sum(v * v for v in w)


def numerical_gradient(w: list[float], i: int, h: float) -> float:
    bumped = [v + h if k == i else v for k, v in enumerate(w)]
    return (_smooth_loss(bumped) - _smooth_loss(w)) / h


def _truth_numerical_gradient(w: list[float], i: int, h: float) -> float:
    import torch
    x = _t(w).requires_grad_(True)
    loss = torch.logsumexp(x, dim=0) + 0.5 * (x * x).sum()
    (grad,) = torch.autograd.grad(loss, x)
    return grad[i].item()


def _numgrad_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        w = _vec(rng, rng.randint(1, 6))
        out.append(dict(w=w, i=rng.randrange(len(w)), h=rng.choice([1e-6, 1e-7])))
    return out


def newton_step(A: list[list[float]], b: list[float], w0: list[float]) -> list[float]:
    """w1 = w0 - H^{-1} ∇L(w0) for L(w) = ½wᵀAw - bᵀw, with the gradient and Hessian from autograd."""
    import torch
    w = _t(w0)
    loss = lambda x: 0.5 * x @ _t(A) @ x - _t(b) @ x  # noqa: E731
    grad = torch.autograd.functional.jacobian(loss, w)
    hessian = torch.autograd.functional.hessian(loss, w)
    return (w - torch.linalg.solve(hessian, grad)).tolist()


def _truth_newton(A, b, w0) -> list[float]:
    """For a quadratic, one Newton step lands on the minimiser: the least-squares solution of Aw = b."""
    import numpy as np
    return np.linalg.lstsq(np.asarray(A), np.asarray(b), rcond=None)[0].tolist()


def _spd(rng: random.Random, d: int) -> list[list[float]]:
    M = [_vec(rng, d, -1, 1) for _ in range(d)]
    return [[sum(M[k][i] * M[k][j] for k in range(d)) + (d if i == j else 0.0) for j in range(d)] for i in range(d)]


def _newton_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        d = rng.randint(1, 4)
        out.append(dict(A=_spd(rng, d), b=_vec(rng, d), w0=_vec(rng, d)))
    return out


def _newton_mutant(update: Callable[[Any, Any, Any], Any]) -> Callable[..., list[float]]:
    def mutant(A, b, w0):
        import numpy as np
        A_, w = np.asarray(A), np.asarray(w0)
        return update(A_, A_ @ w - np.asarray(b), w).tolist()
    return mutant


# ---- receptive field, same padding, window attention -------------------------------------------------

def receptive_field(L: int, k: int) -> int:
    return 1 + L * (k - 1)


def receptive_field_3x3(L: int) -> int:
    return 1 + 2 * L


def _truth_receptive_field(L: int, k: int = 3) -> int:
    """Input positions that reach the centre output of L stacked stride-1 convolutions (autograd)."""
    import torch
    import torch.nn.functional as fn
    size = 2 * L * k + 1
    x = torch.ones(1, 1, size, dtype=torch.float64, requires_grad=True)
    y, kernel = x, torch.ones(1, 1, k, dtype=torch.float64)
    for _ in range(L):
        y = fn.conv1d(y, kernel)
    (grad,) = torch.autograd.grad(y[0, 0, y.shape[-1] // 2], x)
    return int((grad != 0).sum())


def _rf_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(L=L, k=k) for L in range(1, 8) for k in (1, 2, 3, 5, 7)][:n]


def same_padding(F: int) -> int:
    return (F - 1) // 2


def _truth_same_padding(F: int) -> int:
    """The padding for which a stride-1 convolution keeps the input size, found by trying them all."""
    import torch
    import torch.nn.functional as fn
    x, w = torch.zeros(1, 1, 17), torch.zeros(1, 1, F)
    return next(P for P in range(F + 1) if fn.conv1d(x, w, padding=P).shape[-1] == 17)


def window_attention_entries(H: int, W: int, M: int) -> int:
    return (H // M) * (W // M) * M ** 4


def _truth_window_attention(H: int, W: int, M: int) -> int:
    """Query/key pairs of pixels that fall in the same M x M window, counted over all pixel pairs."""
    import torch
    rows, cols = torch.meshgrid(torch.arange(H), torch.arange(W), indexing="ij")
    window = ((rows // M) * (W // M) + cols // M).flatten()
    return int((window[:, None] == window[None, :]).sum())


def _window_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        M = rng.randint(1, 4)
        out.append(dict(H=M * rng.randint(1, 4), W=M * rng.randint(1, 4), M=M))
    return out


# ---- initialisation variances --------------------------------------------------------------------------

def _init_variance(init: Callable[..., Any], n_in: int, n_out: int) -> float:
    """The variance torch's initialiser draws with: its sample divided by the same generator's N(0,1) draw."""
    import torch
    w = torch.empty(n_out, n_in, dtype=torch.float64)
    init(w, generator=torch.Generator().manual_seed(0))
    z = torch.empty(n_out, n_in, dtype=torch.float64).normal_(0, 1, generator=torch.Generator().manual_seed(0))
    return ((w / z).mean() ** 2).item()


def xavier_variance(n_in: int, n_out: int) -> float:
    return 2 / (n_in + n_out)


def lecun_variance(n_in: int, n_out: int) -> float:
    return 1 / n_in


def kaiming_variance(n_in: int, n_out: int) -> float:
    return 2 / n_in


def _truth_xavier(n_in: int, n_out: int) -> float:
    import torch
    return _init_variance(torch.nn.init.xavier_normal_, n_in, n_out)


def _truth_lecun(n_in: int, n_out: int) -> float:
    import torch
    return _init_variance(lambda w, generator: torch.nn.init.kaiming_normal_(
        w, nonlinearity="linear", generator=generator), n_in, n_out)


def _truth_kaiming(n_in: int, n_out: int) -> float:
    import torch
    return _init_variance(lambda w, generator: torch.nn.init.kaiming_normal_(
        w, nonlinearity="relu", generator=generator), n_in, n_out)


def _fan_examples(rng: random.Random, n: int) -> list[Example]:
    out = [dict(n_in=1, n_out=1), dict(n_in=3, n_out=64)]
    while len(out) < n:
        out.append(dict(n_in=rng.randint(1, 64), n_out=rng.randint(1, 64)))
    return out[:n]


_INIT_MUTANTS = {
    "1/n_in": lambda n_in, n_out: 1 / n_in,
    "2/n_in": lambda n_in, n_out: 2 / n_in,
    "2/(n_in+n_out)": lambda n_in, n_out: 2 / (n_in + n_out),
    "1/(n_in+n_out)": lambda n_in, n_out: 1 / (n_in + n_out),
    "2/n_out": lambda n_in, n_out: 2 / n_out,
}


def _init_mutants(own: str) -> dict[str, Callable[..., float]]:
    return {k: v for k, v in _INIT_MUTANTS.items() if k != own}


# ---- bilinear interpolation (RoI Align) -------------------------------------------------------------------

def bilinear(f: list[list[float]], x: float, y: float) -> float:
    return sum(f[j][i] * max(0.0, 1 - abs(x - i)) * max(0.0, 1 - abs(y - j))
               for j in range(len(f)) for i in range(len(f[0])))


def _truth_bilinear(f: list[list[float]], x: float, y: float) -> float:
    """F.grid_sample with align_corners=True: pixel centres at -1..1."""
    import torch.nn.functional as fn
    H, W = len(f), len(f[0])
    gx = 2 * x / (W - 1) - 1 if W > 1 else 0.0
    gy = 2 * y / (H - 1) - 1 if H > 1 else 0.0
    grid = _t([[[[gx, gy]]]])
    return fn.grid_sample(_t([[f]]), grid, mode="bilinear", align_corners=True).item()


def _bilinear_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = [dict(f=[[1.0, 2.0], [3.0, 4.0]], x=0.5, y=0.5)]
    while len(out) < n:
        H, W = rng.randint(2, 5), rng.randint(2, 5)
        out.append(dict(f=[_vec(rng, W) for _ in range(H)], x=rng.uniform(0, W - 1), y=rng.uniform(0, H - 1)))
    return out[:n]


# ---- Gram matrix, Polyak averaging, APoZ, ACT -------------------------------------------------------------

def gram_matrix(F: list[list[float]]) -> list[list[float]]:
    return [[sum(a * b for a, b in zip(u, v)) for v in F] for u in F]


def _truth_gram(F: list[list[float]]) -> list[list[float]]:
    import torch
    x = _t(F)
    return torch.einsum("ck,dk->cd", x, x).tolist()


def _gram_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        C, HW = rng.randint(1, 5), rng.randint(2, 9)
        if C != HW:
            out.append(dict(F=[_vec(rng, HW) for _ in range(C)]))
    return out


def polyak_average(snapshots: list[list[float]]) -> list[float]:
    return [sum(col) / len(snapshots) for col in zip(*snapshots)]


def _truth_polyak(snapshots: list[list[float]]) -> list[float]:
    import torch
    from torch.optim.swa_utils import AveragedModel
    model = torch.nn.Linear(len(snapshots[0]), 1, bias=False).double()
    averaged = AveragedModel(model)   # starts empty: the first update copies, later ones average
    for w in snapshots:
        with torch.no_grad():
            model.weight.copy_(_t([w]))
        averaged.update_parameters(model)
    return averaged.module.weight[0].tolist()


def _polyak_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        d = rng.randint(1, 5)
        out.append(dict(snapshots=[_vec(rng, d) for _ in range(rng.randint(1, 8))]))
    return out


def apoz(O: list[list[float]]) -> float:
    """Average percentage of zeros of one channel: O[k][j] is its j-th activation on the k-th input."""
    return sum(1 for row in O for v in row if v == 0) / (len(O) * len(O[0]))


def _truth_apoz(O: list[list[float]]) -> float:
    import torch
    x = _t(O)
    return 1 - torch.count_nonzero(x).item() / x.numel()


def _apoz_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        N, M = rng.randint(1, 6), rng.randint(1, 6)
        out.append(dict(O=[[max(0.0, rng.uniform(-1, 1)) for _ in range(M)] for _ in range(N)]))
    return out


def act_halting_units(h: list[float], eps: float) -> int:
    total = 0.0
    for n, value in enumerate(h, start=1):
        total += value
        if total >= 1 - eps:
            return n
    return len(h)


def _truth_act(h: list[float], eps: float) -> int:
    import torch
    cumulative = torch.cumsum(_t(h), dim=0)
    return int(torch.searchsorted(cumulative, _t([1 - eps]))[0]) + 1


def _act_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        L = rng.randint(1, 10)
        # ACT forces the last unit's halting score to 1, so the sum always reaches 1 - ε.
        out.append(dict(h=[rng.uniform(0, 0.6) for _ in range(L - 1)] + [1.0], eps=rng.choice([0.01, 0.1, 0.3])))
    return out


# ---- separable kernel, distances, linear scores -------------------------------------------------------------

def separable_kernel(u: list[float], v: list[float]) -> list[list[float]]:
    return [[a * b for b in v] for a in u]


def _truth_separable(u: list[float], v: list[float]) -> list[list[float]]:
    """Impulse response of a column filter u followed by a row filter v (two 1-D convolutions)."""
    import torch.nn.functional as fn
    k, m = len(u), len(v)
    impulse = _t([[[[1.0 if (i, j) == (k - 1, m - 1) else 0.0 for j in range(2 * m - 1)] for i in range(2 * k - 1)]]])
    column = fn.conv2d(impulse, _t(u).flip(0).reshape(1, 1, k, 1))
    return fn.conv2d(column, _t(v).flip(0).reshape(1, 1, 1, m))[0, 0].tolist()


def _separable_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = [dict(u=[1.0, 2.0, 1.0], v=[-1.0, 0.0, 1.0])]
    while len(out) < n:
        out.append(dict(u=_vec(rng, rng.randint(1, 5)), v=_vec(rng, rng.randint(1, 5))))
    return out[:n]


def l1_distance(a: list[float], b: list[float]) -> float:
    return sum(abs(p - q) for p, q in zip(a, b))


def l2_distance(a: list[float], b: list[float]) -> float:
    return math.sqrt(sum((p - q) ** 2 for p, q in zip(a, b)))


def _truth_cdist(p: float) -> Callable[..., float]:
    def truth(a: list[float], b: list[float]) -> float:
        import torch
        return torch.cdist(_t([a]), _t([b]), p=p).item()
    return truth


def _pair_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        d = rng.randint(1, 12)
        out.append(dict(a=_vec(rng, d, -5, 5), b=_vec(rng, d, -5, 5)))
    return out


def linear_scores(W: list[list[float]], x: list[float], b: list[float]) -> list[float]:
    return [sum(w * v for w, v in zip(row, x)) + bias for row, bias in zip(W, b)]


def _truth_linear(W, x, b) -> list[float]:
    import torch.nn.functional as fn
    return fn.linear(_t(x), _t(W), _t(b)).tolist()


def _linear_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        C, D = rng.randint(1, 6), rng.randint(1, 8)
        if C != D:
            out.append(dict(W=[_vec(rng, D) for _ in range(C)], x=_vec(rng, D), b=_vec(rng, C)))
    return out


# ---- entries ---------------------------------------------------------------------------------------

_OPT_TOL = dict(rel_tol=1e-10, abs_tol=1e-12)   # torch reorders a few float64 operations

FORMULAS = [
    Formula(
        id="mixup",
        titles={"en": "Mixup", "zh": "Mixup 数据增强", "ru": "Mixup"},
        latex=r"\tilde{x}=\lambda x_i+(1-\lambda)x_j,\quad \tilde{y}=\lambda y_i+(1-\lambda)y_j",
        symbols={"x_i": "first input", "x_j": "second input", "y_i": "first label (one-hot)",
                 "y_j": "second label (one-hot)", "lam": "mixing weight λ in [0, 1]"},
        reference=mixup,
        truth=memoize_truth(_truth_mixup),
        examples=_mixup_examples,
        mutants={
            "λ and 1−λ swapped": lambda x_i, x_j, y_i, y_j, lam: mixup(x_i, x_j, y_i, y_j, 1 - lam),
            "labels not mixed": lambda x_i, x_j, y_i, y_j, lam: [mixup(x_i, x_j, y_i, y_j, lam)[0], list(y_i)],
            "weights λ and λ": lambda x_i, x_j, y_i, y_j, lam: [
                [lam * (a + b) for a, b in zip(x_i, x_j)], [lam * (a + b) for a, b in zip(y_i, y_j)]],
        },
        aliases={"lam": ("\\lambda",), "x_i": ("x_i",), "x_j": ("x_j",), "y_i": ("y_i",), "y_j": ("y_j",)},
        note_parts={"\\tilde{x}": 0, "\\tilde{y}": 1},   # notes write the inputs and the labels as two formulas
        keywords=("mixup", "Mixup", "vicinal risk minimization", "混合", "5% cat + 95% dog"),
        rel_tol=1e-12, abs_tol=1e-15,
    ),
    Formula(
        id="clip_grad_norm",
        titles={"en": "Gradient clipping by norm", "zh": "梯度裁剪（按范数）", "ru": "Обрезка градиента по норме"},
        latex=r"g\leftarrow g\cdot\min\left(1,\frac{c}{\lVert g\rVert_2}\right)",
        symbols={"g": "gradient", "c": "threshold (max norm)"},
        reference=clip_grad_norm,
        truth=memoize_truth(_truth_clip),
        examples=_clip_examples,
        mutants={
            "squared norm (the notes' code)": _clip_squared_norm,
            "divide by c/‖g‖ (the notes' text)": lambda g, c: [v / (c / _norm(g)) for v in g] if _norm(g) > c else list(g),
            "always rescale to norm c": lambda g, c: [v * c / _norm(g) for v in g],
            "clip each element to ±c": lambda g, c: [max(-c, min(c, v)) for v in g],
        },
        aliases={"g": ("g", "grad", "\\nabla"), "c": ("c", "threshold", "max\\_norm", "\\tau")},
        keywords=("gradient clipping", "clip gradient", "exploding gradients", "梯度裁剪", "обрезка градиента"),
        # clip_grad_norm_ divides by ‖g‖ + 1e-6; examples keep ‖g‖ > 0.1, so that is < 1e-5 relative.
        rel_tol=2e-5, abs_tol=1e-12,
    ),
    Formula(
        id="triplets_in_batch",
        titles={"en": "Triplets available in a batch of B triplets", "zh": "B 个三元组可组合的三元组数",
                "ru": "Число триплетов в батче из B триплетов"},
        latex=r"2B(3B-2)=6B^2-4B",
        symbols={"B": "triplets (anchor, positive, negative) in the batch"},
        reference=triplets_in_batch,
        truth=memoize_truth(_truth_triplets_in_batch),
        examples=lambda rng, n: [dict(B=B) for B in range(1, min(n, 12) + 1)],
        n_examples=12,
        mutants={
            "anchor/positive swap forgotten": lambda B: B * (3 * B - 2),
            "3B−1 negatives": lambda B: 2 * B * (3 * B - 1),
            "6B²": lambda B: 6 * B ** 2,
        },
        aliases={"B": ("B",)},
        keywords=("triplets", "6B^2-4B", "triplet combinations", "三元组的组合"),
    ),
    Formula(
        id="batch_all_triplet_count",
        titles={"en": "Triplets in batch-all mining", "zh": "Batch-All 三元组数", "ru": "Число триплетов batch-all"},
        latex=r"PK(K-1)(PK-K)",
        symbols={"P": "classes in the batch", "K": "samples per class"},
        reference=batch_all_triplet_count,
        truth=memoize_truth(_truth_batch_all_count),
        examples=_pk_examples,
        n_examples=12,
        mutants={
            "p = a allowed": lambda P, K: P * K * K * (P * K - K),
            "negatives of every class": lambda P, K: P * K * (K - 1) * (P * K - 1),
            "(PK)³": lambda P, K: (P * K) ** 3,
        },
        aliases={"P": ("P",), "K": ("K",)},
        keywords=("batch all", "batch-all", "triplets", "个triplets"),
    ),
    Formula(
        id="batch_hard_triplet_count",
        titles={"en": "Triplets in batch-hard mining", "zh": "Batch-Hard 三元组数", "ru": "Число триплетов batch-hard"},
        latex=r"PK",
        symbols={"P": "classes in the batch", "K": "samples per class"},
        reference=batch_hard_triplet_count,
        truth=memoize_truth(_truth_batch_hard_count),
        examples=_pk_examples,
        n_examples=12,
        mutants={"P·K·(K−1)": lambda P, K: P * K * (K - 1), "P": lambda P, K: P, "P·K²": lambda P, K: P * K * K},
        aliases={"P": ("P",), "K": ("K",)},
        keywords=("batch hard", "batch-hard", "triplets"),
    ),
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
    Formula(
        id="sgd_momentum",
        titles={"en": "SGD with momentum", "zh": "带动量的 SGD", "ru": "SGD с моментом"},
        latex=r"v_{t+1}=\rho v_t+\nabla L(w_t),\quad w_{t+1}=w_t-\alpha v_{t+1}",
        symbols={"w0": "initial weights", "grads": "gradient at each step", "lr": "learning rate α",
                 "rho": "momentum ρ"},
        reference=sgd_momentum,
        truth=memoize_truth(_truth_sgd),
        examples=lambda rng, n: _opt_examples(rng, n, lambda r: dict(rho=r.choice([0.5, 0.9, 0.99]))),
        mutants={"velocity as an average ((1−ρ)g)": _sgd_ema, "Nesterov step": _sgd_nesterov,
                 "no momentum": lambda w0, grads, lr, rho: sgd_momentum(w0, grads, lr, 0.0)},
        aliases={"rho": ("\\rho", "\\mu", "\\beta", "momentum"), "lr": ("\\alpha", "\\eta", "lr", "learning\\_rate")},
        keywords=("SGD+Momentum", "momentum", "velocity", "动量", "момент"),
        **_OPT_TOL,
    ),
    Formula(
        id="adagrad",
        titles={"en": "AdaGrad update", "zh": "AdaGrad 更新", "ru": "Обновление AdaGrad"},
        latex=r"G_t=G_{t-1}+g_t^2,\quad w_{t+1}=w_t-\frac{\alpha\,g_t}{\sqrt{G_t}+\epsilon}",
        symbols={"w0": "initial weights", "grads": "gradient at each step", "lr": "learning rate α", "eps": "ε"},
        reference=adagrad,
        truth=memoize_truth(_truth_adagrad),
        examples=lambda rng, n: _opt_examples(rng, n, lambda r: dict(eps=r.choice(_EPS))),
        mutants={
            "no square root": lambda w0, grads, lr, eps: _adagrad_no_sqrt(w0, grads, lr, eps),
            "ε inside the root": lambda w0, grads, lr, eps: _adagrad_eps_inside(w0, grads, lr, eps),
            "squares not accumulated": lambda w0, grads, lr, eps: rmsprop(w0, grads, lr, 0.0, eps),
        },
        aliases={"lr": ("\\alpha", "\\eta", "lr"), "eps": ("\\epsilon", "\\varepsilon")},
        keywords=("AdaGrad", "Adagrad", "squared gradients", "grad_squared"),
        **_OPT_TOL,
    ),
    Formula(
        id="rmsprop",
        titles={"en": "RMSProp update", "zh": "RMSProp 更新", "ru": "Обновление RMSProp"},
        latex=r"G_t=\delta G_{t-1}+(1-\delta)g_t^2,\quad w_{t+1}=w_t-\frac{\alpha\,g_t}{\sqrt{G_t}+\epsilon}",
        symbols={"w0": "initial weights", "grads": "gradient at each step", "lr": "learning rate α",
                 "decay": "decay rate δ", "eps": "ε"},
        reference=rmsprop,
        truth=memoize_truth(_truth_rmsprop),
        examples=lambda rng, n: _opt_examples(rng, n, lambda r: dict(decay=r.choice([0.9, 0.99, 0.5]), eps=r.choice(_EPS))),
        mutants={
            "decay and 1−decay swapped": lambda w0, grads, lr, decay, eps: rmsprop(w0, grads, lr, 1 - decay, eps),
            "AdaGrad sum": lambda w0, grads, lr, decay, eps: adagrad(w0, grads, lr, eps),
            "ε inside the root": lambda w0, grads, lr, decay, eps: _rmsprop_eps_inside(w0, grads, lr, decay, eps),
        },
        aliases={"decay": ("decay", "\\rho", "\\beta", "\\alpha"), "lr": ("\\eta", "lr"), "eps": ("\\epsilon",)},
        keywords=("RMSProp", "RMSprop", "decay*grad_squared", "grad_squared"),
        **_OPT_TOL,
    ),
    Formula(
        id="adam",
        titles={"en": "Adam update with bias correction", "zh": "Adam 更新（含偏差修正）", "ru": "Обновление Adam"},
        latex=r"m_t=\beta_1m_{t-1}+(1-\beta_1)g_t,\;v_t=\beta_2v_{t-1}+(1-\beta_2)g_t^2,\;"
              r"w_t=w_{t-1}-\alpha\frac{m_t/(1-\beta_1^t)}{\sqrt{v_t/(1-\beta_2^t)}+\epsilon}",
        symbols={"w0": "initial weights", "grads": "gradient at each step", "lr": "learning rate α",
                 "beta1": "β₁", "beta2": "β₂", "eps": "ε"},
        reference=adam,
        truth=memoize_truth(_truth_adam),
        examples=lambda rng, n: _opt_examples(rng, n, lambda r: dict(beta1=r.choice([0.9, 0.5]),
                                                                     beta2=r.choice([0.999, 0.9]), eps=r.choice(_EPS))),
        mutants={
            "no bias correction": lambda w0, grads, lr, beta1, beta2, eps: adam(
                w0, grads, lr, beta1, beta2, eps, bias_correction=False),
            "ε inside the root": lambda w0, grads, lr, beta1, beta2, eps: adam(
                w0, grads, lr, beta1, beta2, eps, eps_inside=True),
            "β₁ and β₂ swapped": lambda w0, grads, lr, beta1, beta2, eps: adam(w0, grads, lr, beta2, beta1, eps),
        },
        aliases={"beta1": ("\\beta_1", "beta1"), "beta2": ("\\beta_2", "beta2"), "lr": ("\\alpha", "\\eta", "lr"),
                 "eps": ("\\epsilon",)},
        keywords=("Adam", "bias correction", "beta1", "beta2", "(1-beta1**t)"),
        **_OPT_TOL,
    ),
    Formula(
        id="l2_penalty_gradient",
        titles={"en": "Gradient of the L2 penalty", "zh": "L2 正则项的梯度", "ru": "Градиент L2-регуляризации"},
        latex=r"\nabla_W\,\lambda\sum W^2=2\lambda W",
        symbols={"W": "weights", "lam": "regularisation strength λ"},
        reference=l2_penalty_gradient,
        truth=memoize_truth(_truth_l2_grad),
        examples=_penalty_examples,
        mutants={"missing 2": lambda W, lam: [lam * w for w in W], "missing λ": lambda W, lam: [2 * w for w in W],
                 "sign(W) (L1)": l1_penalty_gradient},
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
    Formula(
        id="numerical_gradient",
        titles={"en": "Numerical (finite-difference) gradient", "zh": "数值梯度", "ru": "Численный градиент"},
        latex=r"\frac{\partial L}{\partial w_i}\approx\frac{L(w+h\,e_i)-L(w)}{h}",
        symbols={"w": "weights", "i": "which weight is bumped", "h": "step h"},
        reference=numerical_gradient,
        truth=memoize_truth(_truth_numerical_gradient),
        examples=_numgrad_examples,
        mutants={
            "(old − new)/h (the notes' text)": lambda w, i, h: -numerical_gradient(w, i, h),
            "divided by 2h": lambda w, i, h: numerical_gradient(w, i, h) / 2,
            "difference not divided by h": lambda w, i, h: numerical_gradient(w, i, h) * h,
        },
        aliases={"h": ("h", "\\epsilon"), "w": ("W", "w")},
        keywords=("numerical gradient", "finite difference", "gradient check", "gradcheck", "数值梯度"),
        # Forward differences err by h/2·|L''| (L'' ≤ 2 here, h ≤ 1e-6) plus rounding 1e-16/h.
        abs_tol=3e-6,
    ),
    Formula(
        id="newton_step",
        titles={"en": "Newton's method update", "zh": "牛顿法更新", "ru": "Шаг метода Ньютона"},
        latex=r"w^*=w_0-H^{-1}\nabla_w L(w_0)",
        symbols={"A": "Hessian of the quadratic test loss ½wᵀAw − bᵀw", "b": "linear term", "w0": "start point"},
        reference=newton_step,
        truth=memoize_truth(_truth_newton),
        examples=_newton_examples,
        mutants={
            "+H⁻¹∇L": _newton_mutant(lambda A, g, w: w + __import__("numpy").linalg.solve(A, g)),
            "H∇L instead of H⁻¹∇L": _newton_mutant(lambda A, g, w: w - A @ g),
            "plain gradient step": _newton_mutant(lambda A, g, w: w - g),
        },
        aliases={"w0": ("w_0", "\\theta_0", "x_0"), "H": ("H",)},
        keywords=("Newton's method", "newton update", "second order optimisation", "Hessian", "Taylor expansion"),
        rel_tol=1e-9, abs_tol=1e-10,
    ),
    Formula(
        id="receptive_field",
        titles={"en": "Receptive field of stacked convolutions", "zh": "堆叠卷积的感受野", "ru": "Рецептивное поле"},
        latex=r"RF=1+L(k-1)",
        symbols={"L": "number of stride-1 convolution layers", "k": "kernel size"},
        reference=receptive_field,
        truth=memoize_truth(_truth_receptive_field),
        examples=_rf_examples,
        n_examples=35,
        mutants={"missing +1": lambda L, k: L * (k - 1), "L·k": lambda L, k: L * k,
                 "1 + 2L whatever the kernel": lambda L, k: 1 + 2 * L, "k^L": lambda L, k: k ** L},
        aliases={"L": ("L", "n"), "k": ("k", "K", "F")},
        keywords=("receptive field", "感受野", "рецептивное поле"),
    ),
    Formula(
        id="receptive_field_3x3",
        titles={"en": "Receptive field of L 3x3 convolutions", "zh": "L 层 3x3 卷积的感受野",
                "ru": "Рецептивное поле L свёрток 3x3"},
        latex=r"RF=1+2L",
        symbols={"L": "number of stride-1 3x3 convolution layers"},
        reference=receptive_field_3x3,
        truth=memoize_truth(_truth_receptive_field),
        examples=lambda rng, n: [dict(L=L) for L in range(1, min(n, 12) + 1)],
        n_examples=12,
        mutants={"2L": lambda L: 2 * L, "3L": lambda L: 3 * L, "1 + 3L": lambda L: 1 + 3 * L},
        aliases={"L": ("L", "n")},
        keywords=("receptive field", "1 + 2L", "network with L layers"),
    ),
    Formula(
        id="same_padding",
        titles={"en": "Same padding", "zh": "Same 填充", "ru": "Паддинг same"},
        latex=r"P=\frac{F-1}{2}",
        symbols={"F": "odd kernel size (stride 1)"},
        reference=same_padding,
        truth=memoize_truth(_truth_same_padding),
        examples=lambda rng, n: [dict(F=F) for F in range(1, 2 * min(n, 8), 2)],
        n_examples=8,
        mutants={"F/2 (not an integer)": lambda F: F / 2, "F − 1": lambda F: F - 1, "(F+1)/2": lambda F: (F + 1) // 2},
        aliases={"F": ("F", "k", "filter\\_size")},
        keywords=("same padding", "(filter_size - 1)/2", "spatially the same"),
    ),
    Formula(
        id="window_attention_entries",
        titles={"en": "Attention entries with M×M windows", "zh": "窗口注意力的元素数", "ru": "Число элементов оконного внимания"},
        latex=r"\frac{H}{M}\cdot\frac{W}{M}\cdot M^4=HWM^2",
        symbols={"H": "feature-map height", "W": "feature-map width", "M": "window size"},
        reference=window_attention_entries,
        truth=memoize_truth(_truth_window_attention),
        examples=_window_examples,
        mutants={"full attention (HW)²": lambda H, W, M: (H * W) ** 2, "HWM": lambda H, W, M: H * W * M,
                 "HW·M⁴": lambda H, W, M: H * W * M ** 4},
        aliases={"H": ("H",), "W": ("W",), "M": ("M",)},
        keywords=("window attention", "attention matrix", "Swin"),
    ),
    Formula(
        id="xavier_variance",
        titles={"en": "Xavier (Glorot) initialisation variance", "zh": "Xavier 初始化方差", "ru": "Инициализация Xavier"},
        latex=r"\mathrm{Var}(W)=\frac{2}{n_{in}+n_{out}}",
        symbols={"n_in": "inputs of the layer (fan-in)", "n_out": "outputs (fan-out)"},
        reference=xavier_variance,
        truth=memoize_truth(_truth_xavier),
        examples=_fan_examples,
        mutants=_init_mutants("2/(n_in+n_out)"),
        aliases={"n_in": ("n_{in}", "n_j", "fan\\_in"), "n_out": ("n_{out}", "n_{j+1}", "fan\\_out")},
        keywords=("Xavier initialisation", "Xavier initialization", "Glorot"),
        rel_tol=1e-12,
    ),
    Formula(
        id="lecun_variance",
        titles={"en": "Fan-in (Xavier/LeCun) initialisation variance", "zh": "按输入数的初始化方差",
                "ru": "Инициализация по числу входов"},
        latex=r"\mathrm{Var}(W)=\frac{1}{n_{in}}",
        symbols={"n_in": "inputs of the layer (fan-in)", "n_out": "outputs (unused)"},
        reference=lecun_variance,
        truth=memoize_truth(_truth_lecun),
        examples=_fan_examples,
        mutants=_init_mutants("1/n_in"),
        aliases={"n_in": ("n_{in}", "n", "fan\\_in"), "n_out": ("n_{out}",)},
        keywords=("Xavier initialisation", "LeCun initialization", "variance of inputs"),
        rel_tol=1e-12,
    ),
    Formula(
        id="kaiming_variance",
        titles={"en": "Kaiming (He) initialisation variance", "zh": "Kaiming 初始化方差", "ru": "Инициализация Кайминга"},
        latex=r"\mathrm{Var}(W)=\frac{2}{n_{in}}",
        symbols={"n_in": "inputs of the layer (fan-in)", "n_out": "outputs (unused)"},
        reference=kaiming_variance,
        truth=memoize_truth(_truth_kaiming),
        examples=_fan_examples,
        mutants=_init_mutants("2/n_in"),
        aliases={"n_in": ("n_{in}", "n", "fan\\_in"), "n_out": ("n_{out}",)},
        keywords=("Kaiming initialisation", "Kaiming initialization", "He initialization", "Kaiming He"),
        rel_tol=1e-12,
    ),
    Formula(
        id="bilinear_interpolation",
        titles={"en": "Bilinear interpolation (RoI Align)", "zh": "双线性插值（RoI Align）", "ru": "Билинейная интерполяция"},
        latex=r"f(x,y)=\sum_{i,j}f_{i,j}\max(0,1-|x-x_i|)\max(0,1-|y-y_j|)",
        symbols={"f": "feature map f[j][i] (row j, column i)", "x": "column coordinate", "y": "row coordinate"},
        reference=bilinear,
        truth=memoize_truth(_truth_bilinear),
        examples=_bilinear_examples,
        mutants={
            "nearest pixel": lambda f, x, y: f[round(y)][round(x)],
            "x and y swapped": lambda f, x, y: sum(f[j][i] * max(0.0, 1 - abs(y - i)) * max(0.0, 1 - abs(x - j))
                                                   for j in range(len(f)) for i in range(len(f[0]))),
            "weights without max(0, ·)": lambda f, x, y: sum(f[j][i] * (1 - abs(x - i)) * (1 - abs(y - j))
                                                            for j in range(len(f)) for i in range(len(f[0]))),
        },
        aliases={"x": ("x",), "y": ("y",), "f": ("f",)},
        keywords=("RoI Align", "bilinear interpolation", "双线性插值"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
    Formula(
        id="gram_matrix",
        titles={"en": "Gram matrix", "zh": "Gram 矩阵", "ru": "Матрица Грама"},
        latex=r"G_{c,d}=\sum_{k}F_{c,k}F_{d,k}\quad(G=FF^\top\in\mathbb{R}^{C\times C})",
        symbols={"F": "feature map with C rows (channels) of H·W values"},
        reference=gram_matrix,
        truth=memoize_truth(_truth_gram),
        examples=_gram_examples,
        mutants={"FᵀF": lambda F: gram_matrix([list(c) for c in zip(*F)]),
                 "normalised by HW": lambda F: [[v / len(F[0]) for v in row] for row in gram_matrix(F)]},
        aliases={"F": ("F",), "G": ("G",)},
        keywords=("Gram matrix", "texture synthesis", "style transfer", "un-normalised covariance"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
    Formula(
        id="polyak_average",
        titles={"en": "Polyak averaging", "zh": "Polyak 平均", "ru": "Усреднение Поляка"},
        latex=r"\bar w_T=\frac{1}{T}\sum_{t=1}^{T}w_t",
        symbols={"snapshots": "weights w_t saved during training"},
        reference=polyak_average,
        truth=memoize_truth(_truth_polyak),
        examples=_polyak_examples,
        mutants={"last weights": lambda snapshots: list(snapshots[-1]),
                 "exponential average (0.9)": lambda snapshots: functools.reduce(
                     lambda acc, w: [0.9 * a + 0.1 * b for a, b in zip(acc, w)], snapshots[1:], list(snapshots[0])),
                 "sum": lambda snapshots: [sum(c) for c in zip(*snapshots)]},
        aliases={"snapshots": ("w_t", "\\theta_t")},
        keywords=("Polyak averaging", "average of your weights", "SWA"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
    Formula(
        id="apoz",
        titles={"en": "Average percentage of zeros (APoZ)", "zh": "零激活平均比例 (APoZ)", "ru": "Средняя доля нулей (APoZ)"},
        latex=r"APoZ_c=\frac{\sum_k^N\sum_j^M f(O_{c,j}(k)=0)}{N\times M}",
        symbols={"O": "activations of channel c: O[k][j] for input k, position j"},
        reference=apoz,
        truth=memoize_truth(_truth_apoz),
        examples=_apoz_examples,
        mutants={"fraction of non-zeros": lambda O: 1 - apoz(O), "count, not fraction": lambda O: apoz(O) * len(O) * len(O[0]),
                 "divided by N only": lambda O: apoz(O) * len(O[0])},
        aliases={"O": ("O",), "N": ("N",), "M": ("M",)},
        keywords=("APoZ", "Average Percentage of Zeros", "channel pruning"),
        rel_tol=1e-12, abs_tol=1e-15,
    ),
    Formula(
        id="act_halting_units",
        titles={"en": "Adaptive computation time: units evaluated", "zh": "自适应计算时间的单元数",
                "ru": "Adaptive computation time: число блоков"},
        latex=r"N=\min\Big\{n\in\{1\dots L\}:\sum_{l=1}^{n}h^l\ge 1-\varepsilon\Big\}",
        symbols={"h": "halting scores h^1..h^L (h^L = 1)", "eps": "ε"},
        reference=act_halting_units,
        truth=memoize_truth(_truth_act),
        examples=_act_examples,
        mutants={
            "threshold 1 (ε ignored)": lambda h, eps: act_halting_units(h, 0.0),
            "threshold ε": lambda h, eps: act_halting_units(h, 1 - eps),
            "0-based index": lambda h, eps: act_halting_units(h, eps) - 1,
        },
        aliases={"h": ("h^l", "h"), "eps": ("\\varepsilon", "\\epsilon")},
        keywords=("adaptive computation time", "ACT", "halting score", "residual units to evaluate"),
    ),
    Formula(
        id="separable_kernel",
        titles={"en": "Spatially separable kernel", "zh": "空间可分离卷积核", "ru": "Разделяемое ядро свёртки"},
        latex=r"K=u\,v^\top\quad\text{e.g. }\begin{bmatrix}-1&0&1\\-2&0&2\\-1&0&1\end{bmatrix}="
              r"\begin{bmatrix}1\\2\\1\end{bmatrix}\times[-1\;0\;1]",
        symbols={"u": "column filter", "v": "row filter"},
        reference=separable_kernel,
        truth=memoize_truth(_truth_separable),
        examples=_separable_examples,
        mutants={"v uᵀ (transposed)": lambda u, v: separable_kernel(v, u),
                 "u + v": lambda u, v: [[a + b for b in v] for a in u]},
        aliases={"u": ("u",), "v": ("v",)},
        keywords=("spatially separable", "separable convolution", "Sobel", "фильтр Собеля"),
        rel_tol=1e-12, abs_tol=1e-15,
        extra_checks=(_worked("Sobel = [1 2 1]ᵀ × [−1 0 1]", separable_kernel,
                              [(dict(u=[1.0, 2.0, 1.0], v=[-1.0, 0.0, 1.0]),
                                [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])]),),
    ),
    Formula(
        id="l1_distance",
        titles={"en": "L1 (Manhattan) distance", "zh": "L1 距离", "ru": "Расстояние L1"},
        latex=r"d_1(I_1,I_2)=\sum_p|I_1^p-I_2^p|",
        symbols={"a": "first vector", "b": "second vector"},
        reference=l1_distance,
        truth=memoize_truth(_truth_cdist(1.0)),
        examples=_pair_examples,
        mutants={"no absolute value": lambda a, b: sum(p - q for p, q in zip(a, b)), "L2": l2_distance},
        aliases={"a": ("I_1", "x"), "b": ("I_2", "y")},
        keywords=("L1 distance", "Manhattan distance", "nearest neighbour", "distance metrics"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
    Formula(
        id="l2_distance",
        titles={"en": "L2 (Euclidean) distance", "zh": "L2 距离", "ru": "Евклидово расстояние"},
        latex=r"d_2(I_1,I_2)=\sqrt{\sum_p\left(I_1^p-I_2^p\right)^2}",
        symbols={"a": "first vector", "b": "second vector"},
        reference=l2_distance,
        truth=memoize_truth(_truth_cdist(2.0)),
        examples=_pair_examples,
        mutants={"no square root": lambda a, b: l2_distance(a, b) ** 2, "L1": l1_distance},
        aliases={"a": ("I_1", "x"), "b": ("I_2", "y")},
        keywords=("L2 distance", "Euclidean distance", "nearest neighbour", "distance metrics"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
    Formula(
        id="linear_classifier",
        titles={"en": "Linear classifier scores", "zh": "线性分类器", "ru": "Линейный классификатор"},
        latex=r"f(x,W)=Wx+b",
        symbols={"W": "C×D weights", "x": "input of D values", "b": "C biases"},
        reference=linear_scores,
        truth=memoize_truth(_truth_linear),
        examples=_linear_examples,
        mutants={"bias missing": lambda W, x, b: linear_scores(W, x, [0.0] * len(b)),
                 "bias subtracted": lambda W, x, b: linear_scores(W, x, [-v for v in b])},
        aliases={"W": ("W", "w"), "x": ("x",), "b": ("b",)},
        keywords=("linear classifier", "linear model", "f(x,w)", "f(x,W)"),
        rel_tol=1e-12, abs_tol=1e-12,
    ),
]

