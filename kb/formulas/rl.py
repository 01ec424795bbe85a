"""Reinforcement learning: the Bellman optimality and expectation equations (V and Q forms), the greedy policy,
policy evaluation.

The checks run on random small MDPs (3-5 states, 2-3 actions, dense transition matrices). The references
iterate the Bellman backup exactly as the notes write it; the truth never uses that backup: it evaluates
every deterministic policy exactly, by solving (I - γP_π)V = R_π in float64, and takes the best one (for
a stochastic policy, the same solve with P_π and R_π averaged over its action probabilities). Value
iteration stops when a sweep moves no value by more than 1e-13, which leaves it within γ/(1-γ)·1e-13 of the
fixed point: the tolerance (1e-9) covers that with room to spare and nothing else.
"""
from __future__ import annotations

import itertools
import random
from typing import Any, Callable

from kb.formulas.core import Formula, memoize_truth

Example = dict[str, Any]
Backup = Callable[[Any, Any, float, Any], Any]   # (P, R, gamma, V) -> new V

# Enough sweeps for the right backup to converge at γ ≤ 0.9 (0.9^400 < 1e-18); wrong ones that never settle stop here.
_MAX_SWEEPS = 400


def _arrays(P: list, R: list):
    import numpy as np
    return np.asarray(P, dtype=np.float64), np.asarray(R, dtype=np.float64)


