"""Receptive field of stacked convolutions (stride 1, with strides) and the extent of a dilated kernel.

The truth asks autograd which input positions reach one output of the stacked conv1d layers.
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, entry
from kb.formulas.core import Formula, memoize_truth


# "receptive field" in Japanese, Korean, Vietnamese, French, German, Spanish (Chinese and Russian are in each entry)
_KW_OTHER_LANGUAGES = ("受容野", "수용 영역", "수용장", "trường tiếp nhận", "champ récepteur", "rezeptives Feld", "campo receptivo")


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


FORMULAS = [
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
        keywords=("receptive field", "感受野", "рецептивное поле") + _KW_OTHER_LANGUAGES,
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
        keywords=("receptive field", "1 + 2L", "network with L layers", "感受野", "рецептивное поле") + _KW_OTHER_LANGUAGES,
    ),
]


# ---- strided stacks and dilated kernels ----------------------------------------------------------------

def receptive_field_strided(kernels: list[int], strides: list[int]) -> int:
    """r = 1 + Σ_l (k_l − 1) Π_{i<l} s_i."""
    r, jump = 1, 1
    for k, s in zip(kernels, strides):
        r += (k - 1) * jump
        jump *= s
    return r


def dilated_kernel_extent(k: int, d: int) -> int:
    return k + (k - 1) * (d - 1)


def _inputs_reaching_first_output(layers: list[tuple[int, int, int]]) -> int:
    """The span of input positions with a non-zero gradient at the first output of a conv1d stack
    [(kernel, stride, dilation)]; strides larger than kernels leave holes inside the span, which still counts."""
    import torch
    import torch.nn.functional as fn
    # Comfortably more input than one output needs (Π s · Σ k·d bounds the receptive field), so the count is
    # the gradient's support and not the input's length.
    size = 2 + 2 * math.prod(s for _, s, _ in layers) * sum(k * d for k, _, d in layers)
    x = torch.ones(1, 1, size, dtype=torch.float64, requires_grad=True)
    y = x
    for k, s, d in layers:
        y = fn.conv1d(y, torch.ones(1, 1, k, dtype=torch.float64), stride=s, dilation=d)
    (grad,) = torch.autograd.grad(y[0, 0, 0], x)
    reached = torch.nonzero(grad[0, 0]).flatten()
    return int(reached.max() - reached.min()) + 1


def _truth_strided(kernels, strides):
    return _inputs_reaching_first_output([(k, s, 1) for k, s in zip(kernels, strides)])


def _truth_dilated(k, d):
    return _inputs_reaching_first_output([(k, 1, d)])


def _strided_examples(rng: random.Random, n: int) -> list[Example]:
    out = [dict(kernels=[3, 3, 3], strides=[1, 1, 1]), dict(kernels=[7, 3, 3], strides=[2, 2, 1])]
    while len(out) < n:
        L = rng.randint(1, 5)
        out.append(dict(kernels=[rng.choice([1, 2, 3, 5, 7]) for _ in range(L)], strides=[rng.choice([1, 2, 3]) for _ in range(L)]))
    return out[:n]


def _own_stride_included(kernels, strides):
    return 1 + sum((k - 1) * math.prod(strides[:i + 1]) for i, k in enumerate(kernels))


FORMULAS += [
    entry("receptive_field_strided", {"en": "Receptive field of a stack with strides", "zh": "带步长的堆叠卷积的感受野",
                                      "ru": "Рецептивное поле с учётом шагов"},
          r"r_L=1+\sum_{l=1}^{L}(k_l-1)\prod_{i=1}^{l-1}s_i", {"kernels": "kernel size of each layer", "strides": "stride of each layer"},
          receptive_field_strided, _truth_strided, _strided_examples,
          {"strides ignored": lambda kernels, strides: receptive_field_strided(kernels, [1] * len(strides)),
           "own stride included": _own_stride_included,
           "Σ k_l Π s_i (no −1)": lambda kernels, strides: 1 + sum(k * math.prod(strides[:i]) for i, k in enumerate(kernels))},
          ("receptive field", "stride", "effective stride", "jump", "感受野", "рецептивное поле"),
          {"kernels": ("k_l", "k"), "strides": ("s_i", "s")}, None, 40),
    entry("dilated_kernel_extent", {"en": "Extent of a dilated kernel", "zh": "空洞卷积的等效核大小", "ru": "Эффективный размер расширенного ядра"},
          r"k_{eff}=k+(k-1)(d-1)", {"k": "kernel size", "d": "dilation"}, dilated_kernel_extent, _truth_dilated,
          lambda rng, n: [dict(k=k, d=d) for k in (1, 2, 3, 5, 7) for d in (1, 2, 3, 4)][:n],
          {"k·d": lambda k, d: k * d, "k + d − 1": lambda k, d: k + d - 1, "(k − 1)d": lambda k, d: (k - 1) * d},
          ("dilated convolution", "atrous convolution", "effective kernel size", "空洞卷积", "расширенная свёртка"),
          {"k": ("k", "K", "F"), "d": ("d", "r", "D")}, None, 20),
]


# ---- one layer at a time: r_out = r_in + (k − 1)·j_in, j_out = j_in·s ------------------------------------
# Notes that follow the layer-by-layer method write the receptive field r and the jump j (the input distance
# between neighbouring outputs) of the layer below, then the new layer's kernel k and stride s. Each example is a
# stack whose last layer is the new one; the view gives the quantities below it.

_BELOW = ("in", "{l-1}", "l-1", "prev")


def _stack_below(kernels: list[int], strides: list[int]) -> dict[str, int]:
    """r and j of the stack below the new layer, and the new layer's k and s."""
    return {"r_in": receptive_field_strided(kernels[:-1], strides[:-1]), "j_in": math.prod(strides[:-1]),
            "k": kernels[-1], "s": strides[-1]}


