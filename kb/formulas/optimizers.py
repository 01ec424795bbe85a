"""Optimizer updates: gradient descent, SGD with momentum (classical and Nesterov), weight decay coupled
(SGD, Adam) and decoupled (AdamW), AdaGrad, RMSProp, Adam, Adamax, Adadelta, gradient clipping by norm,
Newton's step and Polyak averaging.

Truths are torch's own implementations (torch.optim.*, torch.nn.utils.clip_grad_norm_,
torch.optim.swa_utils.AveragedModel) fed the same gradients step by step, or, for Newton's step on a
quadratic, the least-squares solution it must land on; references are the update rules written out.
"""
from __future__ import annotations

import functools
import math
import random
from typing import Any, Callable

from kb.formulas._build import Example, entry, t, vec
from kb.formulas.core import Formula, memoize_truth


def _norm(v: list[float]) -> float:
    return math.hypot(*v)


def clip_grad_norm(g: list[float], c: float) -> list[float]:
    scale = min(1.0, c / _norm(g))
    return [v * scale for v in g]


def _truth_clip(g: list[float], c: float) -> list[float]:
    import torch
    param = torch.zeros(len(g), dtype=torch.float64, requires_grad=True)
    param.grad = t(g)
    torch.nn.utils.clip_grad_norm_([param], max_norm=c)
    return param.grad.tolist()


def _clip_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        g = vec(rng, rng.randint(1, 10), -5, 5)
        if _norm(g) > 0.1:
            out.append(dict(g=g, c=rng.choice([0.5, 1.0, 5.0, _norm(g) * rng.uniform(0.2, 2.0)])))
    return out


def _clip_squared_norm(g: list[float], c: float) -> list[float]:
    """The notes' code: grad_norm = torch.sum(grad*grad); if grad_norm > threshold: grad *= threshold/grad_norm."""
    sq = sum(v * v for v in g)
    return [v * c / sq for v in g] if sq > c else list(g)


def _run_optimizer(make: Callable[[Any], Any], w0: list[float], grads: list[list[float]]) -> list[float]:
    """Feed the given gradients to a torch optimizer, step by step, and return the final weights."""
    import torch
    param = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    optimizer = make([param])
    for g in grads:
        param.grad = t(g)
        optimizer.step()
    return param.detach().tolist()


