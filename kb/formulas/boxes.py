"""Box overlap (IoU, IoG), the Jaccard index of sets, and SSD's default-box and output counts.

Ground truth is exact enumeration: integer-coordinate boxes are rasterised into sets of unit cells and
the cells are counted (Fractions, no rounding); set measures count universe elements one by one; SSD's
default boxes are generated with their real coordinates and the distinct ones counted; the SSD head's
outputs are the numel of the predictor convolution's output (meta tensors).
"""
from __future__ import annotations

import math
import random
from fractions import Fraction
from typing import Any

from kb.formulas.core import Formula, KernelOutcome

Box = tuple[int, int, int, int]  # (x1, y1, x2, y2), x1 < x2, y1 < y2

# The reference computes in float; the truth is an exact Fraction.
_REL = 1e-12

_BOX_ALIASES = {"P": ("P", "B^{P_i}", "A", "B_p", "pred"), "G": ("G", "B^{P_j}", "B", "B_{gt}", "gt", "GT")}


# ---- exact truth -------------------------------------------------------------------------------------

def _cells(box: Box) -> set[tuple[int, int]]:
    x1, y1, x2, y2 = box
    return {(x, y) for x in range(x1, x2) for y in range(y1, y2)}


def _truth_iou(P: Box, G: Box) -> Fraction:
    p, g = _cells(P), _cells(G)
    return Fraction(len(p & g), len(p | g))


def _truth_iog(P: Box, G: Box) -> Fraction:
    p, g = _cells(P), _cells(G)
    return Fraction(len(p & g), len(g))


# ---- references --------------------------------------------------------------------------------------

def _area(b: Box) -> int:
    return (b[2] - b[0]) * (b[3] - b[1])


def _intersection(P: Box, G: Box, clamp: bool = True) -> int:
    w = min(P[2], G[2]) - max(P[0], G[0])
    h = min(P[3], G[3]) - max(P[1], G[1])
    return max(0, w) * max(0, h) if clamp else w * h


def iou(P: Box, G: Box) -> float:
    inter = _intersection(P, G)
    return inter / (_area(P) + _area(G) - inter)


def iog(P: Box, G: Box) -> float:
    return _intersection(P, G) / _area(G)


def _pixel_inclusive_iou(P: Box, G: Box) -> float:
    """The (x2 − x1 + 1) convention of some detection code, wrong for continuous/cell coordinates."""
    def area(b: Box) -> int:
        return (b[2] - b[0] + 1) * (b[3] - b[1] + 1)
    w = max(0, min(P[2], G[2]) - max(P[0], G[0]) + 1)
    h = max(0, min(P[3], G[3]) - max(P[1], G[1]) + 1)
    return w * h / (area(P) + area(G) - w * h)


def _random_box(rng: random.Random, size: int = 16) -> Box:
    x1, x2 = sorted(rng.sample(range(size + 1), 2))
    y1, y2 = sorted(rng.sample(range(size + 1), 2))
    return (x1, y1, x2, y2)


def _box_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    edge = [dict(P=(0, 0, 2, 2), G=(1, 1, 3, 3)),        # partial overlap: 1/7
            dict(P=(0, 0, 2, 2), G=(0, 0, 2, 2)),        # identical
            dict(P=(0, 0, 1, 1), G=(2, 2, 3, 3)),        # disjoint in both axes
            dict(P=(0, 0, 2, 2), G=(3, 0, 5, 2)),        # disjoint in x only
            dict(P=(0, 0, 2, 2), G=(2, 0, 4, 2)),        # sharing an edge
            dict(P=(0, 0, 8, 8), G=(2, 2, 4, 4)),        # GT inside the prediction
            dict(P=(2, 2, 4, 4), G=(0, 0, 8, 8))]        # prediction inside the GT
    out = edge[:n]
    while len(out) < n:
        out.append(dict(P=_random_box(rng), G=_random_box(rng)))
    return out


# ---- Jaccard index of sets ---------------------------------------------------------------------------

def jaccard_index(X: list[int], Y: list[int]) -> float:
    x, y = set(X), set(Y)
    return len(x & y) / len(x | y)


def jaccard_distance(X: list[int], Y: list[int]) -> float:
    return 1 - jaccard_index(X, Y)


