"""Temporal-difference learning: the TD target and error, the Q-learning (DQN) target, TD(0), SARSA, expected
SARSA and Q-learning updates.

Each update is a semi-gradient step: the truth is one torch.optim.SGD step (learning rate α) on the loss
½(target − V(s))², with the target detached, on a torch table of values; references apply the update
rule as the notes write it.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example, entry, vec, with_fixed


def sgd_on_table(table: list, index: tuple, target: float, alpha: float) -> list:
    """The table after one SGD step on ½(target − table[index])² (target held fixed)."""
    import torch
    values = torch.tensor(table, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([values], lr=alpha)
    loss = 0.5 * (torch.tensor(target, dtype=torch.float64) - values[index]) ** 2
    loss.backward()
    optimizer.step()
    return values.detach().tolist()


# ---- references ---------------------------------------------------------------------------------------

def td_error(V, s, r, s_next, gamma, done):
    return r + (0.0 if done else gamma * V[s_next]) - V[s]


def td_target(V, r, s_next, gamma, done):
    return r + (0.0 if done else gamma * V[s_next])


def q_learning_target(Q, r, s_next, gamma, done):
    return r + (0.0 if done else gamma * max(Q[s_next]))


def td0_update(V, s, r, s_next, gamma, done, alpha):
    out = list(V)
    out[s] = V[s] + alpha * (r + (0.0 if done else gamma * V[s_next]) - V[s])
    return out


def sarsa_update(Q, s, a, r, s_next, a_next, gamma, alpha):
    out = [list(row) for row in Q]
    out[s][a] = Q[s][a] + alpha * (r + gamma * Q[s_next][a_next] - Q[s][a])
    return out


def expected_sarsa_update(Q, s, a, r, s_next, pi, gamma, alpha):
    out = [list(row) for row in Q]
    expected = sum(p * q for p, q in zip(pi[s_next], Q[s_next]))
    out[s][a] = Q[s][a] + alpha * (r + gamma * expected - Q[s][a])
    return out


def q_learning_update(Q, s, a, r, s_next, gamma, alpha):
    out = [list(row) for row in Q]
    out[s][a] = Q[s][a] + alpha * (r + gamma * max(Q[s_next]) - Q[s][a])
    return out


# ---- truths -------------------------------------------------------------------------------------------

def _truth_td_error(V, s, r, s_next, gamma, done):
    """δ is the negative gradient of ½(target − V(s))² with respect to V(s): one SGD step with α = 1."""
    target = r + (0.0 if done else gamma * V[s_next])
    return sgd_on_table(V, (s,), target, 1.0)[s] - V[s]


def _truth_td_target(V, r, s_next, gamma, done):
    """The target is where one SGD step with α = 1 on ½(target − V(s))² takes V(s), from any other state s."""
    s = (s_next + 1) % len(V)
    return sgd_on_table(V, (s,), r + (0.0 if done else gamma * V[s_next]), 1.0)[s]


def _truth_q_learning_target(Q, r, s_next, gamma, done):
    """The value Q-learning's update with α = 1 writes into Q(s, a) (torch's max over the next state's row)."""
    if done:
        return r
    s = (s_next + 1) % len(Q)
    return _truth_q_learning(Q, s, 0, r, s_next, gamma, 1.0)[s][0]


def _truth_td0(V, s, r, s_next, gamma, done, alpha):
    return sgd_on_table(V, (s,), r + (0.0 if done else gamma * V[s_next]), alpha)


def _truth_sarsa(Q, s, a, r, s_next, a_next, gamma, alpha):
    return sgd_on_table(Q, (s, a), r + gamma * Q[s_next][a_next], alpha)


def _truth_expected_sarsa(Q, s, a, r, s_next, pi, gamma, alpha):
    import torch
    expected = torch.dot(torch.tensor(pi[s_next], dtype=torch.float64), torch.tensor(Q[s_next], dtype=torch.float64)).item()
    return sgd_on_table(Q, (s, a), r + gamma * expected, alpha)


