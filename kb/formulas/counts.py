"""Parameter and multiply-add counts of standard and depthwise-separable convolution (MobileNet).

Ground truth counts what torch builds and runs: `sum(p.numel())` of an nn.Conv2d, and the FLOPs that
torch.utils.flop_counter.FlopCounterMode records for the convolutions (2 FLOPs per multiply-add). All
tensors live on the meta device, so counting needs no memory or arithmetic. The notes' worked example
(N=256 kernels 5x5x3 over an 8x8 output) is checked as an extra check of each entry.
"""
from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from kb.formulas.core import Formula, KernelOutcome, values_match

# The notes' worked example: 256 kernels 5x5x3 passing over 8x8 positions.
MOBILENET_EXAMPLE = dict(D_K=5, M=3, N=256, D_F=8)
WORKED = {
    "standard_conv_mult_adds": (MOBILENET_EXAMPLE, 1_228_800),
    "depthwise_separable_mult_adds": (MOBILENET_EXAMPLE, 53_952),          # 4,800 + 49,152
    "depthwise_separable_cost_ratio": (MOBILENET_EXAMPLE, 53_952 / 1_228_800),
}
WORKED_PARTS = {"depthwise": 4_800, "pointwise": 49_152}

_COST_ALIASES = {
    "D_K": ("D_K", "D_k", "Dk", "K", "k", "F"),
    "M": ("M", "C_1", "C_{in}", "C_in"),
    "N": ("N", "C_2", "C_{out}", "C_out"),
    "D_F": ("D_F", "D_f", "Df"),
}
_COST_KEYWORDS = ("MobileNet", "depthwise separable", "depth-wise", "depthwise", "pointwise", "point-wise",
                  "multiply-adds", "mult-adds", "computational cost", "深度可分离卷积", "标准卷积", "计算量",
                  "разделяемая свертка", "разделяемая свёртка", "операций умножения", "умножений",
                  "обычная свертка")


# ---- counted ground truth ----------------------------------------------------------------------

def counted_mult_adds(D_K: int, M: int, N: int, D_F: int) -> dict[str, int]:
    """Multiply-adds FlopCounterMode records for a standard conv and for its depthwise + pointwise pair.

    The input is (D_F + D_K - 1) wide with no padding, so the output is D_F x D_F and every tap counted
    is a real one (with 'same' padding FlopCounterMode would also count taps on zero padding, which is
    what the formula assumes too, but only odd D_K gives a symmetric 'same' padding).
    """
    import torch
    import torch.nn.functional as fn
    from torch.utils.flop_counter import FlopCounterMode

    x = torch.empty(1, M, D_F + D_K - 1, D_F + D_K - 1, device="meta")
    counts = {}
    with FlopCounterMode(display=False) as counter:
        fn.conv2d(x, torch.empty(N, M, D_K, D_K, device="meta"))
    counts["standard"] = counter.get_total_flops() // 2
    with FlopCounterMode(display=False) as counter:
        depthwise = fn.conv2d(x, torch.empty(M, 1, D_K, D_K, device="meta"), groups=M)
    counts["depthwise"] = counter.get_total_flops() // 2
    with FlopCounterMode(display=False) as counter:
        fn.conv2d(depthwise, torch.empty(N, M, 1, 1, device="meta"))
    counts["pointwise"] = counter.get_total_flops() // 2
    return counts


def _truth_standard(D_K: int, M: int, N: int, D_F: int) -> int:
    return counted_mult_adds(D_K, M, N, D_F)["standard"]


def _truth_separable(D_K: int, M: int, N: int, D_F: int) -> int:
    counts = counted_mult_adds(D_K, M, N, D_F)
    return counts["depthwise"] + counts["pointwise"]


def _truth_ratio(D_K: int, M: int, N: int, D_F: int) -> float:
    counts = counted_mult_adds(D_K, M, N, D_F)
    return float(Fraction(counts["depthwise"] + counts["pointwise"], counts["standard"]))


def _truth_params(H: int, W: int, C1: int, C2: int, bias: bool) -> int:
    import torch.nn as nn
    layer = nn.Conv2d(C1, C2, (H, W), bias=bias, device="meta")
    return sum(p.numel() for p in layer.parameters())