def _iterate(backup: Backup, P: list, R: list, gamma: float):
    """Apply a backup until it stops moving (or blows up, as wrong backups may)."""
    import numpy as np
    p, r = _arrays(P, R)
    V = np.zeros(p.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(_MAX_SWEEPS):
            new = backup(p, r, gamma, V)
            if not np.all(np.isfinite(new)) or np.max(np.abs(new - V)) < 1e-13:
                return new
            V = new
    return V


# ---- the Bellman backups (as the notes write them) and their mutants ----------------------------------

def _q_from_v(p, r, gamma: float, V):
    """Σ_s' P(s'|s,a) [R(s,a,s') + γ V(s')], for every (s, a)."""
    return (p * (r + gamma * V[None, None, :])).sum(axis=-1)


def _bellman_v(p, r, gamma, V):
    return _q_from_v(p, r, gamma, V).max(axis=1)


def _sum_of_max(p, r, gamma, V):
    return (p * (r + gamma * V[None, None, :])).max(axis=1).sum(axis=-1)


def _no_gamma(p, r, gamma, V):
    return _q_from_v(p, r, 1.0, V).max(axis=1)


def _gamma_on_reward(p, r, gamma, V):
    return (gamma * (p * (r + V[None, None, :])).sum(axis=-1)).max(axis=1)


def _mean_over_actions(p, r, gamma, V):
    return _q_from_v(p, r, gamma, V).mean(axis=1)


def _v_mutant(backup: Backup) -> Callable[..., list[float]]:
    return lambda P, R, gamma: _iterate(backup, P, R, gamma).tolist()


def bellman_optimal_values(P: list, R: list, gamma: float) -> list[float]:
    """V*(s) = max_a Σ_s' P(s'|s,a)[R(s,a,s') + γV*(s')], solved by value iteration."""
    return _iterate(_bellman_v, P, R, gamma).tolist()


def bellman_optimal_q(P: list, R: list, gamma: float) -> list[list[float]]:
    """Q*(s,a) = Σ_s' P(s'|s,a)[R(s,a,s') + γ max_a' Q*(s',a')], solved by Q-value iteration."""
    import numpy as np
    p, r = _arrays(P, R)
    Q = np.zeros(p.shape[:2])
    for _ in range(_MAX_SWEEPS):
        new = (p * (r + gamma * Q.max(axis=1)[None, None, :])).sum(axis=-1)
        if np.max(np.abs(new - Q)) < 1e-13:
            break
        Q = new
    return new.tolist()


def _q_mutant(target: Callable[[Any, Any, float, Any], Any]) -> Callable[..., list[list[float]]]:
    """A wrong Q backup, iterated like the right one; `target(p, r, gamma, Q)` gives the new Q."""
    def mutant(P: list, R: list, gamma: float) -> list[list[float]]:
        import numpy as np
        p, r = _arrays(P, R)
        Q = np.zeros(p.shape[:2])
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(_MAX_SWEEPS):
                new = target(p, r, gamma, Q)
                if not np.all(np.isfinite(new)) or np.max(np.abs(new - Q)) < 1e-13:
                    break
                Q = new
        return new.tolist()
    return mutant


# ---- exact policy evaluation (the truth) -------------------------------------------------------------

def _policy_values(p, r, gamma: float, policy: tuple[int, ...]):
    """Solve (I - γ P_π) V = R_π exactly for a deterministic policy."""
    import numpy as np
    states = np.arange(p.shape[0])
    p_pi = p[states, list(policy)]
    r_pi = (p_pi * r[states, list(policy)]).sum(axis=-1)
    return np.linalg.solve(np.eye(len(states)) - gamma * p_pi, r_pi)


def _best_over_policies(P: list, R: list, gamma: float):
    return _all_policy_values(P, R, gamma)[1].max(axis=0)


def _all_policy_values(P: list, R: list, gamma: float):
    """Every deterministic policy (A^S rows of actions) and its exact values."""
    import numpy as np
    p, r = _arrays(P, R)
    S, A = p.shape[:2]
    policies = np.array(list(itertools.product(range(A), repeat=S)))       # (A^S, S)
    states = np.arange(S)
    p_pi = p[states, policies]                                              # (A^S, S, S)
    r_pi = (p_pi * r[states, policies]).sum(axis=-1)                        # (A^S, S)
    return policies, np.linalg.solve(np.eye(S) - gamma * p_pi, r_pi[..., None])[..., 0]


def _truth_v(P: list, R: list, gamma: float) -> list[float]:
    """V* as the best value over all A^S deterministic policies, each evaluated exactly."""
    return _best_over_policies(P, R, gamma).tolist()


def _truth_q(P: list, R: list, gamma: float) -> list[list[float]]:
    """Q*(s,a): take a, then act optimally; the optimal values come from exhaustive policy evaluation."""
    p, r = _arrays(P, R)
    return _q_from_v(p, r, gamma, _best_over_policies(P, R, gamma)).tolist()


def greedy_policy(P: list, R: list, gamma: float) -> list[int]:
    """π*(s) = argmax_a Q*(s,a), with Q* from value iteration: the action taken in each state."""
    p, r = _arrays(P, R)
    return [int(a) for a in _q_from_v(p, r, gamma, _iterate(_bellman_v, P, R, gamma)).argmax(axis=1)]


def _truth_greedy(P: list, R: list, gamma: float) -> list[int]:
    """The actions of the best of all A^S deterministic policies, each evaluated exactly: the optimal policy is the
    best in every state at once, so it has the largest total value (random rewards leave no ties)."""
    policies, values = _all_policy_values(P, R, gamma)
    return [int(a) for a in policies[values.sum(axis=1).argmax()]]


def _policy_mutant(choose: Callable[[Any, Any, float], Any]) -> Callable[..., list[int]]:
    def mutant(P: list, R: list, gamma: float) -> list[int]:
        p, r = _arrays(P, R)
        return [int(a) for a in choose(p, r, gamma)]
    return mutant


def policy_evaluation(P: list, R: list, gamma: float, policy: list[int]) -> list[float]:
    """V^π = (I - γ P_π)^{-1} R_π."""
    p, r = _arrays(P, R)
    return _policy_values(p, r, gamma, tuple(policy)).tolist()


def _truth_policy_evaluation(P: list, R: list, gamma: float, policy: list[int]) -> list[float]:
    """The expected discounted return Σ_t γ^t P_π^t R_π, summed until the terms vanish."""
    import numpy as np
    p, r = _arrays(P, R)
    states = np.arange(p.shape[0])
    p_pi, r_pi = p[states, policy], (p[states, policy] * r[states, policy]).sum(axis=-1)
    total, term = np.zeros(len(states)), r_pi.copy()
    while np.max(np.abs(term)) > 1e-16:
        total += term
        term = gamma * p_pi @ term
    return total.tolist()


# ---- what notes name: the dynamics p(s'|s,a), p(s',r|s,a) and the value tables --------------------------

class Dynamics:
    """A finite MDP's dynamics as notes write them: p(s'|s,a) is P[s][a][s'] and p(s',r|s,a) is P[s][a][s'] when r is
    the transition's reward R[s][a][s'], else 0 (the conditioning variables index first, as the engine reads
    `p(s',r \\mid s,a)`). `index_values` tells a sum over s' or r which values it ranges over: r takes the rewards of
    the transition once s, a and s' are known, so Σ_{s',r} costs no more than Σ_{s'}."""

    def __init__(self, P: list, R: list) -> None:
        self.P, self.R = P, R

    def __repr__(self) -> str:   # shown in a counterexample on a card: the table's size, not an object address
        return f"an MDP with {len(self.P)} states and {len(self.P[0]) if self.P else 0} actions"

    def __getitem__(self, at: tuple) -> float:
        if len(at) == 3:
            s, a, s_next = at
            return self.P[s][a][s_next]
        if len(at) == 4:
            s, a, s_next, r = at
            return self.P[s][a][s_next] if self.R[s][a][s_next] == r else 0.0
        raise IndexError(f"p takes (s, a, s') or (s, a, s', r), not {len(at)} indices")

    def index_values(self, axis: int, known: dict[int, Any]) -> Any:
        if axis in (0, 2):
            return range(len(self.P))
        if axis == 1:
            return range(len(self.P[0]))
        if {0, 1, 2} <= known.keys():
            return [self.R[known[0]][known[1]][known[2]]]
        return sorted({r for rows in self.R for row in rows for r in row})


def _optimal_view(P: list, R: list, gamma: float) -> dict[str, Any]:
    v_star = _truth_v(P, R, gamma)
    q_star = _truth_q(P, R, gamma)
    # `a` left free on the right side (V^*(s) = Σ p(s',r|s,a)[...] without max_a) is one fixed action for every
    # state: the first whose value is not the best in some state, so the formula is then that action's Q^*
    return {"p": Dynamics(P, R), "V": v_star, "V^*": v_star, "v_*": v_star, "Q": q_star, "Q^*": q_star,
            "q_*": q_star, "a": _worse_action(q_star)}


def _worse_action(q: list[list[float]]) -> int:
    """An action that is below the best by a clear margin in some state (0 when every action ties everywhere)."""
    return next((a for a in range(len(q[0])) if any(max(row) - row[a] > 1e-6 for row in q)), 0)


def _policy_view(P: list, R: list, gamma: float, pi: list) -> dict[str, Any]:
    v_pi = _truth_expectation_v(P, R, gamma, pi)
    q_pi = _truth_expectation_q(P, R, gamma, pi)
    return {"p": Dynamics(P, R), "V": v_pi, "V^\\pi": v_pi, "v_\\pi": v_pi, "Q": q_pi, "Q^\\pi": q_pi, "q_\\pi": q_pi}


# ---- examples ---------------------------------------------------------------------------------------

def _mdp(rng: random.Random, S: int, A: int) -> tuple[list, list]:
    P, R = [], []
    for _ in range(S):
        rows, rewards = [], []
        for _ in range(A):
            w = [rng.uniform(0.01, 1.0) for _ in range(S)]
            rows.append([v / sum(w) for v in w])
            rewards.append([rng.uniform(-1.0, 1.0) for _ in range(S)])
        P.append(rows)
        R.append(rewards)
    return P, R


def _mdp_examples(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        P, R = _mdp(rng, rng.randint(3, 5), rng.randint(2, 3))
        out.append(dict(P=P, R=R, gamma=rng.choice([0.3, 0.5, 0.8, 0.9])))
    return out


def _policy_examples(rng: random.Random, n: int) -> list[Example]:
    return [dict(e, policy=[rng.randrange(len(e["P"][0])) for _ in e["P"]]) for e in _mdp_examples(rng, n)]


# ---- entries ---------------------------------------------------------------------------------------

_MDP_SYMBOLS = {"P": "transition probabilities P(s'|s,a), indexed [s][a][s']",
                "R": "rewards R(s,a,s'), indexed [s][a][s']", "gamma": "discount factor γ"}
# p is the dynamics (note view), whose two readings p(s'|s,a) and p(s',r|s,a) notes use; P(s'|s,a) the table
_MDP_ALIASES = {"gamma": ("\\gamma", "γ"), "P": ("P", "T"), "R": ("R",)}
_BELLMAN_KEYWORDS = ("Bellman equation", "Bellman optimality", "optimal value function", "value iteration",
                     "贝尔曼方程", "уравнение Беллмана", "уравнение оптимальности", "ベルマン方程式", "ベルマン最適方程式",
                     "équation de Bellman", "Bellman-Gleichung", "Bellman-Optimalitätsgleichung", "phương trình Bellman",
                     "ecuación de Bellman", "equação de Bellman", "equazione di Bellman", "벨만 방정식", "równanie Bellmana")
# value iteration's sweep states the optimality equation at its fixed point; iterative policy evaluation's the
# expectation equation (kb.check.rl_notation reads V_{k+1}, V_k as that fixed point)
_VALUE_ITERATION = ("值迭代", "价值迭代", "итерация по ценностям", "итерация ценностей", "iteración de valores",
                    "iteración de valor", "itération sur les valeurs", "itération de la valeur", "価値反復",
                    "Wertiteration", "iteração de valor", "iterazione del valore", "가치 반복")
_POLICY_EVALUATION = ("iterative policy evaluation", "策略评估", "оценка политики", "оценивание политики",
                      "evaluación de la política", "evaluación iterativa de la política", "évaluation de la politique",
                      "方策評価", "Politikbewertung", "avaliação de política", "valutazione della politica", "정책 평가")
_TOL = 1e-9   # value iteration stops within γ/(1-γ)·1e-13 of the fixed point

FORMULAS = [
    Formula(
        id="bellman_optimality_v",
        titles={"en": "Bellman optimality equation (state values)", "zh": "贝尔曼最优方程（状态值）",
                "ru": "Уравнение оптимальности Беллмана (ценность состояний)"},
        latex=r"V^*(s)=\max_a\sum_{s'}P(s'\mid s,a)\left[R(s,a,s')+\gamma V^*(s')\right]",
        symbols=_MDP_SYMBOLS,
        reference=bellman_optimal_values,
        truth=memoize_truth(_truth_v),
        examples=_mdp_examples,
        mutants={
            "max outside the expectation (Σ max)": _v_mutant(_sum_of_max),
            "missing γ": _v_mutant(_no_gamma),
            "γ applied to the reward too": _v_mutant(_gamma_on_reward),
            "mean over actions instead of max": _v_mutant(_mean_over_actions),
        },
        aliases={**_MDP_ALIASES, "V": ("V", "V^*", "v")},
        keywords=_BELLMAN_KEYWORDS + ("value function", "optimal value", *_VALUE_ITERATION),
        rel_tol=_TOL, abs_tol=_TOL,
        n_examples=40,
        note_view=_optimal_view,
    ),
    Formula(
        id="bellman_optimality_q",
        titles={"en": "Bellman optimality equation (Q-function)", "zh": "贝尔曼最优方程（Q 函数）",
                "ru": "Уравнение оптимальности Беллмана (Q-функция)"},
        latex=r"Q^*(s,a)=\mathbb{E}_{s'}\left[r+\gamma\max_{a'}Q^*(s',a')\right]"
              r"=\sum_{s'}P(s'\mid s,a)\left[R(s,a,s')+\gamma\max_{a'}Q^*(s',a')\right]",
        symbols=_MDP_SYMBOLS,
        reference=bellman_optimal_q,
        truth=memoize_truth(_truth_q),
        examples=_mdp_examples,
        mutants={
            "max outside the expectation": _q_mutant(lambda p, r, gamma, Q: (p * r).sum(axis=-1) + gamma * (
                p[:, :, :, None] * Q[None, None, :, :]).sum(axis=2).max(axis=-1, keepdims=False)[:, :]),
            "missing γ": _q_mutant(lambda p, r, gamma, Q: (p * (r + Q.max(axis=1)[None, None, :])).sum(axis=-1)),
            "γ applied to the reward too": _q_mutant(
                lambda p, r, gamma, Q: gamma * (p * (r + Q.max(axis=1)[None, None, :])).sum(axis=-1)),
            "min over a' instead of max": _q_mutant(
                lambda p, r, gamma, Q: (p * (r + gamma * Q.min(axis=1)[None, None, :])).sum(axis=-1)),
        },
        aliases={**_MDP_ALIASES, "Q": ("Q", "Q^*", "q")},
        keywords=_BELLMAN_KEYWORDS + ("Q function", "Q-function", "optimal Q function", "Q-learning", "Deep Q learning"),
        rel_tol=_TOL, abs_tol=_TOL,
        n_examples=40,
        note_view=_optimal_view,
    ),
    Formula(
        id="greedy_policy_optimal",
        titles={"en": "Optimal policy is greedy in Q*", "zh": "最优策略：对 Q* 取贪心", "ru": "Оптимальная политика жадна по Q*"},
        latex=r"\pi^*(s)=\arg\max_a Q^*(s,a)",
        symbols=_MDP_SYMBOLS,
        reference=greedy_policy,
        truth=memoize_truth(_truth_greedy),
        examples=_mdp_examples,
        mutants={
            "argmin": _policy_mutant(lambda p, r, gamma: _q_from_v(
                p, r, gamma, _iterate(_bellman_v, p.tolist(), r.tolist(), gamma)).argmin(axis=1)),
            "greedy in the immediate reward": _policy_mutant(lambda p, r, gamma: (p * r).sum(axis=-1).argmax(axis=1)),
        },
        aliases={**_MDP_ALIASES, "pi": ("\\pi", "\\pi^*")},
        note_view=_optimal_view,
        keywords=("optimal policy", "greedy policy", "argmax Q", "最优策略",
                  "оптимальная политика", "最適方策", "貪欲方策", "politique optimale", "politique gloutonne",
                  "optimale Strategie"),
        rel_tol=_TOL, abs_tol=_TOL,
        n_examples=40,
    ),
    Formula(
        id="policy_evaluation",
        titles={"en": "Value function of a policy", "zh": "策略的价值函数", "ru": "Функция ценности политики"},
        latex=r"V^\pi=\mathbb{E}\Big[\sum_{t\ge0}\gamma^t r_t\Big]=(I-\gamma P_\pi)^{-1}R_\pi",
        symbols={**_MDP_SYMBOLS, "policy": "action taken in each state"},
        reference=policy_evaluation,
        truth=memoize_truth(_truth_policy_evaluation),
        examples=_policy_examples,
        mutants={
            "R_π/(1−γ)": lambda P, R, gamma, policy: [
                sum(p * r for p, r in zip(P[s][a], R[s][a])) / (1 - gamma) for s, a in enumerate(policy)],
            "γ² in the solve": lambda P, R, gamma, policy: policy_evaluation(P, R, gamma ** 2, policy),
            "immediate reward only": lambda P, R, gamma, policy: policy_evaluation(P, R, 0.0, policy),
        },
        aliases={**_MDP_ALIASES, "V": ("V", "V^\\pi")},
        keywords=("value function", "policy evaluation", "价值函数",
                  "функция ценности"),
        rel_tol=1e-10, abs_tol=1e-10,
        n_examples=40,
    ),
]


# ---- Bellman expectation equations for a stochastic policy ------------------------------------------------

def _expectation_backup(pi):
    """V ← Σ_a π(a|s) Σ_s' P(s'|s,a)[R + γV(s')]."""
    def backup(p, r, gamma, V):
        import numpy as np
        return (np.asarray(pi) * _q_from_v(p, r, gamma, V)).sum(axis=1)
    return backup


def bellman_expectation_v(P, R, gamma, pi):
    return _iterate(_expectation_backup(pi), P, R, gamma).tolist()


def bellman_expectation_q(P, R, gamma, pi):
    """Q ← Σ_s' P(s'|s,a)[R + γ Σ_a' π(a'|s')Q(s',a')], iterated to its fixed point."""
    import numpy as np
    p, r = _arrays(P, R)
    Q = np.zeros(p.shape[:2])
    for _ in range(_MAX_SWEEPS):
        new = (p * (r + gamma * (np.asarray(pi) * Q).sum(axis=1)[None, None, :])).sum(axis=-1)
        if np.max(np.abs(new - Q)) < 1e-13:
            break
        Q = new
    return new.tolist()


def _stochastic_policy_values(P, R, gamma, pi):
    """Solve (I − γP_π)V = R_π with P_π, R_π averaged over the policy's action probabilities."""
    import numpy as np
    p, r = _arrays(P, R)
    weights = np.asarray(pi)[:, :, None]
    p_pi = (weights * p).sum(axis=1)
    r_pi = (weights * p * r).sum(axis=(1, 2))
    return np.linalg.solve(np.eye(p.shape[0]) - gamma * p_pi, r_pi)


def _truth_expectation_v(P, R, gamma, pi):
    return _stochastic_policy_values(P, R, gamma, pi).tolist()


def _truth_expectation_q(P, R, gamma, pi):
    p, r = _arrays(P, R)
    return _q_from_v(p, r, gamma, _stochastic_policy_values(P, R, gamma, pi)).tolist()


def _truth_advantage(P, R, gamma, pi):
    """Q^π minus its own average under π (Σ_a π(a|s)Q^π(s,a)), not the separately solved V^π a note subtracts."""
    import numpy as np

    q = np.asarray(_truth_expectation_q(P, R, gamma, pi))
    return (q - np.sum(np.asarray(pi) * q, axis=1, keepdims=True)).tolist()


def _stochastic_examples(rng: random.Random, n: int) -> list[Example]:
    out = []
    for e in _mdp_examples(rng, n):
        rows = []
        for _ in e["P"]:
            w = [rng.uniform(0.05, 1.0) for _ in e["P"][0]]
            rows.append([v / sum(w) for v in w])
        out.append(dict(e, pi=rows))
    return out


def _uniform(pi):
    return [[1 / len(row)] * len(row) for row in pi]


FORMULAS += [
    Formula(
        id="bellman_expectation_v",
        titles={"en": "Bellman expectation equation (state values)", "zh": "贝尔曼期望方程（状态值）",
                "ru": "Уравнение Беллмана для ценности состояний стратегии", "fr": "Équation de Bellman (espérance)"},
        latex=r"V^\pi(s)=\sum_a\pi(a\mid s)\sum_{s'}P(s'\mid s,a)\left[R(s,a,s')+\gamma V^\pi(s')\right]",
        symbols={**_MDP_SYMBOLS, "pi": "policy π(a|s), indexed [s][a]"},
        reference=bellman_expectation_v,
        truth=memoize_truth(_truth_expectation_v),
        examples=_stochastic_examples,
        mutants={
            "max over actions (optimality)": lambda P, R, gamma, pi: bellman_optimal_values(P, R, gamma),
            "uniform over actions (π ignored)": lambda P, R, gamma, pi: bellman_expectation_v(P, R, gamma, _uniform(pi)),
            "missing γ": lambda P, R, gamma, pi: _iterate(_expectation_backup(pi), P, R, 1.0).tolist(),
        },
        aliases={**_MDP_ALIASES, "V": ("V", "V^\\pi", "v_\\pi"), "pi": ("\\pi",)},
        keywords=("Bellman expectation equation", "Bellman equation", "state-value function", "policy evaluation",
                  "贝尔曼期望方程", "уравнение Беллмана", "Bellman-Gleichung", "équation de Bellman", "ベルマン方程式",
                  "ecuación de Bellman", *_POLICY_EVALUATION),
        rel_tol=_TOL, abs_tol=_TOL,
        n_examples=30,
        note_view=_policy_view,
    ),
    Formula(
        id="bellman_expectation_q",
        titles={"en": "Bellman expectation equation (Q-function)", "zh": "贝尔曼期望方程（动作值）",
                "ru": "Уравнение Беллмана для Q-функции стратегии"},
        latex=r"Q^\pi(s,a)=\sum_{s'}P(s'\mid s,a)\left[R(s,a,s')+\gamma\sum_{a'}\pi(a'\mid s')Q^\pi(s',a')\right]",
        symbols={**_MDP_SYMBOLS, "pi": "policy π(a|s), indexed [s][a]"},
        reference=bellman_expectation_q,
        truth=memoize_truth(_truth_expectation_q),
        examples=_stochastic_examples,
        mutants={
            "max over a' (optimality)": lambda P, R, gamma, pi: bellman_optimal_q(P, R, gamma),
            "uniform over a' (π ignored)": lambda P, R, gamma, pi: bellman_expectation_q(P, R, gamma, _uniform(pi)),
            "immediate reward only": lambda P, R, gamma, pi: bellman_expectation_q(P, R, 0.0, pi),
        },
        aliases={**_MDP_ALIASES, "Q": ("Q", "Q^\\pi", "q_\\pi"), "pi": ("\\pi",)},
        keywords=("Bellman expectation equation", "action-value function", "Q function", "SARSA", "贝尔曼期望方程",
                  "Bellman-Gleichung", "уравнение Беллмана"),
        rel_tol=_TOL, abs_tol=_TOL,
        n_examples=30,
        note_view=_policy_view,
    ),
    Formula(
        id="advantage",
        titles={"en": "Advantage function", "zh": "优势函数", "ru": "Функция преимущества", "de": "Vorteilsfunktion",
                "fr": "Fonction d'avantage"},
        latex=r"A^\pi(s,a)=Q^\pi(s,a)-V^\pi(s)",
        symbols={**_MDP_SYMBOLS, "pi": "policy π(a|s), indexed [s][a]"},
        reference=lambda P, R, gamma, pi: [[q - v for q in row] for row, v in zip(
            _truth_expectation_q(P, R, gamma, pi), _truth_expectation_v(P, R, gamma, pi))],
        truth=memoize_truth(_truth_advantage),
        examples=_stochastic_examples,
        mutants={
            "V − Q (sign)": lambda P, R, gamma, pi: [[-a for a in row] for row in _truth_advantage(P, R, gamma, pi)],
            "Q − max_a Q (the optimal policy's baseline)": lambda P, R, gamma, pi: [
                [q - max(row) for q in row] for row in _truth_expectation_q(P, R, gamma, pi)],
            "Q alone": lambda P, R, gamma, pi: _truth_expectation_q(P, R, gamma, pi),
        },
        aliases={**_MDP_ALIASES, "pi": ("\\pi",)},
        keywords=("advantage", "advantage function", "优势函数", "Vorteilsfunktion", "fonction d'avantage",
                  "función de ventaja", "função vantagem", "funzione di vantaggio", "функция преимущества",
                  "アドバンテージ関数", "어드밴티지 함수"),
        rel_tol=_TOL, abs_tol=_TOL,
        n_examples=30,
        note_view=_policy_view,
    ),
]
