"""Parameter counts and multiply-adds of standard layers: fully connected, grouped and depthwise-separable
convolutions, RNN/LSTM/GRU cells (one-bias and two-bias conventions), embeddings, BatchNorm and a
Transformer encoder layer.

The truth counts what torch builds: `sum(p.numel())` of the module on the meta device (no memory), and the
FLOPs torch.utils.flop_counter.FlopCounterMode records (2 per multiply-add). RNN cells with one bias per
gate (Keras, most textbooks) count torch's input-side bias only; torch itself keeps two.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example, entry


def _numel(module) -> int:
    return sum(p.numel() for p in module.parameters())


def _meta(cls, *args, **kwargs):
    return cls(*args, device="meta", **kwargs)


# ---- references ---------------------------------------------------------------------------------------

def linear_param_count(n_in, n_out):
    return n_in * n_out + n_out


def linear_mult_adds(B, n_in, n_out):
    return B * n_in * n_out


def grouped_conv_param_count(k, C_in, C_out, g):
    if C_in % g or C_out % g:
        raise ValueError("a grouped convolution needs both channel counts divisible by the groups")
    return k * k * (C_in // g) * C_out + C_out


def depthwise_separable_param_count(k, M, N):
    return k * k * M + M * N


def rnn_param_count(x, h):
    return h * (x + h) + h


def lstm_param_count(x, h):
    return 4 * (h * (x + h) + h)


def lstm_param_count_two_biases(x, h):
    return 4 * (h * (x + h) + 2 * h)


def gru_param_count(x, h):
    return 3 * (h * (x + h) + h)


def gru_param_count_two_biases(x, h):
    return 3 * (h * (x + h) + 2 * h)


def embedding_param_count(V, d):
    return V * d


def batchnorm_param_count(C):
    return 2 * C


def transformer_encoder_layer_param_count(d, ff):
    attention = 4 * d * d + 4 * d
    feed_forward = 2 * d * ff + ff + d
    return attention + feed_forward + 4 * d


# ---- truths -------------------------------------------------------------------------------------------

def _truth_linear(n_in, n_out):
    import torch.nn as nn
    return _numel(_meta(nn.Linear, n_in, n_out))


def _truth_linear_mult_adds(B, n_in, n_out):
    import torch
    import torch.nn.functional as fn
    from torch.utils.flop_counter import FlopCounterMode
    with FlopCounterMode(display=False) as counter:
        fn.linear(torch.empty(B, n_in, device="meta"), torch.empty(n_out, n_in, device="meta"))
    return counter.get_total_flops() // 2


def _truth_grouped(k, C_in, C_out, g):
    import torch.nn as nn
    return _numel(_meta(nn.Conv2d, C_in, C_out, k, groups=g))


def _truth_separable(k, M, N):
    import torch.nn as nn
    return _numel(_meta(nn.Conv2d, M, M, k, groups=M, bias=False)) + _numel(_meta(nn.Conv2d, M, N, 1, bias=False))


def _one_bias(cell) -> int:
    """Weights plus the input-side bias only (the one-bias convention)."""
    return cell.weight_ih.numel() + cell.weight_hh.numel() + cell.bias_ih.numel()


def _truth_rnn(x, h):
    import torch.nn as nn
    return _one_bias(_meta(nn.RNNCell, x, h))


def _truth_lstm(x, h):
    import torch.nn as nn
    return _one_bias(_meta(nn.LSTMCell, x, h))


def _truth_gru(x, h):
    import torch.nn as nn
    return _one_bias(_meta(nn.GRUCell, x, h))


def _truth_lstm_torch(x, h):
    import torch.nn as nn
    return _numel(_meta(nn.LSTM, x, h))


def _truth_gru_torch(x, h):
    import torch.nn as nn
    return _numel(_meta(nn.GRU, x, h))


def _truth_embedding(V, d):
    import torch.nn as nn
    return _numel(_meta(nn.Embedding, V, d))


def _truth_batchnorm(C):
    import torch.nn as nn
    return _numel(_meta(nn.BatchNorm2d, C))


def _truth_encoder_layer(d, ff):
    import torch.nn as nn
    return _numel(_meta(nn.TransformerEncoderLayer, d, 1, ff))


# ---- examples -----------------------------------------------------------------------------------------

def _sizes(*names: str, lo: int = 1, hi: int = 64):
    def examples(rng: random.Random, n: int) -> list[Example]:
        return [{name: rng.randint(lo, hi) for name in names} for _ in range(n)]
    return examples


def _grouped(rng: random.Random, n: int) -> list[Example]:
    out = []
    for _ in range(n):
        g = rng.choice([1, 2, 4, 8])
        out.append(dict(k=rng.choice([1, 3, 5]), C_in=g * rng.randint(1, 8), C_out=g * rng.randint(1, 8), g=g))
    return out


_XH = {"x": "input size", "h": "hidden size"}
_XHA = {"x": ("x", "n_x", "m", "d", "d_{in}", "d_x", "input\\_size"), "h": ("h", "n_h", "n", "d_h", "hidden\\_size")}
_KW_COUNT = ("number of parameters", "parameter count", "parameters", "参数量", "число параметров", "nombre de paramètres",
             "Anzahl der Parameter", "số tham số", "パラメータ数", "파라미터 수")

FORMULAS = [
    entry("linear_param_count", {"en": "Parameters of a fully connected layer", "zh": "全连接层的参数量",
                                 "ru": "Число параметров полносвязного слоя", "fr": "Paramètres d'une couche dense"},
          r"n_{in}\cdot n_{out}+n_{out}", {"n_in": "inputs", "n_out": "outputs"}, linear_param_count, _truth_linear,
          _sizes("n_in", "n_out", hi=512),
          {"bias forgotten": lambda n_in, n_out: n_in * n_out, "(n_in+1)(n_out+1)": lambda n_in, n_out: (n_in + 1) * (n_out + 1),
           "bias per input": lambda n_in, n_out: n_in * n_out + n_in},
          ("fully connected", "dense layer", "linear layer", *_KW_COUNT),
          {"n_in": ("n_{in}", "n", "d_{in}", "N_{in}"), "n_out": ("n_{out}", "m", "d_{out}", "N_{out}")}, None),
    entry("linear_mult_adds", {"en": "Multiply-adds of a fully connected layer", "zh": "全连接层的乘加次数",
                               "ru": "Число умножений-сложений полносвязного слоя"},
          r"B\cdot n_{in}\cdot n_{out}", {"B": "batch size", "n_in": "inputs", "n_out": "outputs"}, linear_mult_adds,
          _truth_linear_mult_adds, _sizes("B", "n_in", "n_out", hi=256),
          {"batch forgotten": lambda B, n_in, n_out: n_in * n_out, "B(n_in + n_out)": lambda B, n_in, n_out: B * (n_in + n_out),
           "B·n_in²": lambda B, n_in, n_out: B * n_in * n_in},
          ("multiply-adds", "mult-adds", "MACs", "fully connected"), {"B": ("B", "N"), "n_in": ("n_{in}",), "n_out": ("n_{out}",)},
          None),
    entry("grouped_conv_param_count", {"en": "Parameters of a grouped convolution", "zh": "分组卷积的参数量",
                                       "ru": "Число параметров групповой свёртки"},
          r"k^2\cdot\frac{C_{in}}{g}\cdot C_{out}+C_{out}", {"k": "kernel size", "C_in": "input channels",
                                                              "C_out": "output channels", "g": "groups"},
          grouped_conv_param_count, _truth_grouped, _grouped,
          {"groups ignored": lambda k, C_in, C_out, g: k * k * C_in * C_out + C_out,
           "divided by g²": lambda k, C_in, C_out, g: k * k * C_in * C_out // (g * g) + C_out,
           "bias per group": lambda k, C_in, C_out, g: k * k * (C_in // g) * C_out + g},
          ("grouped convolution", "group convolution", "ResNeXt", "ShuffleNet", "分组卷积", *_KW_COUNT),
          {"k": ("k", "K", "F"), "C_in": ("C_{in}", "C_1", "M"), "C_out": ("C_{out}", "C_2", "N"), "g": ("g", "G")}, None),
    entry("depthwise_separable_param_count", {"en": "Parameters of a depthwise-separable convolution",
                                              "zh": "深度可分离卷积的参数量", "ru": "Число параметров разделяемой свёртки"},
          r"k^2M+MN", {"k": "kernel size", "M": "input channels", "N": "output channels"},
          depthwise_separable_param_count, _truth_separable, _sizes("k", "M", "N", hi=32),
          {"k²MN (standard conv)": lambda k, M, N: k * k * M * N, "k²M·MN": lambda k, M, N: k * k * M * M * N,
           "k² + MN": lambda k, M, N: k * k + M * N},
          ("depthwise separable", "MobileNet", "pointwise", "深度可分离", *_KW_COUNT),
          {"k": ("k", "D_K", "K"), "M": ("M", "C_{in}"), "N": ("N", "C_{out}")}, None),
    entry("rnn_param_count", {"en": "Parameters of a vanilla RNN cell (one bias)", "zh": "简单 RNN 的参数量",
                              "ru": "Число параметров простой RNN"},
          r"h(x+h)+h", _XH, rnn_param_count, _truth_rnn, _sizes("x", "h", hi=128),
          {"h² forgotten": lambda x, h: h * x + h, "bias forgotten": lambda x, h: h * (x + h), "x² + h²": lambda x, h: x * x + h * h + h},
          ("RNN", "recurrent neural network", "vanilla RNN", *_KW_COUNT), _XHA, None),
    entry("lstm_param_count", {"en": "Parameters of an LSTM layer (one bias per gate)", "zh": "LSTM 的参数量",
                               "ru": "Число параметров LSTM", "fr": "Paramètres d'un LSTM"},
          r"4\left(h(x+h)+h\right)", _XH, lstm_param_count, _truth_lstm, _sizes("x", "h", hi=128),
          {"3 gates (GRU's)": lambda x, h: 3 * (h * (x + h) + h), "biases forgotten": lambda x, h: 4 * h * (x + h),
           "h² forgotten": lambda x, h: 4 * (h * x + h)},
          ("LSTM", "long short-term memory", *_KW_COUNT), _XHA, None),
    entry("lstm_param_count_two_biases", {"en": "Parameters of a PyTorch LSTM layer (two biases per gate)",
                                          "zh": "PyTorch LSTM 的参数量（双偏置）", "ru": "Число параметров LSTM в PyTorch"},
          r"4\left(h(x+h)+2h\right)", _XH, lstm_param_count_two_biases, _truth_lstm_torch, _sizes("x", "h", hi=128),
          {"3 gates": lambda x, h: 3 * (h * (x + h) + 2 * h), "biases forgotten": lambda x, h: 4 * h * (x + h),
           "h² forgotten": lambda x, h: 4 * (h * x + 2 * h)},
          ("LSTM", "nn.LSTM", "bias_ih", "bias_hh", *_KW_COUNT), _XHA, None),
    entry("gru_param_count", {"en": "Parameters of a GRU layer (one bias per gate)", "zh": "GRU 的参数量（单偏置）",
                              "ru": "Число параметров GRU (одно смещение)", "fr": "Paramètres d'un GRU"},
          r"3\left(h(x+h)+h\right)", _XH, gru_param_count, _truth_gru, _sizes("x", "h", hi=128),
          {"4 gates (LSTM's)": lambda x, h: 4 * (h * (x + h) + h), "biases forgotten": lambda x, h: 3 * h * (x + h),
           "h² forgotten": lambda x, h: 3 * (h * x + h)},
          ("GRU", "gated recurrent unit", *_KW_COUNT), _XHA, None),
    entry("gru_param_count_two_biases", {"en": "Parameters of a GRU layer (two biases per gate, PyTorch and Keras)",
                                         "zh": "GRU 的参数量", "ru": "Число параметров GRU"},
          r"3\left(h(x+h)+2h\right)", _XH, gru_param_count_two_biases, _truth_gru_torch, _sizes("x", "h", hi=128),
          {"4 gates (LSTM's)": lambda x, h: 4 * (h * (x + h) + 2 * h), "biases forgotten": lambda x, h: 3 * h * (x + h),
           "h² forgotten": lambda x, h: 3 * (h * x + 2 * h)},
          ("GRU", "gated recurrent unit", *_KW_COUNT), _XHA, None),
    entry("embedding_param_count", {"en": "Parameters of an embedding table", "zh": "嵌入层的参数量",
                                    "ru": "Число параметров слоя эмбеддингов"},
          r"V\cdot d", {"V": "vocabulary size", "d": "embedding dimension"}, embedding_param_count, _truth_embedding,
          _sizes("V", "d", hi=4096),
          {"V + d": lambda V, d: V + d, "V·d + d (bias)": lambda V, d: V * d + d, "V²": lambda V, d: V * V},
          ("embedding", "embedding table", "vocabulary", *_KW_COUNT), {"V": ("V", "|V|", "N"), "d": ("d", "D", "d_{model}")}, None),
    entry("batchnorm_param_count", {"en": "Learnable parameters of BatchNorm", "zh": "批归一化的可学习参数量",
                                    "ru": "Обучаемые параметры BatchNorm"},
          r"2C\ (\gamma,\beta)", {"C": "channels"}, batchnorm_param_count, _truth_batchnorm, _sizes("C", hi=1024),
          {"4C (running statistics counted)": lambda C: 4 * C, "C": lambda C: C, "2": lambda C: 2},
          ("BatchNorm parameters", "gamma and beta", *_KW_COUNT), {"C": ("C", "c", "d")}, None),
    entry("transformer_encoder_layer_param_count", {"en": "Parameters of a Transformer encoder layer",
                                                    "zh": "Transformer 编码层的参数量", "ru": "Число параметров слоя энкодера Transformer"},
          r"\underbrace{4d^2+4d}_{\text{attention}}+\underbrace{2d\,d_{ff}+d_{ff}+d}_{\text{FFN}}+\underbrace{4d}_{\text{2 LayerNorms}}",
          {"d": "model width", "ff": "feed-forward width"}, transformer_encoder_layer_param_count, _truth_encoder_layer,
          _sizes("d", "ff", hi=256),
          {"LayerNorms forgotten": lambda d, ff: transformer_encoder_layer_param_count(d, ff) - 4 * d,
           "no biases": lambda d, ff: 4 * d * d + 2 * d * ff + 4 * d,
           "one feed-forward matrix": lambda d, ff: transformer_encoder_layer_param_count(d, ff) - d * ff},
          ("Transformer encoder", "encoder layer", "feed-forward", *_KW_COUNT), {"d": ("d", "d_{model}"), "ff": ("d_{ff}", "d_{ffn}")},
          None),
]
