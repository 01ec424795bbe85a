"""Learning-rate schedules: cosine decay, cosine decay after a linear warm-up, linear warm-up alone, linear
decay, step and multi-step decay, exponential decay (by a factor γ or a rate k), inverse-time and square-root
decay, cosine with warm restarts (SGDR), polynomial decay, the triangular cyclical rate, and the inverse-square-root (Noam) warm-up schedule.

Each formula returns the whole schedule (the rate at every step 0..T); a note writes one rate η_t in
terms of the step t, so each entry's note view gives t as the vector of steps. The truth is the rate torch's
schedulers hand to an optimizer at each step (CosineAnnealingLR, LinearLR, SequentialLR, StepLR, MultiStepLR, ExponentialLR, CosineAnnealingWarmRestarts,
PolynomialLR, CyclicLR; the Noam schedule, which torch lacks, as LambdaLR with the paper's min(·,·) form). Those schedulers
are recursive (each rate is computed from the previous one), so they drift from the closed form by about
1e-12 relative over a few hundred steps: the tolerance is 1e-9 relative, far below any real mistake.
"""
from __future__ import annotations

import math
import random
from typing import Any, Callable

from kb.formulas._build import entry
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


# the step count as course notes name it when they decay the rate once per epoch (deeplearning.ai's
# α = α_0/(1 + decay_rate·epoch_num), 0.95^{epoch_num}·α_0)
_STEP_NAMES = ("epoch\\_num", "epoch", "epoch\\_number", "epochs", "epochNum", "epochNumber", "epoch-num")


def _steps(**params: Any) -> dict[str, list[int]]:
    """What a note's schedule formula is written in besides the parameters: the step t, which runs over
    0..T because each entry states the whole schedule (`\\eta_t = ...` is one rate per step)."""
    steps = list(range(params["T"] + 1))
    return {"t": steps, "T_{cur}": steps, **{name: steps for name in _STEP_NAMES}}


def _steps_from_one(**params: Any) -> dict[str, list[int]]:
    """The steps 1..T of a schedule in t^{-1/2} (Noam, square-root decay), which has no rate at step 0."""
    steps = list(range(1, params["T"] + 1))
    return {"t": steps, **{name: steps for name in _STEP_NAMES}}


def _restart_steps(eta_max, eta_min, T_0, T_mult, T) -> dict[str, list[int]]:
    """SGDR's steps, and per step the position T_cur in the current cycle and that cycle's length T_i."""
    positions, lengths = [], []
    for t in range(T + 1):
        t_cur, t_i = t, T_0
        while t_cur >= t_i:
            t_cur, t_i = t_cur - t_i, t_i * T_mult
        positions.append(t_cur)
        lengths.append(t_i)
    return {"t": list(range(T + 1)), "T_{cur}": positions, "T_i": lengths}


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
               "T": ("T", "T_{max}", "N")}
_COSINE_KEYWORDS = ("cosine learning rate decay", "cosine learning rate", "cosine annealing", "cosine decay",
                    "cosine lr", "余弦学习率", "余弦退火", "косинусн", "decaimento cosseno",
                    "recozimento cosseno", "decaimiento coseno", "recocido coseno", "décroissance cosinus",
                    "recuit cosinus", "decadimento coseno", "kosinus annealing", "kosinus abklingen", "コサイン")

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
        note_view=_steps,
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
        # no step view: the warm-up alone (η_max·t/W) is linear_warmup_lr, and a note writes the whole
        # schedule only as cases, which kb does not read
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
        note_view=_steps,
    ),
]


# ---- step, multi-step, exponential, SGDR, polynomial, cyclic, Noam --------------------------------------

