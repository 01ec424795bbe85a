"""Accuracy of the encoding repair on texts no model was built or tuned on, accident by accident.

Usage: .venv/bin/python scripts/repair_eval.py [--public DIR] [--only ACCIDENT,...] [--ftfy] [--split dev|test]
                                              [--set NAME=VALUE,...] [--calibrate]

`--set` changes weights of kb.read.mojibake for one run, to measure what each source contributes (an
ablation): TEXT_PAIR_WEIGHT (running-text pairs), TEXT_PAIR_FLOOR (-1e9: unseen pairs not floored),
WORD_CONTEXT_WEIGHT (word classes beside dictionary words), CLOSING_FRAME_LOGP (与 … 相比 frames),
CACHE_WEIGHT and CHAR_CACHE_WEIGHT (the document's own repairs), CLASS_WEIGHT (word classes beside
function characters), FRAME_WEIGHT (prepositional frames), MAX_OPTIONS (candidates per character),
CONTEXT_PASS (0: the grammar reads only intact neighbours), LEVEL_BEST_FIT (0: the grammar's misfits
count as zero), KEEP_WORD_FORMING (0: candidates ranked out are dropped even where they make a word), JOINT_WORD_FORMING
(0: nor where they make a word with a damaged neighbour's candidate), SPANNING_WORD_FORMING (0: nor where they
spell a longer word through other damaged characters), TREATMENT_LOGP (对 … 做 frames), ASKING_WORD_LOGP (words
that ask in a clause ending in ？), CORRELATIVE_LOGP (先 … 再 pairs), LOCATIVE_PRIOR (中 or 上).

Test texts: the eval_*.md files in tests/fixtures/mojibake/ (written for this test), and every *.md in
--public (default /tmp/repair/public: real public study notes read there, never into the repository).
Each text is damaged by each accident that fits its language, read back the way `kb read` reads a file
(decode, then repair), and scored against the original:

- chars: share of the damaged characters (every non-ASCII character: all are garbled) restored exactly;
- lost: the same over the characters that lost bytes (where the repair has to guess);
- lines: share of the lines holding a damaged character that come back exactly;
- certain-wrong: restored characters marked certain that differ from the original (must be 0);
  `--calibrate` prints, per accident, the highest confidence (kb.read.mojibake.confidence) of a wrong
  restored character and the certain / certain-but-wrong counts at several marks: CERTAIN_MARGIN is fitted
  with it on the dev split only;
- round trip: texts whose repair, damaged again the same way, gives back the damaged text exactly;
- ms/note: mean CPU time of the repair per text (process time: the machine is shared, wall time is noise;
  the language model's first load is timed apart);
- false repairs: clean texts (and texts saved in a legacy code page) that the reader changed, over the test
  texts and the clean notes in twenty languages of tests/fixtures/legacy/ saved in their code pages.
"""
from __future__ import annotations

import argparse
import difflib
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.read.decode import decode_bytes  # noqa: E402
from kb.read.mojibake import damage, repair_mojibake  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "mojibake"
# Clean notes in twenty languages and the code pages each is saved in (the decoding tests' own).
LEGACY_NOTES = ROOT / "tests" / "fixtures" / "legacy"
PUBLIC = Path("/tmp/repair/public")
# Texts whose errors may be looked at while choosing weights (`--split dev`); the others (`--split test`)
# are only ever scored. Our own texts and the first public notes in name order.
DEV_PUBLIC = 3


def _sloppy(codepage: str) -> Callable[[bytes], str]:
    """A code page as Windows applies it: bytes it leaves undefined pass through as U+0080-U+009F."""
    def decode(data: bytes) -> str:
        return "".join(bytes([b]).decode(codepage, errors="replace").replace("\ufffd", chr(b)) for b in data)
    return decode


@dataclass(frozen=True)
class Accident:
    name: str
    apply: Callable[[str], str]          # original text -> the damaged text as saved again in UTF-8
    lossless: Callable[[str], str]       # the same misreading without losing anything (for `lost`)
    languages: tuple[str, ...]


def _lossy(codepage: str) -> Accident:
    return Accident(f"{codepage}-lost", lambda t: damage(t, codepage),
                    lambda t: _sloppy(codepage)(t.encode("utf-8")), ("zh", "ru", "eu"))


