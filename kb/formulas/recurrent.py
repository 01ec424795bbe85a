"""One step of the gated recurrent cells: the LSTM's cell state and hidden output, the GRU's state update.

Truths are what torch.nn.LSTMCell and torch.nn.GRUCell return for the example's weights and inputs. Notes
write the step in terms of the gates (f_t, i_t, c̃_t, o_t; z_t, h̃_t), which are not parameters: each entry's
note view computes them from the same weights with kb's own gate equations, so a note's way of combining
them is checked against torch's cell (and the registry check of the entry confirms the gates are torch's).
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, entry, t, vec


def _sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v))


def _affine(W: list[list[float]], b: list[float], v: list[float]) -> list[float]:
    return [sum(w * x for w, x in zip(row, v)) + bias for row, bias in zip(W, b)]


def _chunks(v: list[float], k: int) -> list[list[float]]:
    n = len(v) // k
    return [v[j * n:(j + 1) * n] for j in range(k)]


# ---- LSTM ------------------------------------------------------------------------------------------------

def lstm_gates(W_ih, W_hh, b_ih, b_hh, x, h_prev, c_prev) -> dict[str, list[float]]:
    """i, f, o = σ(W·[x, h] + b), c̃ = tanh(W·[x, h] + b), in torch's gate order (i, f, g, o)."""
    pre = [a + b for a, b in zip(_affine(W_ih, b_ih, x), _affine(W_hh, b_hh, h_prev))]
    i, f, g, o = _chunks(pre, 4)
    return {"i": [_sigmoid(v) for v in i], "f": [_sigmoid(v) for v in f], "g": [math.tanh(v) for v in g],
            "o": [_sigmoid(v) for v in o]}


def lstm_step(W_ih, W_hh, b_ih, b_hh, x, h_prev, c_prev) -> list[list[float]]:
    """[h_t, c_t]: c_t = f ⊙ c_{t−1} + i ⊙ c̃, h_t = o ⊙ tanh(c_t)."""
    gate = lstm_gates(W_ih, W_hh, b_ih, b_hh, x, h_prev, c_prev)
    c = [f * cp + i * g for f, cp, i, g in zip(gate["f"], c_prev, gate["i"], gate["g"])]
    return [[o * math.tanh(v) for o, v in zip(gate["o"], c)], c]


def _lstm_view(W_ih, W_hh, b_ih, b_hh, x, h_prev, c_prev) -> dict[str, list[float]]:
    gate = lstm_gates(W_ih, W_hh, b_ih, b_hh, x, h_prev, c_prev)
    c = lstm_step(W_ih, W_hh, b_ih, b_hh, x, h_prev, c_prev)[1]
    return {"f_t": gate["f"], "i_t": gate["i"], "o_t": gate["o"], "\\tilde{c}_t": gate["g"], "\\tilde{C}_t": gate["g"],
            "g_t": gate["g"], "c_t": c, "C_t": c}


def _truth_lstm(W_ih, W_hh, b_ih, b_hh, x, h_prev, c_prev) -> list[list[float]]:
    import torch
    import torch.nn as nn
    cell = nn.LSTMCell(len(x), len(h_prev), dtype=torch.float64)
    with torch.no_grad():
        for name, value in (("weight_ih", W_ih), ("weight_hh", W_hh), ("bias_ih", b_ih), ("bias_hh", b_hh)):
            getattr(cell, name).copy_(t(value))
        h, c = cell(t([x]), (t([h_prev]), t([c_prev])))
    return [h[0].tolist(), c[0].tolist()]


def _cell_example(gates: int):
    def draw(rng: random.Random) -> Example:
        n_x, n_h = rng.randint(1, 4), rng.randint(1, 4)
        rows = gates * n_h
        return dict(W_ih=[vec(rng, n_x) for _ in range(rows)], W_hh=[vec(rng, n_h) for _ in range(rows)],
                    b_ih=vec(rng, rows), b_hh=vec(rng, rows), x=vec(rng, n_x), h_prev=vec(rng, n_h),
                    **({"c_prev": vec(rng, n_h)} if gates == 4 else {}))
    return lambda rng, n: [draw(rng) for _ in range(n)]


def _lstm_mutant(combine):
    """An LSTM step whose [h, c] comes from `combine(gates, c_prev)`."""
    def step(W_ih, W_hh, b_ih, b_hh, x, h_prev, c_prev):
        return combine(lstm_gates(W_ih, W_hh, b_ih, b_hh, x, h_prev, c_prev), c_prev)
    return step