# ---- references ----------------------------------------------------------------------------------

def conv_param_count(H: int, W: int, C1: int, C2: int, bias: bool) -> int:
    return H * W * C1 * C2 + (C2 if bias else 0)


def conv_param_count_square(F: int, C_in: int, K: int, bias: int) -> int:
    return (F * F * C_in + bias) * K


def _truth_params_square(F: int, C_in: int, K: int, bias: int) -> int:
    return _truth_params(F, F, C_in, K, bool(bias))


def _square_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    """Input channels start at 2: a note that leaves C_in out forgot it (one input channel is no default the
    way 'no padding' is), so its formula must not pass as the C_in = 1 case."""
    edge = [dict(F=3, C_in=3, K=64, bias=1), dict(F=1, C_in=2, K=1, bias=0), dict(F=5, C_in=16, K=8, bias=0)]
    out = edge[:n]
    while len(out) < n:
        out.append(dict(F=rng.randint(1, 7), C_in=rng.randint(2, 128), K=rng.randint(1, 128), bias=rng.randint(0, 1)))
    return out


def standard_conv_mult_adds(D_K: int, M: int, N: int, D_F: int) -> int:
    return D_K * D_K * M * N * D_F * D_F


def depthwise_separable_mult_adds(D_K: int, M: int, N: int, D_F: int) -> int:
    return D_K * D_K * M * D_F * D_F + M * N * D_F * D_F


def depthwise_conv_mult_adds(D_K: int, M: int, D_F: int) -> int:
    return D_K * D_K * M * D_F * D_F


def _truth_depthwise(D_K: int, M: int, D_F: int) -> int:
    return counted_mult_adds(D_K, M, 1, D_F)["depthwise"]


def _depthwise_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    return [{k: v for k, v in ex.items() if k != "N"} for ex in _cost_examples(rng, n)]


def depthwise_separable_cost_ratio(D_K: int, M: int, N: int, D_F: int) -> float:
    return 1 / N + 1 / D_K ** 2


# ---- examples ------------------------------------------------------------------------------------

def _cost_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    edge = [dict(MOBILENET_EXAMPLE), dict(D_K=1, M=1, N=1, D_F=1), dict(D_K=3, M=32, N=64, D_F=112),
            dict(D_K=3, M=1024, N=1024, D_F=7), dict(D_K=2, M=5, N=3, D_F=4)]
    out = edge[:n]
    while len(out) < n:
        out.append(dict(D_K=rng.randint(1, 7), M=rng.randint(1, 64), N=rng.randint(1, 256), D_F=rng.randint(1, 32)))
    return out


def _param_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    edge = [dict(H=3, W=3, C1=3, C2=64, bias=True), dict(H=1, W=1, C1=1, C2=1, bias=False),
            dict(H=5, W=5, C1=3, C2=256, bias=False), dict(H=1, W=7, C1=16, C2=8, bias=True)]
    out = edge[:n]
    while len(out) < n:
        out.append(dict(H=rng.randint(1, 7), W=rng.randint(1, 7), C1=rng.randint(1, 128), C2=rng.randint(1, 128),
                        bias=rng.random() < 0.5))
    return out


# ---- the notes' worked example -------------------------------------------------------------------

def _worked_check(formula_id: str):
    """The notes' number must come out of both the formula and the counted truth."""
    def check() -> KernelOutcome:
        params, stated = WORKED[formula_id]
        formula = next(f for f in FORMULAS if f.id == formula_id)
        got = {"formula": formula.reference(**params), "counted": formula.truth(**params)}
        counts = counted_mult_adds(**params)
        parts_ok = all(counts[k] == v for k, v in WORKED_PARTS.items())
        ok = parts_ok and all(values_match(stated, v, 1e-12, 0.0) for v in got.values())
        detail = (f"notes: {stated} at {params}; formula {got['formula']}, counted {got['counted']}; "
                  f"depthwise {counts['depthwise']} (notes 4,800), pointwise {counts['pointwise']} (notes 49,152)")
        return KernelOutcome(ok, 1, detail)
    return check