def _truth_q_learning(Q, s, a, r, s_next, gamma, alpha):
    import torch
    best = torch.tensor(Q[s_next], dtype=torch.float64).amax().item()
    return sgd_on_table(Q, (s, a), r + gamma * best, alpha)


# ---- examples -----------------------------------------------------------------------------------------

def _v_step(rng: random.Random) -> Example:
    S = rng.randint(2, 6)
    s, s_next = rng.sample(range(S), 2)
    return dict(V=vec(rng, S), s=s, r=rng.uniform(-1, 1), s_next=s_next, gamma=rng.choice([0.5, 0.9, 0.99]),
                done=rng.random() < 0.25)


def _v_step_alpha(rng: random.Random) -> Example:
    return dict(_v_step(rng), alpha=rng.choice([0.1, 0.5, 0.01]))


def _q_step(rng: random.Random) -> Example:
    S, A = rng.randint(2, 5), rng.randint(2, 4)
    s, s_next = rng.sample(range(S), 2)
    return dict(Q=[vec(rng, A) for _ in range(S)], s=s, a=rng.randrange(A), r=rng.uniform(-1, 1), s_next=s_next,
                gamma=rng.choice([0.5, 0.9, 0.99]), alpha=rng.choice([0.1, 0.5, 0.01]))


def _sarsa_step(rng: random.Random) -> Example:
    e = _q_step(rng)
    return dict(e, a_next=rng.randrange(len(e["Q"][0])))


def _expected_step(rng: random.Random) -> Example:
    """A step and the policy π(a|s) of every state (the update reads the next state's row)."""
    e = _q_step(rng)
    rows = []
    for _ in e["Q"]:
        w = [rng.uniform(0.05, 1) for _ in e["Q"][0]]
        rows.append([v / sum(w) for v in w])
    return dict(e, pi=rows)


def _v_target(rng: random.Random) -> Example:
    e = _v_step(rng)
    return {k: e[k] for k in ("V", "r", "s_next", "gamma", "done")}


def _q_target(rng: random.Random) -> Example:
    e = _q_step(rng)
    return dict(Q=e["Q"], r=e["r"], s_next=e["s_next"], gamma=e["gamma"], done=rng.random() < 0.25)


def _replace(Q, s, a, value):
    out = [list(row) for row in Q]
    out[s][a] = value
    return out


_V = {"V": "value table V(s)", "s": "state s", "r": "reward r", "s_next": "next state s'", "gamma": "γ",
      "done": "whether s' is terminal"}
_VA = {"V": ("V",), "s": ("s", "S_t", "s_t"), "r": ("r", "R_{t+1}", "r_{t+1}", "r_t"),
       "s_next": ("s'", "S_{t+1}", "s_{t+1}"), "gamma": ("\\gamma",), "alpha": ("\\alpha",)}
_Q = {"Q": "action-value table Q(s,a)", "s": "state", "a": "action", "r": "reward", "s_next": "next state",
      "gamma": "γ", "alpha": "step size α"}
_QA = {"Q": ("Q",), "s": ("s", "S_t", "s_t"), "a": ("a", "A_t", "a_t"), "r": ("r", "R_{t+1}", "r_{t+1}", "r_t"),
       "s_next": ("s'", "S_{t+1}", "s_{t+1}"), "gamma": ("\\gamma",), "alpha": ("\\alpha",)}
_KW_TD = ("temporal difference", "TD learning", "TD error", "时序差分", "временных разностей", "TD学習", "TD誤差",
          "différence temporelle", "apprentissage TD", "TD 误差", "TD误差", "TD-Fehler", "erreur TD", "error TD",
          "errore TD", "erro TD", "TD 오차", "ошибка TD")

_KW_TD_TARGET = ("TD target", "TD-Ziel", "cible TD", "objetivo TD", "TD 目标", "TD目标", "TDターゲット", "TD 타깃",
                 "TD 타겟", "TD-цель", "целевое значение TD", "bootstrapped target")