def step_decay(eta_0, gamma, step_size, T):
    return [eta_0 * gamma ** (t // step_size) for t in range(T + 1)]


def multistep_decay(eta_0, gamma, milestones, T):
    return [eta_0 * gamma ** sum(1 for m in milestones if m <= t) for t in range(T + 1)]


def exponential_decay(eta_0, gamma, T):
    return [eta_0 * gamma ** t for t in range(T + 1)]


def inverse_time_decay(eta_0, k, T):
    return [eta_0 / (1 + k * t) for t in range(T + 1)]


def sqrt_decay(eta_0, k, T):
    return [k * eta_0 / math.sqrt(t) for t in range(1, T + 1)]


def cosine_warm_restarts(eta_max, eta_min, T_0, T_mult, T):
    rates = []
    for t in range(T + 1):
        t_cur, t_i = t, T_0
        while t_cur >= t_i:
            t_cur, t_i = t_cur - t_i, t_i * T_mult
        rates.append(_cosine(t_cur, t_i, eta_max, eta_min))
    return rates


def polynomial_decay(eta_0, power, T):
    return [eta_0 * (1 - min(t, T) / T) ** power for t in range(T + 1)]


def cyclic_triangular(base_lr, max_lr, step_size, T):
    rates = []
    for t in range(T + 1):
        cycle = math.floor(1 + t / (2 * step_size))
        x = abs(t / step_size - 2 * cycle + 1)
        rates.append(base_lr + (max_lr - base_lr) * max(0.0, 1 - x))
    return rates


def noam(d_model, warmup, T):
    """Linear warm-up to the peak (d·w)^{-1/2} at step w, then decay ∝ 1/√t (steps 1..T)."""
    peak = (d_model * warmup) ** -0.5
    return [peak * t / warmup if t <= warmup else peak * math.sqrt(warmup / t) for t in range(1, T + 1)]


def _truth_step(eta_0, gamma, step_size, T):
    from torch.optim.lr_scheduler import StepLR
    return _torch_schedule(eta_0, T, lambda opt: StepLR(opt, step_size=step_size, gamma=gamma))


def _truth_multistep(eta_0, gamma, milestones, T):
    from torch.optim.lr_scheduler import MultiStepLR
    return _torch_schedule(eta_0, T, lambda opt: MultiStepLR(opt, milestones=milestones, gamma=gamma))


def _truth_exponential(eta_0, gamma, T):
    from torch.optim.lr_scheduler import ExponentialLR
    return _torch_schedule(eta_0, T, lambda opt: ExponentialLR(opt, gamma=gamma))


def _truth_inverse_time(eta_0, k, T):
    """torch multiplies the rate by (1 + k(e−1))/(1 + ke) at epoch e: the product telescopes to 1/(1 + kt)."""
    from torch.optim.lr_scheduler import MultiplicativeLR
    return _torch_schedule(eta_0, T, lambda opt: MultiplicativeLR(opt, lambda e: (1 + k * (e - 1)) / (1 + k * e)))


def _truth_sqrt_decay(eta_0, k, T):
    """LambdaLR scales the initial rate by the factor of its epoch e, the step t = e + 1."""
    from torch.optim.lr_scheduler import LambdaLR
    return _torch_schedule(eta_0, T - 1, lambda opt: LambdaLR(opt, lambda e: k / math.sqrt(e + 1)))


def _truth_sgdr(eta_max, eta_min, T_0, T_mult, T):
    from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts
    return _torch_schedule(eta_max, T, lambda opt: CosineAnnealingWarmRestarts(opt, T_0=T_0, T_mult=T_mult, eta_min=eta_min))


def _truth_polynomial(eta_0, power, T):
    from torch.optim.lr_scheduler import PolynomialLR
    return _torch_schedule(eta_0, T, lambda opt: PolynomialLR(opt, total_iters=T, power=power))


def _truth_cyclic(base_lr, max_lr, step_size, T):
    from torch.optim.lr_scheduler import CyclicLR
    return _torch_schedule(base_lr, T, lambda opt: CyclicLR(opt, base_lr=base_lr, max_lr=max_lr, step_size_up=step_size,
                                                            mode="triangular", cycle_momentum=False))


def _truth_noam(d_model, warmup, T):
    """LambdaLR with the paper's form d^{-1/2}·min(t^{-1/2}, t·w^{-3/2}), read from step 1."""
    from torch.optim.lr_scheduler import LambdaLR

    def factor(step):
        t = step + 1
        return d_model ** -0.5 * min(t ** -0.5, t * warmup ** -1.5)
    return _torch_schedule(1.0, T - 1, lambda opt: LambdaLR(opt, factor))


def exponential_rate_decay(eta_0, k, T):
    return [eta_0 * math.exp(-k * t) for t in range(T + 1)]


def _truth_exponential_rate(eta_0, k, T):
    """A decay rate k is the factor γ = e^{-k} per step: ExponentialLR with that γ."""
    return _truth_exponential(eta_0, math.exp(-k), T)


def linear_warmup(eta_max, W):
    return [eta_max * t / W for t in range(W + 1)]


def _truth_linear_warmup(eta_max, W):
    """The W+1 evenly spaced rates from 0 to the peak (torch.linspace): LinearLR cannot start at 0."""
    import torch
    return torch.linspace(0.0, eta_max, W + 1, dtype=torch.float64).tolist()


def _warmup_steps(eta_max, W) -> dict[str, list[int]]:
    return {"t": list(range(W + 1))}


def _step_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(eta_0=rng.choice([0.1, 0.01, 1.0]), gamma=rng.choice([0.1, 0.5, 0.9]), step_size=rng.randint(1, 30),
                 T=rng.randint(1, 120)) for _ in range(n)]


def _multistep_examples(rng: random.Random, n: int) -> list[Example]:
    out = []
    for _ in range(n):
        T = rng.randint(5, 150)
        out.append(dict(eta_0=rng.choice([0.1, 0.01]), gamma=rng.choice([0.1, 0.2, 0.5]),
                        milestones=sorted(rng.sample(range(1, T + 1), rng.randint(1, min(4, T)))), T=T))
    return out


def _sgdr_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(eta_max=rng.choice([0.1, 0.05, 1.0]), eta_min=rng.choice([0.0, 1e-4, 0.01]), T_0=rng.randint(1, 20),
                 T_mult=rng.choice([1, 2, 3]), T=rng.randint(1, 150)) for _ in range(n)]


