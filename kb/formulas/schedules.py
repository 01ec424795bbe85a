"""Learning-rate schedules: cosine decay, cosine decay after a linear warm-up, linear decay.

Each formula returns the whole schedule (the rate at every step 0..T), and the truth is the rate torch's
schedulers hand to an optimizer at each step (CosineAnnealingLR, LinearLR, SequentialLR). Those schedulers
are recursive (each rate is computed from the previous one), so they drift from the closed form by about
1e-12 relative over a few hundred steps: the tolerance is 1e-9 relative, far below any real mistake.
"""
from __future__ import annotations

import math
import random
from typing import Any, Callable

from kb.formulas.core import Formula, memoize_truth

Example = dict[str, Any]


def _torch_schedule(eta_max: float, steps: int, make: Callable[[Any], Any]) -> list[float]:
    """The learning rate an SGD optimizer sees at steps 0..steps under the scheduler `make(optimizer)`."""
    import warnings

    import torch
    param = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=eta_max)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "scheduler.step() before optimizer.step()", SequentialLR's step(epoch)
        scheduler = make(optimizer)
        rates = []
        for _ in range(steps + 1):
            rates.append(optimizer.param_groups[0]["lr"])
            scheduler.step()  # no optimizer.step(): only the rates matter, and the warning it avoids is silenced
    return rates


# ---- cosine ---------------------------------------------------------------------------------------

def _cosine(t: float, T: float, eta_max: float, eta_min: float) -> float:
    return eta_min + 0.5 * (eta_max - eta_min) * (1 + math.cos(math.pi * t / T))


def cosine_decay(eta_max: float, eta_min: float, T: int) -> list[float]:
    return [_cosine(t, T, eta_max, eta_min) for t in range(T + 1)]


def _truth_cosine(eta_max: float, eta_min: float, T: int) -> list[float]:
    from torch.optim.lr_scheduler import CosineAnnealingLR
    return _torch_schedule(eta_max, T, lambda opt: CosineAnnealingLR(opt, T_max=T, eta_min=eta_min))


def _cosine_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = [dict(eta_max=0.1, eta_min=0.0, T=100), dict(eta_max=1.0, eta_min=0.0, T=1),
                          dict(eta_max=0.003, eta_min=1e-5, T=500), dict(eta_max=0.5, eta_min=0.5, T=10)]
    while len(out) < n:
        eta_max = 10 ** rng.uniform(-4, 0)
        out.append(dict(eta_max=eta_max, eta_min=rng.choice([0.0, eta_max * rng.uniform(0, 0.5)]),
                        T=rng.randint(1, 200)))
    return out[:n]


def _cosine_mutant(shape: Callable[[int, int], float]) -> Callable[..., list[float]]:
    def mutant(eta_max: float, eta_min: float, T: int) -> list[float]:
        return [eta_min + (eta_max - eta_min) * shape(t, T) for t in range(T + 1)]
    return mutant


# ---- cosine after linear warm-up ------------------------------------------------------------------

def warmup_cosine(eta_max: float, eta_start: float, eta_min: float, W: int, T: int) -> list[float]:
    warm = [eta_start + (eta_max - eta_start) * t / W for t in range(W)]
    return warm + [_cosine(t - W, T - W, eta_max, eta_min) for t in range(W, T + 1)]


def _truth_warmup_cosine(eta_max: float, eta_start: float, eta_min: float, W: int, T: int) -> list[float]:
    from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

    def make(opt: Any) -> Any:
        warm = LinearLR(opt, start_factor=eta_start / eta_max, end_factor=1.0, total_iters=W)
        cosine = CosineAnnealingLR(opt, T_max=T - W, eta_min=eta_min)
        return SequentialLR(opt, [warm, cosine], milestones=[W])
    return _torch_schedule(eta_max, T, make)


