"""Classification, retrieval and segmentation metrics: accuracy, precision, recall, specificity, false-positive
rate, negative predictive value, error rate, F1 and F-beta, balanced accuracy, Matthews correlation, top-k accuracy, precision@k and recall@k,
average precision and its class mean (mAP), Dice coefficient, mean IoU, R² and cosine similarity.

References count TP/FP/TN/FN as notes do. Truths reach the same numbers another way: conditional means of
torch tensors (precision is the share of positive labels among positive predictions), harmonic means,
Pearson correlation (MCC is the φ coefficient), torch.topk, a confusion matrix from torch.bincount.
"""
from __future__ import annotations

import math
import random
import statistics
from typing import Any

from kb.formulas._build import Example, entry, t, with_fixed


def _labels(rng: random.Random) -> Example:
    """Binary labels and predictions with every count TP, FP, TN, FN at least 1 (so no ratio is 0/0)."""
    n = rng.randint(4, 20)
    base = [(1, 1), (0, 1), (0, 0), (1, 0)]
    pairs = base + [(rng.randint(0, 1), rng.randint(0, 1)) for _ in range(n - 4)]
    rng.shuffle(pairs)
    return dict(y=[a for a, _ in pairs], y_hat=[b for _, b in pairs])


_label_examples = with_fixed([dict(y=[1, 1, 0, 0, 1], y_hat=[1, 0, 1, 0, 1])], _labels)


def _counts(y: list[int], y_hat: list[int]) -> tuple[int, int, int, int]:
    tp = sum(1 for a, b in zip(y, y_hat) if a == 1 and b == 1)
    fp = sum(1 for a, b in zip(y, y_hat) if a == 0 and b == 1)
    tn = sum(1 for a, b in zip(y, y_hat) if a == 0 and b == 0)
    fn = sum(1 for a, b in zip(y, y_hat) if a == 1 and b == 0)
    return tp, fp, tn, fn


# How notes in each language abbreviate the four counts. Spanish, Portuguese, French and Italian write true
# positives and negatives VP and VN (verdaderos/verdadeiros/vrais/veri positivos), German RP and RN (richtig
# positiv); every language keeps FP and FN, whose words start with the same letters.
_COUNT_NAMES = {"TP": ("TP", "VP", "RP"), "FP": ("FP",), "TN": ("TN", "VN", "RN"), "FN": ("FN",)}


def _confusion_view(y: list[int], y_hat: list[int]) -> dict[str, int]:
    """The counts notes write instead of the label vectors (TP, FP, TN, FN, or their names in the note's language)."""
    counts = dict(zip(("TP", "FP", "TN", "FN"), _counts(y, y_hat)))
    return {name: counts[count] for count, names in _COUNT_NAMES.items() for name in names}


# Precision and recall spelled out or shortened, as course summaries write F1 (`2·Prec·Rec/(Prec+Rec)`,
# `\text{Precision}`): the words are the metrics' own English names, which notes in every language keep, and
# precision's other name, the positive predictive value (PPV; VPP in Spanish, Portuguese and French)
_PRECISION_NAMES = ("P", "Precision", "precision", "Prec", "prec", "PREC", "PPV", "VPP")
_RECALL_NAMES = ("R", "Recall", "recall", "Rec", "rec", "REC")
# Recall's other name, sensitivity (the true positive rate), spelled out in the note's language
_SENSITIVITY_NAMES = ("Sensitivity", "sensitivity", "TPR", "Sensibilidad", "Sensibilidade", "Sensibilité",
                      "Sensitivität", "Sensitivitat", "Sensibilita", "Sensibilità")


def _precision_recall_view(y: list[int], y_hat: list[int], **_: Any) -> dict[str, float]:
    """F scores are written in precision P and recall R (or their names spelled out), or in the counts."""
    p, r = precision(y, y_hat), recall(y, y_hat)
    return {**_confusion_view(y, y_hat), **{n: p for n in _PRECISION_NAMES},
            **{n: r for n in _RECALL_NAMES + _SENSITIVITY_NAMES}}


def _on_counts(f):
    return lambda y, y_hat: f(*_counts(y, y_hat))


# ---- references ---------------------------------------------------------------------------------------

