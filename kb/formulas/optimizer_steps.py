"""Optimizer recurrences one line at a time, as notes write them: Adam's moments and their bias
correction, Adam's step, RMSProp's and AdaGrad's accumulators and steps.

optimizers.py checks whole runs (initial weights and gradients in, final weights out); a note instead
writes one step, `m_t = β₁m_{t-1} + (1-β₁)g_t`, in terms of the state before it. Each entry here runs
the optimizer over the example's gradients, and its note view gives that state: the previous moment,
the last gradient g_t, the step count t and the weights before the last step (spelt w, x or θ, with the
index a note gives them on either side of `=`). Truths read torch.optim's own state (exp_avg,
exp_avg_sq, square_avg, sum) or its weights after the run; the bias-corrected moments are checked against
the normalised weighted average of the gradients they estimate.

Momentum's velocity is written in several conventions (v = ρv + g as torch keeps it, v = βv + (1-β)g, v = ρv - g
with x += αv, v = ρv - ηg with x += v, v = γv + ηg with x -= v), each right in its own text: the velocity entry
checks torch's and holds the others as conventions (never called wrong), and the step entry reads only
`x_{t+1} = x_t - α v_{t+1}`, whose indices say the velocity is the new one. Which step is right depends on the
velocity: where the note's section writes its velocity line, the step is judged under that line's convention
(`velocity_convention`), else a step right under some convention is never called wrong. A gradient the note
writes as ∇f(x_t) or ∇_θ L is the last gradient g_t.
"""
from __future__ import annotations

import random
import re
from typing import Any, Callable

from kb.formulas._build import Example, entry, t, vec

_TOL = 1e-10   # torch reorders a few float64 operations


def _examples(extra: Callable[[random.Random], Example]) -> Callable[[random.Random, int], list[Example]]:
    def examples(rng: random.Random, n: int) -> list[Example]:
        out: list[Example] = []
        while len(out) < n:
            d, steps = rng.randint(1, 4), rng.randint(1, 6)
            out.append(dict(w0=vec(rng, d), grads=[vec(rng, d) for _ in range(steps)], **extra(rng)))
        return out
    return examples


def _torch_run(make: Callable[[Any], Any], w0: list[float], grads: list[list[float]]) -> tuple[list[float], dict]:
    """torch's weights after feeding the gradients step by step, and its state for the parameter."""
    import torch
    param = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    optimizer = make([param])
    for g in grads:
        param.grad = t(g)
        optimizer.step()
    state = {k: v.tolist() if hasattr(v, "tolist") else v for k, v in optimizer.state[param].items()}
    return param.detach().tolist(), state


def _ema(grads: list[list[float]], beta: float, power: int = 1) -> list[float]:
    """β·s + (1-β)·g^power over the gradients, from zero."""
    s = [0.0] * len(grads[0])
    for g in grads:
        s = [beta * a + (1 - beta) * b ** power for a, b in zip(s, g)]
    return s


def _decayed_sum(grads: list[list[float]], beta: float) -> list[float]:
    """β·s + g over the gradients: the moment with its (1-β) left out."""
    s = [0.0] * len(grads[0])
    for g in grads:
        s = [beta * a + b for a, b in zip(s, g)]
    return s


def _total(grads: list[list[float]], power: int = 2) -> list[float]:
    return [sum(g[i] ** power for g in grads) for i in range(len(grads[0]))]


def _weights(values: list[float]) -> dict[str, list[float]]:
    """The weights before the last step under the names notes give them (w_t in `w_{t+1} = w_t - ...`,
    w_{t-1} in `w_t = w_{t-1} - ...`)."""
    return {f"{name}_{index}": values for name in ("w", "x", "\\theta") for index in ("t", "{t-1}")}


def _before_last(w0: list[float], grads: list[list[float]], step: Callable[[list[float], list[list[float]]], list[float]]
                 ) -> list[float]:
    return step(w0, grads[:-1]) if len(grads) > 1 else list(w0)


# ---- Adam ---------------------------------------------------------------------------------------------

def adam_moment(w0, grads, beta, power):
    return _ema(grads, beta, power)


def _truth_adam_state(key: str, beta_name: str) -> Callable[..., list[float]]:
    def truth(w0, grads, **betas):
        import torch
        beta1, beta2 = (betas[beta_name], 0.999) if beta_name == "beta1" else (0.9, betas[beta_name])
        return _torch_run(lambda p: torch.optim.Adam(p, lr=0.1, betas=(beta1, beta2)), w0, grads)[1][key]
    return truth


def _moment_view(name: str, power: int) -> Callable[..., dict[str, Any]]:
    def view(w0, grads, **betas):
        (beta,) = betas.values()
        previous = _ema(grads[:-1], beta, power) if len(grads) > 1 else [0.0] * len(w0)
        return {f"{name}_{{t-1}}": previous, **_gradient_names(grads[-1])}
    return view


def _normalised_average(grads: list[list[float]], beta: float, power: int) -> list[float]:
    """Σ_k β^{t-k} g_k^power / Σ_k β^{t-k}: the average the bias-corrected moment estimates."""
    steps = len(grads)
    weights = [beta ** (steps - k) for k in range(1, steps + 1)]
    return [sum(w * g[i] ** power for w, g in zip(weights, grads)) / sum(weights) for i in range(len(grads[0]))]


def adam_bias_corrected(w0, grads, beta, power):
    return [v / (1 - beta ** len(grads)) for v in _ema(grads, beta, power)]


def _corrected_view(name: str, power: int) -> Callable[..., dict[str, Any]]:
    def view(w0, grads, **betas):
        (beta,) = betas.values()
        return {f"{name}_t": _ema(grads, beta, power), "t": len(grads)}
    return view


def adam_step(w0, grads, lr, beta1, beta2, eps):
    import math
    w = list(w0)
    for steps in range(1, len(grads) + 1):
        m_hat = adam_bias_corrected(w0, grads[:steps], beta1, 1)
        v_hat = adam_bias_corrected(w0, grads[:steps], beta2, 2)
        w = [a - lr * m / (math.sqrt(v) + eps) for a, m, v in zip(w, m_hat, v_hat)]
    return w


def _truth_adam(w0, grads, lr, beta1, beta2, eps):
    import torch
    return _torch_run(lambda p: torch.optim.Adam(p, lr=lr, betas=(beta1, beta2), eps=eps), w0, grads)[0]