def _kept(codepage: str) -> Accident:
    read = _sloppy(codepage)
    return Accident(f"{codepage}-kept", lambda t: read(t.encode("utf-8")), lambda t: read(t.encode("utf-8")),
                    ("zh", "ru", "eu"))


def _twice(t: str) -> str:
    return damage(damage(t, "cp1252", ""), "cp1252", "")


ACCIDENTS = (
    _lossy("cp1254"), _lossy("cp1252"), _lossy("cp1250"), _lossy("cp1251"), _lossy("cp1253"),
    _lossy("cp1257"),
    _kept("cp1252"), _kept("cp1251"),
    Accident("latin-1", lambda t: t.encode("utf-8").decode("latin-1"),
             lambda t: t.encode("utf-8").decode("latin-1"), ("zh", "ru", "eu")),
    Accident("gbk", lambda t: t.encode("utf-8").decode("gbk", errors="replace"),
             lambda t: t.encode("utf-8").decode("gbk", errors="replace"), ("ru", "eu")),
    Accident("double-cp1252", _twice, lambda t: _sloppy("cp1252")(_sloppy("cp1252")(t.encode()).encode()),
             ("zh", "ru", "eu")),
)
# A Chinese text read as GBK is scored too, but apart: its damage is not of the lost-continuation kind.
ACCIDENTS += (Accident("gbk-zh", ACCIDENTS[-2].apply, ACCIDENTS[-2].lossless, ("zh",)),)

LEGACY = {"zh": ("gb18030", "big5"), "ru": ("cp1251", "koi8_r"), "eu": ("cp1252", "latin-1")}


def language(text: str) -> str:
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in text)
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in text)
    if cjk >= cyrillic and cjk > 20:
        return "zh"
    return "ru" if cyrillic > 20 else "eu"


@dataclass
class Score:
    texts: int = 0
    chars: int = 0
    chars_right: int = 0
    lost: int = 0
    lost_right: int = 0
    lines: int = 0
    lines_right: int = 0
    certain: int = 0
    certain_wrong: int = 0
    round_trips: int = 0
    seconds: float = 0.0
    worst: list[str] = field(default_factory=list)
    # (confidence, right) of every restored character, where `--calibrate` records confidences.
    confidences: list[tuple[float, bool]] = field(default_factory=list)

    def row(self) -> str:
        pct = lambda a, b: f"{100 * a / b:6.2f}%" if b else "     - "
        return (f"{self.texts:3d} {pct(self.chars_right, self.chars)} {pct(self.lost_right, self.lost)} "
                f"{pct(self.lines_right, self.lines)} {self.certain:6d} {self.certain_wrong:5d} "
                f"{self.round_trips:3d}/{self.texts:<3d} {1000 * self.seconds / max(self.texts, 1):7.0f}")


# id of each RestoredChar kb.read.mojibake built -> the confidence behind its mark (`--calibrate`).
CONFIDENCES: dict[int, float] = {}


def record_confidences(mojibake) -> None:
    """Make kb.read.mojibake remember the confidence it computed for each restored character it builds
    (a character rebuilt without one, an outer guess of double damage, counts as minus infinity)."""
    pending: list[float] = []
    measure, build = mojibake.confidence, mojibake.RestoredChar

    def confidence(slot, choices):
        pending.append(measure(slot, choices))
        return pending[-1]

    def restored_char(*fields):
        char = build(*fields)
        CONFIDENCES[id(char)] = pending.pop() if pending else -math.inf
        return char

    mojibake.confidence, mojibake.RestoredChar = confidence, restored_char


def calibration(name: str, scored: list[tuple[float, bool]]) -> str:
    """The least margin above which no restored character of `scored` is wrong, and how many are above it."""
    wrong = max((value for value, right in scored if not right), default=-math.inf)
    above = sum(value > wrong for value, _ in scored)
    return (f"{name:19s} restored {len(scored):6d}  highest wrong confidence {wrong:7.2f}  "
            f"right above it {above:6d} ({100 * above / max(len(scored), 1):5.1f}%)")