def _counts(X: list[int], Y: list[int]) -> dict[str, int]:
    """Walk the universe element by element and tally where each one lies."""
    tally = {"both": 0, "only_x": 0, "only_y": 0}
    for u in range(min(X + Y), max(X + Y) + 1):
        in_x, in_y = u in X, u in Y
        if in_x and in_y:
            tally["both"] += 1
        elif in_x:
            tally["only_x"] += 1
        elif in_y:
            tally["only_y"] += 1
    return tally


def _truth_jaccard(X: list[int], Y: list[int]) -> Fraction:
    t = _counts(X, Y)
    return Fraction(t["both"], t["both"] + t["only_x"] + t["only_y"])


def _truth_jaccard_distance(X: list[int], Y: list[int]) -> Fraction:
    t = _counts(X, Y)
    return Fraction(t["only_x"] + t["only_y"], t["both"] + t["only_x"] + t["only_y"])


def _set_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    edge = [dict(X=[1], Y=[1]), dict(X=[1], Y=[2]), dict(X=[1, 2, 3], Y=[2, 3, 4]), dict(X=[1, 2, 3, 4], Y=[2]),
            dict(X=[0, 5, 9], Y=[1, 2, 3, 4, 5, 6])]
    out = edge[:n]
    while len(out) < n:
        universe = range(rng.randint(1, 30))
        X = sorted(rng.sample(universe, rng.randint(1, len(universe))))
        Y = sorted(rng.sample(universe, rng.randint(1, len(universe))))
        out.append(dict(X=X, Y=Y))
    return out


# ---- SSD default boxes -------------------------------------------------------------------------------

SSD300 = dict(feature_maps=[38, 19, 10, 5, 3, 1], boxes_per_location=[4, 6, 6, 6, 4, 4])
SSD300_PER_LAYER = [5776, 2166, 600, 150, 36, 4]
SSD300_TOTAL = 8732
SSD_HEAD_EXAMPLE = dict(c=21, k=4, m=38, n=38)
SSD_HEAD_OUTPUTS = 144_400
_RATIOS = {2: (1.0,), 4: (1.0, 2.0, 0.5), 6: (1.0, 2.0, 0.5, 3.0, 1 / 3)}  # plus one extra box at ratio 1


def ssd_default_box_count(feature_maps: list[int], boxes_per_location: list[int]) -> int:
    return sum(m * m * k for m, k in zip(feature_maps, boxes_per_location))


def ssd_default_boxes(feature_maps: list[int], boxes_per_location: list[int],
                      s_min: float = 0.2, s_max: float = 0.9) -> set[tuple[float, float, float, float]]:
    """SSD's default boxes (cx, cy, w, h): scale s_k per layer, each aspect ratio at s_k, one extra at √(s_k s_k+1)."""
    layers = len(feature_maps)
    scales = [s_min + (s_max - s_min) * k / max(layers - 1, 1) for k in range(layers)] + [1.0]
    boxes = set()
    for k, (size, per_location) in enumerate(zip(feature_maps, boxes_per_location)):
        shapes = [(scales[k] * math.sqrt(a), scales[k] / math.sqrt(a)) for a in _RATIOS[per_location]]
        extra = math.sqrt(scales[k] * scales[k + 1])
        shapes.append((extra, extra))
        for i in range(size):
            for j in range(size):
                for w, h in shapes:
                    boxes.add((round((j + 0.5) / size, 12), round((i + 0.5) / size, 12), round(w, 12), round(h, 12)))
    return boxes


def _truth_ssd_count(feature_maps: list[int], boxes_per_location: list[int]) -> int:
    return len(ssd_default_boxes(feature_maps, boxes_per_location))


def _ssd_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    edge = [SSD300, dict(feature_maps=[1], boxes_per_location=[4]), dict(feature_maps=[3, 1], boxes_per_location=[6, 4])]
    out = [dict(e) for e in edge[:n]]
    while len(out) < n:
        sizes = sorted({rng.randint(1, 20) for _ in range(rng.randint(1, 6))}, reverse=True)
        out.append(dict(feature_maps=sizes, boxes_per_location=[rng.choice((2, 4, 6)) for _ in sizes]))
    return out


def ssd_head_outputs(c: int, k: int, m: int, n: int) -> int:
    return (c + 4) * k * m * n