def _adam_step_view(w0, grads, lr, beta1, beta2, eps):
    before = _before_last(w0, grads, lambda w, gs: adam_step(w, gs, lr, beta1, beta2, eps))
    return {**_weights(before), "\\hat{m}_t": adam_bias_corrected(w0, grads, beta1, 1),
            "\\hat{v}_t": adam_bias_corrected(w0, grads, beta2, 2)}


def _adam_step_mutant(update: Callable[[float, float, float, float, float], float]) -> Callable[..., list[float]]:
    def mutant(w0, grads, lr, beta1, beta2, eps):
        view = _adam_step_view(w0, grads, lr, beta1, beta2, eps)
        return [update(a, m, v, lr, eps) for a, m, v in zip(view["w_t"], view["\\hat{m}_t"], view["\\hat{v}_t"])]
    return mutant


def adamw_step(w0, grads, lr, beta1, beta2, eps, wd):
    """Adam's step plus the decoupled decay ηλw, taken from the weights before the step."""
    import math
    w = list(w0)
    for steps in range(1, len(grads) + 1):
        m_hat = adam_bias_corrected(w0, grads[:steps], beta1, 1)
        v_hat = adam_bias_corrected(w0, grads[:steps], beta2, 2)
        w = [a - lr * (m / (math.sqrt(v) + eps) + wd * a) for a, m, v in zip(w, m_hat, v_hat)]
    return w


def _truth_adamw(w0, grads, lr, beta1, beta2, eps, wd):
    import torch
    return _torch_run(lambda p: torch.optim.AdamW(p, lr=lr, betas=(beta1, beta2), eps=eps, weight_decay=wd), w0, grads)[0]


def _adamw_step_view(w0, grads, lr, beta1, beta2, eps, wd):
    before = _before_last(w0, grads, lambda w, gs: adamw_step(w, gs, lr, beta1, beta2, eps, wd))
    return {**_weights(before), "\\hat{m}_t": adam_bias_corrected(w0, grads, beta1, 1),
            "\\hat{v}_t": adam_bias_corrected(w0, grads, beta2, 2)}


def _adamw_step_mutant(update: Callable[..., float]) -> Callable[..., list[float]]:
    def mutant(w0, grads, lr, beta1, beta2, eps, wd):
        view = _adamw_step_view(w0, grads, lr, beta1, beta2, eps, wd)
        return [update(a, m, v, lr, eps, wd) for a, m, v in zip(view["w_t"], view["\\hat{m}_t"], view["\\hat{v}_t"])]
    return mutant


# ---- RMSProp and AdaGrad ------------------------------------------------------------------------------

_ACCUMULATORS = ("s", "G", "v", "r")   # the letters notes give the running sum or average of g²


def rmsprop_accumulator(w0, grads, decay):
    return _ema(grads, decay, 2)


def _truth_rmsprop_state(w0, grads, decay):
    import torch
    return _torch_run(lambda p: torch.optim.RMSprop(p, lr=0.1, alpha=decay), w0, grads)[1]["square_avg"]


def _accumulator_view(previous: Callable[[list[list[float]]], list[float]]) -> Callable[[list[list[float]], list[float]], dict]:
    def view(grads, w0):
        before = previous(grads[:-1]) if len(grads) > 1 else [0.0] * len(w0)
        return {**{f"{a}_{{t-1}}": before for a in _ACCUMULATORS}, **_gradient_names(grads[-1])}
    return view


def adagrad_accumulator(w0, grads):
    return _total(grads)


def _truth_adagrad_state(w0, grads):
    import torch
    return _torch_run(lambda p: torch.optim.Adagrad(p, lr=0.1), w0, grads)[1]["sum"]


def scaled_step(w0, grads, lr, eps, accumulate: Callable[[list[list[float]]], list[float]]):
    import math
    w = list(w0)
    for steps in range(1, len(grads) + 1):
        s = accumulate(grads[:steps])
        w = [a - lr * g / (math.sqrt(v) + eps) for a, g, v in zip(w, grads[steps - 1], s)]
    return w


def rmsprop_step(w0, grads, lr, decay, eps):
    return scaled_step(w0, grads, lr, eps, lambda gs: _ema(gs, decay, 2))


def adagrad_step(w0, grads, lr, eps):
    return scaled_step(w0, grads, lr, eps, _total)


def _truth_rmsprop(w0, grads, lr, decay, eps):
    import torch
    return _torch_run(lambda p: torch.optim.RMSprop(p, lr=lr, alpha=decay, eps=eps), w0, grads)[0]


def _truth_adagrad(w0, grads, lr, eps):
    import torch
    return _torch_run(lambda p: torch.optim.Adagrad(p, lr=lr, eps=eps), w0, grads)[0]


def _scaled_step_view(before: list[float], grads: list[list[float]], accumulated: list[float]) -> dict[str, Any]:
    return {**_weights(before), **_gradient_names(grads[-1]), **{f"{a}_t": accumulated for a in _ACCUMULATORS}}


def _rmsprop_step_view(w0, grads, lr, decay, eps):
    before = _before_last(w0, grads, lambda w, gs: rmsprop_step(w, gs, lr, decay, eps))
    return _scaled_step_view(before, grads, _ema(grads, decay, 2))


def _adagrad_step_view(w0, grads, lr, eps):
    before = _before_last(w0, grads, lambda w, gs: adagrad_step(w, gs, lr, eps))
    return _scaled_step_view(before, grads, _total(grads))


def _scaled_step_mutant(view: Callable[..., dict[str, Any]], update: Callable[[float, float, float, float, float], float]
                        ) -> Callable[..., list[float]]:
    def mutant(**params):
        seen = view(**params)
        return [update(a, g, s, params["lr"], params["eps"]) for a, g, s in zip(seen["w_t"], seen["g_t"], seen["s_t"])]
    return mutant


# ---- gradient descent and momentum ---------------------------------------------------------------------

def _gradient_names(last: list[float]) -> dict[str, list[float]]:
    """The last gradient as notes write it: g_t, ∇f(x_t) in `x_{t+1} = ...`, ∇f(x_{t-1}) in `x_t = ...`, ∇_w L."""
    return {"g_t": last, "\\nabla f(x_t)": last, "\\nabla f(x_{t-1})": last, "\\nabla L": last}


def sgd_update(w0, grads, lr):
    w = list(w0)
    for g in grads:
        w = [a - lr * b for a, b in zip(w, g)]
    return w


def _truth_sgd(w0, grads, lr):
    import torch
    return _torch_run(lambda p: torch.optim.SGD(p, lr=lr), w0, grads)[0]