def thresholds(scored: list[tuple[float, bool]], marks=(2.3, 4.6, 6.9, 9.2, 11.5, 13.8)) -> str:
    """Certain and certain-but-wrong counts if the mark were set at each of `marks`."""
    return "  ".join(f">={mark:g}: {sum(v >= mark for v, _ in scored)}/{sum(v >= mark and not r for v, r in scored)}"
                     for mark in marks)


def read_back(damaged: str):
    """What kb's reader makes of the damaged file: decode its UTF-8 bytes, then repair."""
    text, _ = decode_bytes(damaged.encode("utf-8", errors="surrogatepass"))
    repaired = repair_mojibake(text)
    return (text, None) if repaired is None else repaired


def aligned(original: str, output: str):
    """Pairs (original index, output index or None) over the original's characters."""
    if len(original) == len(output):
        return [(i, i) for i in range(len(original))]
    pairs = []
    for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(None, original, output, autojunk=False).get_opcodes():
        for k in range(a1 - a0):
            pairs.append((a0 + k, b0 + k if tag == "equal" else None))
    return pairs


def score_one(score: Score, original: str, damaged: str, output: str, accident: Accident, report=None) -> None:
    for index, out in aligned(original, output):
        char = original[index]
        if char.isascii():
            continue
        right = out is not None and output[out] == char
        score.chars += 1
        score.chars_right += right
        if accident.apply(char) != accident.lossless(char):
            score.lost += 1
            score.lost_right += right
    for want, got in zip(original.split("\n"), output.split("\n") + [""] * original.count("\n")):
        if not want.isascii():
            score.lines += 1
            score.lines_right += want == got
    if report is not None:
        lines = output.split("\n")
        truth = original.split("\n")
        for restored in report.restored:
            row = restored.line - 1
            want = truth[row] if row < len(truth) else ""
            wrong = len(want) != len(lines[row]) or want[restored.column] != restored.char
            if restored.certain:
                score.certain += 1
                score.certain_wrong += wrong
            if id(restored) in CONFIDENCES:
                score.confidences.append((CONFIDENCES[id(restored)], not wrong))
    score.round_trips += accident.apply(output) == damaged


def evaluate(texts: dict[str, str], accidents, with_ftfy: bool) -> None:
    start = time.perf_counter()
    read_back(damage("模型加载：卷积神经网络", "cp1254"))
    print(f"language model first load: {time.perf_counter() - start:.2f} s")
    header = "accident       lang  n   chars    lost    lines  certain wrong  trip  cpu ms/note"
    print(header)
    totals: dict[str, Score] = {}
    confidences: list[tuple[float, bool]] = []
    for accident in accidents:
        for lang in ("zh", "ru", "eu"):
            if lang not in accident.languages:
                continue
            ours, theirs = Score(), Score()
            for name, original in texts.items():
                if language(original) != lang:
                    continue
                damaged = accident.apply(original)
                CONFIDENCES.clear()
                began = time.process_time()
                output, report = read_back(damaged)
                ours.seconds += time.process_time() - began
                ours.texts += 1
                score_one(ours, original, damaged, output, accident, report)
                if with_ftfy:
                    import ftfy

                    theirs.texts += 1
                    score_one(theirs, original, damaged, ftfy.fix_encoding(damaged), accident)
            if not ours.texts:
                continue
            print(f"{accident.name:14s} {lang:4s} {ours.row()}")
            if ours.confidences:
                confidences.extend(ours.confidences)
                print("  " + calibration("", ours.confidences).strip())
                print("  certain/wrong at " + thresholds(ours.confidences))
            if with_ftfy:
                print(f"{'  ftfy':14s} {lang:4s} {theirs.row()}")
            total = totals.setdefault("lost" if accident.name.endswith("-lost") else "kept", Score())
            for key in ("texts", "chars", "chars_right", "lost", "lost_right", "lines", "lines_right",
                        "certain", "certain_wrong", "round_trips", "seconds"):
                setattr(total, key, getattr(total, key) + getattr(ours, key))
    for kind, total in totals.items():
        print(f"{'all ' + kind:14s} {'':4s} {total.row()}")
    if confidences:
        print(calibration("all accidents", confidences))
        print("  certain/wrong at " + thresholds(confidences))