def _opt_examples(rng: random.Random, n: int, extra: Callable[[random.Random], Example]) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        d, steps = rng.randint(1, 5), rng.randint(1, 8)
        out.append(dict(w0=vec(rng, d), grads=[vec(rng, d) for _ in range(steps)], lr=rng.choice([0.1, 0.01, 1.0]),
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
    for step, g in enumerate(grads, start=1):
        m = [beta1 * a + (1 - beta1) * b for a, b in zip(m, g)]
        v = [beta2 * a + (1 - beta2) * b * b for a, b in zip(v, g)]
        c1, c2 = (1 - beta1 ** step, 1 - beta2 ** step) if bias_correction else (1.0, 1.0)
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


_EPS = (1e-3, 1e-2, 0.1)


def newton_step(A: list[list[float]], b: list[float], w0: list[float]) -> list[float]:
    """w1 = w0 - H^{-1} ∇L(w0) for L(w) = ½wᵀAw - bᵀw, with the gradient and Hessian from autograd."""
    import torch
    w = t(w0)
    loss = lambda x: 0.5 * x @ t(A) @ x - t(b) @ x  # noqa: E731
    grad = torch.autograd.functional.jacobian(loss, w)
    hessian = torch.autograd.functional.hessian(loss, w)
    return (w - torch.linalg.solve(hessian, grad)).tolist()


def _truth_newton(A, b, w0) -> list[float]:
    """For a quadratic, one Newton step lands on the minimiser: the least-squares solution of Aw = b."""
    import numpy as np
    return np.linalg.lstsq(np.asarray(A), np.asarray(b), rcond=None)[0].tolist()


def _spd(rng: random.Random, d: int) -> list[list[float]]:
    M = [vec(rng, d, -1, 1) for _ in range(d)]
    return [[sum(M[k][i] * M[k][j] for k in range(d)) + (d if i == j else 0.0) for j in range(d)] for i in range(d)]


def _newton_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        d = rng.randint(1, 4)
        out.append(dict(A=_spd(rng, d), b=vec(rng, d), w0=vec(rng, d)))
    return out


def _newton_mutant(update: Callable[[Any, Any, Any], Any]) -> Callable[..., list[float]]:
    def mutant(A, b, w0):
        import numpy as np
        A_, w = np.asarray(A), np.asarray(w0)
        return update(A_, A_ @ w - np.asarray(b), w).tolist()
    return mutant


def polyak_average(snapshots: list[list[float]]) -> list[float]:
    return [sum(col) / len(snapshots) for col in zip(*snapshots)]


def _truth_polyak(snapshots: list[list[float]]) -> list[float]:
    import torch
    from torch.optim.swa_utils import AveragedModel
    model = torch.nn.Linear(len(snapshots[0]), 1, bias=False).double()
    averaged = AveragedModel(model)   # starts empty: the first update copies, later ones average
    for w in snapshots:
        with torch.no_grad():
            model.weight.copy_(t([w]))
        averaged.update_parameters(model)
    return averaged.module.weight[0].tolist()


def _polyak_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        d = rng.randint(1, 5)
        out.append(dict(snapshots=[vec(rng, d) for _ in range(rng.randint(1, 8))]))
    return out


_OPT_TOL = dict(rel_tol=1e-10, abs_tol=1e-12)   # torch reorders a few float64 operations


FORMULAS = [
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
            "clip each element to ±c": lambda g, c: [max(-c, min(c, v)) for v in g],
        },
        aliases={"g": ("g", "grad", "\\nabla"), "c": ("c", "threshold", "max\\_norm", "\\tau")},
        keywords=("gradient clipping", "clip gradient", "exploding gradients", "梯度裁剪", "обрезка градиента",
                  "clipping del gradiente", "Gradient-Clipping", "écrêtage du gradient", "recorte del gradiente"),
        # notes state the rescaling c·g/‖g‖ under the words "if ‖g‖ > c": the branch, right where it applies
        conventions={"it states the rescaling for a gradient whose norm exceeds c": lambda g, c: [v * c / _norm(g) for v in g]},
        # clip_grad_norm_ divides by ‖g‖ + 1e-6; examples keep ‖g‖ > 0.1, so that is < 1e-5 relative.
        rel_tol=2e-5, abs_tol=1e-12,
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
]


# ---- plain SGD, weight decay (coupled and decoupled), Nesterov, Adamax, Adadelta ------------------------

def sgd(w0, grads, lr):
    w = list(w0)
    for g in grads:
        w = [a - lr * b for a, b in zip(w, g)]
    return w


def sgd_weight_decay(w0, grads, lr, wd):
    """L2 regularisation folded into the gradient: w ← w − η(g + λw)."""
    w = list(w0)
    for g in grads:
        w = [a - lr * (b + wd * a) for a, b in zip(w, g)]
    return w


def adam_weight_decay(w0, grads, lr, beta1, beta2, eps, wd, decoupled: bool, decay_uses_lr: bool = True):
    """Adam with weight decay: coupled (g ← g + λw, torch's Adam) or decoupled (w ← w(1 − ηλ) first, AdamW)."""
    w, m, v = list(w0), [0.0] * len(w0), [0.0] * len(w0)
    for step, g in enumerate(grads, start=1):
        if decoupled:
            w = [a * (1 - (lr if decay_uses_lr else 1.0) * wd) for a in w]
        else:
            g = [b + wd * a for a, b in zip(w, g)]
        m = [beta1 * a + (1 - beta1) * b for a, b in zip(m, g)]
        v = [beta2 * a + (1 - beta2) * b * b for a, b in zip(v, g)]
        c1, c2 = 1 - beta1 ** step, 1 - beta2 ** step
        w = [a - lr * (mm / c1) / (math.sqrt(vv / c2) + eps) for a, mm, vv in zip(w, m, v)]
    return w


def adamw(w0, grads, lr, beta1, beta2, eps, wd):
    return adam_weight_decay(w0, grads, lr, beta1, beta2, eps, wd, decoupled=True)


def adam_l2(w0, grads, lr, beta1, beta2, eps, wd):
    return adam_weight_decay(w0, grads, lr, beta1, beta2, eps, wd, decoupled=False)


def adamax(w0, grads, lr, beta1, beta2, eps):
    w, m, u = list(w0), [0.0] * len(w0), [0.0] * len(w0)
    for step, g in enumerate(grads, start=1):
        m = [beta1 * a + (1 - beta1) * b for a, b in zip(m, g)]
        u = [max(beta2 * a, abs(b) + eps) for a, b in zip(u, g)]
        w = [a - lr / (1 - beta1 ** step) * mm / uu for a, mm, uu in zip(w, m, u)]
    return w


def adadelta(w0, grads, lr, rho, eps):
    w, v, u = list(w0), [0.0] * len(w0), [0.0] * len(w0)
    for g in grads:
        v = [rho * a + (1 - rho) * b * b for a, b in zip(v, g)]
        delta = [math.sqrt(uu + eps) / math.sqrt(vv + eps) * b for uu, vv, b in zip(u, v, g)]
        u = [rho * a + (1 - rho) * d * d for a, d in zip(u, delta)]
        w = [a - lr * d for a, d in zip(w, delta)]
    return w


def _truth_plain_sgd(w0, grads, lr):
    import torch
    return _run_optimizer(lambda p: torch.optim.SGD(p, lr=lr), w0, grads)


def _truth_sgd_wd(w0, grads, lr, wd):
    import torch
    return _run_optimizer(lambda p: torch.optim.SGD(p, lr=lr, weight_decay=wd), w0, grads)


def _truth_nesterov(w0, grads, lr, rho):
    import torch
    return _run_optimizer(lambda p: torch.optim.SGD(p, lr=lr, momentum=rho, nesterov=True), w0, grads)


def _truth_adamw(w0, grads, lr, beta1, beta2, eps, wd):
    import torch
    return _run_optimizer(lambda p: torch.optim.AdamW(p, lr=lr, betas=(beta1, beta2), eps=eps, weight_decay=wd), w0, grads)


def _truth_adam_l2(w0, grads, lr, beta1, beta2, eps, wd):
    import torch
    return _run_optimizer(lambda p: torch.optim.Adam(p, lr=lr, betas=(beta1, beta2), eps=eps, weight_decay=wd), w0, grads)


def _truth_adamax(w0, grads, lr, beta1, beta2, eps):
    import torch
    return _run_optimizer(lambda p: torch.optim.Adamax(p, lr=lr, betas=(beta1, beta2), eps=eps), w0, grads)


def _truth_adadelta(w0, grads, lr, rho, eps):
    import torch
    return _run_optimizer(lambda p: torch.optim.Adadelta(p, lr=lr, rho=rho, eps=eps), w0, grads)


def _adam_extra(r: random.Random) -> Example:
    return dict(beta1=r.choice([0.9, 0.5]), beta2=r.choice([0.999, 0.9]), eps=r.choice(_EPS))


def _adam_wd_extra(r: random.Random) -> Example:
    return dict(_adam_extra(r), wd=r.choice([0.01, 0.1, 0.5]))


def _apply_each(w0, grads, update):
    w = list(w0)
    for g in grads:
        w = [update(a, b) for a, b in zip(w, g)]
    return w


def _nesterov_without_g(w0, grads, lr, rho):
    w, v = list(w0), [0.0] * len(w0)
    for g in grads:
        v = [rho * a + b for a, b in zip(v, g)]
        w = [a - lr * rho * c for a, c in zip(w, v)]
    return w


def _adamax_uncorrected(w0, grads, lr, beta1, beta2, eps):
    w, m, u = list(w0), [0.0] * len(w0), [0.0] * len(w0)
    for g in grads:
        m = [beta1 * a + (1 - beta1) * b for a, b in zip(m, g)]
        u = [max(beta2 * a, abs(b) + eps) for a, b in zip(u, g)]
        w = [a - lr * mm / uu for a, mm, uu in zip(w, m, u)]
    return w


def _adadelta_numerator_first(w0, grads, lr, rho, eps):
    w, v, u = list(w0), [0.0] * len(w0), [0.0] * len(w0)
    for g in grads:
        v = [rho * a + (1 - rho) * b * b for a, b in zip(v, g)]
        u = [rho * a + (1 - rho) * b * b for a, b in zip(u, g)]
        delta = [math.sqrt(uu + eps) / math.sqrt(vv + eps) * b for uu, vv, b in zip(u, v, g)]
        w = [a - lr * d for a, d in zip(w, delta)]
    return w


_OPT_SYMBOLS = {"w0": "initial weights", "grads": "gradient at each step", "lr": "learning rate η"}
_OPT_ALIASES = {"lr": ("\\eta", "\\alpha", "lr"), "w0": ("w_0", "\\theta_0"), "grads": ("g", "g_t", "\\nabla L")}
_ADAM_ALIASES = {**_OPT_ALIASES, "beta1": ("\\beta_1",), "beta2": ("\\beta_2",), "eps": ("\\epsilon",),
                 "wd": ("\\lambda", "wd", "weight\\_decay")}
_ADAM_SYMBOLS = {**_OPT_SYMBOLS, "beta1": "β₁", "beta2": "β₂", "eps": "ε"}

FORMULAS += [
    entry("sgd_step", {"en": "Gradient descent update", "zh": "梯度下降更新", "ru": "Шаг градиентного спуска",
                       "fr": "Mise à jour de la descente de gradient", "de": "Gradientenabstieg", "es": "Descenso de gradiente",
                       "vi": "Cập nhật gradient descent"},
          r"w\leftarrow w-\eta\,\nabla_w L", _OPT_SYMBOLS, sgd, _truth_plain_sgd,
          lambda rng, n: _opt_examples(rng, n, lambda r: {}),
          {"+η∇L (ascent)": lambda w0, grads, lr: sgd(w0, grads, -lr), "η² step": lambda w0, grads, lr: sgd(w0, grads, lr * lr),
           "gradient without η": lambda w0, grads, lr: sgd(w0, grads, 1.0) if lr != 1.0 else sgd(w0, grads, 2.0)},
          ("gradient descent", "SGD", "stochastic gradient descent", "learning rate", "梯度下降", "градиентный спуск",
           "descente de gradient"), _OPT_ALIASES, 1e-10, 60),
    entry("sgd_weight_decay", {"en": "SGD with weight decay (L2 in the gradient)", "zh": "带权重衰减的 SGD",
                               "ru": "SGD с затуханием весов"},
          r"w\leftarrow w-\eta\left(\nabla_w L+\lambda w\right)", {**_OPT_SYMBOLS, "wd": "weight decay λ"}, sgd_weight_decay,
          _truth_sgd_wd, lambda rng, n: _opt_examples(rng, n, lambda r: dict(wd=r.choice([0.01, 0.1, 0.5]))),
          {"decay without η (w − ηg − λw)": lambda w0, grads, lr, wd: _apply_each(
              w0, grads, lambda a, b: a - lr * b - wd * a),
           "+λw (growth)": lambda w0, grads, lr, wd: sgd_weight_decay(w0, grads, lr, -wd),
           "2λw": lambda w0, grads, lr, wd: sgd_weight_decay(w0, grads, lr, 2 * wd)},
          ("weight decay", "L2 regularization", "SGD", "权重衰减", "затухание весов"), {**_OPT_ALIASES, "wd": ("\\lambda", "wd")},
          1e-10, 60),
    entry("sgd_nesterov", {"en": "SGD with Nesterov momentum (PyTorch form)", "zh": "Nesterov 动量", "ru": "Момент Нестерова"},
          r"v_t=\mu v_{t-1}+g_t,\quad w_t=w_{t-1}-\eta\,(g_t+\mu v_t)", {**_OPT_SYMBOLS, "rho": "momentum μ"},
          _sgd_nesterov, _truth_nesterov, lambda rng, n: _opt_examples(rng, n, lambda r: dict(rho=r.choice([0.9, 0.5, 0.99]))),
          {"classical momentum": sgd_momentum, "μv without g": lambda w0, grads, lr, rho: _nesterov_without_g(w0, grads, lr, rho),
           "plain SGD": lambda w0, grads, lr, rho: sgd(w0, grads, lr)},
          ("Nesterov", "NAG", "Nesterov accelerated gradient", "look-ahead"), {**_OPT_ALIASES, "rho": ("\\mu", "\\rho", "\\beta")},
          1e-10, 60),
    entry("adamw", {"en": "AdamW (decoupled weight decay)", "zh": "AdamW（解耦权重衰减）", "ru": "AdamW (раздельное затухание весов)"},
          r"w_t=w_{t-1}(1-\eta\lambda)-\eta\frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}", {**_ADAM_SYMBOLS, "wd": "weight decay λ"},
          adamw, _truth_adamw, lambda rng, n: _opt_examples(rng, n, _adam_wd_extra),
          {"coupled (λw added to the gradient)": adam_l2,
           "decay without η": lambda w0, grads, lr, beta1, beta2, eps, wd: adam_weight_decay(
               w0, grads, lr, beta1, beta2, eps, wd, decoupled=True, decay_uses_lr=False),
           "no weight decay": lambda w0, grads, lr, beta1, beta2, eps, wd: adam(w0, grads, lr, beta1, beta2, eps)},
          ("AdamW", "decoupled weight decay", "weight decay"), _ADAM_ALIASES, 1e-10, 60),
    entry("adam_l2", {"en": "Adam with L2 regularisation (decay in the gradient)", "zh": "带 L2 正则的 Adam",
                      "ru": "Adam с L2-регуляризацией"},
          r"g_t\leftarrow g_t+\lambda w_{t-1},\ \text{then the Adam update}", {**_ADAM_SYMBOLS, "wd": "λ"}, adam_l2,
          _truth_adam_l2, lambda rng, n: _opt_examples(rng, n, _adam_wd_extra),
          {"decoupled (AdamW)": adamw,
           "no weight decay": lambda w0, grads, lr, beta1, beta2, eps, wd: adam(w0, grads, lr, beta1, beta2, eps)},
          ("Adam weight decay", "L2 regularization", "coupled weight decay"), _ADAM_ALIASES, 1e-10, 60),
    entry("adamax", {"en": "Adamax update", "zh": "Adamax 更新", "ru": "Обновление Adamax"},
          r"u_t=\max(\beta_2u_{t-1},|g_t|+\epsilon),\quad w_t=w_{t-1}-\frac{\eta}{1-\beta_1^t}\frac{m_t}{u_t}", _ADAM_SYMBOLS,
          adamax, _truth_adamax, lambda rng, n: _opt_examples(rng, n, _adam_extra),
          {"no bias correction": lambda w0, grads, lr, beta1, beta2, eps: _adamax_uncorrected(w0, grads, lr, beta1, beta2, eps),
           "Adam's √v": lambda w0, grads, lr, beta1, beta2, eps: adam(w0, grads, lr, beta1, beta2, eps)},
          ("Adamax", "infinity norm"), _ADAM_ALIASES, 1e-10, 60),
    entry("adadelta", {"en": "Adadelta update", "zh": "Adadelta 更新", "ru": "Обновление Adadelta"},
          r"\Delta w_t=-\frac{\sqrt{E[\Delta w^2]_{t-1}+\epsilon}}{\sqrt{E[g^2]_t+\epsilon}}\,g_t",
          {**_OPT_SYMBOLS, "rho": "decay ρ", "eps": "ε"}, adadelta, _truth_adadelta,
          lambda rng, n: _opt_examples(rng, n, lambda r: dict(rho=r.choice([0.9, 0.95, 0.5]), eps=r.choice(_EPS))),
          {"RMSProp (no numerator)": lambda w0, grads, lr, rho, eps: rmsprop(w0, grads, lr, rho, eps),
           "numerator updated before use": lambda w0, grads, lr, rho, eps: _adadelta_numerator_first(w0, grads, lr, rho, eps)},
          ("Adadelta",), {**_OPT_ALIASES, "rho": ("\\rho", "\\gamma"), "eps": ("\\epsilon",)}, 1e-10, 60),
]