_KW_Q_TARGET = ("Q-learning target", "DQN target", "cible du Q-learning", "cible DQN",
                "objetivo de Q-learning", "Q 学习目标", "DQN 目标", "DQN ターゲット", "DQN 타깃", "цель DQN")

FORMULAS = [
    entry("td_target", {"en": "TD target", "zh": "TD 目标", "ru": "TD-цель", "fr": "Cible TD", "de": "TD-Ziel"},
          r"y_t=r_{t+1}+\gamma V(s_{t+1})", {k: v for k, v in _V.items() if k != "s"}, td_target, _truth_td_target,
          with_fixed([], _v_target),
          {"no γ": lambda V, r, s_next, gamma, done: td_target(V, r, s_next, 1.0, done),
           "minus V(s') (an error, not a target)": lambda V, r, s_next, gamma, done: td_target(V, r, s_next, gamma, done) - V[s_next],
           "bootstraps from a terminal state": lambda V, r, s_next, gamma, done: r + gamma * V[s_next],
           "γ on the reward": lambda V, r, s_next, gamma, done: gamma * r + (0.0 if done else gamma * V[s_next])},
          _KW_TD_TARGET, {k: v for k, v in _VA.items() if k != "s"}),
    entry("q_learning_target", {"en": "Q-learning (DQN) target", "zh": "Q 学习目标", "ru": "Цель Q-learning",
                                "fr": "Cible du Q-learning", "de": "Q-Learning-Ziel"},
          r"y=r+\gamma\max_{a'}Q(s',a')", {"Q": _Q["Q"], "r": _Q["r"], "s_next": _Q["s_next"], "gamma": "γ",
                                           "done": "whether s' is terminal"},
          q_learning_target, _truth_q_learning_target, with_fixed([], _q_target),
          {"min instead of max": lambda Q, r, s_next, gamma, done: r + (0.0 if done else gamma * min(Q[s_next])),
           "mean instead of max": lambda Q, r, s_next, gamma, done: r + (0.0 if done else gamma * sum(Q[s_next]) / len(Q[s_next])),
           "no γ": lambda Q, r, s_next, gamma, done: q_learning_target(Q, r, s_next, 1.0, done),
           "bootstraps from a terminal state": lambda Q, r, s_next, gamma, done: r + gamma * max(Q[s_next])},
          _KW_Q_TARGET, {k: v for k, v in _QA.items() if k in ("Q", "r", "s_next", "gamma")}),
    entry("td_error", {"en": "TD error", "zh": "时序差分误差", "ru": "TD-ошибка", "fr": "Erreur de différence temporelle"},
          r"\delta_t=r_{t+1}+\gamma V(s_{t+1})-V(s_t)", _V, td_error, _truth_td_error, with_fixed([], _v_step),
          {"V(s) − target": lambda V, s, r, s_next, gamma, done: -td_error(V, s, r, s_next, gamma, done),
           "no γ": lambda V, s, r, s_next, gamma, done: td_error(V, s, r, s_next, 1.0, done),
           "bootstraps from a terminal state": lambda V, s, r, s_next, gamma, done: r + gamma * V[s_next] - V[s]},
          (*_KW_TD, "δ"), _VA),
    entry("td0_update", {"en": "TD(0) update", "zh": "TD(0) 更新", "ru": "Обновление TD(0)"},
          r"V(s_t)\leftarrow V(s_t)+\alpha\left[r_{t+1}+\gamma V(s_{t+1})-V(s_t)\right]", {**_V, "alpha": "step size α"},
          td0_update, _truth_td0, with_fixed([], _v_step_alpha),
          {"α on the target only": lambda V, s, r, s_next, gamma, done, alpha: [
              v if i != s else V[s] + alpha * (r + (0.0 if done else gamma * V[s_next])) - V[s] for i, v in enumerate(V)],
           "Monte Carlo-like (reward only)": lambda V, s, r, s_next, gamma, done, alpha: td0_update(V, s, r, s_next, 0.0, True, alpha),
           "updates V(s') instead": lambda V, s, r, s_next, gamma, done, alpha: [
               v if i != s_next else V[s_next] + alpha * (r + (0.0 if done else gamma * V[s_next]) - V[s]) for i, v in enumerate(V)]},
          (*_KW_TD, "TD(0)"), _VA),
    entry("sarsa_update", {"en": "SARSA update", "zh": "SARSA 更新", "ru": "Обновление SARSA"},
          r"Q(s,a)\leftarrow Q(s,a)+\alpha\left[r+\gamma Q(s',a')-Q(s,a)\right]", {**_Q, "a_next": "next action a'"},
          sarsa_update, _truth_sarsa, with_fixed([], _sarsa_step),
          {"max over a' (Q-learning)": lambda Q, s, a, r, s_next, a_next, gamma, alpha: q_learning_update(Q, s, a, r, s_next, gamma, alpha),
           "Q(s',a) instead of Q(s',a')": lambda Q, s, a, r, s_next, a_next, gamma, alpha: sarsa_update(Q, s, a, r, s_next, a, gamma, alpha),
           "missing −Q(s,a)": lambda Q, s, a, r, s_next, a_next, gamma, alpha: _replace(
               Q, s, a, Q[s][a] + alpha * (r + gamma * Q[s_next][a_next]))},
          ("SARSA", "on-policy TD control", *_KW_TD), {**_QA, "a_next": ("a'", "A_{t+1}", "a_{t+1}")}),
    entry("expected_sarsa_update", {"en": "Expected SARSA update", "zh": "期望 SARSA 更新", "ru": "Обновление Expected SARSA"},
          r"Q(s,a)\leftarrow Q(s,a)+\alpha\left[r+\gamma\sum_{a'}\pi(a'\mid s')Q(s',a')-Q(s,a)\right]",
          {**_Q, "pi": "policy π(a|s), indexed [s][a]"}, expected_sarsa_update, _truth_expected_sarsa,
          with_fixed([], _expected_step),
          {"max over a'": lambda Q, s, a, r, s_next, pi, gamma, alpha: q_learning_update(Q, s, a, r, s_next, gamma, alpha),
           "uniform mean over a'": lambda Q, s, a, r, s_next, pi, gamma, alpha: expected_sarsa_update(
               Q, s, a, r, s_next, [[1 / len(row)] * len(row) for row in pi], gamma, alpha),
           "π of the current state": lambda Q, s, a, r, s_next, pi, gamma, alpha: expected_sarsa_update(
               Q, s, a, r, s_next, [pi[s]] * len(pi), gamma, alpha)},
          ("expected SARSA", "Expected SARSA", "期望 SARSA", *_KW_TD), {**_QA, "pi": ("\\pi",)}),
    entry("q_learning_update", {"en": "Q-learning update", "zh": "Q 学习更新", "ru": "Обновление Q-learning",
                                "fr": "Mise à jour du Q-learning", "de": "Q-Learning-Update"},
          r"Q(s,a)\leftarrow Q(s,a)+\alpha\left[r+\gamma\max_{a'}Q(s',a')-Q(s,a)\right]", _Q, q_learning_update,
          _truth_q_learning, with_fixed([], _q_step),
          {"max over Q(s,·) instead of Q(s',·)": lambda Q, s, a, r, s_next, gamma, alpha: _replace(
              Q, s, a, Q[s][a] + alpha * (r + gamma * max(Q[s]) - Q[s][a])),
           "min instead of max": lambda Q, s, a, r, s_next, gamma, alpha: _replace(
               Q, s, a, Q[s][a] + alpha * (r + gamma * min(Q[s_next]) - Q[s][a])),
           "no γ": lambda Q, s, a, r, s_next, gamma, alpha: q_learning_update(Q, s, a, r, s_next, 1.0, alpha),
           "(1−α)Q + α·r only": lambda Q, s, a, r, s_next, gamma, alpha: _replace(Q, s, a, (1 - alpha) * Q[s][a] + alpha * r)},
          ("Q-learning", "Q learning", "off-policy TD control", "Q学习", "Q 学习", "Q学習", "Q-обучение", *_KW_TD), _QA),
]