def _sgd_view(w0, grads, lr):
    before = _before_last(w0, grads, lambda w, gs: sgd_update(w, gs, lr))
    # `w ← w − η∇L` names the weights before the step w itself
    return {**_weights(before), **{name: before for name in ("w", "x", "\\theta")}, **_gradient_names(grads[-1])}


def momentum_velocity(w0, grads, rho):
    return _decayed_sum(grads, rho)


def _truth_momentum_buffer(w0, grads, rho):
    import torch
    return _torch_run(lambda p: torch.optim.SGD(p, lr=0.1, momentum=rho), w0, grads)[1]["momentum_buffer"]


def _velocity_view(w0, grads, rho):
    previous = _decayed_sum(grads[:-1], rho) if len(grads) > 1 else [0.0] * len(w0)
    return {"v_t": previous, "v_{t-1}": previous, **_gradient_names(grads[-1])}


def _velocity_with(update: Callable[[float, float, float], float]) -> Callable[..., list[float]]:
    def velocity(w0, grads, rho):
        seen = _velocity_view(w0, grads, rho)
        return [update(v, g, rho) for v, g in zip(seen["v_t"], seen["g_t"])]
    return velocity


def momentum_step(w0, grads, lr, rho):
    w = list(w0)
    for steps in range(1, len(grads) + 1):
        w = [a - lr * v for a, v in zip(w, _decayed_sum(grads[:steps], rho))]
    return w


def _truth_momentum(w0, grads, lr, rho):
    import torch
    return _torch_run(lambda p: torch.optim.SGD(p, lr=lr, momentum=rho), w0, grads)[0]


def _momentum_step_view(w0, grads, lr, rho):
    """The weights before the last step and the new velocity, under the indices of `x_{t+1} = x_t − α v_{t+1}`
    only: in `x_t = x_{t-1} − α v_t` the same v_t is the old velocity of the other convention."""
    before = _before_last(w0, grads, lambda w, gs: momentum_step(w, gs, lr, rho))
    return {**{f"{name}_t": before for name in ("w", "x", "\\theta")}, "v_{t+1}": _decayed_sum(grads, rho)}


def _momentum_step_with(update: Callable[[float, float, float], float]) -> Callable[..., list[float]]:
    def step(w0, grads, lr, rho):
        seen = _momentum_step_view(w0, grads, lr, rho)
        return [update(a, v, lr) for a, v in zip(seen["w_t"], seen["v_{t+1}"])]
    return step


def _momentum_step_ignoring_velocity(w0, grads, lr, rho):
    before = _momentum_step_view(w0, grads, lr, rho)["w_t"]
    return [a - lr * g for a, g in zip(before, grads[-1])]


# ---- Nesterov momentum, one line (PyTorch's form: v_t = μv_{t-1} + g_t, w_t = w_{t-1} − η(g_t + μv_t)) -------

def nesterov_step(w0, grads, lr, rho):
    w = list(w0)
    for steps in range(1, len(grads) + 1):
        velocity = _decayed_sum(grads[:steps], rho)
        w = [a - lr * (g + rho * v) for a, g, v in zip(w, grads[steps - 1], velocity)]
    return w


def _truth_nesterov_step(w0, grads, lr, rho):
    import torch
    return _torch_run(lambda p: torch.optim.SGD(p, lr=lr, momentum=rho, nesterov=True), w0, grads)[0]


def _nesterov_step_view(w0, grads, lr, rho):
    """The weights before the last step, the last gradient and the new velocity, under the indices of
    `w_t = w_{t-1} − η(g_t + μv_t)` only: in `w_{t+1} = w_t − η(g_t + μv_t)` the same v_t may be the old velocity."""
    before = _before_last(w0, grads, lambda w, gs: nesterov_step(w, gs, lr, rho))
    return {**{f"{name}_{{t-1}}": before for name in ("w", "x", "\\theta")}, "g_t": grads[-1],
            "\\nabla f(x_{t-1})": grads[-1], "v_t": _decayed_sum(grads, rho)}


def _nesterov_step_with(update: Callable[[float, float, float, float, float], float]) -> Callable[..., list[float]]:
    def step(w0, grads, lr, rho):
        seen = _nesterov_step_view(w0, grads, lr, rho)
        return [update(a, g, v, lr, rho) for a, g, v in zip(seen["w_{t-1}"], seen["g_t"], seen["v_t"])]
    return step


# ---- exponentially weighted average (Ng's V_t = βV_{t-1} + (1-β)θ_t over a series θ_1..θ_t) ---------------

def exponentially_weighted_average(w0, grads, beta):
    return _ema(grads, beta)


def _truth_ewa(w0, grads, beta):
    """torch's Adam keeps the same average of what it is fed as its first moment (exp_avg)."""
    return _truth_adam_state("exp_avg", "beta1")(w0, grads, beta1=beta)


_EWA_AVERAGES = ("V", "v", "S", "s", "EMA", "\\mathrm{EMA}")
_EWA_DATA = ("\\theta", "x", "y", "a")


# Ng's implementation names the one running average by what it averages, `v_θ := βv_θ + (1−β)θ_t`: on the right
# v_θ is the average before θ_t, on the left the one after it
_AVERAGE_OF_THETA = ("v_\\theta", "V_\\theta")


def _ewa_view(w0, grads, beta):
    """The average before the last value (V_{t-1} in `V_t = ...`, V_t in `V_{t+1} = ...`, v_θ in `v_θ := ...`) and
    the last value θ_t."""
    previous = _ema(grads[:-1], beta) if len(grads) > 1 else [0.0] * len(w0)
    return {**{f"{a}_{i}": previous for a in _EWA_AVERAGES for i in ("{t-1}", "t")},
            **{name: previous for name in _AVERAGE_OF_THETA},
            **{f"{d}_{i}": grads[-1] for d in _EWA_DATA for i in ("t", "{t+1}")}}


def _ewa_with(update: Callable[[float, float, float], float]) -> Callable[..., list[float]]:
    def average(w0, grads, beta):
        seen = _ewa_view(w0, grads, beta)
        return [update(v, x, beta) for v, x in zip(seen["V_{t-1}"], seen["\\theta_t"])]
    return average


def _ewa_corrected_view(w0, grads, beta):
    return {**{f"{a}_t": _ema(grads, beta) for a in _EWA_AVERAGES}, "t": len(grads)}