def _cyclic_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(base_lr=rng.choice([1e-4, 1e-3]), max_lr=rng.choice([0.01, 0.1, 6e-3]), step_size=rng.randint(1, 20),
                 T=rng.randint(1, 150)) for _ in range(n)]


def _sgdr_no_mult(eta_max, eta_min, T_0, T_mult, T):
    return cosine_warm_restarts(eta_max, eta_min, T_0, 1, T)


def _sgdr_no_restart(eta_max, eta_min, T_0, T_mult, T):
    return [_cosine(t, T_0, eta_max, eta_min) for t in range(T + 1)]


def _noam_without_warmup(d_model, warmup, T):
    return [d_model ** -0.5 * t ** -0.5 for t in range(1, T + 1)]


# the initial rate as formulas and code name it (Ng's summaries: learning_rate = learning_rate_0 / (1 + ...))
# (the Chinese edition of deeplearning.ai's notes writes α as a: a = a_0 / (1 + decayrate * epoch-num))
_INITIAL_RATE = ("\\eta_0", "\\alpha_0", "\\eta", "lr_0", "learning\\_rate\\_0", "lr\\_0", "a_0")
# the rate a schedule gives, as a left side names it (Ng's α = ..., code's learning_rate = ...): the schedule's
# own output, though "learning rate" also names gradient descent
_RATE_NOW = {"eta_t": ("\\eta_t", "\\alpha", "\\alpha_t", "learning\\_rate", "lr", "a")}
_ETA0 = {"eta_0": _INITIAL_RATE, "gamma": ("\\gamma", "decay"), "T": ("T", "N"), **_RATE_NOW}