def _truth_ssd_head(c: int, k: int, m: int, n: int) -> int:
    """numel of the 3x3 predictor conv's output on an m x n feature map (what the head emits)."""
    import torch
    import torch.nn.functional as fn
    features = torch.empty(1, 8, m, n, device="meta")
    return fn.conv2d(features, torch.empty(k * (c + 4), 8, 3, 3, device="meta"), padding=1).numel()


def _head_examples(rng: random.Random, n: int) -> list[dict[str, Any]]:
    out = [dict(SSD_HEAD_EXAMPLE), dict(c=1, k=1, m=1, n=1)][:n]
    while len(out) < n:
        out.append(dict(c=rng.randint(1, 100), k=rng.choice((2, 4, 6, 9)), m=rng.randint(1, 40), n=rng.randint(1, 40)))
    return out


def ssd_worked_check() -> KernelOutcome:
    """The notes' SSD300 numbers: 5776 + 2166 + 600 + 150 + 36 + 4 = 8732 boxes, and 144,400 head outputs."""
    per_layer = [_truth_ssd_count([m], [k]) for m, k in zip(*SSD300.values())]
    total_formula, total_enumerated = ssd_default_box_count(**SSD300), _truth_ssd_count(**SSD300)
    head = (ssd_head_outputs(**SSD_HEAD_EXAMPLE), _truth_ssd_head(**SSD_HEAD_EXAMPLE))
    ok = (per_layer == SSD300_PER_LAYER and total_formula == total_enumerated == SSD300_TOTAL
          and head == (SSD_HEAD_OUTPUTS, SSD_HEAD_OUTPUTS))
    detail = (f"enumerated per layer {per_layer} (notes {SSD300_PER_LAYER}); total formula {total_formula}, "
              f"enumerated {total_enumerated} (notes {SSD300_TOTAL}); head outputs {head} (notes {SSD_HEAD_OUTPUTS})")
    return KernelOutcome(ok, len(per_layer) + 2, detail)