def _h_and_c(c: list[float], o: list[float], squash=math.tanh) -> list[list[float]]:
    return [[a * squash(v) for a, v in zip(o, c)], c]


# ---- GRU -------------------------------------------------------------------------------------------------

def gru_gates(W_ih, W_hh, b_ih, b_hh, x, h_prev) -> dict[str, list[float]]:
    """r, z = σ(W_i x + b_i + W_h h + b_h); h̃ = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)) (torch's order r, z, n)."""
    r_i, z_i, n_i = _chunks(_affine(W_ih, b_ih, x), 3)
    r_h, z_h, n_h = _chunks(_affine(W_hh, b_hh, h_prev), 3)
    r = [_sigmoid(a + b) for a, b in zip(r_i, r_h)]
    z = [_sigmoid(a + b) for a, b in zip(z_i, z_h)]
    return {"r": r, "z": z, "n": [math.tanh(a + g * b) for a, g, b in zip(n_i, r, n_h)]}


def gru_step(W_ih, W_hh, b_ih, b_hh, x, h_prev) -> list[float]:
    """h_t = (1 − z_t) ⊙ h̃_t + z_t ⊙ h_{t−1}, z_t the share of the old state kept (torch, Cho et al.)."""
    gate = gru_gates(W_ih, W_hh, b_ih, b_hh, x, h_prev)
    return [(1 - z) * n + z * h for z, n, h in zip(gate["z"], gate["n"], h_prev)]


def _gru_view(keep_gate: bool):
    """The gates a note names. Papers and courses define the update gate either as the share of the old state
    kept (torch, Cho et al. 2014) or as the share of the candidate taken (z' = 1 − z, Chung et al. 2014, many
    courses): both are σ of a learned affine map, so each entry reads z_t its own way."""
    def view(W_ih, W_hh, b_ih, b_hh, x, h_prev) -> dict[str, list[float]]:
        gate = gru_gates(W_ih, W_hh, b_ih, b_hh, x, h_prev)
        z = gate["z"] if keep_gate else [1 - v for v in gate["z"]]
        return {"z_t": z, "r_t": gate["r"], "\\tilde{h}_t": gate["n"], "\\hat{h}_t": gate["n"], "n_t": gate["n"]}
    return view


def gru_step_candidate_gate(W_ih, W_hh, b_ih, b_hh, x, h_prev) -> list[float]:
    """h_t = (1 − z'_t) ⊙ h_{t−1} + z'_t ⊙ h̃_t with z' = 1 − z: the same step as gru_step."""
    gate = gru_gates(W_ih, W_hh, b_ih, b_hh, x, h_prev)
    taken = [1 - z for z in gate["z"]]
    return [(1 - z) * h + z * n for z, n, h in zip(taken, gate["n"], h_prev)]


def _truth_gru(W_ih, W_hh, b_ih, b_hh, x, h_prev) -> list[float]:
    import torch
    import torch.nn as nn
    cell = nn.GRUCell(len(x), len(h_prev), dtype=torch.float64)
    with torch.no_grad():
        for name, value in (("weight_ih", W_ih), ("weight_hh", W_hh), ("bias_ih", b_ih), ("bias_hh", b_hh)):
            getattr(cell, name).copy_(t(value))
        return cell(t([x]), t([h_prev]))[0].tolist()


def _gru_mutant(combine):
    def step(W_ih, W_hh, b_ih, b_hh, x, h_prev):
        gate = gru_gates(W_ih, W_hh, b_ih, b_hh, x, h_prev)
        return [combine(z, n, h) for z, n, h in zip(gate["z"], gate["n"], h_prev)]
    return step


_CELL_ALIASES = {"x": ("x_t", "x"), "h_prev": ("h_{t-1}", "h_{prev}", "H_{t-1}"), "c_prev": ("c_{t-1}", "C_{t-1}", "c_{prev}")}
_KW_LSTM = ("LSTM", "long short-term memory", "cell state", "forget gate", "input gate", "output gate", "LSTM cell",
            "ячейка LSTM", "LSTM 单元", "细胞状态", "遗忘门", "état de cellule", "porte d'oubli", "Zellzustand",
            "LSTM セル", "セル状態", "셀 상태", "trạng thái ô")