def legacy_notes() -> dict[str, tuple[str, tuple[str, ...]]]:
    """name -> (text, the code pages it is saved in)."""
    import tomllib

    codepages = tomllib.loads((LEGACY_NOTES / "codepages.toml").read_text(encoding="utf-8"))
    paths = {lang: LEGACY_NOTES / f"{lang}.md" for lang in codepages}
    paths |= {lang: FIXTURES / f"clean_{lang}.md" for lang, path in paths.items() if not path.exists()}
    return {f"legacy/{lang}": (path.read_text(encoding="utf-8"), tuple(codepages[lang]))
            for lang, path in paths.items()}


def false_repairs(texts: dict[str, str]) -> None:
    changed = checked = 0
    saved = {name: (text, LEGACY[language(text)]) for name, text in texts.items()} | legacy_notes()
    for name, (original, codecs) in saved.items():
        candidates = [("utf-8", original.encode("utf-8"))]
        for codec in codecs:
            try:
                candidates.append((codec, original.encode(codec)))
            except UnicodeEncodeError:
                continue
        for codec, data in candidates:
            checked += 1
            text, _ = decode_bytes(data)
            repaired = repair_mojibake(text)
            if repaired is not None or text != original:
                changed += 1
                print(f"  changed: {name} saved as {codec}")
    print(f"false repairs: {changed} of {checked} clean files (UTF-8 and legacy code pages)")


def apply_settings(module, assignments: str) -> None:
    """Set `NAME=VALUE,...` on `module`, each value of the type the setting has (a count stays an int:
    CACHE_PASSES=2 as a float broke `range`). Raises ValueError for an unknown name or a value of the wrong type."""
    for assignment in filter(None, assignments.split(",")):
        name, _, value = assignment.partition("=")
        if not hasattr(module, name):
            raise ValueError(f"{module.__name__} has no {name}")
        current = getattr(module, name)
        if isinstance(current, bool) or not isinstance(current, (int, float)):
            raise ValueError(f"{module.__name__}.{name} is not a number")
        if isinstance(current, int):
            number = float(value)
            if not number.is_integer():
                raise ValueError(f"{module.__name__}.{name} is a count: {value} is not a whole number")
            setattr(module, name, int(number))
        else:
            setattr(module, name, float(value))


def load_texts(public: Path, split: str) -> dict[str, str]:
    own = {path.name: path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("eval_*.md"))}
    found = sorted(public.glob("*.md")) if public.is_dir() else []
    # utf-8-sig: a byte-order mark opening a note is no text (the reader drops it, rightly: not a false repair).
    public_texts = {f"public/{path.name}": path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
                    for path in found}
    names = list(public_texts)
    if split == "dev":
        return own | {name: public_texts[name] for name in names[:DEV_PUBLIC]}
    if split == "test":
        return {name: public_texts[name] for name in names[DEV_PUBLIC:]}
    return own | public_texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--public", type=Path, default=PUBLIC)
    parser.add_argument("--only", default="")
    parser.add_argument("--ftfy", action="store_true", help="also score ftfy.fix_encoding")
    parser.add_argument("--split", choices=("all", "dev", "test"), default="all")
    parser.add_argument("--lang", default="", help="only texts of these languages (zh,ru,eu)")
    parser.add_argument("--set", default="", help="NAME=VALUE,... weights of kb.read.mojibake (ablation)")
    parser.add_argument("--calibrate", action="store_true",
                        help="per accident, the highest confidence of a wrong restored character (for CERTAIN_MARGIN)")
    args = parser.parse_args()
    import kb.read.mojibake as mojibake

    try:
        apply_settings(mojibake, args.set)
    except ValueError as error:
        raise SystemExit(str(error)) from None
    if args.calibrate:
        record_confidences(mojibake)
    texts = load_texts(args.public, args.split)
    if args.lang:
        texts = {name: text for name, text in texts.items() if language(text) in args.lang.split(",")}
    counts = {lang: sum(language(t) == lang for t in texts.values()) for lang in ("zh", "ru", "eu")}
    print(f"texts: {counts}")
    wanted = set(filter(None, args.only.split(",")))
    evaluate(texts, [a for a in ACCIDENTS if not wanted or a.name in wanted], args.ftfy)
    false_repairs(texts)


if __name__ == "__main__":
    main()
