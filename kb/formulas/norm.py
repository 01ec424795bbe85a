"""Batch normalisation: SyncBN moments from per-device partial sums, a stable parallel variance,
and the batch-norm forward and backward passes.

Ground truth is torch in float64: torch.var_mean over the concatenated batch, F.batch_norm in training
mode (with running statistics), and autograd through it. Batches are split into UNEVEN shards, because
averaging per-device means or variances is right only when every device holds the same count.
Extra checks: a real gloo all_reduce across processes, and a measurement of the float32 cancellation in
E[x²] − E[x]² next to the stable combination of (n, mean, M2) that torch's SyncBN kernels use.
"""
from __future__ import annotations

import math
import re
import random
import time
from typing import Any

from kb.formulas._single_thread import single_threaded
from kb.formulas.core import Formula, KernelOutcome, values_match

Shards = list[list[float]]

# float64 sums of a few dozen O(10) numbers: errors near 1e-14 relative; mutants differ at O(1e-3) or more.
_REL, _ABS = 1e-9, 1e-10

_MOMENT_ALIASES = {
    "sum_x": (r"\sum x", r"\sum_k x", r"\sum_{i} x_i", "S_1"),
    "sum_x2": (r"\sum x^2", r"\sum_k x^2", r"\sum_{i} x_i^2", "S_2"),
    "N": ("N", "n", "m", "B"),
    "mu": (r"\mu", "μ", r"\mu_B", "E[x]"),
    "eps": (r"\epsilon", r"\varepsilon", "ε", "eps"),
}
_SYNC_KEYWORDS = ("SyncBN", "Sync BN", "synchronized batch norm", "cross-GPU batch norm", "SyncBatchNorm",
                  "多卡", "同步BN", "синхронная батч-нормализация")
_BN_ALIASES = {
    "x": ("x", "x_i"), "gamma": (r"\gamma", "γ"), "beta": (r"\beta", "β"), "eps": (r"\epsilon", r"\varepsilon", "ε"),
    "momentum": ("momentum", r"\alpha"), "grad": (r"\frac{\partial \ell}{\partial y_i}", r"\frac{d_\ell}{d_{y_i}}", "dy"),
}
_BN_KEYWORDS = ("batch normalisation", "batch normalization", "batch norm", "BatchNorm", "BN", "批归一化",
                "批量归一化", "батч-нормализация", "пакетная нормализация", "batch normalisierung",
                "normalizzazione batch", "normalisation par lots", "normalización por lotes", "バッチ正規化",
                "배치 정규화", "Batch-Normalisierung", "normalização em lote")


# ---- SyncBN: moments from partial sums -------------------------------------------------------------

def _partials(shards: Shards) -> tuple[float, float, int]:
    """What every device contributes to the single all-reduce: Σx, Σx², n."""
    s1 = math.fsum(math.fsum(s) for s in shards)
    s2 = math.fsum(math.fsum(v * v for v in s) for s in shards)
    return s1, s2, sum(len(s) for s in shards)


def syncbn_mean(shards: Shards, **_: Any) -> float:
    s1, _s2, n = _partials(shards)
    return s1 / n


def syncbn_variance(shards: Shards, **_: Any) -> float:
    s1, s2, n = _partials(shards)
    return s2 / n - (s1 / n) ** 2


def syncbn_std(shards: Shards, eps: float, **_: Any) -> float:
    s1, s2, n = _partials(shards)
    return math.sqrt(s2 / n - (s1 / n) ** 2 + eps)


