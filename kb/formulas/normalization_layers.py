"""Normalisation layers beyond BatchNorm's training forward (which norm.py checks): LayerNorm forward and
backward, InstanceNorm, GroupNorm, RMSNorm, L2 normalisation, BatchNorm at inference, BatchNorm's running
mean and variance updates, and the means each layer subtracts from an N × C × H × W batch: BatchNorm's per
channel over (N, H, W), LayerNorm's per sample over (C, H, W), InstanceNorm's per sample and channel over (H, W).

Truths are torch's functional layers (F.layer_norm, F.instance_norm, F.group_norm, F.rms_norm,
F.normalize, F.batch_norm) and the buffers nn.BatchNorm updates; the backward truth is autograd.
References are written with math over nested lists.
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, entry, t, vec, with_fixed


def _mean(v: list[float]) -> float:
    return sum(v) / len(v)


def _var(v: list[float]) -> float:
    m = _mean(v)
    return sum((a - m) ** 2 for a in v) / len(v)


def _standardise(v: list[float], eps: float, unbiased: bool = False) -> list[float]:
    m = _mean(v)
    var = _var(v) * (len(v) / (len(v) - 1) if unbiased else 1)
    return [(a - m) / math.sqrt(var + eps) for a in v]


# ---- references ---------------------------------------------------------------------------------------

def layer_norm(x, gamma, beta, eps):
    return [[g * v + b for g, v, b in zip(gamma, _standardise(row, eps), beta)] for row in x]


def layer_norm_backward(x, dy, eps):
    """∂L/∂x for y = LN(x) (γ = 1, β = 0): (1/σ)(dy − mean(dy) − x̂·mean(dy·x̂)), row by row."""
    out = []
    for row, g in zip(x, dy):
        sigma = math.sqrt(_var(row) + eps)
        xhat = _standardise(row, eps)
        mg, mgx = _mean(g), _mean([a * b for a, b in zip(g, xhat)])
        out.append([(a - mg - h * mgx) / sigma for a, h in zip(g, xhat)])
    return out


def instance_norm(x, eps):
    return [_standardise(channel, eps) for channel in x]


def group_norm(x, groups, eps):
    per = len(x) // groups
    out = []
    for g in range(groups):
        block = x[g * per:(g + 1) * per]
        flat = _standardise([v for ch in block for v in ch], eps)
        size = len(block[0])
        out.extend(flat[i * size:(i + 1) * size] for i in range(per))
    return out


def rms_norm(x, gamma, eps):
    return [[g * v / math.sqrt(_mean([a * a for a in row]) + eps) for g, v in zip(gamma, row)] for row in x]


def l2_normalize(x):
    return [v / math.hypot(*x) for v in x]


def batchnorm_inference(x, running_mean, running_var, gamma, beta, eps):
    return [[g * (v - m) / math.sqrt(s + eps) + b for v, m, s, g, b in zip(row, running_mean, running_var, gamma, beta)]
            for row in x]


def running_mean_update(x, running_mean, momentum):
    cols = list(zip(*x))
    return [(1 - momentum) * r + momentum * _mean(c) for r, c in zip(running_mean, cols)]


def running_var_update(x, running_var, momentum):
    """The running variance tracks the unbiased batch variance (× N/(N−1))."""
    cols = list(zip(*x))
    n = len(x)
    return [(1 - momentum) * r + momentum * _var(list(c)) * n / (n - 1) for r, c in zip(running_var, cols)]


def _positions(channel):
    """One channel's H × W grid as a flat list of its values."""
    return [v for row in channel for v in row]


def batchnorm_channel_mean(x):
    """x[n][c][h][w]: the mean of channel c over the batch and all positions."""
    return [_mean([v for sample in x for v in _positions(sample[c])]) for c in range(len(x[0]))]


def layer_norm_sample_mean(x):
    """x[n][c][h][w]: the mean of sample n over its channels and positions (LayerNorm's μ over C, H, W)."""
    return [_mean([v for channel in sample for v in _positions(channel)]) for sample in x]