accuracy = _on_counts(lambda tp, fp, tn, fn: (tp + tn) / (tp + fp + tn + fn))
precision = _on_counts(lambda tp, fp, tn, fn: tp / (tp + fp))
recall = _on_counts(lambda tp, fp, tn, fn: tp / (tp + fn))
specificity = _on_counts(lambda tp, fp, tn, fn: tn / (tn + fp))
false_positive_rate = _on_counts(lambda tp, fp, tn, fn: fp / (fp + tn))
negative_predictive_value = _on_counts(lambda tp, fp, tn, fn: tn / (tn + fn))
error_rate = _on_counts(lambda tp, fp, tn, fn: (fp + fn) / (tp + fp + tn + fn))
f1 = _on_counts(lambda tp, fp, tn, fn: 2 * tp / (2 * tp + fp + fn))
balanced_accuracy = _on_counts(lambda tp, fp, tn, fn: (tp / (tp + fn) + tn / (tn + fp)) / 2)
mcc = _on_counts(lambda tp, fp, tn, fn: (tp * tn - fp * fn) / math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)))


def f_beta(y, y_hat, beta):
    p, r = precision(y, y_hat), recall(y, y_hat)
    return (1 + beta ** 2) * p * r / (beta ** 2 * p + r)


def top_k_accuracy(scores, y, k):
    """A sample counts when fewer than k classes score above its true class."""
    return sum(1 for row, c in zip(scores, y) if sum(1 for v in row if v > row[c]) < k) / len(y)


def precision_at_k(scores, relevant, k):
    ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
    return sum(relevant[i] for i in ranked[:k]) / k


def recall_at_k(scores, relevant, k):
    ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
    return sum(relevant[i] for i in ranked[:k]) / sum(relevant)


def average_precision(scores, relevant):
    """AP = Σ_n (R_n − R_{n−1}) P_n over the ranked list."""
    ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
    total, hits, ap, prev_recall = sum(relevant), 0, 0.0, 0.0
    for n, i in enumerate(ranked, start=1):
        hits += relevant[i]
        r = hits / total
        ap += (r - prev_recall) * hits / n
        prev_recall = r
    return ap


def mean_average_precision(scores, relevant):
    return sum(average_precision(s, r) for s, r in zip(scores, relevant)) / len(scores)


def dice_coefficient(X, Y):
    """Dice of two sets of elements (pixels, tokens): 2|X∩Y| / (|X| + |Y|)."""
    x, y = set(X), set(Y)
    return 2 * len(x & y) / (len(x) + len(y))


def mean_iou(y, y_hat, classes):
    ious = []
    for c in range(classes):
        inter = sum(1 for a, b in zip(y, y_hat) if a == c and b == c)
        union = sum(1 for a, b in zip(y, y_hat) if a == c or b == c)
        if union:
            ious.append(inter / union)
    return sum(ious) / len(ious)


def r_squared(y_hat, y):
    mean = sum(y) / len(y)
    return 1 - sum((a - b) ** 2 for a, b in zip(y, y_hat)) / sum((a - mean) ** 2 for a in y)


def cosine_similarity(a, b):
    return sum(u * v for u, v in zip(a, b)) / (math.hypot(*a) * math.hypot(*b))


# ---- truths -------------------------------------------------------------------------------------------

def _mean_where(values, mask) -> float:
    """The mean of `values` over the positions where `mask` holds (a conditional frequency)."""
    import torch
    v, m = torch.tensor(values, dtype=torch.float64), torch.tensor(mask, dtype=torch.bool)
    return v[m].mean().item()


def _truth_accuracy(y, y_hat):
    import torch
    return (torch.tensor(y) == torch.tensor(y_hat)).double().mean().item()


def _truth_precision(y, y_hat):
    return _mean_where(y, [b == 1 for b in y_hat])


def _truth_recall(y, y_hat):
    return _mean_where(y_hat, [a == 1 for a in y])


def _truth_specificity(y, y_hat):
    return _mean_where([1 - b for b in y_hat], [a == 0 for a in y])


def _truth_fpr(y, y_hat):
    return _mean_where(y_hat, [a == 0 for a in y])


def _truth_npv(y, y_hat):
    """The share of true negatives among the negative predictions."""
    return _mean_where([1 - a for a in y], [b == 0 for b in y_hat])


