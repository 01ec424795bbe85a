"""Odds and log-odds (the logit) of a probability, as logistic-regression notes define them before the model
(logit(p) = w·x + b): the odds p/(1 − p), the logit ln(p/(1 − p)), and the probability back from the odds,
odds/(1 + odds).

Truths go through torch's own logit: torch.special.logit(p) is the log-odds, its exponential the odds, and the
probability of given odds is the sigmoid of their logarithm (torch.sigmoid), the logit's inverse.
"""
from __future__ import annotations

import math
import random

from kb.formulas._build import Example, entry, t, with_fixed


def odds(p: float) -> float:
    return p / (1 - p)


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def probability_from_odds(o: float) -> float:
    return o / (1 + o)


def _truth_odds(p: float) -> float:
    import torch
    return torch.special.logit(t(p)).exp().item()


def _truth_logit(p: float) -> float:
    import torch
    return torch.special.logit(t(p)).item()


def _truth_probability_from_odds(o: float) -> float:
    import torch
    return torch.sigmoid(torch.log(t(o))).item()


def _probability(rng: random.Random) -> Example:
    return dict(p=rng.uniform(0.01, 0.99))


# p = 1/2 (odds 1, logit 0) and a p above 1/2, where 1 − p and p differ, first
_P_EXAMPLES = with_fixed([dict(p=0.5), dict(p=0.8), dict(p=0.1)], _probability)
_ODDS_EXAMPLES = with_fixed([dict(o=1.0), dict(o=4.0), dict(o=0.25)],
                            lambda rng: dict(o=math.exp(rng.uniform(-4, 4))))

_P = {"p": "probability of the event (of class 1)"}
_PA = {"p": ("p", "p_i", "P", "\\pi", "\\pi_i", "p(x)", "\\hat{p}")}
_ODDS_NAMES = ("odds", "\\text{odds}", "\\mathrm{odds}", "\\operatorname{odds}", "Odds")
# "chance" and "cote" are everyday words (Cohen's kappa's chance agreement), and "logit" alone names the logits
# of every softmax note: only phrases that name these quantities and nothing else
_KW_ODDS = ("odds", "几率", "шансы", "momio", "razón de momios", "オッズ", "오즈")
_KW_LOGIT = ("log-odds", "log odds", "logit function", "logit of a probability", "对数几率", "логарифм шансов",
             "функция логит", "Logit-Funktion", "fonction logit", "función logit", "função logit", "対数オッズ",
             "ロジット関数", "로그 오즈", "로짓 함수")

FORMULAS = [
    entry("odds", {"en": "Odds of a probability", "zh": "几率（odds）", "ru": "Шансы (odds)", "fr": "Cote (odds)",
                   "de": "Chance (Odds)", "es": "Odds (momio)", "pt": "Chance (odds)", "ja": "オッズ", "ko": "오즈"},
          r"\mathrm{odds}=\frac{p}{1-p}", _P, odds, _truth_odds, _P_EXAMPLES,
          {"(1 − p)/p (the odds against)": lambda p: (1 - p) / p, "p/(1 + p)": lambda p: p / (1 + p),
           "ln(p/(1 − p)) (the logit)": logit},
          _KW_ODDS, {**_PA, "odds": _ODDS_NAMES}, tol=1e-12, n=40),
    entry("logit", {"en": "Logit (log-odds)", "zh": "对数几率（logit）", "ru": "Логит (логарифм шансов)",
                    "fr": "Logit (log-cote)", "de": "Logit (Log-Odds)", "es": "Logit (log-odds)", "pt": "Logit (log-odds)",
                    "ja": "ロジット（対数オッズ）", "ko": "로짓 (로그 오즈)"},
          r"\operatorname{logit}(p)=\ln\frac{p}{1-p}", _P, logit, _truth_logit, _P_EXAMPLES,
          {"ln((1 − p)/p) (sign flipped)": lambda p: math.log((1 - p) / p),
           "ln p / ln(1 − p)": lambda p: math.log(p) / math.log(1 - p),
           "p/(1 − p) (the odds, no log)": odds, "ln(p/(1 + p))": lambda p: math.log(p / (1 + p))},
          _KW_LOGIT, {**_PA, "logit": ("\\operatorname{logit}(p)", "\\mathrm{logit}(p)", "logit(p)",
                                       "\\text{logit}(p)", "\\operatorname{logit}", "\\mathrm{logit}")},
          tol=1e-12, n=40),
    entry("probability_from_odds", {"en": "Probability from the odds", "zh": "由几率求概率", "ru": "Вероятность через шансы",
                                    "fr": "Probabilité à partir de la cote", "de": "Wahrscheinlichkeit aus der Chance",
                                    "es": "Probabilidad a partir de los odds"},
          r"p=\frac{\mathrm{odds}}{1+\mathrm{odds}}", {"o": "odds of the event"}, probability_from_odds,
          _truth_probability_from_odds, _ODDS_EXAMPLES,
          {"1/(1 + odds)": lambda o: 1 / (1 + o), "odds/(1 − odds)": lambda o: o / (1 - o) if o != 1 else math.inf,
           "odds (no division)": lambda o: o},
          _KW_ODDS, {"o": _ODDS_NAMES, "p": ("p", "P", "\\pi")}, tol=1e-12, n=40),
]