def instance_norm_mean(x):
    """x[n][c][h][w]: the mean of each channel of each sample over its positions (InstanceNorm's μ)."""
    return [[_mean(_positions(channel)) for channel in sample] for sample in x]


def _flat_samples(x) -> dict:
    """The batch as N rows of D = C·H·W features: a note writes LayerNorm's mean over a sample's features x_{n,d}."""
    return {"x": [[v for channel in sample for v in _positions(channel)] for sample in x]}


# ---- truths -------------------------------------------------------------------------------------------

def _truth_layer_norm(x, gamma, beta, eps):
    import torch.nn.functional as fn
    return fn.layer_norm(t(x), (len(x[0]),), t(gamma), t(beta), eps=eps).tolist()


def _truth_layer_norm_backward(x, dy, eps):
    import torch
    import torch.nn.functional as fn
    leaf = t(x).requires_grad_(True)
    (grad,) = torch.autograd.grad(fn.layer_norm(leaf, (len(x[0]),), eps=eps), leaf, grad_outputs=t(dy))
    return grad.tolist()


def _truth_instance_norm(x, eps):
    import torch.nn.functional as fn
    return fn.instance_norm(t([x]), eps=eps)[0].tolist()


def _truth_group_norm(x, groups, eps):
    import torch.nn.functional as fn
    return fn.group_norm(t([x]), groups, eps=eps)[0].tolist()


def _truth_rms_norm(x, gamma, eps):
    import torch.nn.functional as fn
    return fn.rms_norm(t(x), (len(x[0]),), t(gamma), eps=eps).tolist()


def _truth_l2_normalize(x):
    import torch.nn.functional as fn
    return fn.normalize(t(x), dim=0, eps=0.0).tolist()


def batchnorm_inference_normalise(x, running_mean, running_var, eps):
    return [[(v - m) / math.sqrt(s + eps) for v, m, s in zip(row, running_mean, running_var)] for row in x]


def _truth_bn_inference_normalise(x, running_mean, running_var, eps):
    import torch.nn.functional as fn
    return fn.batch_norm(t(x), t(running_mean), t(running_var), None, None, training=False, eps=eps).tolist()


def _running_std_view(running_var, **_) -> dict:
    """σ_run, the root of the running variance: a note writes √(σ²_run + ε) with σ_run squared."""
    return {"\\sigma_{run}": [math.sqrt(s) for s in running_var], "\\hat\\sigma": [math.sqrt(s) for s in running_var]}


def _truth_bn_inference(x, running_mean, running_var, gamma, beta, eps):
    import torch.nn.functional as fn
    return fn.batch_norm(t(x), t(running_mean), t(running_var), t(gamma), t(beta), training=False, eps=eps).tolist()


def _bn_after_step(x, momentum, running_mean=None, running_var=None):
    """An nn.BatchNorm1d in training mode after one forward pass on x."""
    import torch
    layer = torch.nn.BatchNorm1d(len(x[0]), momentum=momentum).double()
    with torch.no_grad():
        if running_mean is not None:
            layer.running_mean.copy_(t(running_mean))
        if running_var is not None:
            layer.running_var.copy_(t(running_var))
        layer.train()(t(x))
    return layer


def _truth_running_mean(x, running_mean, momentum):
    return _bn_after_step(x, momentum, running_mean=running_mean).running_mean.tolist()


def _truth_running_var(x, running_var, momentum):
    return _bn_after_step(x, momentum, running_var=running_var).running_var.tolist()


def _truth_channel_mean(x):
    """With momentum 1, BatchNorm2d's running mean is exactly the batch's per-channel mean."""
    import torch
    layer = torch.nn.BatchNorm2d(len(x[0]), momentum=1.0).double().train()
    with torch.no_grad():
        layer(t(x))
    return layer.running_mean.tolist()