_FACTOR_ON_THE_NEW_VALUE = "the factor weighs the new value (V = (1−β)V + βθ)"
_EWA_KW = ("exponentially weighted average", "exponentially weighted moving average", "exponential moving average",
           "EWMA", "EWA", "moving average", "指数加权平均", "指数加权移动平均", "指数移动平均", "滑动平均",
           "экспоненциальное скользящее среднее", "экспоненциально взвешенное среднее", "moyenne mobile exponentielle",
           "exponentiell gewichteter Mittelwert", "exponentieller gleitender Durchschnitt", "media móvil exponencial",
           "promedio ponderado exponencial", "média móvel exponencial", "media mobile esponenziale",
           "指数移動平均", "지수 가중 평균", "średnia ruchoma wykładnicza", "trung bình trọng số mũ")


# Momentum with the learning rate inside the velocity (v_t = γv_{t-1} + η∇J, as in Ruder's overview; Géron and
# CS231n write the downhill twin m ← βm − η∇J): with a constant η the velocity is η times torch's buffer. Its step
# (θ − v, or θ + m downhill, or θ − ηv for a velocity without η) is right or wrong by the velocity line, which
# a step line alone does not show: momentum_step holds each as a convention, and the velocity line beside a step
# (velocity_convention) says which one the note's step is judged under.
def momentum_velocity_lr(w0, grads, lr, rho):
    return [lr * v for v in _decayed_sum(grads, rho)]


def _truth_momentum_velocity_lr(w0, grads, lr, rho):
    return [lr * b for b in _truth_momentum_buffer(w0, grads, rho)]


def _velocity_lr_view(w0, grads, lr, rho):
    """The velocity before the last step under every spelling a note gives it (v_{t-1} in `v_t = ...`, v_t in
    `v_{t+1} = ...`, a bare v or m in `m ← βm − η∇J`) and the last gradient."""
    previous = momentum_velocity_lr(w0, grads[:-1], lr, rho) if len(grads) > 1 else [0.0] * len(w0)
    names = ("v_t", "v_{t-1}", "v", "m", "m_t", "m_{t-1}")
    return {**{name: previous for name in names}, **_gradient_names(grads[-1])}


def _velocity_lr_with(update: Callable[[float, float, float, float], float]) -> Callable[..., list[float]]:
    def velocity(w0, grads, lr, rho):
        seen = _velocity_lr_view(w0, grads, lr, rho)
        return [update(v, g, lr, rho) for v, g in zip(seen["v"], seen["g_t"])]
    return velocity


_AVERAGE_VELOCITY = "the velocity is an average of the gradients (v = βv + (1−β)g)"
# the note's own (1 − β) on the gradient says it writes the average (deeplearning.ai's V_{dW} = βV_{dW} + (1−β)dW)
_WEIGHS_THE_GRADIENT = re.compile(r"(?:\\left)?\(\s*1\s*-\s*(?:\\(?:beta|rho|gamma|mu)|[βργμ])(?:_\{?\d\}?)?\s*(?:\\right)?\)")
_DOWNHILL_VELOCITY = "the velocity points downhill (m = βm − η∇J, then θ = θ + m)"
# the note's own sign says it writes the downhill twin: the rate subtracted inside the velocity
_SUBTRACTS_THE_RATE = re.compile(r"-\s*(?:\\eta|\\alpha|lr|(?:\\mathrm\{)?learning\\_rate)\b")
_RATE_INSIDE_UPHILL = "the velocity holds the rate (v = γv + η∇J, then θ = θ − v)"
_RATE_INSIDE_DOWNHILL = "the velocity holds the rate and points downhill (v = ρv − α∇f, then x = x + v)"
_DOWNHILL_STEP = "the velocity points downhill (x = x + αv)"
# a velocity line: its left side a velocity's name (v, v_t, v_{t+1}, m, V_{dW}, \mathrm{VdW}, \mathbf{v}), its right
# side the same letter decayed plus or minus a gradient
_VELOCITY_LHS = re.compile(r"^\s*(?:\\(?:mathbf|boldsymbol|mathrm)\s*\{\s*)?(?P<letter>[vVm])(?:dW|db)?\s*\}?"
                           r"\s*(?:_\s*(?:\{[^{}]*\}|\w))?\s*$")
_UPDATE_RELATION = re.compile(r":=|\\leftarrow|\\gets|(?<![<>!\\:])=")
_GRADIENT_TERM = re.compile(r"\\nabla|\\partial|(?<![A-Za-z\\])(?:g|d[A-Wa-z]|d\\theta|dW|db)(?![A-Za-z])"
                            r"|\\mathrm\s*\{\s*d[A-Za-z]+\s*\}|grad")
_DECAYED = re.compile(r"^\s*(?:\\(?:rho|mu|beta|gamma)|[ρμβγ]|0?\.\d+)\s*(?:\\cdot\s*)?"
                      r"(?:\\(?:mathbf|boldsymbol|mathrm)\s*\{\s*)?(?P<letter>[vVm])(?:dW|db)?\s*\}?"
                      r"\s*(?:_\s*(?:\{[^{}]*\}|\w))?\s*$")
_RATE = re.compile(r"\\eta|\\alpha|(?<![A-Za-z])lr(?![A-Za-z])|learning\\?_rate")


def _terms(rhs: str) -> list[tuple[str, str]]:
    """(sign, term) for each term of a sum outside brackets."""
    terms, depth, start, sign = [], 0, 0, "+"
    for at, char in enumerate(rhs):
        depth += (char in "({[") - (char in ")}]")
        if depth == 0 and char in "+-" and at > 0 and rhs[:at].strip():
            terms.append((sign, rhs[start:at]))
            sign, start = char, at + 1
        elif depth == 0 and char in "+-" and not rhs[:at].strip():
            sign, start = char, at + 1
    terms.append((sign, rhs[start:]))
    return [(sign, term.strip()) for sign, term in terms if term.strip()]


def velocity_convention(rows: tuple[str, ...]) -> str | None:
    """The convention of momentum's step that the note's velocity line fixes: "" for the step θ − ηv (torch's
    v = μv + g, or the average v = βv + (1−β)g), a key of the step's conventions for a velocity that holds the rate
    (Ruder's v = γv + η∇J: θ − v) or points downhill (CS231n's v = μv − η∇J: θ + v; v = μv − g: θ + ηv); None when
    the rows hold no velocity line or velocity lines of different conventions."""
    found = set()
    for row in rows:
        parts = _UPDATE_RELATION.split(row, maxsplit=1)
        if len(parts) != 2 or not (name := _VELOCITY_LHS.match(parts[0])):
            continue
        rhs = parts[1]
        letter = name.group("letter")
        terms = _terms(rhs)
        # the old velocity decayed by the momentum coefficient alone (ρv, βV_{dW}): a line without the decay or
        # with the rate on the old velocity is no velocity of any convention, a mistake that fixes none
        decayed = [t for s, t in terms if _DECAYED.match(t) and _DECAYED.match(t).group("letter") == letter]
        gradient = [(s, t) for s, t in terms if _GRADIENT_TERM.search(t) and t not in decayed]
        if len(terms) != 2 or len(decayed) != 1 or len(gradient) != 1:
            continue
        sign, term = gradient[0]
        if _WEIGHS_THE_GRADIENT.search(rhs):
            found.add("" if sign == "+" else None)
        elif _RATE.search(term):
            found.add(_RATE_INSIDE_UPHILL if sign == "+" else _RATE_INSIDE_DOWNHILL)
        else:
            found.add("" if sign == "+" else _DOWNHILL_STEP)
    return found.pop() if len(found) == 1 else None