FORMULAS = [
    Formula(
        id="iou",
        titles={"en": "Intersection over union (IoU)", "zh": "交并比 IoU", "ru": "Пересечение над объединением (IoU)"},
        latex=r"\operatorname{IoU}(P,G)=\frac{area(P\cap G)}{area(P)+area(G)-area(P\cap G)}",
        symbols={"P": "predicted box (x1, y1, x2, y2)", "G": "ground-truth box (x1, y1, x2, y2)"},
        reference=iou,
        truth=_truth_iou,
        examples=_box_examples,
        mutants={
            "union without subtracting the intersection": lambda P, G:
                _intersection(P, G) / (_area(P) + _area(G)),
            "no clamp at 0 for disjoint boxes": lambda P, G:
                _intersection(P, G, clamp=False) / (_area(P) + _area(G) - _intersection(P, G, clamp=False)),
            "intersection over the smaller area": lambda P, G: _intersection(P, G) / min(_area(P), _area(G)),
            "pixel-inclusive (+1) areas": _pixel_inclusive_iou,
        },
        aliases=_BOX_ALIASES,
        keywords=("IoU", "intersection over union", "交并比", "пересечение над объединением"),
        rel_tol=_REL,
    ),
    Formula(
        id="iog",
        titles={"en": "Intersection over ground truth (IoG)", "zh": "IoG（交集比真值框）",
                "ru": "Пересечение над истинной рамкой (IoG)"},
        latex=r"\operatorname{IoG}(P,G)=\frac{area(P\cap G)}{area(G)}",
        symbols={"P": "predicted box (x1, y1, x2, y2)", "G": "ground-truth box (x1, y1, x2, y2)"},
        reference=iog,
        truth=_truth_iog,
        examples=_box_examples,
        mutants={
            "divided by the predicted area": lambda P, G: _intersection(P, G) / _area(P),
            "divided by the union (IoU)": iou,
            "no clamp at 0 for disjoint boxes": lambda P, G: _intersection(P, G, clamp=False) / _area(G),
        },
        aliases=_BOX_ALIASES,
        keywords=("IoG", "intersection over ground truth", "RepGT", "repulsion loss"),
        rel_tol=_REL,
    ),
    Formula(
        id="jaccard_index",
        titles={"en": "Jaccard index", "zh": "Jaccard 系数", "ru": "Коэффициент Жаккара"},
        latex=r"J(X,Y)=\frac{|X\cap Y|}{|X\cup Y|}",
        symbols={"X": "a finite set", "Y": "a finite set"},
        reference=jaccard_index,
        truth=_truth_jaccard,
        examples=_set_examples,
        mutants={
            "Dice coefficient": lambda X, Y: 2 * len(set(X) & set(Y)) / (len(set(X)) + len(set(Y))),
            "|X|+|Y| as the union": lambda X, Y: len(set(X) & set(Y)) / (len(set(X)) + len(set(Y))),
            "over the larger set": lambda X, Y: len(set(X) & set(Y)) / max(len(set(X)), len(set(Y))),
        },
        aliases={"X": ("X", "A"), "Y": ("Y", "B")},
        # the IoU of two sets (of pixels, of ids) is their Jaccard index; box IoU is the `iou` entry
        keywords=("Jaccard index", "Jaccard similarity", "Jaccard", "杰卡德", "коэффициент Жаккара", "IoU",
                  "intersection over union", "交并比", "intersección sobre unión", "intersection sur union"),
        rel_tol=_REL,
    ),
    Formula(
        id="jaccard_distance",
        titles={"en": "Jaccard distance", "zh": "Jaccard 距离", "ru": "Расстояние Жаккара"},
        latex=r"D(X,Y)=1-J(X,Y)",
        symbols={"X": "a finite set", "Y": "a finite set"},
        reference=jaccard_distance,
        truth=_truth_jaccard_distance,
        examples=_set_examples,
        mutants={
            "1 − Dice": lambda X, Y: 1 - 2 * len(set(X) & set(Y)) / (len(set(X)) + len(set(Y))),
            "J itself (1 − forgotten)": jaccard_index,
            "symmetric difference over |X|+|Y|": lambda X, Y: len(set(X) ^ set(Y)) / (len(set(X)) + len(set(Y))),
        },
        aliases={"X": ("X", "A"), "Y": ("Y", "B")},
        keywords=("Jaccard distance", "杰卡德距离", "расстояние Жаккара"),
        rel_tol=_REL,
    ),
    Formula(
        id="ssd_default_box_count",
        titles={"en": "Number of SSD default boxes", "zh": "SSD 默认框数量", "ru": "Число рамок по умолчанию в SSD"},
        latex=r"\sum_k m_k\times m_k\times b_k",
        symbols={"feature_maps": "side m_k of each feature map", "boxes_per_location": "default boxes b_k per cell"},
        reference=ssd_default_box_count,
        truth=_truth_ssd_count,
        examples=_ssd_examples,
        mutants={
            "map side not squared": lambda feature_maps, boxes_per_location:
                sum(m * k for m, k in zip(feature_maps, boxes_per_location)),
            "first layer's boxes per cell everywhere": lambda feature_maps, boxes_per_location:
                sum(m * m for m in feature_maps) * boxes_per_location[0],
            "extra ratio-1 box forgotten": lambda feature_maps, boxes_per_location:
                sum(m * m * (k - 1) for m, k in zip(feature_maps, boxes_per_location)),
        },
        aliases={"feature_maps": ("m", "m_k", "38", "19"), "boxes_per_location": ("k", "b_k")},
        keywords=("default boxes", "default box", "8732", "SSD", "bounding boxes in total", "默认框", "рамки по умолчанию"),
        n_examples=100,
        extra_checks=(ssd_worked_check,),
    ),
    Formula(
        id="ssd_head_outputs",
        titles={"en": "SSD detector outputs per feature map", "zh": "SSD 每层输出数", "ru": "Число выходов головы SSD"},
        latex=r"(c+4)\,k\,m\,n",
        symbols={"c": "class scores per box (incl. background)", "k": "boxes per location",
                 "m": "feature map height", "n": "feature map width"},
        reference=ssd_head_outputs,
        truth=_truth_ssd_head,
        examples=_head_examples,
        mutants={
            "+4 outside the product": lambda c, k, m, n: c * k * m * n + 4,
            "offsets forgotten": lambda c, k, m, n: c * k * m * n,
            "square map assumed (m²)": lambda c, k, m, n: (c + 4) * k * m * m,
        },
        aliases={"c": ("c", "classes"), "k": ("k",), "m": ("m",), "n": ("n",)},
        keywords=("(c+4)kmn", "MultiBox", "SSD outputs", "class scores and 4 offsets", "SSD"),
        extra_checks=(ssd_worked_check,),
    ),
]