def _truth_sample_mean(x):
    """The mean a LayerNorm over (C, H, W) subtracts: x − LN(x)·σ, with σ from torch's biased variance."""
    import torch
    import torch.nn.functional as fn
    tensor = t(x)
    var = torch.var(tensor, dim=(1, 2, 3), correction=0, keepdim=True)
    centred = fn.layer_norm(tensor, tensor.shape[1:], eps=0.0) * torch.sqrt(var)
    return (tensor - centred)[:, 0, 0, 0].tolist()


def _truth_instance_mean(x):
    """The mean an InstanceNorm subtracts per (sample, channel): x − IN(x)·σ."""
    import torch
    import torch.nn.functional as fn
    tensor = t(x)
    var = torch.var(tensor, dim=(2, 3), correction=0, keepdim=True)
    centred = fn.instance_norm(tensor, eps=0.0) * torch.sqrt(var)
    return (tensor - centred)[:, :, 0, 0].tolist()


# ---- examples -----------------------------------------------------------------------------------------

_EPS = (1e-5, 1e-3, 0.1)


def _rows(rng: random.Random) -> Example:
    n, d = rng.randint(1, 4), rng.randint(2, 8)
    return dict(x=[vec(rng, d, -3, 3) for _ in range(n)], gamma=vec(rng, d, 0.5, 2), beta=vec(rng, d, -1, 1),
                eps=rng.choice(_EPS))


def _rows_dy(rng: random.Random) -> Example:
    e = _rows(rng)
    return dict(x=e["x"], dy=[vec(rng, len(r)) for r in e["x"]], eps=e["eps"])


def _channels(rng: random.Random) -> Example:
    c, p = rng.randint(1, 4), rng.randint(2, 9)
    return dict(x=[vec(rng, p, -3, 3) for _ in range(c)], eps=rng.choice(_EPS))


def _grouped(rng: random.Random) -> Example:
    groups, per, p = rng.randint(1, 3), rng.randint(1, 3), rng.randint(2, 6)
    return dict(x=[vec(rng, p, -3, 3) for _ in range(groups * per)], groups=groups, eps=rng.choice(_EPS))


def _inference(rng: random.Random) -> Example:
    n, d = rng.randint(1, 4), rng.randint(1, 6)
    return dict(x=[vec(rng, d, -3, 3) for _ in range(n)], running_mean=vec(rng, d), running_var=vec(rng, d, 0.1, 3),
                gamma=vec(rng, d, 0.5, 2), beta=vec(rng, d), eps=rng.choice(_EPS))


def _running(key: str):
    def draw(rng: random.Random) -> Example:
        n, d = rng.randint(2, 6), rng.randint(1, 5)
        return {"x": [vec(rng, d, -3, 3) for _ in range(n)], key: vec(rng, d, 0.1, 2),
                "momentum": rng.choice([0.1, 0.01, 0.5, 0.9])}
    return draw


def _nchw(rng: random.Random) -> Example:
    """A batch N × C × H × W with H ≠ W most of the time, so a note's 1/(NH) is told from 1/(NW); W ≥ 2, so every
    channel's positions have a spread (the truths divide by it)."""
    n, c, h, w = rng.randint(1, 3), rng.randint(2, 4), rng.randint(1, 4), rng.randint(2, 5)
    return dict(x=[[[vec(rng, w) for _ in range(h)] for _ in range(c)] for _ in range(n)])


_X = {"x": ("x", "a", "h", "x_i"), "gamma": ("\\gamma", "g"), "beta": ("\\beta", "b"), "eps": ("\\epsilon", "\\varepsilon")}