def _warmup_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = [dict(eta_max=0.1, eta_start=0.001, eta_min=0.0, W=5, T=100),
                          dict(eta_max=1.0, eta_start=0.5, eta_min=0.0, W=1, T=2)]
    while len(out) < n:
        eta_max = 10 ** rng.uniform(-4, 0)
        W = rng.randint(1, 50)
        out.append(dict(eta_max=eta_max, eta_start=eta_max * rng.uniform(0.001, 0.5),
                        eta_min=rng.choice([0.0, eta_max * rng.uniform(0, 0.3)]), W=W, T=W + rng.randint(1, 200)))
    return out[:n]


def _warmup_off_by_one(eta_max: float, eta_start: float, eta_min: float, W: int, T: int) -> list[float]:
    warm = [eta_start + (eta_max - eta_start) * (t + 1) / W for t in range(W)]
    return warm + [_cosine(t - W, T - W, eta_max, eta_min) for t in range(W, T + 1)]


def _cosine_not_shifted(eta_max: float, eta_start: float, eta_min: float, W: int, T: int) -> list[float]:
    warm = [eta_start + (eta_max - eta_start) * t / W for t in range(W)]
    return warm + [_cosine(t, T, eta_max, eta_min) for t in range(W, T + 1)]


# ---- linear decay ---------------------------------------------------------------------------------

def linear_decay(eta_0: float, eta_end: float, T: int) -> list[float]:
    return [eta_0 + (eta_end - eta_0) * t / T for t in range(T + 1)]


def _truth_linear(eta_0: float, eta_end: float, T: int) -> list[float]:
    from torch.optim.lr_scheduler import LinearLR
    return _torch_schedule(eta_0, T, lambda opt: LinearLR(opt, start_factor=1.0, end_factor=eta_end / eta_0,
                                                          total_iters=T))


def _linear_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = [dict(eta_0=0.1, eta_end=0.0, T=100), dict(eta_0=1.0, eta_end=0.0, T=1)]
    while len(out) < n:
        eta_0 = 10 ** rng.uniform(-4, 0)
        out.append(dict(eta_0=eta_0, eta_end=rng.choice([0.0, eta_0 * rng.uniform(0, 1)]), T=rng.randint(1, 300)))
    return out[:n]


# ---- entries ---------------------------------------------------------------------------------------

_LR_ALIASES = {"eta_max": ("\\eta_{max}", "\\eta_0", "\\alpha_0", "lr_{max}", "\\eta"),
               "eta_min": ("\\eta_{min}", "\\alpha_{min}", "lr_{min}"),
               "T": ("T", "T_{max}", "N"), "t": ("t", "T_{cur}", "k")}
_COSINE_KEYWORDS = ("cosine learning rate decay", "cosine learning rate", "cosine annealing", "cosine decay",
                    "cosine lr", "learning rate decay", "余弦学习率", "余弦退火", "косинусн")