_MOMENTUM_KW = ("momentum", "SGD with momentum", "SGD+Momentum", "velocity", "动量", "момент", "импульс", "momento", "Impuls",
                "moment")
_RHO = {"rho": ("\\rho", "\\mu", "\\beta", "\\gamma", "momentum")}
_RHOS = lambda r: dict(rho=r.choice([0.9, 0.5, 0.99]))   # noqa: E731


# ---- entries -------------------------------------------------------------------------------------------

_GRADS = {"w0": "initial weights", "grads": "gradient at each step (the last is g_t)"}
_EPSILON = ("\\epsilon", "\\varepsilon", "eps")
# code and pseudo-code spell the rate out (CS231n's `x += - learning_rate * dx`, Ng's summaries)
# (and the widely read Chinese edition of deeplearning.ai's notes writes α as `a`: W := W - a v_{dW})
_LR = ("\\alpha", "\\eta", "lr", "learning\\_rate", "a")
_BETA1 = lambda r: dict(beta1=r.choice([0.9, 0.5, 0.8]))   # noqa: E731
_BETA2 = lambda r: dict(beta2=r.choice([0.999, 0.9, 0.5]))  # noqa: E731
_ADAM_KW = ("Adam", "adaptive moment estimation")
# Adam's moments and their correction as each language names them: a note's "Zweites Moment" names v_t over
# momentum's velocity, which the shorter "moment"/"момент" of _MOMENTUM_KW would otherwise claim. Kingma and Ba's
# algorithm and the Deep Learning book call the uncorrected moments "biased" ("Update biased first moment
# estimate", 有偏一阶矩估计 in the book's Chinese edition): that word names these entries, no variant of them.
_FIRST_MOMENT_KW = ("first moment", "biased first moment", "有偏一阶矩", "一阶矩", "erstes Moment", "premier moment", "primer momento", "primeiro momento",
                    "primo momento", "первый момент", "1次モーメント", "1차 모멘트", "pierwszy moment")
_SECOND_MOMENT_KW = ("second moment", "biased second moment", "有偏二阶矩", "二阶矩", "zweites Moment", "deuxième moment", "segundo momento",
                     "secondo momento", "второй момент", "2次モーメント", "2차 모멘트", "drugi moment")
_BIAS_CORRECTION_KW = ("bias correction", "bias-corrected", "偏差修正", "Bias-Korrektur", "Biaskorrektur",
                       "correction du biais", "corrección de sesgo", "correção de viés", "correzione del bias",
                       "коррекция смещения", "поправка смещения", "バイアス補正", "편향 보정", "korekcja obciążenia")
# ε only guards the division: notes put it under the root or beside it, and both are the method. A tiny ε
# keeps that choice below the tolerance while a missing root or a wrong sign stays far above it.
_EPS = (1e-16, 1e-15)

