"""Attention: scaled dot-product attention and its weights, the causal mask, multi-head sizes and cost,
sinusoidal positional encoding, rotary embedding (RoPE) and window attention's number of entries.

Truths: F.scaled_dot_product_attention (its weights read off by attending to V = I), nn.MultiheadAttention's
parameters and head width, FlopCounterMode's count on the meta device, positional encodings built by
rotating (0, 1) with a matrix power and RoPE as complex multiplication (torch.polar), and the pixel pairs
that share an M×M window counted over a torch meshgrid.
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, entry, t, vec, with_fixed
from kb.formulas.core import Formula, memoize_truth


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


FORMULAS = [
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
]


# ---- scaled dot-product attention, masks, heads, costs, positions ---------------------------------------

def _softmax(z: list[float]) -> list[float]:
    top = max(z)
    e = [math.exp(v - top) for v in z]
    return [v / sum(e) for v in e]


def _scores(Q, K, scale: float) -> list[list[float]]:
    return [[sum(a * b for a, b in zip(q, k)) * scale for k in K] for q in Q]


def attention_weights(Q, K):
    return [_softmax(row) for row in _scores(Q, K, 1 / math.sqrt(len(Q[0])))]


def scaled_dot_product_attention(Q, K, V):
    return [[sum(w * v[j] for w, v in zip(row, V)) for j in range(len(V[0]))] for row in attention_weights(Q, K)]


def causal_attention_weights(Q, K):
    scores = _scores(Q, K, 1 / math.sqrt(len(Q[0])))
    return [_softmax(row[:i + 1]) + [0.0] * (len(row) - i - 1) for i, row in enumerate(scores)]


def mha_param_count(d):
    return 4 * d * d + 4 * d


def mha_head_dim(d, h):
    if d % h:
        raise ValueError("the model width must be divisible by the number of heads")
    return d // h


def attention_mult_adds(n, d):
    return 2 * n * n * d


def sinusoidal_positional_encoding(n, d):
    if d % 2:
        raise ValueError("the encoding pairs sin and cos: d must be even")
    return [[math.sin(pos / 10000 ** (2 * (j // 2) / d)) if j % 2 == 0 else math.cos(pos / 10000 ** (2 * (j // 2) / d))
             for j in range(d)] for pos in range(n)]


def positional_encoding_pair(pos, i, d):
    """(PE_{(pos,2i)}, PE_{(pos,2i+1)}): one position's sin and cos at frequency i."""
    angle = pos / 10000 ** (2 * i / d)
    return [math.sin(angle), math.cos(angle)]