def _truth_error_rate(y, y_hat):
    import torch
    return (torch.tensor(y) != torch.tensor(y_hat)).double().mean().item()


def _truth_f1(y, y_hat):
    return statistics.harmonic_mean([_truth_precision(y, y_hat), _truth_recall(y, y_hat)])


def _truth_f_beta(y, y_hat, beta):
    """F_β is the harmonic mean of P and R weighted 1 : β²."""
    return statistics.harmonic_mean([_truth_precision(y, y_hat), _truth_recall(y, y_hat)], weights=[1, beta ** 2])


def _truth_balanced_accuracy(y, y_hat):
    """Macro-averaged recall over the two classes, from a confusion matrix built with bincount."""
    import torch
    cm = torch.bincount(2 * torch.tensor(y) + torch.tensor(y_hat), minlength=4).reshape(2, 2).double()
    return (cm.diag() / cm.sum(dim=1)).mean().item()


def _truth_mcc(y, y_hat):
    """For 0/1 labels, MCC is the Pearson correlation of labels and predictions."""
    import torch
    return torch.corrcoef(t([y, y_hat]))[0, 1].item()


def _truth_top_k(scores, y, k):
    import torch
    top = torch.topk(t(scores), k, dim=1).indices
    return (top == torch.tensor(y)[:, None]).any(dim=1).double().mean().item()


def _truth_precision_at_k(scores, relevant, k):
    import torch
    return t(relevant)[torch.topk(t(scores), k).indices].mean().item()


def _truth_recall_at_k(scores, relevant, k):
    import torch
    return (t(relevant)[torch.topk(t(scores), k).indices].sum() / t(relevant).sum()).item()


def _truth_ap(scores, relevant):
    """AP as the mean, over the relevant items, of the precision at each one's rank."""
    import torch
    order = torch.argsort(t(scores), descending=True)
    rel = t(relevant)[order]
    precision_at = torch.cumsum(rel, 0) / torch.arange(1, len(rel) + 1, dtype=torch.float64)
    return (precision_at[rel == 1].mean()).item()


def _truth_map(scores, relevant):
    return statistics.fmean(_truth_ap(s, r) for s, r in zip(scores, relevant))


def _truth_dice(X, Y):
    """Dice of two sets is the F1 score of one's membership mask against the other's, over their union."""
    universe = sorted(set(X) | set(Y))
    return _truth_f1([int(u in X) for u in universe], [int(u in Y) for u in universe])


def _truth_mean_iou(y, y_hat, classes):
    import torch
    cm = torch.bincount(classes * torch.tensor(y) + torch.tensor(y_hat), minlength=classes * classes)
    cm = cm.reshape(classes, classes).double()
    union = cm.sum(0) + cm.sum(1) - cm.diag()
    return (cm.diag()[union > 0] / union[union > 0]).mean().item()


def _truth_r2(y_hat, y):
    import torch
    import torch.nn.functional as fn
    return (1 - fn.mse_loss(t(y_hat), t(y)) / torch.var(t(y), correction=0)).item()


def _truth_cosine(a, b):
    import torch.nn.functional as fn
    return fn.cosine_similarity(t([a]), t([b]), eps=0.0).item()


# ---- examples -----------------------------------------------------------------------------------------

def _ranking(rng: random.Random) -> Example:
    n = rng.randint(2, 12)
    scores = rng.sample(range(1000), n)
    relevant = [rng.randint(0, 1) for _ in range(n)]
    relevant[rng.randrange(n)] = 1
    return dict(scores=[s / 1000 for s in scores], relevant=relevant)


def _ranking_k(rng: random.Random) -> Example:
    e = _ranking(rng)
    return dict(e, k=rng.randint(1, len(e["scores"])))


def _multi_ranking(rng: random.Random) -> Example:
    queries = [_ranking(rng) for _ in range(rng.randint(2, 5))]
    return dict(scores=[q["scores"] for q in queries], relevant=[q["relevant"] for q in queries])


def _top_k(rng: random.Random) -> Example:
    n, c = rng.randint(1, 8), rng.randint(3, 8)
    return dict(scores=[[s / 100 for s in rng.sample(range(100), c)] for _ in range(n)],
                y=[rng.randrange(c) for _ in range(n)], k=rng.randint(1, c - 1))


