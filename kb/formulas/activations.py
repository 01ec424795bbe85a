"""Activation functions the notes state: sigmoid, tanh (its definition and as a scaled sigmoid), ReLU,
ReLU6, leaky ReLU, ELU, SELU, GELU (exact and tanh form), swish, mish, softplus, log-sigmoid, softsign,
hard sigmoid, hard tanh, h-swish, the bent identity, the Gaussian, thresholded ReLU, softmax and softmax with
temperature.

References are written with `math` one element at a time; the truth is torch's own kernel (torch.sigmoid,
F.silu, F.hardswish, F.softmax, ...) on a float64 vector. Torch's kernels differ from the textbook
expressions by rounding only, so the tolerance is 1e-12 relative. The kernel form runs the same torch ops on
a GPU, where they are separate CUDA kernels.
"""
from __future__ import annotations

import math
import random
from typing import Any, Callable

from kb.formulas.core import Formula, KernelOutcome, memoize_truth, values_match

Example = dict[str, Any]
_EDGES = [0.0, -0.0, 1.0, -1.0, 3.0, -3.0, 6.0, -6.0, 2.9999, 3.0001, -2.9999, -3.0001, 30.0, -30.0]


def _sigma(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _relu6(x: float) -> float:
    return min(max(0.0, x), 6.0)


def _map(f: Callable[[float], float]) -> Callable[..., list[float]]:
    return lambda x: [f(v) for v in x]


def _xs_examples(rng: random.Random, n: int) -> list[Example]:
    out = [dict(x=list(_EDGES))]
    while len(out) < n:
        scale = rng.choice([1.0, 4.0, 10.0])
        out.append(dict(x=[rng.uniform(-scale, scale) for _ in range(rng.randint(1, 16))]))
    return out[:n]


def _alpha_examples(rng: random.Random, n: int) -> list[Example]:
    # max(αx, x) is leaky ReLU only for α < 1, as in every use the notes make of it.
    return [dict(e, alpha=rng.choice([0.01, 0.1, 0.2, 0.5, 0.9])) for e in _xs_examples(rng, n)]


def _logit_examples(rng: random.Random, n: int, with_tau: bool = False) -> list[Example]:
    out: list[Example] = [dict(z=[0.0, 0.0]), dict(z=[1.0, 2.0, 3.0])]
    while len(out) < n:
        out.append(dict(z=[rng.uniform(-8, 8) for _ in range(rng.randint(1, 12))]))
    out = out[:n]
    if with_tau:
        out = [dict(e, tau=rng.choice([0.1, 0.5, 2.0, 4.0, 10.0])) for e in out]
    return out


def _torch_op(op: Callable[..., Any], device: str = "cpu") -> Callable[..., list[float]]:
    """Apply a torch op to the example's vector `x` (and scalar extras) in float64 on `device`."""
    def truth(**params: Any) -> list[float]:
        import torch
        vector = next(k for k in ("x", "z") if k in params)
        x = torch.tensor(params[vector], dtype=torch.float64, device=device)
        extras = {k: v for k, v in params.items() if k != vector}
        return op(x, **extras).cpu().tolist()
    return truth


def _kernel(reference: Callable[..., Any], examples: Callable[[random.Random, int], list[Example]],
            op: Callable[..., Any], n: int = 100) -> Callable[[str], KernelOutcome]:
    """The torch op on a device (its CUDA kernel) must agree with the reference on n seeded examples."""
    def run(device: str) -> KernelOutcome:
        cases = examples(random.Random(1), n)
        on_device = _torch_op(op, device)
        for params in cases:
            want, got = reference(**params), on_device(**params)
            if not values_match(want, got, 1e-12, 1e-15):
                return KernelOutcome(False, len(cases), f"on {device} at {params}: formula {want}, torch {got}")
        return KernelOutcome(True, len(cases), f"{len(cases)} vectors agree on {device}")
    return run


# ---- torch ops (the truth) ----------------------------------------------------------------------------

def _op_sigmoid(x):
    import torch
    return torch.sigmoid(x)


def _op_tanh(x):
    import torch
    return torch.tanh(x)


def _op_relu(x):
    import torch.nn.functional as fn
    return fn.relu(x)


def _op_relu6(x):
    import torch.nn.functional as fn
    return fn.relu6(x)


def _op_leaky(x, alpha):
    import torch.nn.functional as fn
    return fn.leaky_relu(x, negative_slope=alpha)


def _op_elu(x, alpha):
    import torch.nn.functional as fn
    return fn.elu(x, alpha=alpha)


def _op_silu(x):
    import torch.nn.functional as fn
    return fn.silu(x)


def _op_swish_beta(x, beta):
    import torch
    return x * torch.sigmoid(beta * x)


def _op_hardswish(x):
    import torch.nn.functional as fn
    return fn.hardswish(x)


def _op_gelu(x):
    import torch.nn.functional as fn
    return fn.gelu(x)


def _op_gelu_tanh(x):
    import torch.nn.functional as fn
    return fn.gelu(x, approximate="tanh")


def _op_mish(x):
    import torch.nn.functional as fn
    return fn.mish(x)


def _op_selu(x):
    import torch.nn.functional as fn
    return fn.selu(x)


def _op_softplus(x):
    # torch switches to the identity above `threshold` (default 20, an error of 2e-9 at x = 20); 700 keeps
    # the exact ln(1+e^x) everywhere e^x fits in a float64.
    import torch.nn.functional as fn
    return fn.softplus(x, threshold=700)


def _op_logsigmoid(x):
    import torch.nn.functional as fn
    return fn.logsigmoid(x)


def _op_softsign(x):
    import torch.nn.functional as fn
    return fn.softsign(x)


def _op_hardsigmoid(x):
    import torch.nn.functional as fn
    return fn.hardsigmoid(x)


def _op_hardtanh(x):
    import torch.nn.functional as fn
    return fn.hardtanh(x)


def _op_bent_identity(x):
    # √(x²+1) as cosh(asinh x): another route to the same value than the reference's square root
    import torch
    return x + (torch.cosh(torch.asinh(x)) - 1) / 2


def _op_gaussian(x):
    # e^{-x²} is √π/2 times the derivative of erf, taken by autograd
    import torch
    leaf = x.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(torch.erf(leaf).sum(), leaf)
    return grad * math.sqrt(math.pi) / 2


def _op_threshold(x, theta):
    import torch.nn.functional as fn
    return fn.threshold(x, theta, 0.0)


def _op_softmax(z):
    import torch.nn.functional as fn
    return fn.softmax(z, dim=0)


def _op_softmax_tau(z, tau):
    import torch.nn.functional as fn
    return fn.softmax(z / tau, dim=0)


# ---- references ---------------------------------------------------------------------------------------

sigmoid = _map(_sigma)
tanh_from_sigmoid = _map(lambda v: 2 * _sigma(2 * v) - 1)
relu = _map(lambda v: max(0.0, v))
relu6 = _map(_relu6)
swish = _map(lambda v: v * _sigma(v))
h_swish = _map(lambda v: v * _relu6(v + 3) / 6)


# SELU's constants (Klambauer et al. 2017), as torch defines them.
SELU_LAMBDA, SELU_ALPHA = 1.0507009873554804934193349852946, 1.6732632423543772848170429916717


def _softplus(v: float) -> float:
    return max(v, 0.0) + math.log1p(math.exp(-abs(v)))


def _phi(v: float) -> float:
    """The standard normal CDF Φ."""
    return 0.5 * (1 + math.erf(v / math.sqrt(2)))


def _gelu_tanh(v: float, c: float = 0.044715) -> float:
    return 0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi) * (v + c * v ** 3)))