_KW_GRU = ("GRU", "gated recurrent unit", "update gate", "reset gate", "门控循环单元", "更新门", "porte de mise à jour",
           "Update-Gate", "вентиль обновления", "更新ゲート", "업데이트 게이트", "cổng cập nhật")

FORMULAS = [
    entry("lstm_step", {"en": "LSTM cell step (cell state and hidden output)", "zh": "LSTM 单元的状态更新",
                        "ru": "Шаг ячейки LSTM", "fr": "Pas d'une cellule LSTM", "de": "LSTM-Zellschritt"},
          r"c_t=f_t\odot c_{t-1}+i_t\odot\tilde c_t,\quad h_t=o_t\odot\tanh(c_t)",
          {"W_ih": "input weights (i, f, g, o stacked)", "W_hh": "recurrent weights", "b_ih": "input bias",
           "b_hh": "recurrent bias", "x": "input x_t", "h_prev": "previous hidden state h_{t-1}",
           "c_prev": "previous cell state c_{t-1}"},
          lstm_step, _truth_lstm, _cell_example(4),
          {"forget and input gates swapped": _lstm_mutant(lambda g, cp: _h_and_c(
              [i * c + f * n for f, c, i, n in zip(g["f"], cp, g["i"], g["g"])], g["o"])),
           "no forget gate": _lstm_mutant(lambda g, cp: _h_and_c([c + i * n for c, i, n in zip(cp, g["i"], g["g"])], g["o"])),
           "h_t = o_t ⊙ c_t (no tanh)": _lstm_mutant(lambda g, cp: _h_and_c(
               [f * c + i * n for f, c, i, n in zip(g["f"], cp, g["i"], g["g"])], g["o"], lambda v: v)),
           "h_t = o_t ⊙ σ(c_t)": _lstm_mutant(lambda g, cp: _h_and_c(
               [f * c + i * n for f, c, i, n in zip(g["f"], cp, g["i"], g["g"])], g["o"], _sigmoid))},
          _KW_LSTM, _CELL_ALIASES, 1e-9, 40, note_view=_lstm_view, note_parts={"h_t": 0, "c_t": 1, "C_t": 1}),
    entry("gru_step", {"en": "GRU state update (z_t keeps the old state)", "zh": "GRU 的状态更新",
                       "ru": "Обновление состояния GRU", "fr": "Mise à jour de l'état d'un GRU"},
          r"h_t=(1-z_t)\odot\tilde h_t+z_t\odot h_{t-1}",
          {"W_ih": "input weights (r, z, n stacked)", "W_hh": "recurrent weights", "b_ih": "input bias",
           "b_hh": "recurrent bias", "x": "input x_t", "h_prev": "previous hidden state h_{t-1}"},
          gru_step, _truth_gru, _cell_example(3),
          {"old state and candidate both weighted by z": _gru_mutant(lambda z, n, h: z * n + z * h),
           "no gate on the candidate": _gru_mutant(lambda z, n, h: n + z * h),
           "sum without gates": _gru_mutant(lambda z, n, h: n + h)},
          _KW_GRU, {k: v for k, v in _CELL_ALIASES.items() if k != "c_prev"}, 1e-9, 40, note_view=_gru_view(True)),
    entry("gru_step_candidate_gate", {"en": "GRU state update (z_t takes the candidate)", "zh": "GRU 的状态更新（z 作用于候选状态）",
                                      "ru": "Обновление состояния GRU (z у кандидата)"},
          r"h_t=(1-z_t)\odot h_{t-1}+z_t\odot\tilde h_t",
          {"W_ih": "input weights (r, z, n stacked)", "W_hh": "recurrent weights", "b_ih": "input bias",
           "b_hh": "recurrent bias", "x": "input x_t", "h_prev": "previous hidden state h_{t-1}"},
          gru_step_candidate_gate, _truth_gru, _cell_example(3),
          {"old state and candidate both weighted by z": _gru_mutant(lambda z, n, h: z * n + z * h),
           "candidate dropped": _gru_mutant(lambda z, n, h: h),
           "sum without gates": _gru_mutant(lambda z, n, h: n + h)},
          _KW_GRU, {k: v for k, v in _CELL_ALIASES.items() if k != "c_prev"}, 1e-9, 40, note_view=_gru_view(False)),
]
