"""Monte Carlo prediction and control: the constant-α update of a state or action value towards an episode's
return G_t, and the incremental sample mean (step 1/N(s)) that keeps V(s) the average of the returns seen.

The constant-α truths are one torch.optim.SGD step (learning rate α) on ½(G − V(s))², the return held fixed
(kb.formulas.td_learning's table step); the incremental mean's truth is the plain average of the whole list of
returns observed from s, in exact fractions, never the incremental formula.
"""
from __future__ import annotations

import random
from fractions import Fraction

from kb.formulas._build import Example, entry, vec, with_fixed
from kb.formulas.td_learning import sgd_on_table


# ---- references (as the notes write them) --------------------------------------------------------------

def mc_value_update(V, s, G, alpha):
    out = list(V)
    out[s] = V[s] + alpha * (G - V[s])
    return out


def mc_q_update(Q, s, a, G, alpha):
    out = [list(row) for row in Q]
    out[s][a] = Q[s][a] + alpha * (G - Q[s][a])
    return out


def incremental_mean(V, N, s, G, history):
    """V(s) ← V(s) + (G − V(s))/N(s), N(s) already counting this visit."""
    out = list(V)
    out[s] = V[s] + (G - V[s]) / N[s]
    return out


# ---- truths ------------------------------------------------------------------------------------------

def _truth_mc_value(V, s, G, alpha):
    return sgd_on_table(V, (s,), G, alpha)


def _truth_mc_q(Q, s, a, G, alpha):
    return sgd_on_table(Q, (s, a), G, alpha)


def _truth_incremental_mean(V, N, s, G, history):
    """The average of every return observed from s, this episode's G among them; other states keep theirs."""
    out = list(V)
    returns = [*history[s], G]
    out[s] = float(sum(map(Fraction, returns), Fraction(0)) / len(returns))
    return out


# ---- examples ----------------------------------------------------------------------------------------

def _value_step(rng: random.Random) -> Example:
    S = rng.randint(2, 6)
    return dict(V=vec(rng, S), s=rng.randrange(S), G=rng.uniform(-5, 5), alpha=rng.choice([0.1, 0.5, 0.01, 0.3]))


def _q_step(rng: random.Random) -> Example:
    S, A = rng.randint(2, 5), rng.randint(2, 4)
    return dict(Q=[vec(rng, A) for _ in range(S)], s=rng.randrange(S), a=rng.randrange(A), G=rng.uniform(-5, 5),
                alpha=rng.choice([0.1, 0.5, 0.01, 0.3]))


def _visits(rng: random.Random) -> Example:
    """Returns seen so far from each state (at least one from the updated state, so V(s) is their mean)."""
    S = rng.randint(2, 5)
    history = [[rng.randint(-20, 20) / 4 for _ in range(rng.randint(1, 6))] for _ in range(S)]
    s = rng.randrange(S)
    V = [float(sum(map(Fraction, h), Fraction(0)) / len(h)) for h in history]
    N = [len(h) + (k == s) for k, h in enumerate(history)]
    return dict(V=V, N=N, s=s, G=rng.randint(-20, 20) / 4, history=history)


def _replace(V, s, value):
    out = list(V)
    out[s] = value
    return out


_KW_MC = ("Monte Carlo", "Monte-Carlo", "MC prediction", "MC update", "constant-α MC", "constant alpha MC",
          "every-visit MC", "first-visit MC", "蒙特卡洛", "蒙特卡罗", "Монте-Карло", "モンテカルロ", "método de Monte Carlo",
          "méthode de Monte-Carlo", "몬테카를로")
_VA = {"V": ("V",), "s": ("s", "S_t", "s_t"), "G": ("G_t", "G"), "alpha": ("\\alpha",)}

FORMULAS = [
    entry("mc_value_update", {"en": "Constant-α Monte Carlo update", "zh": "常数步长蒙特卡洛更新",
                              "ru": "Обновление Монте-Карло с постоянным шагом", "es": "Actualización de Monte Carlo"},
          r"V(S_t)\leftarrow V(S_t)+\alpha\left[G_t-V(S_t)\right]",
          {"V": "value table V(s)", "s": "state S_t", "G": "return G_t", "alpha": "step size α"},
          mc_value_update, _truth_mc_value, with_fixed([], _value_step),
          {"V(S_t) − G_t (sign)": lambda V, s, G, alpha: _replace(V, s, V[s] + alpha * (V[s] - G)),
           "α·G_t (V(S_t) dropped)": lambda V, s, G, alpha: _replace(V, s, alpha * G),
           "replaced by G_t": lambda V, s, G, alpha: _replace(V, s, G)},
          _KW_MC, _VA),
    entry("mc_q_update", {"en": "Monte Carlo update of action values", "zh": "动作值的蒙特卡洛更新",
                          "ru": "Обновление Монте-Карло для Q-функции"},
          r"Q(S_t,A_t)\leftarrow Q(S_t,A_t)+\alpha\left[G_t-Q(S_t,A_t)\right]",
          {"Q": "action-value table Q(s,a)", "s": "state S_t", "a": "action A_t", "G": "return G_t",
           "alpha": "step size α"},
          mc_q_update, _truth_mc_q, with_fixed([], _q_step),
          {"Q(S_t,A_t) − G_t (sign)": lambda Q, s, a, G, alpha: mc_q_update(Q, s, a, 2 * Q[s][a] - G, alpha),
           "replaced by G_t": lambda Q, s, a, G, alpha: mc_q_update(Q, s, a, G, 1.0),
           "α·G_t (Q dropped)": lambda Q, s, a, G, alpha: mc_q_update(Q, s, a, alpha * G, 1.0)},
          (*_KW_MC, "Monte Carlo control"),
          {"Q": ("Q",), "s": ("s", "S_t", "s_t"), "a": ("a", "A_t", "a_t"), "G": ("G_t", "G"), "alpha": ("\\alpha",)}),
    entry("incremental_mean_update", {"en": "Incremental mean of the returns (step 1/N)", "zh": "回报的增量均值",
                                      "ru": "Инкрементное среднее доходов", "es": "Media incremental de los retornos"},
          r"V(S_t)\leftarrow V(S_t)+\frac{1}{N(S_t)}\left[G_t-V(S_t)\right]",
          {"V": "V(s), the mean of the returns seen from s", "N": "N(s), visits to s counting this one",
           "s": "state S_t", "G": "return G_t", "history": "the returns seen from each state before"},
          incremental_mean, _truth_incremental_mean, with_fixed([], _visits),
          {"V(s) − G (sign)": lambda V, N, s, G, history: _replace(V, s, V[s] + (V[s] - G) / N[s]),
           "G/N without − V(s)": lambda V, N, s, G, history: _replace(V, s, V[s] + G / N[s]),
           "halfway to G": lambda V, N, s, G, history: _replace(V, s, (V[s] + G) / 2)},
          ("incremental mean", "incremental average", "running average", "sample average", "every-visit MC",
           "first-visit MC", "增量均值", "增量式", "инкрементное среднее", "media incremental", "moyenne incrémentale",
           "逐次平均", *_KW_MC),
          {"V": ("V", "Q"), "N": ("N",), "s": ("s", "S_t", "s_t"), "G": ("G_t", "G")}, 1e-12, 40,
          # a note that counts the visit after the update writes 1/(N(s)+1) with the earlier visits' count: right
          conventions={"N(s) counts the earlier visits only (incremented after the update)":
                       lambda V, N, s, G, history: _replace(V, s, V[s] + (G - V[s]) / (N[s] + 1))}),
]