def _sets(rng: random.Random) -> Example:
    """Two overlapping sets of element ids, each with an element of its own (so precision and recall are defined)."""
    universe = list(range(rng.randint(3, 20)))
    shared = rng.sample(universe, rng.randint(1, len(universe) - 2))
    rest = [u for u in universe if u not in shared]
    return dict(X=sorted(shared + rest[:1] + [u for u in rest[2:] if rng.random() < 0.3]),
                Y=sorted(shared + rest[1:2] + [u for u in rest[2:] if rng.random() < 0.3]))


def _segmentation(rng: random.Random) -> Example:
    c, n = rng.randint(2, 5), rng.randint(4, 30)
    return dict(y=[rng.randrange(c) for _ in range(n)], y_hat=[rng.randrange(c) for _ in range(n)], classes=c)


def _regression(rng: random.Random) -> Example:
    n = rng.randint(2, 12)
    y = [rng.uniform(-3, 3) for _ in range(n)]
    y[0], y[1] = -1.0, 1.0
    return dict(y_hat=[v + rng.uniform(-1, 1) for v in y], y=y)


def _vectors(rng: random.Random) -> Example:
    d = rng.randint(1, 8)
    return dict(a=[rng.uniform(-2, 2) for _ in range(d)] + [1.0], b=[rng.uniform(-2, 2) for _ in range(d)] + [1.0])


_YY = {"y": "true labels 0/1", "y_hat": "predicted labels 0/1"}
_YYA = {"y": ("y", "y_i"), "y_hat": ("\\hat{y}", "\\hat y", "\\hat{y}_i")}
_KW_CONFUSION = ("confusion matrix", "true positive", "false positive", "混淆矩阵", "матрица ошибок")