def _selu(v: float, lam: float = SELU_LAMBDA, alpha: float = SELU_ALPHA) -> float:
    return lam * (v if v > 0 else alpha * (math.exp(v) - 1))


bent_identity = _map(lambda v: (math.sqrt(v * v + 1) - 1) / 2 + v)
gaussian = _map(lambda v: math.exp(-v * v))
tanh_definition = _map(lambda v: (math.exp(v) - math.exp(-v)) / (math.exp(v) + math.exp(-v)))
gelu = _map(lambda v: v * _phi(v))
gelu_tanh = _map(_gelu_tanh)
mish = _map(lambda v: v * math.tanh(_softplus(v)))
selu = _map(_selu)
softplus = _map(_softplus)
log_sigmoid = _map(lambda v: -_softplus(-v))
softsign = _map(lambda v: v / (1 + abs(v)))
hard_sigmoid = _map(lambda v: _relu6(v + 3) / 6)
hard_tanh = _map(lambda v: min(max(-1.0, v), 1.0))


def leaky_relu(x: list[float], alpha: float) -> list[float]:
    return [max(alpha * v, v) for v in x]


def swish_beta(x: list[float], beta: float) -> list[float]:
    return [v * _sigma(beta * v) for v in x]


def _beta_examples(rng: random.Random, n: int) -> list[Example]:
    # β = 1 is SiLU; a trainable β takes other values (Ramachandran et al., 2017), and β → ∞ tends to ReLU
    return [dict(e, beta=rng.choice([0.5, 1.0, 1.5, 2.0, 5.0])) for e in _xs_examples(rng, n)]