FORMULAS = [
    entry("adam_first_moment", {"en": "Adam first moment estimate", "zh": "Adam 一阶矩估计", "ru": "Первый момент Adam",
                                "it": "Primo momento di Adam", "fr": "Premier moment d'Adam"},
          r"m_t=\beta_1m_{t-1}+(1-\beta_1)g_t", {**_GRADS, "beta1": "β₁"},
          lambda w0, grads, beta1: adam_moment(w0, grads, beta1, 1), _truth_adam_state("exp_avg", "beta1"),
          _examples(_BETA1),
          {"(1-β₁) left out": lambda w0, grads, beta1: _decayed_sum(grads, beta1),
           "β₁ and 1-β₁ swapped": lambda w0, grads, beta1: adam_moment(w0, grads, 1 - beta1, 1),
           "squared gradient": lambda w0, grads, beta1: adam_moment(w0, grads, beta1, 2)},
          (*_ADAM_KW, *_FIRST_MOMENT_KW, "momentum term"), {"beta1": ("\\beta_1", "beta1")},
          tol=_TOL, note_view=_moment_view("m", 1)),
    entry("adam_second_moment", {"en": "Adam second moment estimate", "zh": "Adam 二阶矩估计",
                                 "ru": "Второй момент Adam", "it": "Secondo momento di Adam",
                                 "fr": "Second moment d'Adam"},
          r"v_t=\beta_2v_{t-1}+(1-\beta_2)g_t^2", {**_GRADS, "beta2": "β₂"},
          lambda w0, grads, beta2: adam_moment(w0, grads, beta2, 2), _truth_adam_state("exp_avg_sq", "beta2"),
          _examples(_BETA2),
          {"gradient not squared": lambda w0, grads, beta2: adam_moment(w0, grads, beta2, 1),
           "β₂ and 1-β₂ swapped": lambda w0, grads, beta2: adam_moment(w0, grads, 1 - beta2, 2)},
          (*_ADAM_KW, *_SECOND_MOMENT_KW), {"beta2": ("\\beta_2", "beta2")},
          tol=_TOL, note_view=_moment_view("v", 2)),
    entry("adam_bias_corrected_first_moment", {"en": "Adam bias correction (first moment)",
                                               "zh": "Adam 偏差修正（一阶矩）", "ru": "Коррекция смещения Adam (m)"},
          r"\hat m_t=\frac{m_t}{1-\beta_1^t}", {**_GRADS, "beta1": "β₁"},
          lambda w0, grads, beta1: adam_bias_corrected(w0, grads, beta1, 1),
          lambda w0, grads, beta1: _normalised_average(grads, beta1, 1), _examples(_BETA1),
          {"1-β₁ without the power t": lambda w0, grads, beta1: [v / (1 - beta1) for v in adam_moment(w0, grads, beta1, 1)],
           "multiplied instead of divided": lambda w0, grads, beta1: [
               v * (1 - beta1 ** len(grads)) for v in adam_moment(w0, grads, beta1, 1)]},
          (*_ADAM_KW, *_BIAS_CORRECTION_KW), {"beta1": ("\\beta_1", "beta1")},
          tol=_TOL, note_view=_corrected_view("m", 1)),
    entry("adam_bias_corrected_second_moment", {"en": "Adam bias correction (second moment)",
                                                "zh": "Adam 偏差修正（二阶矩）", "ru": "Коррекция смещения Adam (v)"},
          r"\hat v_t=\frac{v_t}{1-\beta_2^t}", {**_GRADS, "beta2": "β₂"},
          lambda w0, grads, beta2: adam_bias_corrected(w0, grads, beta2, 2),
          lambda w0, grads, beta2: _normalised_average(grads, beta2, 2), _examples(_BETA2),
          {"1-β₂ without the power t": lambda w0, grads, beta2: [v / (1 - beta2) for v in adam_moment(w0, grads, beta2, 2)],
           "multiplied instead of divided": lambda w0, grads, beta2: [
               v * (1 - beta2 ** len(grads)) for v in adam_moment(w0, grads, beta2, 2)]},
          (*_ADAM_KW, *_BIAS_CORRECTION_KW), {"beta2": ("\\beta_2", "beta2")},
          tol=_TOL, note_view=_corrected_view("v", 2)),
    entry("adam_step", {"en": "Adam parameter update", "zh": "Adam 参数更新", "ru": "Шаг Adam",
                        "it": "Aggiornamento di Adam", "fr": "Mise à jour d'Adam"},
          r"w_t=w_{t-1}-\frac{\alpha\,\hat m_t}{\sqrt{\hat v_t}+\epsilon}",
          {**_GRADS, "lr": "learning rate α", "beta1": "β₁", "beta2": "β₂", "eps": "ε"}, adam_step, _truth_adam,
          _examples(lambda r: dict(lr=r.choice([0.1, 0.01, 1.0]), **_BETA1(r), **_BETA2(r), eps=r.choice(_EPS))),
          {"no square root": _adam_step_mutant(lambda a, m, v, lr, eps: a - lr * m / (v + eps)),
           "plus instead of minus": _adam_step_mutant(lambda a, m, v, lr, eps: a + lr * m / (v ** 0.5 + eps))},
          (*_ADAM_KW, "Adam update", "Adam step"), {"lr": _LR, "eps": _EPSILON},
          tol=_TOL, note_view=_adam_step_view),
    entry("adamw_step", {"en": "AdamW parameter update (decoupled weight decay)", "zh": "AdamW 参数更新（解耦权重衰减）",
                         "ru": "Шаг AdamW", "it": "Aggiornamento di AdamW", "de": "AdamW-Schritt"},
          r"w_t=w_{t-1}-\eta\left(\frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}+\lambda w_{t-1}\right)",
          {**_GRADS, "lr": "learning rate η", "beta1": "β₁", "beta2": "β₂", "eps": "ε", "wd": "weight decay λ"},
          adamw_step, _truth_adamw,
          _examples(lambda r: dict(lr=r.choice([0.1, 0.01, 1.0]), **_BETA1(r), **_BETA2(r), eps=r.choice(_EPS),
                                   wd=r.choice([0.01, 0.1, 0.5]))),
          {"decay without η": _adamw_step_mutant(lambda a, m, v, lr, eps, wd: a - lr * m / (v ** 0.5 + eps) - wd * a),
           "+λw (growth)": _adamw_step_mutant(lambda a, m, v, lr, eps, wd: a - lr * (m / (v ** 0.5 + eps) - wd * a)),
           "no square root": _adamw_step_mutant(lambda a, m, v, lr, eps, wd: a - lr * (m / (v + eps) + wd * a))},
          ("AdamW", "decoupled weight decay", "weight decay is decoupled", "解耦权重衰减", "disaccoppiato", "entkoppelt",
           "découplé", "desacoplado", "раздельн"),
          {"lr": _LR, "eps": _EPSILON, "wd": ("\\lambda", "wd", "weight\\_decay")},
          tol=_TOL, note_view=_adamw_step_view),
    entry("rmsprop_accumulator", {"en": "RMSProp accumulator (running mean of g²)",
                                  "zh": "RMSProp 平方梯度滑动平均", "ru": "Скользящее среднее квадратов градиента RMSProp"},
          r"s_t=\beta s_{t-1}+(1-\beta)g_t^2", {**_GRADS, "decay": "decay rate β"}, rmsprop_accumulator,
          _truth_rmsprop_state, _examples(lambda r: dict(decay=r.choice([0.9, 0.99, 0.5]))),
          {"gradient not squared": lambda w0, grads, decay: _ema(grads, decay, 1),
           "β and 1-β swapped": lambda w0, grads, decay: _ema(grads, 1 - decay, 2),
           "AdaGrad sum": lambda w0, grads, decay: _total(grads)},
          ("RMSProp", "RMSprop", "running average of squared gradients"),
          {"decay": ("\\beta", "\\rho", "\\gamma", "\\delta", "decay", "decay\\_rate")}, tol=_TOL,
          note_view=lambda w0, grads, decay: _accumulator_view(lambda gs: _ema(gs, decay, 2))(grads, w0)),
    entry("rmsprop_step", {"en": "RMSProp parameter update", "zh": "RMSProp 参数更新", "ru": "Шаг RMSProp"},
          r"w_t=w_{t-1}-\frac{\alpha\,g_t}{\sqrt{s_t}+\epsilon}",
          {**_GRADS, "lr": "learning rate α", "decay": "decay rate β", "eps": "ε"}, rmsprop_step, _truth_rmsprop,
          _examples(lambda r: dict(lr=r.choice([0.1, 0.01, 1.0]), decay=r.choice([0.9, 0.99, 0.5]), eps=r.choice(_EPS))),
          {"no square root": _scaled_step_mutant(_rmsprop_step_view, lambda a, g, s, lr, eps: a - lr * g / (s + eps)),
           "plus instead of minus": _scaled_step_mutant(_rmsprop_step_view, lambda a, g, s, lr, eps: a + lr * g / (s ** 0.5 + eps)),
           "the last g² instead of the accumulator": _scaled_step_mutant(
               _rmsprop_step_view, lambda a, g, s, lr, eps: a - lr * g / (abs(g) + eps))},
          ("RMSProp", "RMSprop"), {"lr": _LR, "eps": _EPSILON}, tol=_TOL,
          note_view=_rmsprop_step_view),
    entry("adagrad_accumulator", {"en": "AdaGrad accumulator (sum of g²)", "zh": "AdaGrad 平方梯度累加",
                                  "ru": "Сумма квадратов градиента AdaGrad", "it": "Accumulatore di AdaGrad"},
          r"G_t=G_{t-1}+g_t^2", _GRADS, adagrad_accumulator, _truth_adagrad_state, _examples(lambda r: {}),
          {"gradient not squared": lambda w0, grads: _total(grads, 1),
           "last gradient only": lambda w0, grads: [g * g for g in grads[-1]]},
          ("AdaGrad", "Adagrad", "sum of squared gradients"), {}, tol=_TOL,
          note_view=lambda w0, grads: _accumulator_view(_total)(grads, w0)),
    entry("adagrad_step", {"en": "AdaGrad parameter update", "zh": "AdaGrad 参数更新", "ru": "Шаг AdaGrad",
                           "it": "Aggiornamento di AdaGrad"},
          r"w_t=w_{t-1}-\frac{\alpha\,g_t}{\sqrt{G_t}+\epsilon}",
          {**_GRADS, "lr": "learning rate α", "eps": "ε"}, adagrad_step, _truth_adagrad,
          _examples(lambda r: dict(lr=r.choice([0.1, 0.01, 1.0]), eps=r.choice(_EPS))),
          {"no square root": _scaled_step_mutant(_adagrad_step_view, lambda a, g, s, lr, eps: a - lr * g / (s + eps)),
           "plus instead of minus": _scaled_step_mutant(_adagrad_step_view, lambda a, g, s, lr, eps: a + lr * g / (s ** 0.5 + eps)),
           "the last g² instead of the accumulator": _scaled_step_mutant(
               _adagrad_step_view, lambda a, g, s, lr, eps: a - lr * g / (abs(g) + eps))},
          ("AdaGrad", "Adagrad"), {"lr": _LR, "eps": _EPSILON}, tol=_TOL,
          note_view=_adagrad_step_view),
    entry("sgd_update", {"en": "SGD step on the weights (one line)", "zh": "梯度下降的一步", "ru": "Шаг градиентного спуска",
                         "it": "Passo della discesa del gradiente", "de": "Schritt des Gradientenabstiegs"},
          r"w_{t+1}=w_t-\eta\,\nabla L(w_t)", {**_GRADS, "lr": "learning rate η"}, sgd_update, _truth_sgd,
          _examples(lambda r: dict(lr=r.choice([0.1, 0.01, 1.0, 0.5]))),
          {"+η∇L (ascent)": lambda w0, grads, lr: sgd_update(w0, grads, -lr),
           "gradient without η": lambda w0, grads, lr: sgd_update(w0, grads, 1.0 if lr != 1.0 else 2.0)},
          ("gradient descent", "SGD", "stochastic gradient descent", "梯度下降", "градиентный спуск", "градиентного спуска",
           "descente de gradient",
           "discesa del gradiente", "Gradientenabstieg", "descenso de gradiente", "gradiente descendente",
           "descida de gradiente", "descida do gradiente"),
          # `w ← w − η∇L` (or `w = w − η∇L`): the left side is the weights after the step, the right side's w before it
          {"lr": _LR, "w_next": ("w", "\\theta", "x")}, tol=_TOL, note_view=_sgd_view),
    entry("momentum_velocity", {"en": "Momentum velocity update", "zh": "动量的速度更新", "ru": "Обновление скорости (момент)",
                                "it": "Velocità del momento"},
          r"v_{t+1}=\rho v_t+\nabla f(x_t)", {**_GRADS, "rho": "momentum ρ"}, momentum_velocity, _truth_momentum_buffer,
          _examples(_RHOS),
          {"ρ on the gradient (v + ρg)": lambda w0, grads, rho: [sum(rho * g[i] for g in grads) for i in range(len(w0))],
           "no decay (v + g)": lambda w0, grads, rho: _decayed_sum(grads, 1.0),
           "squared gradient": lambda w0, grads, rho: _ema(grads, rho, 2)},
          _MOMENTUM_KW, _RHO, tol=_TOL, note_view=_velocity_view,
          # one step of each other convention, on this entry's view (the previous velocity and the last gradient)
          conventions={_AVERAGE_VELOCITY: _velocity_with(lambda v, g, rho: rho * v + (1 - rho) * g),
                       "the velocity points downhill (v = ρv − g, then x = x + αv)":
                       _velocity_with(lambda v, g, rho: rho * v - g)},
          convention_signs={_AVERAGE_VELOCITY: _WEIGHS_THE_GRADIENT.search}),
    entry("momentum_step", {"en": "Momentum step on the weights", "zh": "动量法的参数更新", "ru": "Шаг с моментом",
                            "it": "Passo con momento"},
          r"x_{t+1}=x_t-\alpha v_{t+1}", {**_GRADS, "lr": "learning rate α", "rho": "momentum ρ"}, momentum_step,
          _truth_momentum, _examples(lambda r: dict(lr=r.choice([0.1, 0.01, 1.0]), **_RHOS(r))),
          # (x + αv is not a mutant: with a downhill velocity it is the step, a convention below)
          # (x − v is no mutant: after a velocity that holds the rate it is the step, a convention below)
          {"the last gradient instead of the velocity (plain SGD)": _momentum_step_ignoring_velocity,
           "the momentum applied again (x − αρv)": _momentum_step_with(lambda a, v, lr: a - lr * 0.9 * v)},
          _MOMENTUM_KW, {"lr": _LR, **_RHO}, tol=_TOL, note_view=_momentum_step_view,
          # with a downhill velocity (v = ρv − g) the step adds it; a velocity that already holds the rate is
          # subtracted as it is (v = γv + η∇J, Ruder's overview: θ = θ − v) or added when it points downhill
          # (v = ρv − α∇f, the form of Sutskever et al. 2013 and CS231n: x = x + v). Which one a step line is
          # in, its velocity line says: the note's own velocity fixes the convention its step is judged under.
          conventions={_DOWNHILL_STEP: _momentum_step_with(lambda a, v, lr: a + lr * v),
                       _RATE_INSIDE_DOWNHILL: _momentum_step_with(lambda a, v, lr: a + v),
                       _RATE_INSIDE_UPHILL: _momentum_step_with(lambda a, v, lr: a - v)},
          section_convention=velocity_convention),
    entry("nesterov_step", {"en": "Nesterov momentum step on the weights (PyTorch form)", "zh": "Nesterov 动量的参数更新",
                            "ru": "Шаг с моментом Нестерова", "de": "Nesterov-Schritt", "fr": "Pas de Nesterov",
                            "es": "Paso de Nesterov"},
          r"w_t=w_{t-1}-\eta\,(g_t+\mu v_t)", {**_GRADS, "lr": "learning rate η", "rho": "momentum μ"}, nesterov_step,
          _truth_nesterov_step, _examples(lambda r: dict(lr=r.choice([0.1, 0.01, 1.0]), **_RHOS(r))),
          # (w − ηv is no mutant: with the velocity taken at the look-ahead point it is the step, a convention below)
          {"μv without the gradient": _nesterov_step_with(lambda a, g, v, lr, rho: a - lr * rho * v),
           "plus instead of minus": _nesterov_step_with(lambda a, g, v, lr, rho: a + lr * (g + rho * v))},
          ("Nesterov", "NAG", "Nesterov accelerated gradient", "Nesterov momentum", "Нестеров", "Nesterov-Momentum",
           "涅斯捷罗夫"), {"lr": _LR, **_RHO}, tol=_TOL, note_view=_nesterov_step_view,
          conventions={"the velocity holds the gradient at the look-ahead point w − ημv (Sutskever's form), then w − ηv":
                       _nesterov_step_with(lambda a, g, v, lr, rho: a - lr * v)}),
    entry("momentum_velocity_lr", {"en": "Momentum velocity with the learning rate inside",
                                   "zh": "含学习率的动量速度更新", "ru": "Скорость момента с шагом обучения внутри",
                                   "de": "Momentum-Geschwindigkeit mit Lernrate", "es": "Velocidad del momento con la tasa dentro",
                                   "fr": "Vitesse du momentum avec le pas inclus"},
          r"v_t=\gamma v_{t-1}+\eta\nabla_\theta J(\theta)", {**_GRADS, "lr": "learning rate η", "rho": "momentum γ"},
          momentum_velocity_lr, _truth_momentum_velocity_lr,
          # η = 1 would hide a missing η, so the examples keep it away from 1
          _examples(lambda r: dict(lr=r.choice([0.1, 0.01, 0.5]), **_RHOS(r))),
          {"γ on the gradient (v = v + γη∇J)": _velocity_lr_with(lambda v, g, lr, rho: v + rho * lr * g),
           "no decay (v = v + η∇J)": _velocity_lr_with(lambda v, g, lr, rho: v + lr * g),
           "η on the old velocity (v = ηγv + ∇J)": _velocity_lr_with(lambda v, g, lr, rho: lr * rho * v + g)},
          # `m ← βm − η∇J` names the new velocity with the letter its right side reads the old one by
          _MOMENTUM_KW, {"lr": _LR, **_RHO, "v_next": ("m", "v")}, tol=_TOL, note_view=_velocity_lr_view,
          # the velocity without η is momentum_velocity's own set of conventions, each right in its text
          conventions={_DOWNHILL_VELOCITY: _velocity_lr_with(lambda v, g, lr, rho: rho * v - lr * g),
                       "η kept out of the velocity (v = γv + ∇J, as torch)": _velocity_lr_with(
                           lambda v, g, lr, rho: rho * v + g),
                       "η kept out of the velocity, which points downhill (v = γv − ∇J)": _velocity_lr_with(
                           lambda v, g, lr, rho: rho * v - g),
                       "the velocity is an average of the gradients (v = βv + (1−β)g)": _velocity_lr_with(
                           lambda v, g, lr, rho: rho * v + (1 - rho) * g)},
          convention_signs={_DOWNHILL_VELOCITY: _SUBTRACTS_THE_RATE.search}),
    entry("exponentially_weighted_average", {"en": "Exponentially weighted average", "zh": "指数加权平均",
                                             "ru": "Экспоненциальное скользящее среднее",
                                             "fr": "Moyenne mobile exponentielle", "de": "Exponentiell gewichteter Mittelwert",
                                             "es": "Media móvil exponencial"},
          r"V_t=\beta V_{t-1}+(1-\beta)\theta_t", {"w0": "a zero vector (the start V_0 = 0)",
                                                  "grads": "the series θ_1..θ_t (the last is θ_t)", "beta": "β"},
          exponentially_weighted_average, _truth_ewa, _examples(lambda r: dict(beta=r.choice([0.9, 0.98, 0.5]))),
          {"(1−β) left out (V = βV + θ)": _ewa_with(lambda v, x, beta: beta * v + x),
           "no decay (V = V + (1−β)θ)": _ewa_with(lambda v, x, beta: v + (1 - beta) * x),
           "β on both terms (V = βV + βθ)": _ewa_with(lambda v, x, beta: beta * (v + x))},
          _EWA_KW, {"beta": ("\\beta", "\\alpha", "\\gamma", "\\rho", "\\lambda"), "V_next": _AVERAGE_OF_THETA},
          tol=_TOL, note_view=_ewa_view,
          # a smoothing factor on the new value (pandas' α: S_t = αx_t + (1−α)S_{t−1}) is the same average
          conventions={_FACTOR_ON_THE_NEW_VALUE: _ewa_with(lambda v, x, beta: (1 - beta) * v + beta * x)},
          # α is the letter of a smoothing factor on the new value; β, γ, ρ are decay rates on the old average
          convention_signs={_FACTOR_ON_THE_NEW_VALUE: re.compile(r"\\alpha\b").search}),
    entry("ewa_bias_correction", {"en": "Bias correction of an exponentially weighted average",
                                  "zh": "指数加权平均的偏差修正", "ru": "Коррекция смещения экспоненциального среднего",
                                  "fr": "Correction du biais de la moyenne mobile exponentielle",
                                  "de": "Bias-Korrektur des exponentiell gewichteten Mittelwerts"},
          r"V_t^{corrected}=\frac{V_t}{1-\beta^t}", {"w0": "a zero vector (the start V_0 = 0)",
                                                    "grads": "the series θ_1..θ_t", "beta": "β"},
          lambda w0, grads, beta: [v / (1 - beta ** len(grads)) for v in _ema(grads, beta)],
          lambda w0, grads, beta: _normalised_average(grads, beta, 1),
          _examples(lambda r: dict(beta=r.choice([0.9, 0.98, 0.5]))),
          {"1−β without the power t": lambda w0, grads, beta: [v / (1 - beta) for v in _ema(grads, beta)],
           "multiplied instead of divided": lambda w0, grads, beta: [v * (1 - beta ** len(grads)) for v in _ema(grads, beta)],
           "β^t instead of 1−β^t": lambda w0, grads, beta: [v / beta ** len(grads) for v in _ema(grads, beta)]},
          (*_EWA_KW, *_BIAS_CORRECTION_KW), {"beta": ("\\beta",)}, tol=_TOL, note_view=_ewa_corrected_view),
]