FORMULAS = [
    entry("accuracy", {"en": "Accuracy", "zh": "准确率", "ru": "Доля правильных ответов (accuracy)", "fr": "Exactitude",
                       "de": "Genauigkeit (Accuracy)", "es": "Exactitud", "vi": "Độ chính xác"},
          r"\mathrm{Accuracy}=\frac{TP+TN}{TP+TN+FP+FN}", _YY, accuracy, _truth_accuracy, _label_examples,
          {"TP/(TP+FP) (precision)": precision, "TP/N": _on_counts(lambda tp, fp, tn, fn: tp / (tp + fp + tn + fn)),
           "(TP+TN)/(FP+FN)": _on_counts(lambda tp, fp, tn, fn: (tp + tn) / (fp + fn))},
          ("accuracy", "准确率", "точность классификации", "доля правильных", "exactitud", "exactitude", "acurácia",
           "Treffergenauigkeit", "Korrektklassifikationsrate", "正解率", "정확도", *_KW_CONFUSION), _YYA,
          note_view=_confusion_view),
    entry("precision", {"en": "Precision", "zh": "精确率（查准率）", "ru": "Точность (precision)", "fr": "Précision",
                        "de": "Präzision", "es": "Precisión", "vi": "Độ chuẩn xác"},
          r"\mathrm{Precision}=\frac{TP}{TP+FP}", _YY, precision, _truth_precision, _label_examples,
          {"TP/(TP+FN) (recall)": recall, "TP/(FP+FN)": _on_counts(lambda tp, fp, tn, fn: tp / (fp + fn)),
           "TN/(TN+FP)": specificity},
          ("precision", "精确率", "查准率", "точность", "positive predictive value", "適合率", "정밀도", *_KW_CONFUSION), _YYA,
          note_view=_confusion_view),
    entry("recall", {"en": "Recall (sensitivity, TPR)", "zh": "召回率（查全率）", "ru": "Полнота (recall)", "fr": "Rappel",
                     "de": "Sensitivität (Recall)", "es": "Exhaustividad (recall)", "vi": "Độ phủ"},
          r"\mathrm{Recall}=\frac{TP}{TP+FN}", _YY, recall, _truth_recall, _label_examples,
          {"TP/(TP+FP) (precision)": precision, "TN/(TN+FN)": _on_counts(lambda tp, fp, tn, fn: tn / (tn + fn)),
           "FN/(TP+FN)": _on_counts(lambda tp, fp, tn, fn: fn / (tp + fn))},
          ("recall", "sensitivity", "true positive rate", "TPR", "召回率", "查全率", "полнота", "再現率", "재현율",
           "sensibilidad", "sensibilidade", "sensibilité", "Sensitivität", "sensibilità", *_KW_CONFUSION), _YYA,
          note_view=_confusion_view),
    entry("specificity", {"en": "Specificity (TNR)", "zh": "特异度", "ru": "Специфичность", "fr": "Spécificité",
                          "de": "Spezifität"},
          r"\mathrm{Specificity}=\frac{TN}{TN+FP}", _YY, specificity, _truth_specificity, _label_examples,
          {"TN/(TN+FN)": _on_counts(lambda tp, fp, tn, fn: tn / (tn + fn)), "recall": recall,
           "FP/(TN+FP) (FPR)": false_positive_rate},
          ("specificity", "true negative rate", "TNR", "特异度", "специфичность", "特異度", "특이도", "especificidad",
           "especificidade", "spécificité", "Spezifität", "specificità"), _YYA,
          note_view=_confusion_view),
    entry("false_positive_rate", {"en": "False positive rate", "zh": "假正率", "ru": "Доля ложноположительных (FPR)"},
          r"\mathrm{FPR}=\frac{FP}{FP+TN}=1-\mathrm{Specificity}", _YY, false_positive_rate, _truth_fpr,
          _label_examples,
          {"FP/(FP+TP)": _on_counts(lambda tp, fp, tn, fn: fp / (fp + tp)), "specificity": specificity,
           "FP/N": _on_counts(lambda tp, fp, tn, fn: fp / (tp + fp + tn + fn))},
          ("false positive rate", "FPR", "fall-out", "ROC curve", "假正率"), _YYA,
          note_view=_confusion_view),
    entry("negative_predictive_value", {"en": "Negative predictive value (NPV)", "zh": "阴性预测值", "ru": "Прогностическая ценность отрицательного результата",
                                        "fr": "Valeur prédictive négative", "de": "Negativer prädiktiver Wert",
                                        "es": "Valor predictivo negativo", "pt": "Valor preditivo negativo"},
          r"\mathrm{NPV}=\frac{TN}{TN+FN}", _YY, negative_predictive_value, _truth_npv, _label_examples,
          {"TN/(TN+FP) (specificity)": specificity, "TP/(TP+FP) (precision)": precision,
           "FN/(TN+FN)": _on_counts(lambda tp, fp, tn, fn: fn / (tn + fn))},
          ("negative predictive value", "NPV", "阴性预测值", "valeur prédictive négative", "negativer prädiktiver Wert",
           "valor predictivo negativo", "valor preditivo negativo", "VPN", *_KW_CONFUSION), _YYA,
          note_view=_confusion_view),
    entry("error_rate", {"en": "Error rate (misclassification rate)", "zh": "错误率", "ru": "Доля ошибок",
                         "fr": "Taux d'erreur", "de": "Fehlerrate", "es": "Tasa de error", "pt": "Taxa de erro"},
          r"\mathrm{Error}=\frac{FP+FN}{TP+TN+FP+FN}=1-\mathrm{Accuracy}", _YY, error_rate, _truth_error_rate,
          _label_examples,
          {"accuracy": accuracy, "(FP+FN)/(TP+TN)": _on_counts(lambda tp, fp, tn, fn: (fp + fn) / (tp + tn)),
           "FP/N only": _on_counts(lambda tp, fp, tn, fn: fp / (tp + fp + tn + fn))},
          ("error rate", "misclassification rate", "错误率", "误分类率", "доля ошибок", "taux d'erreur", "Fehlerrate",
           "tasa de error", "taxa de erro", *_KW_CONFUSION), _YYA,
          note_view=_confusion_view),
    entry("f1_score", {"en": "F1 score", "zh": "F1 分数", "ru": "F1-мера", "fr": "Score F1", "de": "F1-Maß",
                       "es": "Puntuación F1", "vi": "Điểm F1"},
          r"F_1=\frac{2\cdot P\cdot R}{P+R}=\frac{2TP}{2TP+FP+FN}", _YY, f1, _truth_f1, _label_examples,
          {"arithmetic mean of P and R": lambda y, y_hat: (precision(y, y_hat) + recall(y, y_hat)) / 2,
           "P·R/(P+R) (no 2)": lambda y, y_hat: f1(y, y_hat) / 2,
           "TP/(TP+FP+FN)": _on_counts(lambda tp, fp, tn, fn: tp / (tp + fp + fn))},
          ("F1 score", "F1-score", "F-measure", "harmonic mean of precision and recall", "F1分数", "F1-мера", "F値",
           "F1スコア", "F1 점수"), _YYA,
          note_view=_precision_recall_view),
    entry("f_beta_score", {"en": "F-beta score", "zh": "F-beta 分数", "ru": "F-бета мера"},
          r"F_\beta=\frac{(1+\beta^2)\,P\,R}{\beta^2P+R}", {**_YY, "beta": "β: recall weighs β times precision"},
          f_beta, _truth_f_beta, lambda rng, n: [dict(e, beta=rng.choice([0.5, 2.0, 3.0])) for e in _label_examples(rng, n)],
          {"β² on R in the denominator": lambda y, y_hat, beta: (1 + beta ** 2) * precision(y, y_hat) * recall(y, y_hat)
           / (precision(y, y_hat) + beta ** 2 * recall(y, y_hat)),
           "β instead of β²": lambda y, y_hat, beta: (1 + beta) * precision(y, y_hat) * recall(y, y_hat)
           / (beta * precision(y, y_hat) + recall(y, y_hat)),
           "F1 whatever β": lambda y, y_hat, beta: f1(y, y_hat)},
          ("F-beta", "F beta", "Fβ", "F2 score", "F0.5"), {**_YYA, "beta": ("\\beta",)},
          note_view=_precision_recall_view),
    entry("balanced_accuracy", {"en": "Balanced accuracy", "zh": "平衡准确率", "ru": "Сбалансированная точность"},
          r"\mathrm{BA}=\frac12\left(\frac{TP}{TP+FN}+\frac{TN}{TN+FP}\right)", _YY, balanced_accuracy,
          _truth_balanced_accuracy, _label_examples,
          {"accuracy": accuracy, "mean of precision and recall": lambda y, y_hat: (precision(y, y_hat) + recall(y, y_hat)) / 2},
          ("balanced accuracy", "class imbalance", "平衡准确率"), _YYA,
          note_view=_confusion_view),
    entry("matthews_correlation", {"en": "Matthews correlation coefficient", "zh": "马修斯相关系数",
                                   "ru": "Коэффициент корреляции Мэтьюса"},
          r"\mathrm{MCC}=\frac{TP\cdot TN-FP\cdot FN}{\sqrt{(TP+FP)(TP+FN)(TN+FP)(TN+FN)}}", _YY, mcc, _truth_mcc,
          _label_examples,
          {"+FP·FN": _on_counts(lambda tp, fp, tn, fn: (tp * tn + fp * fn) / math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))),
           "no square root": _on_counts(lambda tp, fp, tn, fn: (tp * tn - fp * fn) / ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)))},
          ("Matthews correlation", "MCC", "phi coefficient"), _YYA,
          note_view=_confusion_view),
    entry("top_k_accuracy", {"en": "Top-k accuracy", "zh": "Top-k 准确率", "ru": "Top-k точность"},
          r"\mathrm{acc@}k=\frac1N\sum_i\mathbb{1}\left[y_i\in\operatorname{top}_k(s_i)\right]",
          {"scores": "class scores per sample", "y": "true classes", "k": "k"}, top_k_accuracy, _truth_top_k,
          with_fixed([], _top_k),
          {"top-1 whatever k": lambda scores, y, k: top_k_accuracy(scores, y, 1),
           "≤ k classes above (top-(k+1))": lambda scores, y, k: top_k_accuracy(scores, y, k + 1),
           "count, not fraction": lambda scores, y, k: top_k_accuracy(scores, y, k) * len(y)},
          ("top-k accuracy", "top-5 accuracy", "top-5 error", "top-1 accuracy"),
          {"scores": ("s", "s_i"), "y": ("y", "y_i"), "k": ("k",)}),
    entry("precision_at_k", {"en": "Precision at k", "zh": "前 k 精确率 (P@k)", "ru": "Точность на k (P@k)"},
          r"P@k=\frac{\#\{\text{relevant in top }k\}}{k}",
          {"scores": "scores", "relevant": "relevance 0/1", "k": "cut-off k"}, precision_at_k, _truth_precision_at_k,
          with_fixed([], _ranking_k),
          {"divided by all relevant (recall@k)": recall_at_k,
           "divided by n": lambda scores, relevant, k: precision_at_k(scores, relevant, k) * k / len(scores),
           "ranked ascending": lambda scores, relevant, k: precision_at_k([-s for s in scores], relevant, k)},
          ("precision at k", "precision@k", "P@k", "retrieval"), {"k": ("k", "K")}),
    entry("recall_at_k", {"en": "Recall at k", "zh": "前 k 召回率 (R@k)", "ru": "Полнота на k (R@k)"},
          r"R@k=\frac{\#\{\text{relevant in top }k\}}{\#\{\text{relevant}\}}",
          {"scores": "scores", "relevant": "relevance 0/1", "k": "cut-off k"}, recall_at_k, _truth_recall_at_k,
          with_fixed([], _ranking_k),
          {"divided by k (precision@k)": precision_at_k,
           "divided by n": lambda scores, relevant, k: recall_at_k(scores, relevant, k) * sum(relevant) / len(scores)},
          ("recall at k", "recall@k", "R@k", "retrieval"), {"k": ("k", "K")}),
    entry("average_precision", {"en": "Average precision (AP)", "zh": "平均精度 (AP)", "ru": "Средняя точность (AP)",
                                "fr": "Précision moyenne"},
          r"\mathrm{AP}=\sum_n (R_n-R_{n-1})\,P_n", {"scores": "scores of the ranked items", "relevant": "relevance 0/1"},
          average_precision, _truth_ap, with_fixed([], _ranking),
          {"mean of P_n over all ranks": lambda scores, relevant: statistics.fmean(
              precision_at_k(scores, relevant, k) for k in range(1, len(scores) + 1)),
           "Σ R_n P_n without differences": lambda scores, relevant: sum(
               recall_at_k(scores, relevant, k) * precision_at_k(scores, relevant, k) for k in range(1, len(scores) + 1)),
           "final precision": lambda scores, relevant: sum(relevant) / len(relevant)},
          ("average precision", "AP", "area under the precision-recall curve", "平均精度", "средняя точность"),
          {"scores": ("s",), "relevant": ("rel",)}),
    entry("mean_average_precision", {"en": "Mean average precision (mAP)", "zh": "平均精度均值 (mAP)",
                                     "ru": "Средняя средняя точность (mAP)"},
          r"\mathrm{mAP}=\frac{1}{C}\sum_{c=1}^{C}\mathrm{AP}_c",
          {"scores": "scores per class (or query)", "relevant": "relevance per class (or query)"},
          mean_average_precision, _truth_map, with_fixed([], _multi_ranking),
          {"AP of all classes pooled": lambda scores, relevant: average_precision(
              [s + 2 * i for i, row in enumerate(scores) for s in row], [r for row in relevant for r in row]),
           "sum, not mean": lambda scores, relevant: sum(average_precision(s, r) for s, r in zip(scores, relevant)),
           "mean precision of each class": lambda scores, relevant: statistics.fmean(sum(r) / len(r) for r in relevant)},
          ("mAP", "mean average precision", "平均精度均值", "object detection metric"), {"scores": ("s",), "relevant": ("rel",)}),
    entry("dice_coefficient", {"en": "Dice coefficient", "zh": "Dice 系数", "ru": "Коэффициент Дайса", "fr": "Coefficient de Dice"},
          r"\mathrm{Dice}(X,Y)=\frac{2|X\cap Y|}{|X|+|Y|}", {"X": "first set (e.g. predicted pixels)", "Y": "second set"},
          dice_coefficient, _truth_dice, with_fixed([], _sets),
          {"IoU (|X∩Y|/|X∪Y|)": lambda X, Y: len(set(X) & set(Y)) / len(set(X) | set(Y)),
           "missing the 2": lambda X, Y: dice_coefficient(X, Y) / 2,
           "2|X∩Y|/|X∪Y|": lambda X, Y: 2 * len(set(X) & set(Y)) / len(set(X) | set(Y))},
          ("Dice coefficient", "Dice score", "Sørensen", "Dice 系数", "коэффициент Дайса"),
          {"X": ("X", "A", "P"), "Y": ("Y", "B", "G")}),
    entry("mean_iou", {"en": "Mean IoU (segmentation)", "zh": "平均交并比 (mIoU)", "ru": "Средний IoU (mIoU)"},
          r"\mathrm{mIoU}=\frac1C\sum_c\frac{TP_c}{TP_c+FP_c+FN_c}",
          {"y": "true class per pixel", "y_hat": "predicted class per pixel", "classes": "number of classes C"},
          mean_iou, _truth_mean_iou, with_fixed([], _segmentation),
          {"pixel accuracy": lambda y, y_hat, classes: sum(1 for a, b in zip(y, y_hat) if a == b) / len(y),
           "TP/(TP+FP) per class": lambda y, y_hat, classes: statistics.fmean(
               sum(1 for a, b in zip(y, y_hat) if a == b == c) / sum(1 for b in y_hat if b == c)
               for c in range(classes) if c in y_hat),
           "Dice per class": lambda y, y_hat, classes: statistics.fmean(
               2 * sum(1 for a, b in zip(y, y_hat) if a == b == c) / (y.count(c) + y_hat.count(c))
               for c in range(classes) if c in y or c in y_hat)},
          ("mIoU", "mean IoU", "mean intersection over union", "semantic segmentation metric", "平均交并比"),
          {"y": ("y",), "y_hat": ("\\hat{y}",), "classes": ("C", "K")}),
    entry("r_squared", {"en": "Coefficient of determination R²", "zh": "决定系数 R²", "ru": "Коэффициент детерминации",
                        "fr": "Coefficient de détermination", "de": "Bestimmtheitsmaß", "es": "Coeficiente de determinación",
                        "pt": "Coeficiente de determinação"},
          r"R^2=1-\frac{\sum_i(y_i-\hat y_i)^2}{\sum_i(y_i-\bar y)^2}", {"y_hat": "predictions", "y": "targets"},
          r_squared, _truth_r2, with_fixed([], _regression),
          {"SS_res/SS_tot (1 − R²)": lambda y_hat, y: 1 - r_squared(y_hat, y),
           "variance of ŷ in the denominator": lambda y_hat, y: 1 - sum((a - b) ** 2 for a, b in zip(y, y_hat))
           / sum((b - sum(y_hat) / len(y_hat)) ** 2 for b in y_hat),
           "1 − SS_res/Σy²": lambda y_hat, y: 1 - sum((a - b) ** 2 for a, b in zip(y, y_hat)) / sum(a * a for a in y)},
          ("R squared", "R²", "coefficient of determination", "决定系数", "коэффициент детерминации",
           "coefficient de détermination", "Bestimmtheitsmaß", "coeficiente de determinación", "coeficiente de determinação",
           "coefficiente di determinazione"),
          {"y_hat": ("\\hat{y}", "\\hat y", "\\hat{y}_i", "f_i"), "y": ("y", "y_i")},
          note_view=lambda y_hat, y: {"\\bar y": sum(y) / len(y)}),   # notes write the targets' mean ȳ
    entry("cosine_similarity", {"en": "Cosine similarity", "zh": "余弦相似度", "ru": "Косинусное сходство",
                                "fr": "Similarité cosinus", "de": "Kosinus-Ähnlichkeit", "es": "Similitud coseno"},
          r"\cos(a,b)=\frac{a\cdot b}{\|a\|\,\|b\|}", {"a": "first vector", "b": "second vector"}, cosine_similarity,
          _truth_cosine, with_fixed([], _vectors),
          {"dot product only": lambda a, b: sum(u * v for u, v in zip(a, b)),
           "divided by ‖a‖² ": lambda a, b: sum(u * v for u, v in zip(a, b)) / sum(u * u for u in a),
           "1 − cos (distance)": lambda a, b: 1 - cosine_similarity(a, b)},
          ("cosine similarity", "余弦相似度", "косинусное сходство", "cosine distance"),
          {"a": ("a", "u", "x", "A"), "b": ("b", "v", "y", "B")}),
]