FORMULAS += [
    entry("step_lr_decay", {"en": "Step learning-rate decay", "zh": "阶梯式学习率衰减", "ru": "Ступенчатое затухание скорости обучения",
                            "fr": "Décroissance par paliers du taux d'apprentissage"},
          r"\eta_t=\eta_0\,\gamma^{\lfloor t/s\rfloor}",
          {"eta_0": "initial rate", "gamma": "decay factor γ", "step_size": "steps s between decays", "T": "steps"},
          step_decay, _truth_step, _step_examples,
          {"γ^{t/s} without the floor": lambda eta_0, gamma, step_size, T: [eta_0 * gamma ** (t / step_size) for t in range(T + 1)],
           "γ^{⌊t/s⌋+1}": lambda eta_0, gamma, step_size, T: [eta_0 * gamma ** (t // step_size + 1) for t in range(T + 1)],
           "η_0 − γ⌊t/s⌋": lambda eta_0, gamma, step_size, T: [eta_0 - gamma * (t // step_size) for t in range(T + 1)]},
          ("step decay", "StepLR", "step learning rate", "阶梯衰减", "ступенчат", "decaimento em degraus",
           "decaimiento escalonado", "decadimento a gradini", "stufenweise"),
          {**_ETA0, "step_size": ("s", "step\\_size")}, 1e-9, 60, note_view=_steps),
    entry("multistep_lr_decay", {"en": "Multi-step learning-rate decay", "zh": "多阶段学习率衰减", "ru": "Многоступенчатое затухание"},
          r"\eta_t=\eta_0\,\gamma^{|\{m\in M:\,m\le t\}|}",
          {"eta_0": "initial rate", "gamma": "decay factor", "milestones": "steps M where the rate drops", "T": "steps"},
          multistep_decay, _truth_multistep, _multistep_examples,
          {"drops after the milestone (<)": lambda eta_0, gamma, milestones, T: [
              eta_0 * gamma ** sum(1 for m in milestones if m < t) for t in range(T + 1)],
           "one drop only": lambda eta_0, gamma, milestones, T: [eta_0 * gamma ** (t >= milestones[0]) for t in range(T + 1)]},
          ("MultiStepLR", "milestones", "multi-step decay", "divided by 10 at epochs"), _ETA0, 1e-9, 60, note_view=_steps),
    entry("exponential_lr_decay", {"en": "Exponential learning-rate decay", "zh": "指数学习率衰减", "ru": "Экспоненциальное затухание скорости обучения",
                                   "fr": "Décroissance exponentielle du taux d'apprentissage"},
          r"\eta_t=\eta_0\,\gamma^{t}", {"eta_0": "initial rate", "gamma": "decay per step γ", "T": "steps"},
          exponential_decay, _truth_exponential,
          lambda rng, n: [dict(eta_0=rng.choice([0.1, 0.01, 1.0]), gamma=rng.choice([0.9, 0.95, 0.99, 0.5]),
                               T=rng.randint(1, 100)) for _ in range(n)],
          {"γ^{t+1}": lambda eta_0, gamma, T: [eta_0 * gamma ** (t + 1) for t in range(T + 1)],
           "η_0/(1+γt) (inverse time)": lambda eta_0, gamma, T: [eta_0 / (1 + gamma * t) for t in range(T + 1)],
           "η_0·e^{−γt}": lambda eta_0, gamma, T: [eta_0 * math.exp(-gamma * t) for t in range(T + 1)]},
          ("exponential decay", "ExponentialLR", "指数衰减", "экспоненциальн", "decaimento exponencial",
           "decaimiento exponencial", "décroissance exponentielle", "decadimento esponenziale", "exponentiell"), _ETA0, 1e-9, 60, note_view=_steps),
    entry("exponential_lr_decay_rate", {"en": "Exponential learning-rate decay (decay rate k)",
                                        "zh": "指数学习率衰减（衰减率 k）", "ru": "Экспоненциальное затухание (коэффициент k)",
                                        "pt": "Decaimento exponencial da taxa de aprendizagem"},
          r"\eta_t=\eta_0\,e^{-kt}", {"eta_0": "initial rate", "k": "decay rate k (the factor per step is e^{-k})", "T": "steps"},
          exponential_rate_decay, _truth_exponential_rate,
          lambda rng, n: [dict(eta_0=rng.choice([0.1, 0.01, 1.0]), k=rng.choice([0.01, 0.05, 0.1, 0.5]),
                               T=rng.randint(1, 100)) for _ in range(n)],
          {"e^{+kt}": lambda eta_0, k, T: [eta_0 * math.exp(k * t) for t in range(T + 1)],
           "η_0·k^t (rate used as the factor)": lambda eta_0, k, T: [eta_0 * k ** t for t in range(T + 1)],
           "η_0/(1+kt) (inverse time)": lambda eta_0, k, T: [eta_0 / (1 + k * t) for t in range(T + 1)]},
          ("exponential decay", "exponential learning rate decay", "指数衰减", "экспоненциальн", "decaimento exponencial",
           "decaimiento exponencial", "décroissance exponentielle", "decadimento esponenziale", "exponentiell"),
          # a note that writes the rate as γ (e^{-γt}) uses this form, not a wrong γ^t
          {"eta_0": _INITIAL_RATE, "k": ("k", "\\lambda", "\\kappa", "\\gamma"), "T": ("T", "N")},
          1e-9, 60, note_view=_steps),
    entry("inverse_time_lr_decay", {"en": "Inverse-time learning-rate decay", "zh": "反时限学习率衰减",
                                    "ru": "Затухание скорости обучения обратно времени",
                                    "es": "Decaimiento inverso en el tiempo de la tasa de aprendizaje"},
          r"\eta_t=\frac{\eta_0}{1+kt}", {"eta_0": "initial rate", "k": "decay rate k", "T": "steps (epochs)"},
          inverse_time_decay, _truth_inverse_time,
          lambda rng, n: [dict(eta_0=rng.choice([0.1, 0.01, 1.0, 0.2]), k=rng.choice([0.01, 0.1, 0.5, 1.0, 2.0]),
                               T=rng.randint(1, 60)) for _ in range(n)],
          {"η_0/(1+k)^t (exponential)": lambda eta_0, k, T: [eta_0 / (1 + k) ** t for t in range(T + 1)],
           "η_0(1−kt)": lambda eta_0, k, T: [eta_0 * (1 - k * t) for t in range(T + 1)],
           "η_0/(1+k+t)": lambda eta_0, k, T: [eta_0 / (1 + k + t) for t in range(T + 1)]},
          ("inverse time decay", "inverse-time decay", "InverseTimeDecay", "1/t decay", "反时限衰减", "逆时衰减",
           "обратно времени", "decaimiento inverso"),
          # deeplearning.ai writes α = α_0 / (1 + decay_rate · epoch_num)
          {"eta_0": _INITIAL_RATE, "k": ("k", "decay\\_rate", "decayRate", "decayrate", "\\kappa"), **_RATE_NOW},
          1e-9, 60, note_view=_steps),
    entry("sqrt_lr_decay", {"en": "Square-root learning-rate decay", "zh": "平方根学习率衰减", "ja": "平方根学習率減衰",
                            "ru": "Затухание скорости обучения по корню из шага", "es": "Decaimiento de la tasa de aprendizaje por raíz cuadrada"},
          r"\eta_t=\frac{k}{\sqrt{t}}\,\eta_0,\ t=1..T",
          {"eta_0": "initial rate", "k": "constant k", "T": "steps (epochs, from 1)"}, sqrt_decay, _truth_sqrt_decay,
          lambda rng, n: [dict(eta_0=rng.choice([0.1, 0.01, 1.0, 0.2]), k=rng.choice([0.5, 1.0, 2.0, 0.9]),
                               T=rng.randint(2, 60)) for _ in range(n)],
          {"k·η_0/t (inverse time)": lambda eta_0, k, T: [k * eta_0 / t for t in range(1, T + 1)],
           "k·η_0·√t": lambda eta_0, k, T: [k * eta_0 * math.sqrt(t) for t in range(1, T + 1)],
           "η_0/√(kt)": lambda eta_0, k, T: [eta_0 / math.sqrt(k * t) for t in range(1, T + 1)]},
          ("square root decay", "square-root decay", "sqrt decay", "平方根衰减", "平方根減衰",
           "decaimiento por raíz cuadrada", "decaimiento de raíz cuadrada"),
          # deeplearning.ai writes α = k/√(epoch_num) · α_0
          {"eta_0": ("\\eta_0", "\\alpha_0", "lr_0", "learning\\_rate\\_0", "lr\\_0", "a_0"), "k": ("k", "\\kappa"), **_RATE_NOW},
          1e-9, 60, note_view=_steps_from_one),
    entry("linear_warmup_lr", {"en": "Linear learning-rate warm-up (from 0)", "zh": "线性学习率预热", "ru": "Линейный разогрев скорости обучения",
                               "pt": "Aquecimento linear da taxa de aprendizagem"},
          r"\eta_t=\eta_{max}\frac{t}{W},\ t=0..W",
          {"eta_max": "peak rate reached at step W", "W": "warm-up steps"}, linear_warmup, _truth_linear_warmup,
          lambda rng, n: [dict(eta_max=rng.choice([0.1, 1e-3, 3e-4, 1.0]), W=rng.randint(1, 60)) for _ in range(n)],
          {"(t+1)/W": lambda eta_max, W: [eta_max * (t + 1) / W for t in range(W + 1)],
           "t/(W+1)": lambda eta_max, W: [eta_max * t / (W + 1) for t in range(W + 1)],
           "W/t decay": lambda eta_max, W: [eta_max * W / max(t, 1) for t in range(W + 1)]},
          ("linear warmup", "linear warm-up", "warmup", "warm-up", "warm up", "预热", "разогрев", "aquecimento",
           "calentamiento", "échauffement", "riscaldamento", "aufwärm", "ウォームアップ"),
          {"eta_max": ("\\eta_{max}", "\\eta_{peak}", "\\eta_0", "\\eta", "lr_{max}", "\\alpha"),
           "W": ("W", "T_w", "T_{w}", "T_{warmup}", "w", "warmup\\_steps")},
          1e-12, 60, note_view=_warmup_steps),
    entry("cosine_warm_restarts", {"en": "Cosine annealing with warm restarts (SGDR)", "zh": "带热重启的余弦退火 (SGDR)",
                                   "ru": "Косинусный отжиг с перезапусками (SGDR)"},
          r"\eta_t=\eta_{min}+\frac12(\eta_{max}-\eta_{min})\left(1+\cos\frac{\pi T_{cur}}{T_i}\right),\ T_i=T_0\,T_{mult}^{\,i}",
          {"eta_max": "rate after each restart", "eta_min": "lowest rate", "T_0": "length of the first cycle",
           "T_mult": "cycle length factor", "T": "steps"},
          cosine_warm_restarts, _truth_sgdr, _sgdr_examples,
          {"cycles of fixed length T_0": _sgdr_no_mult, "no restart": _sgdr_no_restart,
           "restart to η_min (1 − cos)": lambda eta_max, eta_min, T_0, T_mult, T: [
               eta_max + eta_min - v for v in cosine_warm_restarts(eta_max, eta_min, T_0, T_mult, T)]},
          ("SGDR", "warm restarts", "cosine annealing with restarts", "热重启", "перезапуск"),
          {"eta_max": ("\\eta_{max}",), "eta_min": ("\\eta_{min}",), "T_0": ("T_0",), "T_mult": ("T_{mult}",), "T": ("T",)},
          1e-9, 60, note_view=_restart_steps),
    entry("polynomial_lr_decay", {"en": "Polynomial learning-rate decay", "zh": "多项式学习率衰减", "ru": "Полиномиальное затухание"},
          r"\eta_t=\eta_0\left(1-\frac{t}{T}\right)^{p}", {"eta_0": "initial rate", "power": "power p", "T": "total steps"},
          polynomial_decay, _truth_polynomial,
          lambda rng, n: [dict(eta_0=rng.choice([0.1, 0.01]), power=rng.choice([0.9, 2.0, 0.5, 3.0]), T=rng.randint(2, 120))
                          for _ in range(n)],
          {"power ignored (linear)": lambda eta_0, power, T: polynomial_decay(eta_0, 1.0, T),
           "1/p power": lambda eta_0, power, T: polynomial_decay(eta_0, 1 / power, T),
           "1 − (t/T)^p": lambda eta_0, power, T: [eta_0 * (1 - (t / T) ** power) for t in range(T + 1)]},
          ("polynomial decay", "poly learning rate", "PolynomialLR", "DeepLab poly"), {"eta_0": ("\\eta_0",), "power": ("p", "power"),
                                                                                      "T": ("T", "N")}, 1e-9, 60,
          note_view=_steps),
    entry("cyclic_triangular_lr", {"en": "Cyclical learning rate (triangular)", "zh": "三角循环学习率", "ru": "Циклическая скорость обучения"},
          r"\eta_t=\eta_{base}+(\eta_{max}-\eta_{base})\max\left(0,1-\left|\frac{t}{s}-2c+1\right|\right),\ c=\left\lfloor1+\frac{t}{2s}\right\rfloor",
          {"base_lr": "lower bound", "max_lr": "upper bound", "step_size": "half-cycle length s", "T": "steps"},
          cyclic_triangular, _truth_cyclic, _cyclic_examples,
          {"cycle without the floor": lambda base_lr, max_lr, step_size, T: [
              base_lr + (max_lr - base_lr) * max(0.0, 1 - abs(t / step_size - 2 * (1 + t / (2 * step_size)) + 1)) for t in range(T + 1)],
           "full cycle = s": lambda base_lr, max_lr, step_size, T: cyclic_triangular(base_lr, max_lr, max(1, step_size / 2), T),
           "starts at the peak": lambda base_lr, max_lr, step_size, T: [
               base_lr + max_lr - v for v in cyclic_triangular(base_lr, max_lr, step_size, T)]},
          ("cyclical learning rate", "CLR", "triangular", "CyclicLR", "循环学习率"),
          {"base_lr": ("\\eta_{base}", "base\\_lr"), "max_lr": ("\\eta_{max}", "max\\_lr"), "step_size": ("s", "stepsize"),
           "T": ("T",)}, 1e-9, 60, note_view=_steps),
    entry("noam_lr_schedule", {"en": "Inverse square-root schedule with warm-up (Noam)", "zh": "Transformer 学习率预热（Noam）",
                               "ru": "График Noam (обратный квадратный корень с разогревом)"},
          r"\eta_t=d_{model}^{-1/2}\min\left(t^{-1/2},\,t\cdot w^{-3/2}\right)",
          {"d_model": "model width d", "warmup": "warm-up steps w", "T": "steps (from 1)"}, noam, _truth_noam,
          lambda rng, n: [dict(d_model=rng.choice([64, 128, 512, 1024]), warmup=rng.randint(1, 60), T=rng.randint(2, 200))
                          for _ in range(n)],
          {"no warm-up": _noam_without_warmup,
           "decay ∝ 1/t": lambda d_model, warmup, T: [(d_model * warmup) ** -0.5 * (t / warmup if t <= warmup else warmup / t)
                                                       for t in range(1, T + 1)],
           "w^{-1/2} in the warm-up": lambda d_model, warmup, T: [d_model ** -0.5 * min(t ** -0.5, t * warmup ** -0.5)
                                                                   for t in range(1, T + 1)]},
          ("Noam", "inverse square root", "Transformer learning rate", "warmup_steps", "rsqrt decay"),
          {"d_model": ("d_{model}", "d"), "warmup": ("warmup\\_steps", "w", "W"), "T": ("T",)}, 1e-9, 60, note_view=_steps_from_one),
]
