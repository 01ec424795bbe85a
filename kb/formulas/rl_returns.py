"""Returns in reinforcement learning: the discounted return, its recursive form, the n-step return, the
return of a constant reward, and generalised advantage estimation (GAE).

The truth never sums the series term by term: the returns of a whole episode solve the linear system
(I − γS)G = r, with S the shift that maps G_{t+1} to row t (torch.linalg.solve_triangular); the constant
reward's return is sympy's closed-form infinite sum.
"""
from __future__ import annotations

import random

from kb.formulas._build import Example, entry, vec, with_fixed


def _solve_returns(rewards: list[float], discount: float) -> list[float]:
    """G with G_t = rewards[t] + discount·G_{t+1} (G past the end is 0), as one triangular solve."""
    import torch
    n = len(rewards)
    system = torch.eye(n, dtype=torch.float64) - discount * torch.diag(torch.ones(n - 1, dtype=torch.float64), 1)
    rhs = torch.tensor(rewards, dtype=torch.float64)[:, None]
    return torch.linalg.solve_triangular(system, rhs, upper=True)[:, 0].tolist()


# ---- references ---------------------------------------------------------------------------------------

def discounted_return(rewards, gamma):
    """G_0 = Σ_k γ^k r_{k+1}; rewards[k] is r_{k+1}."""
    return sum(gamma ** k * r for k, r in enumerate(rewards))


def returns_recursive(rewards, gamma):
    """G_t = r_{t+1} + γ G_{t+1}, computed backwards from the end of the episode."""
    out, g = [], 0.0
    for r in reversed(rewards):
        g = r + gamma * g
        out.append(g)
    return out[::-1]


def n_step_return(rewards, gamma, n, v_bootstrap):
    """G^{(n)} = Σ_{k<n} γ^k r_{k+1} + γ^n V(s_n)."""
    return sum(gamma ** k * r for k, r in enumerate(rewards[:n])) + gamma ** n * v_bootstrap


def constant_reward_return(r, gamma):
    return r / (1 - gamma)


def gae(rewards, values, gamma, lam):
    """A_t = Σ_l (γλ)^l δ_{t+l}, δ_t = r_t + γV(s_{t+1}) − V(s_t); values has one more entry (the bootstrap)."""
    deltas = [r + gamma * values[t + 1] - values[t] for t, r in enumerate(rewards)]
    out, a = [], 0.0
    for d in reversed(deltas):
        a = d + gamma * lam * a
        out.append(a)
    return out[::-1]


def _td_errors(rewards, values, gamma, lam):
    """δ_t = r_t + γV(s_{t+1}) − V(s_t) for every step: what a note writes GAE in (Σ_l (γλ)^l δ_{t+l})."""
    return {"\\delta": [r + gamma * values[t + 1] - values[t] for t, r in enumerate(rewards)]}


# ---- truths -------------------------------------------------------------------------------------------

def _truth_return(rewards, gamma):
    return _solve_returns(rewards, gamma)[0]


def _truth_returns(rewards, gamma):
    return _solve_returns(rewards, gamma)


def _truth_n_step(rewards, gamma, n, v_bootstrap):
    """The n rewards followed by V(s_n) as one more 'reward' of the episode."""
    return _solve_returns(list(rewards[:n]) + [v_bootstrap], gamma)[0]


def _truth_constant(r, gamma):
    import sympy
    k = sympy.symbols("k", integer=True, nonnegative=True)
    return float(sympy.summation(sympy.nsimplify(r) * sympy.nsimplify(gamma) ** k, (k, 0, sympy.oo)))


def _truth_gae(rewards, values, gamma, lam):
    import torch
    v = torch.tensor(values, dtype=torch.float64)
    deltas = torch.tensor(rewards, dtype=torch.float64) + gamma * v[1:] - v[:-1]
    return _solve_returns(deltas.tolist(), gamma * lam)


# ---- examples -----------------------------------------------------------------------------------------

_GAMMAS = (0.0, 0.5, 0.9, 0.99, 1.0)


def _episode(rng: random.Random) -> Example:
    return dict(rewards=vec(rng, rng.randint(1, 12), -1, 1), gamma=rng.choice(_GAMMAS))


def _n_step(rng: random.Random) -> Example:
    e = _episode(rng)
    return dict(e, n=rng.randint(1, len(e["rewards"])), v_bootstrap=rng.uniform(-2, 2))


def _gae(rng: random.Random) -> Example:
    k = rng.randint(1, 10)
    return dict(rewards=vec(rng, k, -1, 1), values=vec(rng, k + 1), gamma=rng.choice((0.9, 0.99, 0.5)),
                lam=rng.choice((0.0, 0.5, 0.95, 1.0)))


def _gae_lambda_only(rewards, values, gamma, lam):
    """A wrong GAE: the δ's discounted by λ alone."""
    deltas = [r + gamma * values[t + 1] - values[t] for t, r in enumerate(rewards)]
    out, a = [], 0.0
    for d in reversed(deltas):
        a = d + lam * a
        out.append(a)
    return out[::-1]


_RG = {"rewards": "rewards r_1, r_2, ...", "gamma": "discount γ"}
_RGA = {"rewards": ("r", "R", "r_{t+1}", "R_{t+1}", "r_{t+k+1}", "R_{t+k+1}", "r_t"), "gamma": ("\\gamma",)}
_KW = ("discounted return", "return", "cumulative discounted reward", "回报", "累积折扣回报", "дисконтированная награда",
       "дисконтированная отдача", "отдача", "割引収益", "収益", "retour actualisé", "rendement", "diskontierte Ertrag",
       "diskontierter Ertrag")