def _rf_view(kernels: list[int], strides: list[int]) -> dict[str, int]:
    """What r_out = r_in + (k − 1)·j_in is written in; the new stride is left out, so a line in s is the jump's."""
    below = _stack_below(kernels, strides)
    return {**{f"r_{b}": below["r_in"] for b in _BELOW}, **{f"j_{b}": below["j_in"] for b in _BELOW},
            "k": below["k"], "k_l": below["k"]}


def _jump_view(kernels: list[int], strides: list[int]) -> dict[str, int]:
    below = _stack_below(kernels, strides)
    return {**{f"j_{b}": below["j_in"] for b in _BELOW}, "s": below["s"], "s_l": below["s"]}


def receptive_field_step(kernels: list[int], strides: list[int]) -> int:
    below = _stack_below(kernels, strides)
    return below["r_in"] + (below["k"] - 1) * below["j_in"]


def jump_step(kernels: list[int], strides: list[int]) -> int:
    below = _stack_below(kernels, strides)
    return below["j_in"] * below["s"]


def _truth_jump(kernels, strides):
    """The input distance between the first two outputs' receptive fields (autograd on the stack)."""
    import torch
    import torch.nn.functional as fn
    size = 4 + 4 * math.prod(strides) * sum(kernels)
    x = torch.ones(1, 1, size, dtype=torch.float64, requires_grad=True)
    y = x
    for k, s in zip(kernels, strides):
        y = fn.conv1d(y, torch.ones(1, 1, k, dtype=torch.float64), stride=s)
    first = [int(torch.nonzero(torch.autograd.grad(y[0, 0, i], x, retain_graph=True)[0][0, 0]).min()) for i in (0, 1)]
    return first[1] - first[0]


def _step_mutant(update):
    return lambda kernels, strides: update(_stack_below(kernels, strides))


_STEP_KW = ("receptive field", "jump", "感受野", "рецептивное поле", *_KW_OTHER_LANGUAGES)

FORMULAS += [
    entry("receptive_field_step", {"en": "Receptive field, one layer at a time", "zh": "逐层计算的感受野",
                                   "ru": "Рецептивное поле, по слоям", "fr": "Champ récepteur couche par couche",
                                   "de": "Rezeptives Feld Schicht für Schicht"},
          r"r_{out}=r_{in}+(k-1)\,j_{in}", {"kernels": "kernel sizes, the last is the new layer's k",
                                            "strides": "strides, the last is the new layer's s"},
          receptive_field_step, _truth_strided, _strided_examples,
          {"the new stride instead of the jump below": _step_mutant(lambda b: b["r_in"] + (b["k"] - 1) * b["s"]),
           "jump ignored (r_in + k − 1)": _step_mutant(lambda b: b["r_in"] + b["k"] - 1),
           "k instead of k − 1": _step_mutant(lambda b: b["r_in"] + b["k"] * b["j_in"])},
          _STEP_KW, {}, None, 40, note_view=_rf_view),
    entry("jump_step", {"en": "Jump (effective stride), one layer at a time", "zh": "逐层计算的跳步（等效步长）",
                        "ru": "Шаг по входу (эффективный шаг), по слоям", "de": "Sprung (effektiver Schritt) pro Schicht"},
          r"j_{out}=j_{in}\,s", {"kernels": "kernel sizes", "strides": "strides, the last is the new layer's s"},
          jump_step, _truth_jump, _strided_examples,
          {"added (j_in + s)": _step_mutant(lambda b: b["j_in"] + b["s"]),
           "the jump below unchanged": _step_mutant(lambda b: b["j_in"])},
          ("jump", "effective stride", *_STEP_KW), {}, None, 40, note_view=_jump_view),
]