def rope(x, pos):
    """Rotate each pair (x_{2i}, x_{2i+1}) by the angle pos·θ_i, θ_i = 10000^{−2i/d}."""
    d, out = len(x), []
    if d % 2:
        raise ValueError("RoPE rotates pairs: the vector's length must be even")
    for i in range(d // 2):
        angle = pos * 10000 ** (-2 * i / d)
        a, b = x[2 * i], x[2 * i + 1]
        out += [a * math.cos(angle) - b * math.sin(angle), a * math.sin(angle) + b * math.cos(angle)]
    return out


def _truth_sdpa(Q, K, V):
    import torch.nn.functional as fn
    return fn.scaled_dot_product_attention(t([Q]), t([K]), t([V]))[0].tolist()


def _truth_weights(Q, K, causal: bool = False):
    """The weights are what attention does to V = I: F.scaled_dot_product_attention on an identity."""
    import torch
    import torch.nn.functional as fn
    identity = torch.eye(len(K), dtype=torch.float64)[None]
    return fn.scaled_dot_product_attention(t([Q]), t([K]), identity, is_causal=causal)[0].tolist()


def _truth_attention_weights(Q, K):
    return _truth_weights(Q, K)


def _truth_causal(Q, K):
    return _truth_weights(Q, K, causal=True)


def _truth_mha_params(d):
    import torch.nn as nn
    return sum(p.numel() for p in nn.MultiheadAttention(d, 1, device="meta").parameters())


def _truth_head_dim(d, h):
    import torch.nn as nn
    return nn.MultiheadAttention(d, h, device="meta").head_dim


def _truth_attention_mult_adds(n, d):
    import torch
    import torch.nn.functional as fn
    from torch.utils.flop_counter import FlopCounterMode
    q = torch.empty(1, 1, n, d, device="meta")
    with FlopCounterMode(display=False) as counter:
        fn.scaled_dot_product_attention(q, q, q)
    return counter.get_total_flops() // 2


def _frequencies(d: int):
    """ω_i = 10000^{−2i/d} for i < d/2, as a geometric sequence (torch.logspace, base 10, 10000 = 10^4)."""
    import torch
    return torch.logspace(0, -4 * (d - 2) / d, d // 2, base=10, dtype=torch.float64)


def _truth_positional_encoding(n, d):
    """Position p's (sin, cos) pair is (0, 1) turned p times by the angle ω_i: a matrix power of a rotation."""
    import torch
    columns = []
    for omega in _frequencies(d).tolist():
        c, s = math.cos(omega), math.sin(omega)
        step = torch.tensor([[c, -s], [s, c]], dtype=torch.float64)   # [sin, cos] @ step advances the angle by ω
        start = torch.tensor([0.0, 1.0], dtype=torch.float64)
        columns.append(torch.stack([start @ torch.linalg.matrix_power(step, p) for p in range(n)]))
    return torch.cat(columns, dim=1).tolist()


def _truth_positional_encoding_pair(pos, i, d):
    row = _truth_positional_encoding(pos + 1, d)[pos]
    return [row[2 * i], row[2 * i + 1]]


def _pair_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        d = 2 * rng.randint(1, 16)
        out.append(dict(pos=rng.randint(0, 30), i=rng.randrange(d // 2), d=d))
    return out


def _pair(angle):
    return lambda pos, i, d: [math.sin(angle(pos, i, d)), math.cos(angle(pos, i, d))]


def _truth_rope(x, pos):
    """Each pair as a complex number multiplied by e^{i·pos·θ_i} (torch.polar)."""
    import torch
    pairs = torch.view_as_complex(t(x).reshape(-1, 2).contiguous())
    angles = pos * _frequencies(len(x))
    return torch.view_as_real(pairs * torch.polar(torch.ones_like(angles), angles)).flatten().tolist()


def _qk(rng: random.Random) -> Example:
    n, m, d = rng.randint(1, 5), rng.randint(2, 5), rng.randint(2, 6)
    return dict(Q=[vec(rng, d) for _ in range(n)], K=[vec(rng, d) for _ in range(m)])


def _qkv(rng: random.Random) -> Example:
    e = _qk(rng)
    dv = rng.randint(1, 4)
    return dict(e, V=[vec(rng, dv) for _ in e["K"]])


def _self(rng: random.Random) -> Example:
    n, d = rng.randint(2, 6), rng.randint(2, 6)
    return dict(Q=[vec(rng, d) for _ in range(n)], K=[vec(rng, d) for _ in range(n)])


def _transpose(rows):
    return [list(c) for c in zip(*rows)]


_QKA = {"Q": ("Q",), "K": ("K",), "V": ("V",)}


def _key_width(Q, K, V=None):
    """d_k, the width of the queries and keys that the scores are divided by the root of (notes that have
    one width for the whole model write it d: softmax(QK^T/√d)V)."""
    return {"d_k": len(Q[0]), "d": len(Q[0])}
_KW_ATT = ("attention", "scaled dot-product attention", "self-attention", "Transformer", "注意力", "внимание")

FORMULAS += [
    entry("scaled_dot_product_attention", {"en": "Scaled dot-product attention", "zh": "缩放点积注意力",
                                           "ru": "Масштабированное скалярное внимание", "fr": "Attention par produit scalaire",
                                           "de": "Skalierte Skalarprodukt-Attention"},
          r"\operatorname{Attention}(Q,K,V)=\operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V",
          {"Q": "queries (rows)", "K": "keys (rows)", "V": "values (rows)"}, scaled_dot_product_attention, _truth_sdpa,
          with_fixed([], _qkv),
          {"no 1/√d_k": lambda Q, K, V: [[sum(w * v[j] for w, v in zip(_softmax(row), V)) for j in range(len(V[0]))]
                                         for row in _scores(Q, K, 1.0)],
           "divided by d_k": lambda Q, K, V: [[sum(w * v[j] for w, v in zip(_softmax(row), V)) for j in range(len(V[0]))]
                                              for row in _scores(Q, K, 1 / len(Q[0]))],
           "softmax over the queries": lambda Q, K, V: [[sum(w * v[j] for w, v in zip(row, V)) for j in range(len(V[0]))]
                                                        for row in _transpose([_softmax(col) for col in _transpose(
                                                            _scores(Q, K, 1 / math.sqrt(len(Q[0]))))])]},
          _KW_ATT, _QKA, note_view=_key_width),
    entry("attention_weights", {"en": "Attention weights", "zh": "注意力权重", "ru": "Веса внимания"},
          r"A=\operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)", {"Q": "queries", "K": "keys"},
          attention_weights, _truth_attention_weights, with_fixed([], _qk),
          {"no scaling": lambda Q, K: [_softmax(row) for row in _scores(Q, K, 1.0)],
           "√d_k multiplied": lambda Q, K: [_softmax(row) for row in _scores(Q, K, math.sqrt(len(Q[0])))],
           "sigmoid instead of softmax": lambda Q, K: [[1 / (1 + math.exp(-v)) for v in row]
                                                       for row in _scores(Q, K, 1 / math.sqrt(len(Q[0])))]},
          ("attention weights", "attention matrix", "attention scores", *_KW_ATT), _QKA, note_view=_key_width),
    entry("causal_attention_weights", {"en": "Causal (masked) attention weights", "zh": "因果掩码注意力权重",
                                       "ru": "Веса маскированного (каузального) внимания"},
          r"A=\operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}+M\right),\ M_{ij}=\begin{cases}0&j\le i\\-\infty&j>i\end{cases}",
          {"Q": "queries", "K": "keys (as many as queries)"}, causal_attention_weights, _truth_causal, with_fixed([], _self),
          {"no mask": attention_weights,
           "masks the past instead": lambda Q, K: [list(reversed(r)) for r in causal_attention_weights(
               list(reversed(Q)), list(reversed(K)))],
           "mask zeroes after the softmax (not renormalised)": lambda Q, K: [
               [w if j <= i else 0.0 for j, w in enumerate(row)] for i, row in enumerate(attention_weights(Q, K))]},
          ("causal mask", "masked self-attention", "look-ahead mask", "decoder", *_KW_ATT), _QKA),
    entry("mha_param_count", {"en": "Parameters of multi-head attention", "zh": "多头注意力的参数量",
                              "ru": "Число параметров многоголового внимания"},
          r"4d^2+4d\quad(W_Q,W_K,W_V,W_O\text{ and their biases})", {"d": "model width d"}, mha_param_count,
          _truth_mha_params, lambda rng, n: [dict(d=rng.randint(1, 256)) for _ in range(n)],
          {"no output projection": lambda d: 3 * d * d + 3 * d, "no biases": lambda d: 4 * d * d,
           "one bias vector": lambda d: 4 * d * d + d},
          ("multi-head attention", "MultiheadAttention", "number of parameters", "参数量"), {"d": ("d", "d_{model}")}, None),
    entry("mha_head_dim", {"en": "Width of each attention head", "zh": "每个注意力头的维度", "ru": "Размерность головы внимания"},
          r"d_k=\frac{d_{model}}{h}", {"d": "model width", "h": "heads"}, mha_head_dim, _truth_head_dim,
          lambda rng, n: [(lambda h: dict(d=h * rng.randint(1, 64), h=h))(rng.choice([1, 2, 4, 8, 12, 16])) for _ in range(n)],
          {"d·h": lambda d, h: d * h, "d (heads ignored)": lambda d, h: d, "h/d": lambda d, h: h / d},
          ("multi-head attention", "head dimension", "d_k", "number of heads"),
          {"d": ("d_{model}", "d"), "h": ("h", "H")}, None),
    entry("attention_mult_adds", {"en": "Multiply-adds of self-attention (QKᵀ and AV)", "zh": "自注意力的乘加次数",
                                  "ru": "Число умножений-сложений самовнимания"},
          r"2n^2d", {"n": "sequence length", "d": "width"}, attention_mult_adds, _truth_attention_mult_adds,
          lambda rng, n: [dict(n=rng.randint(1, 64), d=rng.randint(1, 64)) for _ in range(n)],
          {"n²d (one product)": lambda n, d: n * n * d, "2nd²": lambda n, d: 2 * n * d * d, "n²d²": lambda n, d: n * n * d * d},
          ("quadratic in sequence length", "attention complexity", "multiply-adds", "O(n^2 d)"),
          {"n": ("n", "N", "L", "T"), "d": ("d", "D", "d_k")}, None),
    entry("sinusoidal_positional_encoding", {"en": "Sinusoidal positional encoding", "zh": "正弦位置编码",
                                             "ru": "Синусоидальное позиционное кодирование",
                                             "fr": "Encodage positionnel sinusoïdal"},
          r"PE_{(pos,2i)}=\sin\left(\frac{pos}{10000^{2i/d}}\right),\ PE_{(pos,2i+1)}=\cos\left(\frac{pos}{10000^{2i/d}}\right)",
          {"n": "positions 0..n−1", "d": "even model width"}, sinusoidal_positional_encoding, _truth_positional_encoding,
          lambda rng, n: [dict(n=rng.randint(1, 20), d=2 * rng.randint(1, 16)) for _ in range(n)],
          {"i/d instead of 2i/d": lambda n, d: [[math.sin(p / 10000 ** ((j // 2) / d)) if j % 2 == 0
                                                 else math.cos(p / 10000 ** ((j // 2) / d)) for j in range(d)] for p in range(n)],
           "sin and cos swapped": lambda n, d: [[math.cos(p / 10000 ** (2 * (j // 2) / d)) if j % 2 == 0
                                                 else math.sin(p / 10000 ** (2 * (j // 2) / d)) for j in range(d)] for p in range(n)],
           "multiplied by 10000^{2i/d}": lambda n, d: [[math.sin(p * 10000 ** (2 * (j // 2) / d)) if j % 2 == 0
                                                        else math.cos(p * 10000 ** (2 * (j // 2) / d)) for j in range(d)]
                                                       for p in range(n)]},
          ("positional encoding", "sinusoidal", "position embedding", "位置编码", "позиционное кодирование"),
          {"n": ("pos",), "d": ("d", "d_{model}")}, 1e-9, 40),
    entry("positional_encoding_pair", {"en": "Sinusoidal positional encoding (one position, one frequency)",
                                       "zh": "正弦位置编码（单个位置）", "ru": "Синусоидальное позиционное кодирование (одна позиция)",
                                       "ko": "사인 위치 인코딩", "ja": "正弦波位置エンコーディング"},
          r"PE_{(pos,2i)}=\sin\left(\frac{pos}{10000^{2i/d}}\right),\ PE_{(pos,2i+1)}=\cos\left(\frac{pos}{10000^{2i/d}}\right)",
          {"pos": "position", "i": "frequency index (dimensions 2i and 2i+1)", "d": "even model width"},
          positional_encoding_pair, _truth_positional_encoding_pair, _pair_examples,
          {"i/d instead of 2i/d": _pair(lambda pos, i, d: pos / 10000 ** (i / d)),
           "multiplied by 10000^{2i/d}": _pair(lambda pos, i, d: pos * 10000 ** (2 * i / d)),
           "sin and cos swapped": lambda pos, i, d: positional_encoding_pair(pos, i, d)[::-1],
           "base 1000": _pair(lambda pos, i, d: pos / 1000 ** (2 * i / d))},
          ("positional encoding", "sinusoidal", "position embedding", "位置编码", "позиционное кодирование",
           "위치 인코딩", "位置エンコーディング", "encodage positionnel", "Positionskodierung", "mã hóa vị trí"),
          {"pos": ("pos", "p", "t"), "i": ("i", "k"), "d": ("d", "d_{model}", "D")}, 1e-9, 60,
          note_parts={"PE_{(pos,2i)}": 0, "PE_{(pos,2i+1)}": 1, "PE_{(p,2i)}": 0, "PE_{(p,2i+1)}": 1,
                      "PE_{(t,2i)}": 0, "PE_{(t,2i+1)}": 1}),
    entry("rope_rotation", {"en": "Rotary position embedding (RoPE)", "zh": "旋转位置编码 (RoPE)",
                            "ru": "Ротационное позиционное кодирование (RoPE)"},
          r"\begin{pmatrix}x'_{2i}\\x'_{2i+1}\end{pmatrix}=\begin{pmatrix}\cos m\theta_i&-\sin m\theta_i\\\sin m\theta_i&\cos m\theta_i\end{pmatrix}"
          r"\begin{pmatrix}x_{2i}\\x_{2i+1}\end{pmatrix},\ \theta_i=10000^{-2i/d}",
          {"x": "vector of even length d", "pos": "position m"}, rope, _truth_rope,
          lambda rng, n: [dict(x=vec(rng, 2 * rng.randint(1, 8)), pos=rng.randint(0, 50)) for _ in range(n)],
          {"rotated the other way": lambda x, pos: rope(x, -pos),
           "θ_i = 10000^{−i/d}": lambda x, pos: [v for i in range(len(x) // 2) for v in rope(
               [x[2 * i], x[2 * i + 1]], pos * 10000 ** (-i / len(x)))] if len(x) > 2 else rope(x, -pos),
           "pos·θ added instead of rotating": lambda x, pos: [v + pos * 10000 ** (-2 * (j // 2) / len(x)) for j, v in enumerate(x)]},
          ("RoPE", "rotary position embedding", "rotary embedding", "旋转位置编码"), {"x": ("x", "q", "k"), "pos": ("m", "pos")},
          1e-9, 60),
]