def _next_returns(rewards: list[float], gamma: float) -> dict[str, list[float]]:
    """What the recursion reads: the return one step later, G_{t+1}, for every t (0 past the episode's end)."""
    later = _solve_returns(rewards, gamma)[1:] + [0.0]
    return {"G_{t+1}": later}

FORMULAS = [
    entry("discounted_return", {"en": "Discounted return", "zh": "折扣回报", "ru": "Дисконтированный доход",
                                "fr": "Retour actualisé", "de": "Diskontierter Ertrag", "es": "Retorno descontado"},
          r"G_t=\sum_{k=0}^{\infty}\gamma^k r_{t+k+1}", _RG, discounted_return, _truth_return,
          with_fixed([dict(rewards=[1.0, 1.0, 1.0], gamma=0.5)], _episode),
          {"γ^{k+1}": lambda rewards, gamma: sum(gamma ** (k + 1) * r for k, r in enumerate(rewards)),
           "undiscounted": lambda rewards, gamma: sum(rewards),
           "γ·k instead of γ^k": lambda rewards, gamma: sum(gamma * k * r if k else r for k, r in enumerate(rewards))},
          _KW, _RGA),
    entry("return_recursive", {"en": "Recursive form of the return", "zh": "回报的递推形式", "ru": "Рекурсивная формула дохода"},
          r"G_t=r_{t+1}+\gamma G_{t+1}", _RG, returns_recursive, _truth_returns, with_fixed([], _episode),
          {"γ on the reward": lambda rewards, gamma: returns_recursive([gamma * r for r in rewards], gamma),
           "forward accumulation": lambda rewards, gamma: returns_recursive(rewards[::-1], gamma)[::-1],
           "no γ": lambda rewards, gamma: returns_recursive(rewards, 1.0)},
          (*_KW, "recursive"), _RGA, note_view=_next_returns),
    entry("n_step_return", {"en": "n-step return", "zh": "n 步回报", "ru": "n-шаговый доход"},
          r"G_t^{(n)}=\sum_{k=0}^{n-1}\gamma^k r_{t+k+1}+\gamma^n V(s_{t+n})",
          {**_RG, "n": "steps n", "v_bootstrap": "V(s_{t+n})"}, n_step_return, _truth_n_step, with_fixed([], _n_step),
          {"γ^{n−1} on the bootstrap": lambda rewards, gamma, n, v_bootstrap: n_step_return(rewards, gamma, n, 0.0) + gamma ** (n - 1) * v_bootstrap,
           "no bootstrap": lambda rewards, gamma, n, v_bootstrap: n_step_return(rewards, gamma, n, 0.0),
           "undiscounted bootstrap": lambda rewards, gamma, n, v_bootstrap: n_step_return(rewards, gamma, n, 0.0) + v_bootstrap},
          ("n-step return", "n-step TD", "n步回报", "bootstrapping"),
          {**_RGA, "n": ("n",), "v_bootstrap": ("V(s_{t+n})",)}),
    entry("constant_reward_return", {"en": "Return of a constant reward", "zh": "恒定奖励的回报", "ru": "Доход при постоянной награде"},
          r"\sum_{k=0}^{\infty}\gamma^k r=\frac{r}{1-\gamma}", {"r": "reward per step", "gamma": "discount γ < 1"},
          constant_reward_return, _truth_constant,
          lambda rng, n: [dict(r=rng.choice([1.0, -1.0, 0.5, 2.0]), gamma=rng.choice([0.5, 0.9, 0.99, 0.75])) for _ in range(n)],
          {"r/γ": lambda r, gamma: r / gamma, "rγ/(1−γ)": lambda r, gamma: r * gamma / (1 - gamma),
           "r/(1+γ)": lambda r, gamma: r / (1 + gamma)},
          ("geometric series", "effective horizon", "1/(1-γ)", "infinite horizon"), {"r": ("r", "R"), "gamma": ("\\gamma",)},
          1e-12, 20),
    entry("gae", {"en": "Generalised advantage estimation (GAE)", "zh": "广义优势估计 (GAE)", "ru": "Обобщённая оценка преимущества (GAE)"},
          r"\hat A_t=\sum_{l=0}^{\infty}(\gamma\lambda)^l\delta_{t+l},\quad\delta_t=r_t+\gamma V(s_{t+1})-V(s_t)",
          {"rewards": "rewards r_t", "values": "V(s_0..s_T) (one more than rewards)", "gamma": "γ", "lam": "λ"},
          gae, _truth_gae, with_fixed([], _gae),
          {"λ ignored (γ only)": lambda rewards, values, gamma, lam: gae(rewards, values, gamma, 1.0),
           "γ ignored (λ only)": _gae_lambda_only,
           "δ without V(s_t)": lambda rewards, values, gamma, lam: gae(rewards, [0.0] * (len(values) - 1) + values[-1:], gamma, lam)},
          ("GAE", "generalized advantage estimation", "advantage", "PPO", "优势函数"),
          {"rewards": ("r_t",), "values": ("V",), "gamma": ("\\gamma",), "lam": ("\\lambda",)}, note_view=_td_errors,
          # Σ_l (γλ)^l δ_{t+l} is read from the episode's first step, as G_t is: the advantage at t = 0
          note_parts={"\\hat{A}_t": 0, "\\hat A_t": 0, "A_t": 0}),
]
