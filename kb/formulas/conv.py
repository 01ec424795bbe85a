"""Output sizes of convolution, dilated and transposed convolution, and pooling.

Ground truth is the shape torch actually produces: each example runs F.conv2d / F.conv_transpose2d /
F.max_pool2d / F.avg_pool2d on a 1x1xWxW tensor (batch 1, one channel, so 200 shapes take well under a
second). The kernel form repeats the same runs on a GPU, where convolutions go through cuDNN.
"""
from __future__ import annotations

import math
import random
from typing import Any, Callable

from kb.formulas._single_thread import single_threaded
from kb.formulas.core import Formula, KernelOutcome, values_match

# the letters of courses and papers, and the argument names of code (PyTorch's Conv2d takes kernel_size, stride,
# padding, dilation; per axis as kernel_size[0] or kernel_H, which kb.check.link reads as the size itself)
_SIZE_ALIASES = {
    "W": ("W", "W_I", "H_I", "H", "I", "n", "i", "N", "D_{in}", "H_{in}", "W_{in}", "n_{in}", "input\\_size"),
    "F": ("F", "k", "K", "f", "D_K", "kernel\\_size", "kernel", "filter\\_size"),
    "P": ("P", "p", "padding", "pad"),
    "S": ("S", "s", "stride"),
    "d": ("d", "D", "r", "dilation"),
}
# The output's size named by the input's letter with a prime (H' = ⌊(H-K+2P)/S⌋+1, W' and H' of a feature map): the
# new value of that size, not a derivative
_PRIMED_SIZES = ("O'", "H'", "W'", "N'", "n'", "H_{out}'", "W_{out}'")
_SIZE_KEYWORDS = ("output size", "output shape", "feature map size", "size of the output", "卷积大小", "输出大小", "卷积后",
                  "输出尺寸", "размер выхода", "размер карты признаков", "kích thước đầu ra", "出力サイズ", "출력 크기",
                  "taille de sortie", "Ausgabegröße")


# ---- torch ground truth -------------------------------------------------------------------------

def _image(W: int, device: str):
    import torch
    return torch.zeros(1, 1, W, W, device=device)


@single_threaded
def _conv_shape(W: int, F: int, P: int, S: int, d: int = 1, *, device: str = "cpu") -> int:
    import torch
    import torch.nn.functional as fn
    weight = torch.zeros(1, 1, F, F, device=device)
    return fn.conv2d(_image(W, device), weight, stride=S, padding=P, dilation=d).shape[-1]


@single_threaded
def _conv_transpose_shape(W: int, F: int, P: int, S: int, d: int, output_padding: int, *, device: str = "cpu") -> int:
    import torch
    import torch.nn.functional as fn
    weight = torch.zeros(1, 1, F, F, device=device)
    return fn.conv_transpose2d(_image(W, device), weight, stride=S, padding=P, dilation=d,
                               output_padding=output_padding).shape[-1]


@single_threaded
def _pool_shape(W: int, F: int, P: int, S: int, kind: str, ceil_mode: bool = False, *, device: str = "cpu") -> int:
    import torch.nn.functional as fn
    pool = fn.max_pool2d if kind == "max" else fn.avg_pool2d
    return pool(_image(W, device), F, stride=S, padding=P, ceil_mode=ceil_mode).shape[-1]


# ---- references (the formulas as kb states them) and their mutants ------------------------------

def conv_output_size(W: int, F: int, P: int, S: int) -> int:
    return (W - F + 2 * P) // S + 1


def dilated_conv_output_size(W: int, F: int, P: int, S: int, d: int) -> int:
    return (W + 2 * P - d * (F - 1) - 1) // S + 1


def transposed_conv_output_size(W: int, F: int, P: int, S: int, d: int, output_padding: int) -> int:
    return (W - 1) * S - 2 * P + d * (F - 1) + output_padding + 1


def pool_output_size(W: int, F: int, P: int, S: int, kind: str = "max") -> int:
    return (W + 2 * P - F) // S + 1