def thresholded_relu(x: list[float], theta: float) -> list[float]:
    return [v if v > theta else 0.0 for v in x]


def _theta_examples(rng: random.Random, n: int) -> list[Example]:
    # θ is never 0 (there the unit is plain ReLU); inputs fall on both sides of θ and never on it, where notes
    # writing x ≥ θ and x > θ differ by convention only
    out = []
    for e in _xs_examples(rng, n):
        theta = rng.choice([0.5, 1.0, 2.0, -1.0])
        out.append(dict(x=[v + 0.25 if v == theta else v for v in e["x"]], theta=theta))
    return out


def elu(x: list[float], alpha: float) -> list[float]:
    return [v if v > 0 else alpha * (math.exp(v) - 1) for v in x]


def softmax(z: list[float]) -> list[float]:
    top = max(z)
    e = [math.exp(v - top) for v in z]
    return [v / sum(e) for v in e]


def softmax_temperature(z: list[float], tau: float) -> list[float]:
    return softmax([v / tau for v in z])


# ---- entries ---------------------------------------------------------------------------------------

_TOL = dict(rel_tol=1e-12, abs_tol=1e-15)


def _entry(id: str, titles: dict[str, str], latex: str, reference: Callable[..., Any], op: Callable[..., Any],
           examples: Callable[[random.Random, int], list[Example]], mutants: dict[str, Callable[..., Any]],
           keywords: tuple[str, ...], symbols: dict[str, str] | None = None,
           aliases: dict[str, tuple[str, ...]] | None = None) -> Formula:
    return Formula(id=id, titles=titles, latex=latex, symbols=symbols or {"x": "input values"},
                   reference=reference, truth=memoize_truth(_torch_op(op)), examples=examples, mutants=mutants,
                   aliases=aliases or {"x": ("x", "z")}, keywords=keywords, n_examples=100,
                   kernel=_kernel(reference, examples, op), **_TOL)