FORMULAS = [
    Formula(
        id="conv_param_count",
        titles={"en": "Parameters of a convolution layer", "zh": "卷积层参数量", "ru": "Число параметров свёрточного слоя"},
        latex=r"H\times W\times C_1\times C_2\;(+\,C_2\text{ bias})",
        symbols={"H": "kernel height", "W": "kernel width", "C1": "input channels", "C2": "output channels",
                 "bias": "whether the layer has a bias"},
        reference=conv_param_count,
        truth=_truth_params,
        examples=_param_examples,
        mutants={
            "bias forgotten": lambda H, W, C1, C2, bias: H * W * C1 * C2,
            "bias per input channel": lambda H, W, C1, C2, bias: H * W * C1 * C2 + (C1 if bias else 0),
            "input channels forgotten": lambda H, W, C1, C2, bias: H * W * C2 + (C2 if bias else 0),
            "bias inside the kernel product": lambda H, W, C1, C2, bias: (H * W + bias) * C1 * C2,
        },
        aliases={"H": ("H", "K_h", "k_h", "D_K", "F"), "W": ("W", "K_w", "k_w", "D_K", "F"),
                 "C1": ("C_1", "C1", "C_{in}", "M"), "C2": ("C_2", "C2", "C_{out}", "N")},
        keywords=("number of parameters", "parameter count", "params", "参数量", "参数数量", "число параметров",
                  "параметров"),
    ),
    Formula(
        id="conv_param_count_square",
        titles={"en": "Parameters of a convolution layer with square kernels", "zh": "卷积层参数量（方形卷积核）",
                "ru": "Число параметров свёрточного слоя (квадратное ядро)", "vi": "Số tham số của lớp tích chập",
                "fr": "Nombre de paramètres d'une couche de convolution"},
        latex=r"(F\cdot F\cdot C_{in}+b)\cdot K\quad(b=1\text{ with bias, }0\text{ without})",
        symbols={"F": "kernel size (F x F)", "C_in": "input channels", "K": "number of filters (output channels)",
                 "bias": "1 with a bias per filter, 0 without"},
        reference=conv_param_count_square,
        truth=_truth_params_square,
        examples=_square_examples,
        mutants={
            "input channels forgotten": lambda F, C_in, K, bias: (F * F + bias) * K,
            "bias per input channel": lambda F, C_in, K, bias: F * F * C_in * K + bias * C_in,
            "kernel not squared": lambda F, C_in, K, bias: (F * C_in + bias) * K,
            "one bias for the layer": lambda F, C_in, K, bias: F * F * C_in * K + bias,
        },
        aliases={"F": ("F", "k", "K", "f", "D_K"), "C_in": ("C_{in}", "C", "C_1", "M", "D", "n_C"),
                 "K": ("K", "C_{out}", "C_2", "N", "n_f")},
        keywords=("number of parameters", "parameter count", "params", "参数量", "参数数量", "число параметров",
                  "параметров", "số tham số", "tham số", "nombre de paramètres", "Anzahl der Parameter", "Parameteranzahl",
                  "パラメータ数", "파라미터 수"),
    ),
    Formula(
        id="standard_conv_mult_adds",
        titles={"en": "Cost of a standard convolution", "zh": "标准卷积计算量", "ru": "Стоимость обычной свёртки"},
        latex=r"D_K\times D_K\times M\times N\times D_F\times D_F",
        symbols={"D_K": "kernel size", "M": "input channels", "N": "output channels", "D_F": "output feature map size"},
        reference=standard_conv_mult_adds,
        truth=_truth_standard,
        examples=_cost_examples,
        mutants={
            "FLOPs (2 per multiply-add)": lambda D_K, M, N, D_F: 2 * D_K * D_K * M * N * D_F * D_F,
            "D_K not squared": lambda D_K, M, N, D_F: D_K * M * N * D_F * D_F,
            "D_F not squared": lambda D_K, M, N, D_F: D_K * D_K * M * N * D_F,
            "output channels forgotten": lambda D_K, M, N, D_F: D_K * D_K * M * D_F * D_F,
            "input channels forgotten": lambda D_K, M, N, D_F: D_K * D_K * N * D_F * D_F,
        },
        aliases=_COST_ALIASES,
        keywords=_COST_KEYWORDS,
        extra_checks=(_worked_check("standard_conv_mult_adds"),),
    ),
    Formula(
        id="depthwise_separable_mult_adds",
        titles={"en": "Cost of a depthwise separable convolution", "zh": "深度可分离卷积计算量",
                "ru": "Стоимость разделяемой свёртки"},
        latex=r"D_K\times D_K\times M\times D_F\times D_F+M\times N\times D_F\times D_F",
        symbols={"D_K": "kernel size", "M": "input channels", "N": "output channels", "D_F": "output feature map size"},
        reference=depthwise_separable_mult_adds,
        truth=_truth_separable,
        examples=_cost_examples,
        mutants={
            "depthwise part times N": lambda D_K, M, N, D_F: D_K * D_K * M * N * D_F * D_F + M * N * D_F * D_F,
            "pointwise part without M": lambda D_K, M, N, D_F: D_K * D_K * M * D_F * D_F + N * D_F * D_F,
            "product of the parts": lambda D_K, M, N, D_F: (D_K * D_K * M * D_F * D_F) * (M * N * D_F * D_F),
            "depthwise part only": lambda D_K, M, N, D_F: D_K * D_K * M * D_F * D_F,
            "D_F not squared": lambda D_K, M, N, D_F: D_K * D_K * M * D_F + M * N * D_F,
        },
        aliases=_COST_ALIASES,
        keywords=_COST_KEYWORDS,
        extra_checks=(_worked_check("depthwise_separable_mult_adds"),),
    ),
    Formula(
        id="depthwise_conv_mult_adds",
        titles={"en": "Cost of a depthwise convolution", "zh": "深度卷积计算量", "ru": "Стоимость depthwise-свёртки"},
        latex=r"D_K\times D_K\times M\times D_F\times D_F",
        symbols={"D_K": "kernel size", "M": "input channels (one kernel each)", "D_F": "output feature map size"},
        reference=depthwise_conv_mult_adds,
        truth=_truth_depthwise,
        examples=_depthwise_examples,
        mutants={
            "D_K not squared": lambda D_K, M, D_F: D_K * M * D_F * D_F,
            "channels forgotten": lambda D_K, M, D_F: D_K * D_K * D_F * D_F,
            "channels squared (a full conv M→M)": lambda D_K, M, D_F: D_K * D_K * M * M * D_F * D_F,
        },
        aliases={k: v for k, v in _COST_ALIASES.items() if k != "N"},
        keywords=("depthwise", "depth-wise", "深度卷积", "MobileNet"),
    ),
    Formula(
        id="depthwise_separable_cost_ratio",
        titles={"en": "Depthwise separable vs standard convolution cost", "zh": "深度可分离卷积与标准卷积计算量之比",
                "ru": "Отношение стоимости разделяемой и обычной свёртки"},
        latex=r"\frac{1}{N}+\frac{1}{D_K^2}",
        symbols={"D_K": "kernel size", "M": "input channels", "N": "output channels", "D_F": "output feature map size"},
        reference=depthwise_separable_cost_ratio,
        truth=_truth_ratio,
        examples=_cost_examples,
        mutants={
            "1/D_K instead of 1/D_K^2": lambda D_K, M, N, D_F: 1 / N + 1 / D_K,
            "1/M instead of 1/N": lambda D_K, M, N, D_F: 1 / M + 1 / D_K ** 2,
            "product instead of sum": lambda D_K, M, N, D_F: 1 / (N * D_K ** 2),
            "inverted (speed-up)": lambda D_K, M, N, D_F: N * D_K ** 2 / (N + D_K ** 2),
        },
        aliases=_COST_ALIASES,
        keywords=_COST_KEYWORDS + ("reduction", "ratio", "сокращение вычислений", "之比", "比值", "rapport", "tỉ lệ"),
        # The reference is a float sum of two reciprocals; the truth is an exact Fraction turned to float.
        rel_tol=1e-12,
        extra_checks=(_worked_check("depthwise_separable_cost_ratio"),),
    ),
]