def pool_output_size_ceil(W: int, F: int, P: int, S: int, kind: str = "max") -> int:
    out = -(-(W + 2 * P - F) // S) + 1
    # A window that would start inside the right padding is dropped (PyTorch, Caffe).
    if (out - 1) * S >= W + P:
        out -= 1
    return out


# ---- examples --------------------------------------------------------------------------------------

def _conv_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    edge = [dict(W=1, F=1, P=0, S=1), dict(W=5, F=5, P=0, S=1), dict(W=7, F=3, P=0, S=2),
            dict(W=8, F=3, P=1, S=2), dict(W=32, F=5, P=2, S=1), dict(W=224, F=7, P=3, S=2),
            dict(W=1, F=3, P=1, S=3), dict(W=10, F=4, P=0, S=3)]
    out = edge[:n]
    while len(out) < n:
        W, F = rng.randint(1, 40), rng.randint(1, 9)
        P = rng.randint(0, F)
        if W + 2 * P >= F:
            out.append(dict(W=W, F=F, P=P, S=rng.randint(1, 5)))
    return out


def _dilated_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    edge = [dict(W=7, F=3, P=0, S=1, d=2), dict(W=32, F=3, P=2, S=1, d=2), dict(W=10, F=3, P=1, S=2, d=3),
            dict(W=5, F=1, P=0, S=1, d=4), dict(W=9, F=3, P=0, S=1, d=4)]
    out = edge[:n]
    while len(out) < n:
        W, F, d = rng.randint(1, 40), rng.randint(1, 7), rng.randint(1, 5)
        P = rng.randint(0, 6)
        if W + 2 * P >= d * (F - 1) + 1:
            out.append(dict(W=W, F=F, P=P, S=rng.randint(1, 5), d=d))
    return out


def _transposed_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    edge = [dict(W=4, F=3, P=1, S=2, d=1, output_padding=1), dict(W=1, F=1, P=0, S=1, d=1, output_padding=0),
            dict(W=5, F=4, P=1, S=2, d=1, output_padding=0), dict(W=3, F=3, P=0, S=1, d=2, output_padding=1)]
    out = edge[:n]
    while len(out) < n:
        W, F, S, d = rng.randint(1, 20), rng.randint(1, 7), rng.randint(1, 4), rng.randint(1, 3)
        params = dict(W=W, F=F, P=rng.randint(0, 4), S=S, d=d, output_padding=rng.randrange(max(S, d)))
        # torch requires output_padding < max(stride, dilation) and a positive output.
        if transposed_conv_output_size(**params) >= 1:
            out.append(params)
    return out


def _pool_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    edge = [dict(W=4, F=2, P=0, S=2, kind="max"), dict(W=5, F=2, P=0, S=2, kind="avg"),
            dict(W=7, F=3, P=1, S=2, kind="max"), dict(W=6, F=3, P=1, S=2, kind="avg"),
            dict(W=5, F=3, P=1, S=3, kind="max"), dict(W=1, F=1, P=0, S=1, kind="avg")]
    out = edge[:n]
    while len(out) < n:
        W, F = rng.randint(1, 40), rng.randint(1, 8)
        P = rng.randint(0, F // 2)  # torch: padding at most half the kernel
        if W + 2 * P >= F:
            out.append(dict(W=W, F=F, P=P, S=rng.randint(1, 5), kind=rng.choice(("max", "avg"))))
    return out


# ---- the GPU form --------------------------------------------------------------------------------

def kernel_check(reference: Callable[..., Any], examples: Callable[[random.Random, int], list[dict[str, Any]]],
                 on_device: Callable[..., Any], n: int = 200, seed: int = 0) -> Callable[[str], KernelOutcome]:
    """A kernel form: `on_device(**params, device=...)` must agree with `reference` on n seeded examples."""
    def run(device: str) -> KernelOutcome:
        import torch
        # cuDNN is the point of the check: make sure torch may use it, and record which one ran.
        torch.backends.cudnn.enabled = True
        cases = examples(random.Random(seed), n)
        for params in cases:
            got, want = on_device(**params, device=device), reference(**params)
            if not values_match(want, got, 0.0, 0.0):
                return KernelOutcome(False, len(cases), f"on {device} at {params}: formula {want}, torch {got}")
        backend = f"cuDNN {torch.backends.cudnn.version()}" if torch.backends.cudnn.is_available() else "no cuDNN"
        return KernelOutcome(True, len(cases), f"{len(cases)} shapes agree on {device} ({backend})")
    return run


# ---- entries ---------------------------------------------------------------------------------------

def _truth_conv(W: int, F: int, P: int, S: int) -> int:
    return _conv_shape(W, F, P, S)


def _truth_dilated(W: int, F: int, P: int, S: int, d: int) -> int:
    return _conv_shape(W, F, P, S, d)


def _truth_transposed(W: int, F: int, P: int, S: int, d: int, output_padding: int) -> int:
    return _conv_transpose_shape(W, F, P, S, d, output_padding)


def _truth_pool(W: int, F: int, P: int, S: int, kind: str) -> int:
    return _pool_shape(W, F, P, S, kind)


def _truth_pool_ceil(W: int, F: int, P: int, S: int, kind: str) -> int:
    return _pool_shape(W, F, P, S, kind, ceil_mode=True)


FORMULAS = [
    Formula(
        id="conv_output_size",
        titles={"en": "Convolution output size", "zh": "卷积输出大小", "ru": "Размер выхода свёртки",
                "es": "Tamaño de salida de una convolución"},
        latex=r"O=\left\lfloor\frac{W-F+2P}{S}\right\rfloor+1",
        symbols={"W": "input width (or height)", "F": "kernel size", "P": "padding on each side", "S": "stride"},
        reference=conv_output_size,
        truth=_truth_conv,
        examples=_conv_examples,
        mutants={
            "no floor": lambda W, F, P, S: (W - F + 2 * P) / S + 1,
            "ceil instead of floor": lambda W, F, P, S: math.ceil((W - F + 2 * P) / S) + 1,
            "missing +1": lambda W, F, P, S: (W - F + 2 * P) // S,
            "padding counted once": lambda W, F, P, S: (W - F + P) // S + 1,
            "+F instead of -F": lambda W, F, P, S: (W + F + 2 * P) // S + 1,
            "+1 inside the floor": lambda W, F, P, S: (W - F + 2 * P + 1) // S + 1,
        },
        aliases={**_SIZE_ALIASES, "O": ("O", "W_O", "H_O", "o", "D_F", "n_{out}", *_PRIMED_SIZES)},
        # "output volume" (H_out × W_out × K) is stated as a product of per-axis sizes, each of them this entry
        keywords=_SIZE_KEYWORDS + ("output size of convolution", "convolution output", "conv output size",
                                   "output width", "output height", "tamaño de salida", "output volume"),
        kernel=kernel_check(conv_output_size, _conv_examples, _conv_shape),
    ),
    Formula(
        id="dilated_conv_output_size",
        titles={"en": "Dilated convolution output size", "zh": "空洞卷积输出大小",
                "ru": "Размер выхода дилатированной свёртки"},
        latex=r"O=\left\lfloor\frac{W+2P-(d(k-1)+1)}{S}\right\rfloor+1",
        symbols={"W": "input width", "F": "kernel size k", "P": "padding", "S": "stride", "d": "dilation"},
        reference=dilated_conv_output_size,
        truth=_truth_dilated,
        examples=_dilated_examples,
        mutants={
            "d*k instead of d(k-1)+1": lambda W, F, P, S, d: (W + 2 * P - d * F) // S + 1,
            "d(k-1) without +1": lambda W, F, P, S, d: (W + 2 * P - d * (F - 1)) // S + 1,
            "dilation ignored": lambda W, F, P, S, d: (W + 2 * P - F) // S + 1,
            "no floor": lambda W, F, P, S, d: (W + 2 * P - d * (F - 1) - 1) / S + 1,
            "d(k+1)-1": lambda W, F, P, S, d: (W + 2 * P - d * (F + 1) + 1) // S + 1,
        },
        aliases={**_SIZE_ALIASES, "O": ("O", "o", *_PRIMED_SIZES)},
        keywords=("dilated conv", "dilated convolution", "atrous", "空洞卷积", "膨胀卷积",
                  "дилатированная свёртка", "расширенная свёртка") + _SIZE_KEYWORDS,
        kernel=kernel_check(dilated_conv_output_size, _dilated_examples, _conv_shape),
    ),
    Formula(
        id="transposed_conv_output_size",
        titles={"en": "Transposed convolution output size", "zh": "转置卷积输出大小",
                "ru": "Размер выхода транспонированной свёртки"},
        latex=r"O=(W-1)S-2P+d(k-1)+\mathrm{output\_padding}+1",
        symbols={"W": "input width", "F": "kernel size k", "P": "padding", "S": "stride", "d": "dilation",
                 "output_padding": "extra size added to one side of the output"},
        reference=transposed_conv_output_size,
        truth=_truth_transposed,
        examples=_transposed_examples,
        mutants={
            "W*S instead of (W-1)S": lambda W, F, P, S, d, output_padding:
                W * S - 2 * P + d * (F - 1) + output_padding + 1,
            "+2P instead of -2P": lambda W, F, P, S, d, output_padding:
                (W - 1) * S + 2 * P + d * (F - 1) + output_padding + 1,
            "output_padding missing": lambda W, F, P, S, d, output_padding:
                (W - 1) * S - 2 * P + d * (F - 1) + 1,
            "d*k instead of d(k-1)+1": lambda W, F, P, S, d, output_padding:
                (W - 1) * S - 2 * P + d * F + output_padding,
            "dilation ignored": lambda W, F, P, S, d, output_padding:
                (W - 1) * S - 2 * P + F + output_padding,
        },
        aliases={**_SIZE_ALIASES, "output_padding": ("output_padding", "a", "op"), "O": _PRIMED_SIZES},
        keywords=("transposed convolution", "deconvolution", "conv_transpose", "转置卷积", "反卷积",
                  "транспонированная свёртка", "обратная свёртка"),
        kernel=kernel_check(transposed_conv_output_size, _transposed_examples, _conv_transpose_shape),
    ),
    Formula(
        id="pool_output_size",
        titles={"en": "Pooling output size", "zh": "池化输出大小", "ru": "Размер выхода пулинга"},
        latex=r"O=\left\lfloor\frac{W+2P-F}{S}\right\rfloor+1",
        symbols={"W": "input width", "F": "pooling window", "P": "padding", "S": "stride",
                 "kind": "max or avg (same size)"},
        reference=pool_output_size,
        truth=_truth_pool,
        examples=_pool_examples,
        mutants={
            "W/S (window ignored)": lambda W, F, P, S, kind: W // S,
            "ceil instead of floor": lambda W, F, P, S, kind: math.ceil((W + 2 * P - F) / S) + 1,
            "no floor": lambda W, F, P, S, kind: (W + 2 * P - F) / S + 1,
            "padding ignored": lambda W, F, P, S, kind: (W - F) // S + 1,
        },
        aliases={**_SIZE_ALIASES, "O": _PRIMED_SIZES},
        keywords=("pooling output", "max pooling", "average pooling", "pool size", "pooling layer", "池化", "пулинг",
                  "макс-пулинг", "lớp pooling", "プーリング層", "풀링 층", "couche de pooling") + _SIZE_KEYWORDS,
        kernel=kernel_check(pool_output_size, _pool_examples, _pool_shape),
    ),
    Formula(
        id="pool_output_size_ceil",
        titles={"en": "Pooling output size (ceil mode)", "zh": "池化输出大小（ceil 模式）",
                "ru": "Размер выхода пулинга (ceil_mode)"},
        latex=r"O=\left\lceil\frac{W+2P-F}{S}\right\rceil+1-\left[(O'-1)S\ge W+P\right]",
        symbols={"W": "input width", "F": "pooling window", "P": "padding", "S": "stride",
                 "kind": "max or avg"},
        reference=pool_output_size_ceil,
        truth=_truth_pool_ceil,
        examples=_pool_examples,
        mutants={
            "plain ceil (last window may start in padding)": lambda W, F, P, S, kind:
                -(-(W + 2 * P - F) // S) + 1,
            "floor (ceil_mode ignored)": lambda W, F, P, S, kind: (W + 2 * P - F) // S + 1,
        },
        aliases={**_SIZE_ALIASES, "O": _PRIMED_SIZES},
        keywords=("ceil_mode", "ceil mode pooling"),
        kernel=kernel_check(pool_output_size_ceil, _pool_examples,
                            lambda device, **p: _pool_shape(**p, ceil_mode=True, device=device)),
    ),
]