FORMULAS = [
    _entry("sigmoid", {"en": "Sigmoid", "zh": "Sigmoid 函数", "ru": "Сигмоида"},
           r"\sigma(x)=\frac{1}{1+e^{-x}}", sigmoid, _op_sigmoid, _xs_examples,
           {"e^{x} instead of e^{-x}": _map(lambda v: 1 / (1 + math.exp(v))),
            "squared": _map(lambda v: _sigma(v) ** 2),
            "1/(1+x²)": _map(lambda v: 1 / (1 + v * v))},
           ("sigmoid", "logistic function", "σ(x)", "S-образн", "сигмоид")),
    _entry("tanh_scaled_sigmoid", {"en": "tanh as a shifted, scaled sigmoid", "zh": "tanh 与 sigmoid 的关系",
                                   "ru": "tanh через сигмоиду"},
           r"\tanh(x)=2\sigma(2x)-1", tanh_from_sigmoid, _op_tanh, _xs_examples,
           {"σ(x) instead of σ(2x)": _map(lambda v: 2 * _sigma(v) - 1),
            "missing −1": _map(lambda v: 2 * _sigma(2 * v)),
            "missing factor 2 outside": _map(lambda v: _sigma(2 * v) - 1)},
           ("tanh", "shifted and scaled sigmoid", "zero centred")),
    _entry("relu", {"en": "ReLU", "zh": "ReLU", "ru": "ReLU"}, r"\mathrm{ReLU}(x)=\max(0,x)", relu, _op_relu,
           _xs_examples,
           {"min instead of max": _map(lambda v: min(0.0, v)), "absolute value": _map(abs)},
           ("ReLU", "rectified linear unit", "max(0,x)")),
    _entry("relu6", {"en": "ReLU6", "zh": "ReLU6", "ru": "ReLU6"}, r"\mathrm{ReLU6}(x)=\min(\max(0,x),6)", relu6,
           _op_relu6, _xs_examples,
           {"no cap at 6": _map(lambda v: max(0.0, v)), "no floor at 0": _map(lambda v: min(v, 6.0)),
            "cap at 1": _map(lambda v: min(max(0.0, v), 1.0))},
           ("ReLU6", "relu6")),
    _entry("leaky_relu", {"en": "Leaky ReLU", "zh": "Leaky ReLU", "ru": "Leaky ReLU"},
           r"\mathrm{LeakyReLU}(x)=\max(\alpha x,x)", leaky_relu, _op_leaky, _alpha_examples,
           {"plain ReLU": lambda x, alpha: [max(0.0, v) for v in x],
            "slope on the positive side": lambda x, alpha: [alpha * v if v > 0 else v for v in x],
            "min instead of max": lambda x, alpha: [min(alpha * v, v) for v in x]},
           ("LeakyReLU", "leaky ReLU", "PReLU"), symbols={"x": "input values", "alpha": "negative slope α"},
           aliases={"x": ("x",), "alpha": ("\\alpha", "a")}),
    _entry("elu", {"en": "ELU", "zh": "ELU", "ru": "ELU"},
           r"\mathrm{ELU}(x)=\begin{cases}x&x>0\\\alpha(e^{x}-1)&x\le0\end{cases}", elu, _op_elu, _alpha_examples,
           {"missing −1": lambda x, alpha: [v if v > 0 else alpha * math.exp(v) for v in x],
            "α missing": lambda x, alpha: [v if v > 0 else math.exp(v) - 1 for v in x],
            "e^{−x}": lambda x, alpha: [v if v > 0 else alpha * (math.exp(-v) - 1) for v in x]},
           ("ELU", "exponential linear unit", "exp(x) - 1"), symbols={"x": "input values", "alpha": "scale α (1 in the notes)"},
           aliases={"x": ("x",), "alpha": ("\\alpha", "a")}),   # (a as notes write the leaky slope, a·(eˣ − 1))
    _entry("swish", {"en": "Swish (SiLU)", "zh": "Swish 激活函数", "ru": "Swish"}, r"\mathrm{swish}(x)=x\cdot\sigma(x)",
           swish, _op_silu, _xs_examples,
           {"σ(x) alone": sigmoid, "x·σ(−x)": _map(lambda v: v * _sigma(-v)), "x·tanh(x)": _map(lambda v: v * math.tanh(v))},
           ("swish", "SiLU", "x·σ(x)", "функции активации")),
    _entry("swish_beta", {"en": "Swish with β", "zh": "带 β 的 Swish", "ru": "Swish с параметром β",
                          "fr": "Swish avec β", "de": "Swish mit β", "pl": "Swish z β"},
           r"\mathrm{swish}_\beta(x)=x\cdot\sigma(\beta x)", swish_beta, _op_swish_beta, _beta_examples,
           {"β left out (SiLU)": lambda x, beta: swish(x), "β outside: βx·σ(x)": lambda x, beta: [beta * v * _sigma(v) for v in x],
            "x·σ(−βx)": lambda x, beta: [v * _sigma(-beta * v) for v in x],
            "σ(βx) alone": lambda x, beta: [_sigma(beta * v) for v in x]},
           ("swish", "Swish-β", "swish with beta", "SiLU"), symbols={"x": "input values", "beta": "slope β (1 gives SiLU)"},
           aliases={"x": ("x", "z"), "beta": (r"\beta", "b")}),
    _entry("h_swish", {"en": "Hard swish (h-swish)", "zh": "h-swish 激活函数", "ru": "h-swish"},
           r"\text{h-swish}(x)=x\,\frac{\mathrm{ReLU6}(x+3)}{6}", h_swish, _op_hardswish, _xs_examples,
           {"missing /6": _map(lambda v: v * _relu6(v + 3)),
            "hard sigmoid only": _map(lambda v: _relu6(v + 3) / 6),
            "ReLU6(x) instead of ReLU6(x+3)": _map(lambda v: v * _relu6(v) / 6),
            "ReLU instead of ReLU6": _map(lambda v: v * max(0.0, v + 3) / 6)},
           ("h-swish", "hard swish", "hswish", "MobileNetV3 activation", "функции активации")),
    _entry("softmax", {"en": "Softmax", "zh": "Softmax 函数", "ru": "Softmax"},
           r"\operatorname{softmax}(z)_k=\frac{e^{z_k}}{\sum_j e^{z_j}}", softmax, _op_softmax,
           _logit_examples,
           {"normalised without exp": lambda z: [v / sum(z) for v in z],
            "exp over plain sum": lambda z: [math.exp(v) / sum(z) for v in z],
            "sigmoid per class": lambda z: [_sigma(v) for v in z]},
           ("softmax", "soft max", "normalised exponential", "logits", "switchable normalization weights"),
           symbols={"z": "logits"}, aliases={"z": ("z", "s", "x", "\\lambda")}),
    _entry("softmax_temperature", {"en": "Softmax with temperature", "zh": "带温度的 Softmax",
                                   "ru": "Softmax с температурой"},
           r"p_k=\frac{e^{z_k/\tau}}{\sum_j e^{z_j/\tau}}", softmax_temperature, _op_softmax_tau,
           lambda rng, n: _logit_examples(rng, n, with_tau=True),
           {"z·τ instead of z/τ": lambda z, tau: softmax([v * tau for v in z]),
            "no temperature": lambda z, tau: softmax(z),
            "τ² ": lambda z, tau: softmax([v / tau ** 2 for v in z])},
           ("temperature", "softmax temperature", "soft targets", "температур", "带温度的", "温度系数", "温度 T",
            "Temperatur", "température"),
           symbols={"z": "logits", "tau": "temperature τ"}, aliases={"z": ("z", "s", "f", "s^t", "s^s", "z^t", "z^s"), "tau": ("\\tau", "T")}),
    _entry("tanh", {"en": "Hyperbolic tangent", "zh": "双曲正切函数 tanh", "ru": "Гиперболический тангенс",
                    "fr": "Tangente hyperbolique", "de": "Tangens hyperbolicus", "es": "Tangente hiperbólica"},
           r"\tanh(x)=\frac{e^{x}-e^{-x}}{e^{x}+e^{-x}}", tanh_definition, _op_tanh, _xs_examples,
           {"+ in the numerator": _map(lambda v: (math.exp(v) + math.exp(-v)) / (math.exp(v) + math.exp(-v))),
            "cosh/sinh (coth)": _map(lambda v: (math.exp(v) + math.exp(-v)) / (math.exp(v) - math.exp(-v)) if v else math.inf),
            "sinh alone": _map(lambda v: (math.exp(v) - math.exp(-v)) / 2)},
           ("tanh", "hyperbolic tangent", "双曲正切", "гиперболический тангенс")),
    _entry("gelu", {"en": "GELU", "zh": "GELU 激活函数", "ru": "GELU"}, r"\mathrm{GELU}(x)=x\,\Phi(x)",
           gelu, _op_gelu, _xs_examples,
           {"x·σ(x) (swish)": swish, "Φ(x) alone": _map(_phi), "x·σ(1.702x) approximation": _map(lambda v: v * _sigma(1.702 * v))},
           ("GELU", "Gaussian error linear unit", "xΦ(x)")),
    _entry("gelu_tanh", {"en": "GELU (tanh approximation)", "zh": "GELU 的 tanh 近似", "ru": "GELU (tanh-приближение)"},
           r"\mathrm{GELU}(x)\approx\frac{x}{2}\left(1+\tanh\left(\sqrt{2/\pi}\,(x+0.044715x^{3})\right)\right)",
           gelu_tanh, _op_gelu_tanh, _xs_examples,
           {"missing the cubic term": _map(lambda v: _gelu_tanh(v, 0.0)),
            "missing the factor ½": _map(lambda v: 2 * _gelu_tanh(v)),
            "√(π/2) instead of √(2/π)": _map(lambda v: 0.5 * v * (1 + math.tanh(math.sqrt(math.pi / 2) * (v + 0.044715 * v ** 3))))},
           ("GELU", "tanh approximation", "0.044715")),
    _entry("mish", {"en": "Mish", "zh": "Mish 激活函数", "ru": "Mish"}, r"\mathrm{Mish}(x)=x\tanh(\operatorname{softplus}(x))",
           mish, _op_mish, _xs_examples,
           {"x·tanh(x)": _map(lambda v: v * math.tanh(v)), "x·σ(softplus(x))": _map(lambda v: v * _sigma(_softplus(v))),
            "tanh(softplus(x)) alone": _map(lambda v: math.tanh(_softplus(v)))},
           ("Mish", "self regularized non-monotonic")),
    _entry("selu", {"en": "SELU", "zh": "SELU 激活函数", "ru": "SELU"},
           r"\mathrm{SELU}(x)=\lambda\begin{cases}x&x>0\\\alpha(e^{x}-1)&x\le0\end{cases},\ \lambda\approx1.0507,\ \alpha\approx1.6733",
           selu, _op_selu, _xs_examples,
           {"λ missing (ELU with α)": _map(lambda v: _selu(v, lam=1.0)), "α missing": _map(lambda v: _selu(v, alpha=1.0)),
            "λ on the negative side only": _map(lambda v: v if v > 0 else _selu(v))},
           ("SELU", "scaled exponential linear unit", "self-normalizing")),
    _entry("softplus", {"en": "Softplus", "zh": "Softplus 函数", "ru": "Softplus"}, r"\operatorname{softplus}(x)=\ln(1+e^{x})",
           softplus, _op_softplus, _xs_examples,
           {"ln(1+e^{−x})": _map(lambda v: _softplus(-v)), "e^x/(1+e^x) (its derivative)": sigmoid,
            "ln(e^x)": _map(lambda v: v)},
           ("softplus", "smooth ReLU", "log(1+exp(x))")),
    _entry("log_sigmoid", {"en": "Log-sigmoid", "zh": "对数 sigmoid", "ru": "Логарифм сигмоиды"},
           r"\log\sigma(x)=-\ln(1+e^{-x})", log_sigmoid, _op_logsigmoid, _xs_examples,
           {"sign flipped": _map(lambda v: _softplus(-v)), "−ln(1+e^{x})": _map(lambda v: -_softplus(v)),
            "ln(1+σ(x))": _map(lambda v: math.log1p(_sigma(v)))},
           ("log-sigmoid", "logsigmoid", "log σ")),
    _entry("softsign", {"en": "Softsign", "zh": "Softsign 函数", "ru": "Softsign"}, r"\operatorname{softsign}(x)=\frac{x}{1+|x|}",
           softsign, _op_softsign, _xs_examples,
           {"no absolute value": _map(lambda v: v / (1 + v) if v != -1 else math.inf), "x/(1+x²)": _map(lambda v: v / (1 + v * v))},
           ("softsign",)),
    _entry("hard_sigmoid", {"en": "Hard sigmoid", "zh": "Hard sigmoid", "ru": "Жёсткая сигмоида"},
           r"\text{h-sigmoid}(x)=\frac{\mathrm{ReLU6}(x+3)}{6}", hard_sigmoid, _op_hardsigmoid, _xs_examples,
           {"ReLU6(x)/6": _map(lambda v: _relu6(v) / 6), "missing /6": _map(lambda v: _relu6(v + 3)),
            "0.2x+0.5 clipped (Keras)": _map(lambda v: min(max(0.0, 0.2 * v + 0.5), 1.0))},
           ("hard sigmoid", "h-sigmoid", "hsigmoid")),
    # three more rows of the usual table of activation functions (the bent identity, the Gaussian, thresholded ReLU)
    _entry("bent_identity", {"en": "Bent identity", "zh": "Bent identity 函数", "ru": "Изогнутая тождественная функция",
                             "ko": "벤트 항등 함수", "ja": "ベント恒等関数", "de": "Bent Identity"},
           r"f(x)=\frac{\sqrt{x^2+1}-1}{2}+x", bent_identity, _op_bent_identity, _xs_examples,
           {"missing /2": _map(lambda v: math.sqrt(v * v + 1) - 1 + v),
            "missing −1": _map(lambda v: math.sqrt(v * v + 1) / 2 + v),
            "missing + x": _map(lambda v: (math.sqrt(v * v + 1) - 1) / 2)},
           ("bent identity", "Bent identity", "벤트 항등", "ベント恒等", "изогнутая тождественная")),
    _entry("gaussian_activation", {"en": "Gaussian activation", "zh": "高斯激活函数", "ru": "Гауссова функция активации",
                                   "ko": "가우시안 활성화 함수", "ja": "ガウス活性化関数", "de": "Gauß-Aktivierung",
                                   "fr": "Activation gaussienne", "es": "Activación gaussiana"},
           r"f(x)=e^{-x^2}", gaussian, _op_gaussian, _xs_examples,
           {"e^{-x}": _map(lambda v: math.exp(-v) if v > -700 else math.inf),
            "e^{-x²/2}": _map(lambda v: math.exp(-v * v / 2)),
            "e^{x²}": _map(lambda v: math.exp(v * v) if abs(v) < 26 else math.inf)},
           ("Gaussian activation", "Gaussian function", "가우시안 활성화", "ガウス関数", "高斯激活", "高斯函数",
            "Gauß-Aktivierung", "гауссова функция", "activation gaussienne", "activación gaussiana")),
    _entry("thresholded_relu", {"en": "Thresholded ReLU", "zh": "阈值 ReLU", "ru": "Пороговая ReLU", "ko": "임계 ReLU",
                                "ja": "閾値付き ReLU", "de": "Thresholded ReLU"},
           r"f_\theta(x)=\begin{cases}x&x>\theta\\0&\text{otherwise}\end{cases}", thresholded_relu, _op_threshold,
           _theta_examples,
           {"compared with 0, not θ (plain ReLU)": lambda x, theta: [max(0.0, v) for v in x],
            "x − θ above θ": lambda x, theta: [v - theta if v > theta else 0.0 for v in x],
            "θ below θ": lambda x, theta: [v if v > theta else theta for v in x]},
           ("thresholded ReLU", "ThresholdedReLU", "threshold ReLU", "임계 ReLU", "阈值 ReLU", "пороговая ReLU",
            "閾値付き ReLU"),
           symbols={"x": "input values", "theta": "threshold θ"}, aliases={"x": ("x", "z"), "theta": ("\\theta", "\\tau", "t")}),
    _entry("hard_tanh", {"en": "Hard tanh", "zh": "Hard tanh", "ru": "Жёсткий tanh"}, r"\operatorname{hardtanh}(x)=\max(-1,\min(1,x))",
           hard_tanh, _op_hardtanh, _xs_examples,
           {"clipped to [0, 1]": _map(lambda v: min(max(0.0, v), 1.0)), "no lower clip": _map(lambda v: min(v, 1.0))},
           ("hardtanh", "hard tanh")),
]