def chan_combine(parts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Chan et al.'s pairwise combination of per-shard (n, mean, M2), M2 = Σ(x − mean)²."""
    n, mean, m2 = parts[0]
    for n_b, mean_b, m2_b in parts[1:]:
        total = n + n_b
        delta = mean_b - mean
        mean = mean + delta * n_b / total
        m2 = m2 + m2_b + delta * delta * n * n_b / total
        n = total
    return n, mean, m2


def _shard_stats(shard: list[float]) -> tuple[float, float, float]:
    mean = math.fsum(shard) / len(shard)
    return len(shard), mean, math.fsum((v - mean) ** 2 for v in shard)


def parallel_variance(shards: Shards, **_: Any) -> list[float]:
    n, mean, m2 = chan_combine([_shard_stats(s) for s in shards])
    return [mean, m2 / n]


@single_threaded
def _torch_moments(shards: Shards) -> tuple[float, float]:
    import torch
    var, mean = torch.var_mean(torch.tensor([v for s in shards for v in s], dtype=torch.float64), correction=0)
    return mean.item(), var.item()


def _truth_mean(shards: Shards, **_: Any) -> float:
    return _torch_moments(shards)[0]


def _truth_variance(shards: Shards, **_: Any) -> float:
    return _torch_moments(shards)[1]


def _truth_std(shards: Shards, eps: float, **_: Any) -> float:
    return math.sqrt(_torch_moments(shards)[1] + eps)


def _truth_mean_variance(shards: Shards, **_: Any) -> list[float]:
    return list(_torch_moments(shards))


def _shard_mean(s: list[float]) -> float:
    return math.fsum(s) / len(s)


def _shard_var(s: list[float]) -> float:
    return math.fsum(v * v for v in s) / len(s) - _shard_mean(s) ** 2


def _batch_view(shards: Shards, **_: Any) -> dict[str, Any]:
    """Notes write the moments over the whole batch x (Σx, Σx², E[x]); the devices are invisible there."""
    return {"x": [v for s in shards for v in s]}


def _shard_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    edge: list[Shards] = [[[1.0], [2.0, 3.0]], [[5.0, 5.0, 5.0], [5.0]], [[0.0, 1.0], [10.0, 20.0, 30.0, 40.0]],
                          [[-1.0, 1.0, 2.0]], [[3.0], [4.0], [8.0, 9.0, 1.0]]]
    cases = edge[:n]
    while len(cases) < n:
        shards = []
        for _ in range(rng.randint(1, 4)):
            loc, scale = rng.uniform(-5, 5), rng.uniform(0.1, 3)
            shards.append([round(rng.gauss(loc, scale), 6) for _ in range(rng.randint(1, 12))])
        if sum(len(s) for s in shards) >= 2:
            cases.append(shards)
    return [_with_sums(s, rng) for s in cases]


def _with_sums(shards: Shards, rng: random.Random) -> dict[str, Any]:
    """The shards plus the all-reduced quantities the notes' formulas are written in (Σx, Σx², N, μ, ε)."""
    s1, s2, n = _partials(shards)
    return dict(shards=shards, sum_x=s1, sum_x2=s2, N=n, mu=s1 / n, eps=rng.choice((1e-5, 1e-3, 0.1)))


# ---- extra checks: a real multi-process reduction, float32 cancellation ------------------------------

GLOO_SHARDS_SIZES = (5, 17, 2)


def gloo_allreduce_check() -> KernelOutcome:
    """Three processes hold uneven shards, all-reduce [Σx, Σx², n] over gloo, and get the batch moments."""
    from kb.formulas.distributed import allreduce_partial_sums

    rng = random.Random(7)
    shards = [[rng.gauss(3.0 * i, 1.0 + i) for _ in range(size)] for i, size in enumerate(GLOO_SHARDS_SIZES)]
    start = time.perf_counter()
    per_rank = allreduce_partial_sums(shards)
    seconds = time.perf_counter() - start
    want_mean, want_var = _torch_moments(shards)
    ok = True
    for s1, s2, n in per_rank:
        mean, var = s1 / n, s2 / n - (s1 / n) ** 2
        ok &= int(n) == sum(GLOO_SHARDS_SIZES)
        ok &= values_match(want_mean, mean, _REL, _ABS) and values_match(want_var, var, _REL, _ABS)
    naive = math.fsum(_shard_mean(s) for s in shards) / len(shards)
    detail = (f"{len(shards)} gloo processes, shards {list(GLOO_SHARDS_SIZES)}, {seconds:.2f} s: "
              f"mean {s1 / n:.6g} var {var:.6g} vs torch.var_mean {want_mean:.6g} {want_var:.6g}; "
              f"mean of per-device means would give {naive:.6g}")
    return KernelOutcome(ok, len(per_rank), detail)


CANCELLATION_SIZES = (1000, 3000, 500)


def float32_cancellation() -> dict[str, float]:
    """Relative variance error in float32 on 1e4 + N(0, 1) data: naive E[x²] − E[x]² vs Chan combination."""
    import torch

    gen = torch.Generator().manual_seed(0)
    shards = [(1e4 + torch.randn(size, generator=gen, dtype=torch.float64)).float() for size in CANCELLATION_SIZES]
    truth = torch.cat(shards).double().var(correction=0).item()  # float64 on the same float32-rounded data
    n = sum(CANCELLATION_SIZES)
    s1 = sum(s.sum() for s in shards)
    s2 = sum((s * s).sum() for s in shards)
    naive = (s2 / n - (s1 / n) ** 2).item()
    parts = []
    for s in shards:
        mean = s.mean()
        parts.append((float(s.numel()), mean, ((s - mean) ** 2).sum()))
    _n, _mean, m2 = chan_combine(parts)  # float32 tensors throughout
    stable = (m2 / n).item()
    return {"truth": truth, "naive": naive, "chan": stable,
            "naive_rel_error": abs(naive - truth) / truth, "chan_rel_error": abs(stable - truth) / truth}


def float32_cancellation_check() -> KernelOutcome:
    """The cancellation the notes' D[x] = E[x²] − E[x]² invites must be real, and Chan's fix must fix it."""
    m = float32_cancellation()
    ok = m["naive_rel_error"] > 0.1 and m["chan_rel_error"] < 1e-3
    detail = (f"float32, 1e4 + N(0,1), shards {list(CANCELLATION_SIZES)}: true var {m['truth']:.6g}; "
              f"E[x²]−E[x]² gives {m['naive']:.6g} (relative error {m['naive_rel_error']:.3g}); "
              f"Chan (n, mean, M2) gives {m['chan']:.6g} (relative error {m['chan_rel_error']:.2g})")
    return KernelOutcome(ok, 1, detail)


# ---- kernel form: torch's SyncBN statistics kernels (CUDA only) ----------------------------------------

def gather_stats_kernel(device: str) -> KernelOutcome:
    """torch.batch_norm_stats per shard + torch.batch_norm_gather_stats_with_counts vs float64 truth.

    These are the kernels nn.SyncBatchNorm runs; they exist only on CUDA. They return invstd = 1/√(var+ε),
    so var = invstd⁻² − ε. float32 throughout: 1e-4 relative on ordinary data; on 1e4-offset data the
    float32 inputs carry ~1e-3 absolute rounding, so the bound there is 1e-2 (the naive formula is off by ~100%).
    """
    import torch

    eps = 1e-5
    rng = random.Random(11)
    ordinary = [ex["shards"] for ex in _shard_examples(rng, 100)]
    offset = [[[1e4 + rng.gauss(0, 1) for _ in range(rng.randint(50, 400))] for _ in range(3)] for _ in range(5)]
    worst = 0.0
    for group, rel in ((ordinary, 1e-4), (offset, 1e-2)):
        for shards in group:
            tensors = [torch.tensor(s, dtype=torch.float32, device=device).view(-1, 1) for s in shards]
            stats = [torch.batch_norm_stats(t, eps) for t in tensors]
            counts = torch.tensor([float(t.shape[0]) for t in tensors], dtype=torch.float32, device=device)
            mean, invstd = torch.batch_norm_gather_stats_with_counts(
                tensors[0], torch.stack([m for m, _ in stats]), torch.stack([i for _, i in stats]),
                None, None, 0.1, eps, counts)
            var = (invstd.double() ** -2 - eps).item()
            want_mean, want_var = _torch_moments([t.double().view(-1).tolist() for t in tensors])
            error = abs(var - want_var) / max(want_var, 1e-3)
            worst = max(worst, error)
            if not (values_match(want_mean, mean.item(), rel, 1e-5) and error <= rel):
                return KernelOutcome(False, len(ordinary) + len(offset),
                                     f"on {device}, shard sizes {[len(s) for s in shards]}: mean {mean.item():.8g} "
                                     f"var {var:.8g}, float64 truth {want_mean:.8g} {want_var:.8g}")
    return KernelOutcome(True, len(ordinary) + len(offset),
                         f"batch_norm_gather_stats_with_counts on {device}: worst relative variance error {worst:.2g}")


# ---- batch-norm forward and backward ------------------------------------------------------------------

def _columns(x: list[list[float]]) -> list[list[float]]:
    return [list(col) for col in zip(*x)]


def _rows(columns: list[list[float]]) -> list[list[float]]:
    return [list(row) for row in zip(*columns)]


def _moments(col: list[float], unbiased: bool = False) -> tuple[float, float]:
    mean = math.fsum(col) / len(col)
    return mean, math.fsum((v - mean) ** 2 for v in col) / (len(col) - unbiased)


def _forward(x, gamma, beta, eps, momentum, running_mean, running_var, *, norm_unbiased=False,
             running_unbiased=True, eps_outside=False, flipped_momentum=False):
    out, new_mean, new_var = [], [], []
    for c, col in enumerate(_columns(x)):
        mean, var = _moments(col, norm_unbiased)
        scale = 1 / (math.sqrt(var) + eps) if eps_outside else 1 / math.sqrt(var + eps)
        out.append([gamma[c] * (v - mean) * scale + beta[c] for v in col])
        batch_var = _moments(col, running_unbiased)[1]
        keep, take = (momentum, 1 - momentum) if flipped_momentum else (1 - momentum, momentum)
        new_mean.append(keep * running_mean[c] + take * mean)
        new_var.append(keep * running_var[c] + take * batch_var)
    return [_rows(out), new_mean, new_var]


def batchnorm_forward(x, gamma, beta, eps, momentum, running_mean, running_var):
    """y = γ(x − μ_B)/√(σ²_B + ε) + β with the biased σ²_B; running_var is updated with the unbiased one."""
    return _forward(x, gamma, beta, eps, momentum, running_mean, running_var)


@single_threaded
def _truth_forward(x, gamma, beta, eps, momentum, running_mean, running_var):
    import torch
    import torch.nn.functional as fn

    f64 = dict(dtype=torch.float64)
    rm, rv = torch.tensor(running_mean, **f64), torch.tensor(running_var, **f64)
    y = fn.batch_norm(torch.tensor(x, **f64), rm, rv, torch.tensor(gamma, **f64), torch.tensor(beta, **f64),
                      training=True, momentum=momentum, eps=eps)
    return [y.tolist(), rm.tolist(), rv.tolist()]


def _backward(x, gamma, eps, grad, *, unbiased=False, drop_sum=False, drop_proj=False, constant_stats=False,
              use_gamma=True):
    out = []
    for c, (col, g) in enumerate(zip(_columns(x), _columns(grad))):
        n = len(col)
        mean, var = _moments(col, unbiased)
        inv = 1 / math.sqrt(var + eps)
        xhat = [(v - mean) * inv for v in col]
        scale = (gamma[c] if use_gamma else 1.0) * inv
        if constant_stats:
            out.append([scale * gi for gi in g])
            continue
        sum_g = 0.0 if drop_sum else math.fsum(g)
        proj = 0.0 if drop_proj else math.fsum(gi * h for gi, h in zip(g, xhat))
        out.append([scale / n * (n * gi - sum_g - h * proj) for gi, h in zip(g, xhat)])
    return _rows(out)


def batchnorm_backward(x, gamma, eps, grad):
    """∂L/∂x_i = γ/(N√(σ²_B+ε)) · (N·g_i − Σ_j g_j − x̂_i Σ_j g_j x̂_j)."""
    return _backward(x, gamma, eps, grad)


@single_threaded
def _truth_backward(x, gamma, eps, grad):
    import torch
    import torch.nn.functional as fn

    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = fn.batch_norm(xt, None, None, torch.tensor(gamma, dtype=torch.float64), None, training=True, eps=eps)
    y.backward(torch.tensor(grad, dtype=torch.float64))
    return xt.grad.tolist()


def _channel_stats_view(x: list[list[float]], eps: float, **_: Any) -> dict[str, Any]:
    """μ and σ = √(σ_B² + ε) per channel, and the batch size N: what a note's y = γ(x − μ)/σ + β refers to;
    the batch's own μ_B and σ_B (σ_B² is the biased variance, no ε), and the normalised x̂ that a note's
    scale-and-shift step y_i = γx̂_i + β is written in."""
    stats = [_moments(col) for col in _columns(x)]
    return {"\\mu": [m for m, _ in stats], "\\sigma": [math.sqrt(v + eps) for _, v in stats], "N": len(x),
            "\\mu_B": [m for m, _ in stats], "\\sigma_B": [math.sqrt(v) for _, v in stats],
            "\\hat{x}": _normalised(x, eps)}


def _normalised(x: list[list[float]], eps: float, *, unbiased: bool = False, eps_outside: bool = False,
                by_variance: bool = False) -> list[list[float]]:
    """x̂ = (x − μ_B)/√(σ_B² + ε) per channel (the flags give the mistakes notes make)."""
    out = []
    for col in _columns(x):
        mean, var = _moments(col, unbiased)
        spread = var + eps if by_variance else math.sqrt(var) + eps if eps_outside else math.sqrt(var + eps)
        out.append([(v - mean) / spread for v in col])
    return _rows(out)


# The view's σ is √(σ_B² + ε) (what y = γ(x − μ)/σ + β divides by). A note whose σ is the standard deviation
# writes √(σ² + ε); on the view that reads √(σ_B² + 2ε), so the note's form gives the layer with ε doubled.
_SIGMA_IS_THE_STD = "σ is the batch's standard deviation and ε sits under the root (√(σ² + ε))"
_SIGMA_IS_THE_STD_FORWARD = {_SIGMA_IS_THE_STD: lambda **p: _forward(**{**p, "eps": 2 * p["eps"]})}
# y = γx + β: the scale-and-shift step alone, its input written x where the paper writes x̂ (the normalised x);
# which x the note means no line alone says, so a note in this form is never called wrong
_INPUT_ALREADY_NORMALISED = {"x is already the normalised input x̂ (the scale-and-shift step y = γx̂ + β alone)":
                             lambda **p: [_scaled_and_shifted(p["x"], p["gamma"], p["beta"]),
                                          *_forward(**p)[1:]]}


def _scaled_and_shifted(x, gamma, beta):
    return _rows([[gamma[c] * v + beta[c] for v in col] for c, col in enumerate(_columns(x))])


_SIGMA_IS_THE_STD_NORMALISE = {_SIGMA_IS_THE_STD: lambda x, eps: _normalised(x, 2 * eps)}
# `\sqrt{\sigma^2 + \epsilon}`: a σ that already held ε would not get it added again under the root
_ROOT = re.compile(r"\\sqrt\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_SQUARED_SIGMA = re.compile(r"\\sigma(?:_\{?\w*\}?)?\s*\^\s*\{?\s*2\s*\}?|σ\^?2|σ²")
_EPSILON = re.compile(r"\\(?:epsilon|varepsilon)|ε")


def _eps_beside_sigma_squared(latex: str) -> bool:
    return any(_SQUARED_SIGMA.search(root) and _EPSILON.search(root) for root in _ROOT.findall(latex))


_SIGMA_IS_THE_STD_SIGNS = {_SIGMA_IS_THE_STD: _eps_beside_sigma_squared}


def batchnorm_normalise(x: list[list[float]], eps: float) -> list[list[float]]:
    return _normalised(x, eps)


@single_threaded
def _truth_normalise(x: list[list[float]], eps: float) -> list[list[float]]:
    """torch's batch norm in training mode with no affine parameters and no running statistics."""
    import torch
    import torch.nn.functional as fn

    return fn.batch_norm(torch.tensor(x, dtype=torch.float64), None, None, training=True, eps=eps).tolist()


def _normalise_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    out = [dict(x=[[1.0], [5.0]], eps=1e-5)][:n]   # σ_B = 2: a note dividing by σ_B² gives ±1/2, not ±1
    while len(out) < n:
        common = _bn_common(rng)
        out.append(dict(x=common["x"], eps=common["eps"]))
    return out


def _std_gradient(x: list[float], eps: float, **_: Any) -> list[float]:
    """dσ/dx_i = (x_i − μ)/(Nσ) for σ = √(σ_B² + ε) with the biased σ_B²."""
    mean, var = _moments(x)
    sigma = math.sqrt(var + eps)
    return [(v - mean) / (len(x) * sigma) for v in x]


@single_threaded
def _truth_std_gradient(x: list[float], eps: float, **_: Any) -> list[float]:
    import torch

    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    sigma = torch.sqrt(torch.var(xt, correction=0) + eps)
    (grad,) = torch.autograd.grad(sigma, xt)
    return grad.tolist()


def _std_gradient_view(x: list[float], eps: float, **_: Any) -> dict[str, Any]:
    mean, var = _moments(x)
    return {"\\mu": mean, "\\sigma": math.sqrt(var + eps), "N": len(x)}


def _vector_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    out = [dict(x=[1.0, 3.0], eps=1e-5), dict(x=[2.0, 2.0, 5.0], eps=0.1)][:n]
    while len(out) < n:
        out.append(dict(x=[round(rng.gauss(rng.uniform(-3, 3), 1.5), 6) for _ in range(rng.randint(2, 10))],
                        eps=rng.choice((1e-5, 1e-3, 0.1))))
    return out


def _batch(rng: random.Random, n: int, c: int) -> list[list[float]]:
    centres = [(rng.uniform(-3, 3), rng.uniform(0.2, 2)) for _ in range(c)]
    return [[round(rng.gauss(m, s), 6) for m, s in centres] for _ in range(n)]


def _bn_common(rng: random.Random) -> dict[str, Any]:
    n, c = rng.randint(2, 8), rng.randint(1, 3)
    return dict(x=_batch(rng, n, c), gamma=[rng.uniform(0.5, 2) * rng.choice((-1, 1)) for _ in range(c)],
                eps=rng.choice((1e-5, 1e-3, 0.1)))


def _forward_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    out = [dict(x=[[1.0], [3.0]], gamma=[1.0], beta=[0.0], eps=1e-5, momentum=0.1, running_mean=[0.0],
                running_var=[1.0])][:n]
    while len(out) < n:
        params = _bn_common(rng)
        c = len(params["gamma"])
        params.update(beta=[rng.uniform(-1, 1) for _ in range(c)], momentum=rng.choice((0.1, 0.01, 0.3)),
                      running_mean=[rng.uniform(-1, 1) for _ in range(c)],
                      running_var=[rng.uniform(0.5, 2) for _ in range(c)])
        out.append(params)
    return out


def _backward_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    out = [dict(x=[[1.0], [3.0]], gamma=[1.0], eps=1e-5, grad=[[1.0], [0.0]])][:n]
    while len(out) < n:
        params = _bn_common(rng)
        params["grad"] = _batch(rng, len(params["x"]), len(params["gamma"]))
        out.append(params)
    return out


FORMULAS = [
    Formula(
        id="syncbn_mean",
        titles={"en": "SyncBN mean from all-reduced sums", "zh": "同步BN均值", "ru": "Среднее в SyncBN"},
        latex=r"\mu=\frac{\sum x}{N}",
        symbols={"shards": "the batch split over devices (uneven)", "sum_x": "Σx over all devices",
                 "sum_x2": "Σx² over all devices", "N": "batch size over all devices", "mu": "batch mean",
                 "eps": "ε"},
        reference=syncbn_mean,
        truth=_truth_mean,
        examples=_shard_examples,
        mutants={
            "mean of per-device means": lambda shards, **_: math.fsum(_shard_mean(s) for s in shards) / len(shards),
            "Σx over the number of devices": lambda shards, sum_x, **_: sum_x / len(shards),
            "Σx over N−1": lambda sum_x, N, **_: sum_x / (N - 1),
        },
        aliases=_MOMENT_ALIASES,
        note_view=_batch_view,
        # "mean" alone names every mean (a layer norm's, a loss's): only words for the batch's mean name this one
        keywords=_SYNC_KEYWORDS + ("batch mean", "mean of the batch", "mini-batch mean", "Batch-Mittelwert",
                                   "moyenne du batch", "批均值", "批量均值", "среднее по батчу"),
        rel_tol=_REL, abs_tol=_ABS,
    ),
    Formula(
        id="syncbn_variance",
        titles={"en": "SyncBN variance from all-reduced sums", "zh": "同步BN方差 D[x]=E[x²]−E[x]²",
                "ru": "Дисперсия в SyncBN"},
        latex=r"D[x]=E[x^2]-E[x]^2=\frac{\sum x^2}{N}-\left(\frac{\sum x}{N}\right)^2",
        symbols={"shards": "the batch split over devices (uneven)", "sum_x": "Σx", "sum_x2": "Σx²",
                 "N": "batch size over all devices", "mu": "batch mean", "eps": "ε"},
        reference=syncbn_variance,
        truth=_truth_variance,
        examples=_shard_examples,
        mutants={
            "mean of per-device variances": lambda shards, **_:
                math.fsum(_shard_var(s) for s in shards) / len(shards),
            "unbiased (N−1)": lambda sum_x, sum_x2, N, **_: (sum_x2 - sum_x ** 2 / N) / (N - 1),
            "E[x]² − E[x²]": lambda sum_x, sum_x2, N, **_: (sum_x / N) ** 2 - sum_x2 / N,
            "E[x] not squared": lambda sum_x, sum_x2, N, **_: sum_x2 / N - sum_x / N,
        },
        aliases={**_MOMENT_ALIASES, "D": ("D[x]", r"\sigma^2", "Var(x)")},
        note_view=_batch_view,
        keywords=_SYNC_KEYWORDS + ("variance", "D[x]", "E[x^2]-E[x]^2", "方差", "дисперсия"),
        rel_tol=_REL, abs_tol=_ABS,
        kernel=gather_stats_kernel,
        extra_checks=(gloo_allreduce_check, float32_cancellation_check),
    ),
    Formula(
        id="syncbn_std",
        titles={"en": "SyncBN standard deviation with ε", "zh": "同步BN标准差", "ru": "Стандартное отклонение в SyncBN"},
        latex=r"\sigma=\sqrt{\frac{\sum x^2}{N}-\mu^2+\epsilon}",
        symbols={"shards": "the batch split over devices (uneven)", "sum_x": "Σx", "sum_x2": "Σx²",
                 "N": "batch size over all devices", "mu": "batch mean", "eps": "ε"},
        reference=syncbn_std,
        truth=_truth_std,
        examples=_shard_examples,
        mutants={
            "ε outside the root": lambda sum_x2, N, mu, eps, **_: math.sqrt(sum_x2 / N - mu ** 2) + eps,
            "ε missing": lambda sum_x2, N, mu, **_: math.sqrt(sum_x2 / N - mu ** 2),
            "unbiased (N−1)": lambda sum_x2, N, mu, eps, **_: math.sqrt((sum_x2 - N * mu ** 2) / (N - 1) + eps),
            "μ not squared": lambda sum_x2, N, mu, eps, **_: math.sqrt(sum_x2 / N - mu + eps),
        },
        aliases={**_MOMENT_ALIASES, "sigma": (r"\sigma",)},
        note_view=_batch_view,
        keywords=_SYNC_KEYWORDS + ("standard deviation", "标准差", "стандартное отклонение"),
        rel_tol=_REL, abs_tol=_ABS,
    ),
    Formula(
        id="parallel_variance_chan",
        titles={"en": "Parallel mean and variance (Chan et al.)", "zh": "并行均值方差合并",
                "ru": "Параллельное объединение среднего и дисперсии"},
        latex=(r"\delta=\bar x_b-\bar x_a,\ \bar x=\bar x_a+\delta\frac{n_b}{n},\ "
               r"M_2=M_{2,a}+M_{2,b}+\delta^2\frac{n_a n_b}{n},\ \sigma^2=\frac{M_2}{n}"),
        symbols={"shards": "the batch split over devices (uneven)"},
        reference=parallel_variance,
        truth=_truth_mean_variance,
        examples=_shard_examples,
        mutants={
            "between-shard term missing": lambda shards, **_: [
                chan_combine([_shard_stats(s) for s in shards])[1],
                math.fsum(_shard_stats(s)[2] for s in shards) / sum(len(s) for s in shards)],
            "δ²·n_a·n_b not divided by n": lambda shards, **_: _chan_without_division(shards),
            "mean of shard means": lambda shards, **_: [
                math.fsum(_shard_mean(s) for s in shards) / len(shards), parallel_variance(shards)[1]],
        },
        aliases={"shards": ("n_a", "n_b", "M_2")},
        keywords=("parallel variance", "Welford", "Chan et al", "Chan's algorithm", "numerically stable variance", "batch_norm_gather_stats"),
        rel_tol=_REL, abs_tol=_ABS,
        extra_checks=(float32_cancellation_check,),
    ),
    Formula(
        id="batchnorm_forward",
        titles={"en": "Batch normalisation (training forward pass)", "zh": "批归一化前向", "ru": "Батч-нормализация (прямой проход)"},
        latex=(r"y=\gamma\frac{x-\mu_B}{\sqrt{\sigma_B^2+\epsilon}}+\beta,\quad "
               r"\hat\mu\leftarrow(1-m)\hat\mu+m\mu_B,\ \hat\sigma^2\leftarrow(1-m)\hat\sigma^2+m\frac{N}{N-1}\sigma_B^2"),
        symbols={"x": "batch (N rows × C channels)", "gamma": "scale γ", "beta": "shift β", "eps": "ε",
                 "momentum": "running-average momentum m", "running_mean": "running mean",
                 "running_var": "running variance"},
        reference=batchnorm_forward,
        truth=_truth_forward,
        examples=_forward_examples,
        mutants={
            "unbiased variance to normalise": lambda **p: _forward(**p, norm_unbiased=True),
            "biased variance in running_var": lambda **p: _forward(**p, running_unbiased=False),
            "ε outside the root": lambda **p: _forward(**p, eps_outside=True),
            "momentum weights swapped": lambda **p: _forward(**p, flipped_momentum=True),
        },
        aliases=_BN_ALIASES,
        note_view=_channel_stats_view,
        conventions={**_SIGMA_IS_THE_STD_FORWARD, **_INPUT_ALREADY_NORMALISED},
        convention_signs=_SIGMA_IS_THE_STD_SIGNS,
        note_parts={"y": 0, "y_i": 0},   # the normalised output; the running statistics are the other parts
        keywords=_BN_KEYWORDS + ("normalised", "running average", "running mean"),
        rel_tol=_REL, abs_tol=_ABS, n_examples=100,
    ),
    Formula(
        id="batchnorm_normalise",
        titles={"en": "Batch normalisation: the normalise step", "zh": "批归一化的标准化步骤",
                "ru": "Батч-нормализация: шаг нормировки", "de": "Batch-Normalisierung: Normieren"},
        latex=r"\hat x_i=\frac{x_i-\mu_B}{\sqrt{\sigma_B^2+\epsilon}}",
        symbols={"x": "batch (N rows × C channels)", "eps": "ε"},
        reference=batchnorm_normalise,
        truth=_truth_normalise,
        examples=_normalise_examples,
        mutants={
            "divided by the variance": lambda x, eps: _normalised(x, eps, by_variance=True),
            "ε outside the root": lambda x, eps: _normalised(x, eps, eps_outside=True),
            "unbiased variance": lambda x, eps: _normalised(x, eps, unbiased=True),
        },
        # x̂ is this entry's value: a note's left side x̂_i names it
        aliases={**_BN_ALIASES, "xhat": (r"\hat{x}", r"\hat{x}_i", r"\hat x_i")},
        note_view=_channel_stats_view,
        convention_signs=_SIGMA_IS_THE_STD_SIGNS,
        conventions={**_SIGMA_IS_THE_STD_NORMALISE,
                     "ε left out (the idealised x̂ = (x − μ_B)/σ_B)": lambda x, eps: _normalised(x, 0.0)},
        keywords=_BN_KEYWORDS,
        rel_tol=_REL, abs_tol=_ABS,
    ),
    Formula(
        id="batchnorm_backward",
        titles={"en": "Batch normalisation backward pass", "zh": "批归一化反向传播", "ru": "Батч-нормализация (обратный проход)"},
        latex=(r"\frac{\partial\ell}{\partial x_i}=\frac{\gamma}{N\sqrt{\sigma_B^2+\epsilon}}"
               r"\Big(N g_i-\sum_j g_j-\hat x_i\sum_j g_j\hat x_j\Big)"),
        symbols={"x": "batch (N rows × C channels)", "gamma": "scale γ", "eps": "ε",
                 "grad": "upstream gradient g = ∂ℓ/∂y"},
        reference=batchnorm_backward,
        truth=_truth_backward,
        examples=_backward_examples,
        mutants={
            "μ and σ treated as constants": lambda **p: _backward(**p, constant_stats=True),
            "Σg term missing": lambda **p: _backward(**p, drop_sum=True),
            "x̂·Σ(g·x̂) term missing": lambda **p: _backward(**p, drop_proj=True),
            "unbiased variance": lambda **p: _backward(**p, unbiased=True),
            "γ missing": lambda **p: _backward(**p, use_gamma=False),
        },
        aliases=_BN_ALIASES,
        keywords=_BN_KEYWORDS + ("batch norm backward", "batchnorm backward", "BN backward", "batch norm gradient",
                                 "BN 反向传播", "BN的反向", "обратный проход батч-нормализации"),
        rel_tol=_REL, abs_tol=_ABS, n_examples=100,
    ),
]


FORMULAS.append(Formula(
    id="batchnorm_std_gradient",
    titles={"en": "Gradient of the batch standard deviation", "zh": "批标准差对输入的梯度",
            "ru": "Градиент стандартного отклонения батча"},
    latex=r"\frac{\partial\sigma}{\partial x_i}=\frac{x_i-\mu}{N\sigma},\quad \sigma=\sqrt{\sigma_B^2+\epsilon}",
    symbols={"x": "the batch of one channel", "eps": "ε"},
    reference=_std_gradient,
    truth=_truth_std_gradient,
    examples=_vector_examples,
    mutants={
        "μ left out (x_i/(Nσ))": lambda x, eps: [v / (len(x) * math.sqrt(_moments(x)[1] + eps)) for v in x],
        "−x_i·μ/(Nσ)": lambda x, eps: [-v * _moments(x)[0] / (len(x) * math.sqrt(_moments(x)[1] + eps)) for v in x],
        "1/N missing": lambda x, eps: [g * len(x) for g in _std_gradient(x, eps)],
        "σ not divided": lambda x, eps: [(v - _moments(x)[0]) / len(x) for v in x],
    },
    aliases={"x": ("x", "x_i"), "eps": (r"\epsilon", r"\varepsilon", "ε"),
             "dsigma": (r"\frac{d_{\sigma}}{d_{x_{i}}}", r"\frac{d\sigma}{dx_i}", r"\frac{\partial\sigma}{\partial x_i}")},
    note_view=_std_gradient_view,
    keywords=_BN_KEYWORDS + ("batch norm backward", "BN backward", "BN 反向传播", "BN的反向"),
    rel_tol=_REL, abs_tol=_ABS, n_examples=100,
))


def _chan_without_division(shards: Shards) -> list[float]:
    parts = [_shard_stats(s) for s in shards]
    n, mean, m2 = parts[0]
    for n_b, mean_b, m2_b in parts[1:]:
        delta = mean_b - mean
        mean += delta * n_b / (n + n_b)
        m2 += m2_b + delta * delta * n * n_b
        n += n_b
    return [mean, m2 / n]