FORMULAS = [
    entry("layer_norm", {"en": "Layer normalisation", "zh": "层归一化", "ru": "Нормализация слоя (LayerNorm)",
                         "fr": "Normalisation de couche", "de": "Layer-Normalisierung"},
          r"y=\gamma\odot\frac{x-\mu}{\sqrt{\sigma^2+\epsilon}}+\beta,\quad \mu=\frac1H\sum_i x_i,\ "
          r"\sigma^2=\frac1H\sum_i(x_i-\mu)^2",
          {"x": "rows of features (one per sample)", "gamma": "scale γ", "beta": "shift β", "eps": "ε"},
          layer_norm, _truth_layer_norm, with_fixed([], _rows),
          {"statistics over the batch (BatchNorm)": lambda x, gamma, beta, eps: [list(r) for r in zip(*[
              [g * v + b for v in _standardise(list(col), eps)] for col, g, b in zip(zip(*x), gamma, beta)])],
           "unbiased variance": lambda x, gamma, beta, eps: [[g * v + b for g, v, b in zip(gamma, _standardise(row, eps, True), beta)]
                                                            for row in x],
           "ε outside the root": lambda x, gamma, beta, eps: [[g * (v - _mean(row)) / (math.sqrt(_var(row)) + eps) + b
                                                             for g, v, b in zip(gamma, row, beta)] for row in x],
           "divided by the variance": lambda x, gamma, beta, eps: [[g * (v - _mean(row)) / (_var(row) + eps) + b
                                                                  for g, v, b in zip(gamma, row, beta)] for row in x]},
          ("layer normalization", "layer normalisation", "LayerNorm", "层归一化", "нормализация слоя"), _X, 1e-10),
    entry("layer_norm_backward", {"en": "LayerNorm backward pass", "zh": "层归一化的反向传播", "ru": "Обратный проход LayerNorm"},
          r"\frac{\partial L}{\partial x_i}=\frac{1}{\sigma}\left(g_i-\frac1H\sum_j g_j-\hat x_i\,\frac1H\sum_j g_j\hat x_j\right)",
          {"x": "inputs (rows)", "dy": "upstream gradient g = ∂L/∂y", "eps": "ε"}, layer_norm_backward,
          _truth_layer_norm_backward, with_fixed([], _rows_dy),
          {"missing the x̂ term": lambda x, dy, eps: [[(a - _mean(g)) / math.sqrt(_var(r) + eps) for a in g] for r, g in zip(x, dy)],
           "dy/σ only": lambda x, dy, eps: [[a / math.sqrt(_var(r) + eps) for a in g] for r, g in zip(x, dy)],
           "missing the mean of g": lambda x, dy, eps: [[(a - h * _mean([p * q for p, q in zip(g, _standardise(r, eps))]))
                                                         / math.sqrt(_var(r) + eps) for a, h in zip(g, _standardise(r, eps))]
                                                        for r, g in zip(x, dy)]},
          ("LayerNorm backward", "layer norm gradient", "backpropagation through layer normalization"),
          {"x": ("x",), "dy": ("g", "dy", "\\delta")}, 1e-9),
    entry("instance_norm", {"en": "Instance normalisation", "zh": "实例归一化", "ru": "Нормализация экземпляра (InstanceNorm)"},
          r"y_{c,p}=\frac{x_{c,p}-\mu_c}{\sqrt{\sigma_c^2+\epsilon}},\ \mu_c=\frac{1}{HW}\sum_p x_{c,p}",
          {"x": "one sample: channels × positions", "eps": "ε"}, instance_norm, _truth_instance_norm,
          with_fixed([], _channels),
          {"statistics over all channels (LayerNorm)": lambda x, eps: (lambda flat, p: [flat[i * p:(i + 1) * p] for i in range(len(x))])(
              _standardise([v for ch in x for v in ch], eps), len(x[0])),
           "not divided by σ": lambda x, eps: [[v - _mean(ch) for v in ch] for ch in x],
           "unbiased variance": lambda x, eps: [_standardise(ch, eps, True) for ch in x]},
          ("instance normalization", "InstanceNorm", "style transfer", "实例归一化"), {"x": ("x",), "eps": ("\\epsilon",)}, 1e-10),
    entry("group_norm", {"en": "Group normalisation", "zh": "组归一化", "ru": "Групповая нормализация (GroupNorm)"},
          r"y=\frac{x-\mu_g}{\sqrt{\sigma_g^2+\epsilon}},\ \mu_g,\sigma_g^2\text{ over the }C/G\text{ channels of group }g\text{ and all positions}",
          {"x": "one sample: channels × positions", "groups": "G", "eps": "ε"}, group_norm, _truth_group_norm,
          with_fixed([], _grouped),
          {"per channel (InstanceNorm)": lambda x, groups, eps: instance_norm(x, eps),
           "over all channels (LayerNorm)": lambda x, groups, eps: group_norm(x, 1, eps),
           "groups of G channels (not C/G)": lambda x, groups, eps: group_norm(x, len(x) // groups, eps)},
          ("group normalization", "GroupNorm", "组归一化"), {"x": ("x",), "groups": ("G",), "eps": ("\\epsilon",)}, 1e-10),
    entry("rms_norm", {"en": "RMS normalisation", "zh": "均方根归一化 (RMSNorm)", "ru": "RMSNorm"},
          r"y_i=\gamma_i\frac{x_i}{\sqrt{\frac1H\sum_j x_j^2+\epsilon}}",
          {"x": "rows of features", "gamma": "scale γ", "eps": "ε"}, rms_norm, _truth_rms_norm,
          lambda rng, n: [{k: v for k, v in _rows(rng).items() if k != "beta"} for _ in range(n)],
          {"mean subtracted (LayerNorm)": lambda x, gamma, eps: layer_norm(x, gamma, [0.0] * len(gamma), eps),
           "no 1/H (L2 norm)": lambda x, gamma, eps: [[g * v / math.sqrt(sum(a * a for a in row) + eps) for g, v in zip(gamma, row)]
                                                     for row in x],
           "no square root": lambda x, gamma, eps: [[g * v / (_mean([a * a for a in row]) + eps) for g, v in zip(gamma, row)]
                                                    for row in x]},
          ("RMSNorm", "root mean square layer normalization", "LLaMA"), {"x": ("x", "a"), "gamma": ("\\gamma", "g"),
                                                                         "eps": ("\\epsilon",)}, 1e-10),
    entry("l2_normalize", {"en": "L2 normalisation of a vector", "zh": "L2 归一化", "ru": "L2-нормализация"},
          r"\hat x=\frac{x}{\|x\|_2}", {"x": "vector"}, l2_normalize, _truth_l2_normalize,
          with_fixed([dict(x=[3.0, 4.0])], lambda rng: dict(x=vec(rng, rng.randint(1, 8)) + [1.0])),
          {"divided by ‖x‖²": lambda x: [v / sum(a * a for a in x) for v in x], "divided by ‖x‖₁": lambda x: [v / sum(map(abs, x)) for v in x],
           "divided by the sum": lambda x: [v / sum(x) for v in x]},
          ("L2 normalization", "L2 normalize", "unit vector", "L2 归一化"), {"x": ("x", "v", "f")}),
    entry("batchnorm_inference", {"en": "BatchNorm at inference (running statistics)", "zh": "推理时的批归一化",
                                  "ru": "BatchNorm на инференсе"},
          r"y=\gamma\frac{x-\hat\mu}{\sqrt{\hat\sigma^2+\epsilon}}+\beta\quad(\hat\mu,\hat\sigma^2\text{ running averages})",
          {"x": "batch", "running_mean": "running mean", "running_var": "running variance", "gamma": "γ", "beta": "β", "eps": "ε"},
          batchnorm_inference, _truth_bn_inference, with_fixed([], _inference),
          {"batch statistics instead of running ones": lambda x, running_mean, running_var, gamma, beta, eps: batchnorm_inference(
              x, [_mean(list(c)) for c in zip(*x)], [_var(list(c)) for c in zip(*x)], gamma, beta, eps)
              if len(x) > 1 else [[0.0] * len(x[0])],
           "divided by the variance": lambda x, running_mean, running_var, gamma, beta, eps: batchnorm_inference(
               x, running_mean, [(s + eps) ** 2 - eps for s in running_var], gamma, beta, eps),
           "β inside the fraction": lambda x, running_mean, running_var, gamma, beta, eps: [[
               g * (v - m + b) / math.sqrt(s + eps) for v, m, s, g, b in zip(row, running_mean, running_var, gamma, beta)] for row in x]},
          ("BatchNorm inference", "test time batch normalization", "running mean", "moving average"),
          {"x": ("x",), "running_mean": ("\\hat\\mu", "\\mu_{run}", "E[x]"), "running_var": ("\\hat\\sigma^2", "Var[x]"),
           "gamma": ("\\gamma",), "beta": ("\\beta",), "eps": ("\\epsilon",)}, 1e-10, note_view=_running_std_view),
    entry("batchnorm_inference_normalise", {"en": "BatchNorm at inference: the normalise step", "zh": "推理时批归一化的标准化步骤",
                                            "ru": "BatchNorm на инференсе: нормировка", "it": "BatchNorm in inferenza: normalizzazione"},
          r"\hat x=\frac{x-\hat\mu}{\sqrt{\hat\sigma^2+\epsilon}}\quad(\hat\mu,\hat\sigma^2\text{ running averages})",
          {"x": "batch", "running_mean": "running mean", "running_var": "running variance", "eps": "ε"},
          batchnorm_inference_normalise, _truth_bn_inference_normalise,
          with_fixed([dict(x=[[3.0]], running_mean=[1.0], running_var=[4.0], eps=1e-3)],
                     lambda rng: {k: v for k, v in _inference(rng).items() if k not in ("gamma", "beta")}),
          {"ε outside the root": lambda x, running_mean, running_var, eps: [[
              (v - m) / math.sqrt(s) + eps for v, m, s in zip(row, running_mean, running_var)] for row in x],
           "divided by the variance": lambda x, running_mean, running_var, eps: [[
               (v - m) / (s + eps) for v, m, s in zip(row, running_mean, running_var)] for row in x],
           "batch statistics instead of running ones": lambda x, running_mean, running_var, eps: [
               list(r) for r in zip(*[_standardise(list(c), eps) for c in zip(*x)])]},
          ("BatchNorm inference", "test time batch normalization", "running mean", "moving average", "running statistics",
           "medie mobili", "media mobile", "gleitender Mittelwert", "moyenne mobile", "media móvil", "滑动平均",
           "скользящее среднее"),
          {"x": ("x",), "running_mean": ("\\hat\\mu", "\\mu_{run}", "\\mu_{running}", "E[x]"),
           "running_var": ("\\hat\\sigma^2", "\\sigma^2_{run}", "Var[x]"), "eps": ("\\epsilon", "\\varepsilon"),
           "xhat": ("\\hat{x}", "\\hat{x}_i")},   # x̂ is this entry's value
          1e-10, note_view=_running_std_view),
    entry("batchnorm_running_mean", {"en": "BatchNorm running mean update", "zh": "批归一化的滑动平均均值",
                                     "ru": "Скользящее среднее BatchNorm"},
          r"\hat\mu\leftarrow(1-m)\,\hat\mu+m\,\mu_B",
          {"x": "batch", "running_mean": "running mean before the step", "momentum": "momentum m (PyTorch's convention)"},
          running_mean_update, _truth_running_mean, with_fixed([], _running("running_mean")),
          {"m on the old value (Keras's convention)": lambda x, running_mean, momentum: running_mean_update(x, running_mean, 1 - momentum),
           "no (1 − m) factor": lambda x, running_mean, momentum: [r + momentum * _mean(list(c)) for r, c in zip(running_mean, zip(*x))],
           "batch mean only": lambda x, running_mean, momentum: [_mean(list(c)) for c in zip(*x)]},
          ("running mean", "moving average", "momentum", "BatchNorm running statistics"),
          {"running_mean": ("\\hat\\mu", "\\mu_{run}", "running\\_mean"), "momentum": ("m", "\\alpha", "momentum")}),
    entry("batchnorm_running_variance", {"en": "BatchNorm running variance update (unbiased)", "zh": "批归一化的滑动平均方差",
                                         "ru": "Скользящая дисперсия BatchNorm"},
          r"\hat\sigma^2\leftarrow(1-m)\,\hat\sigma^2+m\,\frac{N}{N-1}\sigma_B^2",
          {"x": "batch", "running_var": "running variance before the step", "momentum": "momentum m"},
          running_var_update, _truth_running_var, with_fixed([], _running("running_var")),
          {"biased batch variance": lambda x, running_var, momentum: [(1 - momentum) * r + momentum * _var(list(c))
                                                                      for r, c in zip(running_var, zip(*x))],
           "m on the old value": lambda x, running_var, momentum: running_var_update(x, running_var, 1 - momentum)},
          ("running variance", "moving variance", "unbiased variance", "BatchNorm running statistics"),
          {"running_var": ("\\hat\\sigma^2", "running\\_var"), "momentum": ("m", "momentum")}),
    entry("batchnorm_channel_mean", {"en": "BatchNorm statistics per channel over (N, H, W)", "zh": "卷积批归一化的按通道均值",
                                     "ru": "Среднее BatchNorm по каналу"},
          r"\mu_c=\frac{1}{NHW}\sum_{n,h,w}x_{n,c,h,w}", {"x": "batch: samples × channels × positions"},
          batchnorm_channel_mean, _truth_channel_mean, with_fixed([], _nchw),
          {"mean over the batch only (first position)": lambda x: [_mean([s[c][0][0] for s in x]) for c in range(len(x[0]))],
           "mean per sample (first sample's channels)": lambda x: [_mean(_positions(ch)) for ch in x[0]],
           "mean over channels": lambda x: [_mean([v for s in x for ch in s for v in _positions(ch)])] * len(x[0])},
          ("BatchNorm per channel", "spatial batch normalization", "BatchNorm2d", "mean over N, H, W", "batch norm",
           "batch normalization", "batch normalisation", "BatchNorm", "批归一化", "батч-нормализац"), {"x": ("x",)}),
    entry("layer_norm_sample_mean", {"en": "LayerNorm mean per sample over (C, H, W)", "zh": "层归一化的按样本均值",
                                     "ru": "Среднее LayerNorm по примеру", "de": "Mittelwert der Layer-Normalisierung"},
          r"\mu_n=\frac{1}{CHW}\sum_{c,h,w}x_{n,c,h,w}", {"x": "batch: samples × channels × H × W"},
          layer_norm_sample_mean, _truth_sample_mean, with_fixed([], _nchw),
          {"mean over the batch (BatchNorm's)": lambda x: [_mean(batchnorm_channel_mean(x))] * len(x),
           "first channel only": lambda x: [_mean(_positions(s[0])) for s in x],
           "sum, not mean": lambda x: [sum(v for ch in s for v in _positions(ch)) for s in x]},
          ("layer norm", "layer normalization", "layer normalisation", "LayerNorm", "层归一化", "нормализация слоя",
           "нормализации слоя", "нормализацию слоя", "Layer-Normalisierung"), {"x": ("x",)}, 1e-10, note_view=_flat_samples),
    entry("instance_norm_mean", {"en": "InstanceNorm mean per sample and channel over (H, W)", "zh": "实例归一化的均值",
                                 "ru": "Среднее InstanceNorm"},
          r"\mu_{n,c}=\frac{1}{HW}\sum_{h,w}x_{n,c,h,w}", {"x": "batch: samples × channels × H × W"},
          instance_norm_mean, _truth_instance_mean, with_fixed([], _nchw),
          {"over the channels too (LayerNorm's)": lambda x: [[m] * len(s) for m, s in zip(layer_norm_sample_mean(x), x)],
           "first row only": lambda x: [[_mean(ch[0]) for ch in s] for s in x],
           "sum, not mean": lambda x: [[sum(_positions(ch)) for ch in s] for s in x]},
          ("instance norm", "instance normalization", "instance normalisation", "InstanceNorm", "实例归一化",
           "нормализация экземпляра", "нормализации экземпляра", "нормализацию экземпляра"), {"x": ("x",)}, 1e-10),
]