FORMULAS = [
    Formula(
        id="cosine_lr_decay",
        titles={"en": "Cosine learning-rate decay", "zh": "余弦学习率衰减", "ru": "Косинусное затухание скорости обучения"},
        latex=r"\eta_t=\eta_{min}+\frac12(\eta_{max}-\eta_{min})\left(1+\cos\frac{\pi t}{T}\right)",
        symbols={"eta_max": "initial (largest) learning rate", "eta_min": "final learning rate",
                 "T": "number of steps; the formula is evaluated at every t = 0..T"},
        reference=cosine_decay,
        truth=memoize_truth(_truth_cosine),
        examples=_cosine_examples,
        mutants={
            "missing ½": _cosine_mutant(lambda t, T: 1 + math.cos(math.pi * t / T)),
            "cos(t/T) without π": _cosine_mutant(lambda t, T: 0.5 * (1 + math.cos(t / T))),
            "cos(2πt/T)": _cosine_mutant(lambda t, T: 0.5 * (1 + math.cos(2 * math.pi * t / T))),
            "1 − cos": _cosine_mutant(lambda t, T: 0.5 * (1 - math.cos(math.pi * t / T))),
            "η_min dropped": lambda eta_max, eta_min, T: [_cosine(t, T, eta_max, 0.0) for t in range(T + 1)],
            "linear instead of cosine": _cosine_mutant(lambda t, T: 1 - t / T),
        },
        aliases=_LR_ALIASES,
        keywords=_COSINE_KEYWORDS,
        rel_tol=1e-9, abs_tol=1e-15,
        n_examples=80,
    ),
    Formula(
        id="warmup_cosine_lr",
        titles={"en": "Linear warm-up then cosine decay", "zh": "线性预热加余弦衰减",
                "ru": "Линейный разогрев и косинусное затухание"},
        latex=r"\eta_t=\begin{cases}\eta_{start}+(\eta_{max}-\eta_{start})\frac{t}{W}&t<W\\"
              r"\eta_{min}+\frac12(\eta_{max}-\eta_{min})\left(1+\cos\frac{\pi(t-W)}{T-W}\right)&t\ge W\end{cases}",
        symbols={"eta_max": "peak learning rate", "eta_start": "learning rate at step 0 (0 in the notes)",
                 "eta_min": "final learning rate", "W": "warm-up steps", "T": "total steps"},
        reference=warmup_cosine,
        truth=memoize_truth(_truth_warmup_cosine),
        examples=_warmup_examples,
        mutants={
            "warm-up off by one": _warmup_off_by_one,
            "cosine not shifted by W": _cosine_not_shifted,
            "warm-up from 0 regardless of η_start": lambda eta_max, eta_start, eta_min, W, T: warmup_cosine(
                eta_max, 0.0, eta_min, W, T),
            "missing ½ after warm-up": lambda eta_max, eta_start, eta_min, W, T: warmup_cosine(
                eta_max, eta_start, eta_min, W, T)[:W] + [
                eta_min + (eta_max - eta_min) * (1 + math.cos(math.pi * (t - W) / (T - W))) for t in range(W, T + 1)],
        },
        aliases={**_LR_ALIASES, "W": ("W", "T_w", "T_{warmup}", "warmup"), "eta_start": ("\\eta_{start}", "\\eta_0")},
        keywords=("warm up", "warmup", "warm-up", "linear warmup", "cosine learning rate decay", "预热", "разогрев"),
        rel_tol=1e-9, abs_tol=1e-15,
        n_examples=80,
    ),
    Formula(
        id="linear_lr_decay",
        titles={"en": "Linear learning-rate decay", "zh": "线性学习率衰减", "ru": "Линейное затухание скорости обучения"},
        latex=r"\eta_t=\eta_0+(\eta_{end}-\eta_0)\frac{t}{T}",
        symbols={"eta_0": "initial learning rate", "eta_end": "learning rate at step T (often 0)", "T": "total steps"},
        reference=linear_decay,
        truth=memoize_truth(_truth_linear),
        examples=_linear_examples,
        mutants={
            "(t+1)/T": lambda eta_0, eta_end, T: [eta_0 + (eta_end - eta_0) * (t + 1) / T for t in range(T + 1)],
            "decays to 0 regardless of η_end": lambda eta_0, eta_end, T: [eta_0 * (1 - t / T) for t in range(T + 1)],
            "t/(T+1)": lambda eta_0, eta_end, T: [eta_0 + (eta_end - eta_0) * t / (T + 1) for t in range(T + 1)],
        },
        aliases={"eta_0": ("\\eta_0", "\\alpha_0", "\\eta"), "eta_end": ("\\eta_T", "\\eta_{end}"), "T": ("T", "N")},
        keywords=("linear learning rate decay", "linear decay", "linear lr decay", "decreases linearly", "线性衰减",
                  "линейное затухание"),
        rel_tol=1e-9, abs_tol=1e-15,
        n_examples=80,
    ),
]
