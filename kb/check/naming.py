"""Whether the words around a note formula name a registry entry (its keywords and titles, any language)."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from kb.formulas.core import Formula


# Words that say a quantity is a derivative or gradient, per language: an expression the text calls one is
# not the function itself.
DERIVATIVE_WORDS = {
    "en": ("derivative", "gradient", "differentiat"), "fr": ("dérivée", "gradient"), "de": ("ableitung", "gradient"),
    "es": ("derivada", "gradiente"), "pt": ("derivada", "gradiente"), "it": ("derivata", "gradiente"),
    "ru": ("производн", "градиент"), "zh": ("导数", "梯度", "偏导"), "ja": ("導関数", "微分", "勾配"),
    "ko": ("도함수", "미분", "기울기"), "vi": ("đạo hàm", "gradient"),
}


# Words that call a quantity the target of an update (what a TD or Q-learning step moves towards), per language:
# a target is not the error, the loss or the update built from it. Matched in a left side's subscript
# (Q_{target}, y^{ziel}) or in the words that name the formula.
ROLE_WORDS = {
    "target": {"en": ("target",), "fr": ("cible",), "de": ("ziel",), "es": ("objetivo",), "pt": ("alvo",),
               "it": ("target", "obiettivo", "bersaglio"), "ru": ("целев",), "zh": ("目标",), "ja": ("ターゲット", "目標"),
               "ko": ("타깃", "타겟", "목표"), "vi": ("mục tiêu",)},
}


# What a letter kb reads as a function by convention (σ as the sigmoid) means where the words say otherwise, per
# language: under "standard deviation" σ(2X) = 2σ(X) states a scale law, and under "Gaussian" σ(x) = e^{-x²}
# defines the author's own function. Words that also name the sigmoid do not settle it ("the Gaussian, unlike
# the sigmoid, ..."): σ is then no certain sigmoid either.
LETTER_MEANINGS = {
    "sigma": {
            "standard deviation": ("standard deviation", "std", "standardabweichung", "écart type", "ecart type",
                                   "desviación estándar", "desviación típica", "desvio padrão",
                                   "deviazione standard", "стандартное отклонение", "среднеквадратичн",
                                   "标准差", "標準差", "標準偏差", "표준편차", "độ lệch chuẩn"),
            "variance": ("variance", "varianz", "varianza", "variância", "дисперси", "方差", "分散", "분산",
                         "phương sai"),
            "Gaussian": ("gaussian", "gauss", "gauß", "gaussienne", "gaussiana", "normal distribution", "normalverteilung",
                         "loi normale", "distribución normal", "distribuição normal", "distribuzione normale",
                         "нормальн", "гаусс", "高斯", "正态分布", "正規分布", "ガウス", "가우스", "가우시안", "정규분포",
                         "phân phối chuẩn"),
            "singular value": ("singular value", "singulärwert", "valeur singulière", "valor singular",
                               "сингулярн", "奇异值", "特異値", "특이값"),
    },
}


def letter_meaning(letter: str, words: str) -> str:
    """The other meaning the words give a letter kb reads as a function by convention ('' when none)."""
    text = normalise(words)
    return next((meaning for meaning, named in LETTER_MEANINGS.get(letter, {}).items()
                 if any(_contains(text, word) for word in named)), "")


def role_named(text: str) -> str:
    """The role ('target') the text gives a quantity, '' when none."""
    lowered = normalise(text)
    return next((role for role, words in ROLE_WORDS.items()
                 if any(word in lowered for by_lang in words.values() for word in by_lang)), "")


def names_a_derivative(context: str) -> bool:
    text = normalise(context)
    return any(_contains(text, word) for words in DERIVATIVE_WORDS.values() for word in words)


def naming_score(formula: Formula, context: str) -> int:
    """Length of the longest keyword or title of the entry that the context contains (0 when none)."""
    return len(naming_phrase(formula, context))


def naming_phrase(formula: Formula, context: str) -> str:
    """The longest keyword or title of the entry that the context contains ('' when none). A derivative entry is
    also named by a line that says "derivative" and names its function apart ("Swish is x σ(x) and its
    derivative is ..." names the swish derivative)."""
    text = normalise(context)
    own = entry_phrases(formula)
    # (blanking a longer name never makes a phrase appear, so a phrase not in the text is skipped unblanked)
    found = max((phrase for phrase in own
                 if phrase in text and _contains(_without_longer_names(text, phrase, own), phrase)),
                key=len, default="")
    return found or _derivative_named_apart(formula, context)


def _without_longer_names(text: str, phrase: str, own: tuple[str, ...]) -> str:
    """The text with every other entry's longer name that holds `phrase` blanked out: "Leaky ReLU" names the
    leaky ReLU, not the ReLU, and "Nesterov momentum" is not plain momentum."""
    for longer in _longer_names().get(phrase, ()):
        if longer not in own and longer in text:
            text = text.replace(longer, " " * len(longer))
    return text


def kind_named(formula: Formula, context: str) -> str:
    """A kind of the entry that the context names as well (leaky ReLU beside ReLU, Nesterov beside momentum),
    '' when none: an expression under such words may state the kind, so differing from the entry proves
    nothing."""
    text = normalise(context)
    own = entry_phrases(formula)
    return next((longer for phrase in own for longer in _longer_names().get(phrase, ())
                 if longer not in own and _contains(text, longer)), "")


# Words that make a named function a variant of it ("thresholded ReLU", "ReLU à seuil", "임계 ReLU"), per
# language: a variant kb has no entry for is not its base entry, so the base entry neither verifies nor
# refutes a formula named so. Written before the name, or after it where the language puts adjectives after.
VARIANT_BEFORE = {
    "en": ("thresholded", "threshold", "leaky", "parametric", "parameterized", "parametrized", "shifted", "scaled",
           "clipped", "capped", "bounded", "noisy", "randomized", "randomised", "smooth", "smoothed", "hard",
           "generalized", "generalised", "modified", "truncated", "weighted", "biased", "bipolar"),
    "de": ("schwellenwert", "parametrische", "parametrisierte", "verschobene", "skalierte", "geglättete"),
    "ru": ("пороговая", "пороговый", "параметрическая", "параметрический", "сдвинутая", "масштабированная"),
    "zh": ("阈值", "带阈值的", "参数化", "参数化的", "平移", "缩放"),
    "ja": ("閾値付き", "閾値", "パラメトリック", "シフト"),
    "ko": ("임계", "임계값", "파라메트릭", "매개변수", "이동된", "스케일된"),
    "vi": (),
}
VARIANT_AFTER = {
    "fr": ("à seuil", "paramétrique", "décalée", "décalé", "tronquée", "généralisée"),
    "es": ("con umbral", "umbralizada", "paramétrica", "desplazada", "escalada", "generalizada"),
    "it": ("con soglia", "a soglia", "parametrica", "traslata", "scalata", "generalizzata"),
    "pt": ("com limiar", "paramétrica", "deslocada", "escalada", "generalizada"),
    "vi": ("có ngưỡng", "tham số", "dịch chuyển"),
    "ru": ("с порогом",),
}


def variant_named(formula: Formula, context: str) -> str:
    """The variant of the entry the words name ('thresholded relu'), '' when they name the entry itself
    somewhere: every place that names the entry names it with a variant word beside it."""
    text = normalise(context)
    phrase = naming_phrase(formula, context)
    if not phrase or phrase not in text:
        return ""
    before = [w for ws in VARIANT_BEFORE.values() for w in ws]
    after = [w for ws in VARIANT_AFTER.values() for w in ws]
    found = ""
    for at in (m.start() for m in re.finditer(re.escape(phrase), text)):
        head, tail = text[:at].rstrip(), text[at + len(phrase):].lstrip()
        word = next((f"{w} {phrase}" for w in before if head.endswith(w) and (
            len(head) == len(w) or not head[-len(w) - 1].isalnum() or _unspaced(w[0]))), "")
        word = word or next((f"{phrase} {w}" for w in after if tail.startswith(w)), "")
        if not word:
            return ""
        found = found or word
    return found


@lru_cache(maxsize=1)
def _longer_names() -> dict[str, tuple[str, ...]]:
    """For each registry phrase, the registry's longer phrases that end with it as whole words."""
    from kb.formulas import registry

    phrases = {p for formula in registry() for p in entry_phrases(formula)}
    longer: dict[str, set[str]] = {}
    for long in phrases:
        # the longer name ends with the shorter one: a kind of it ("leaky relu", "nesterov momentum"); a name
        # that starts with it ("jaccard distance") is built on it, and a note on it states the shorter one too.
        # Each phrase's tails after a space are looked up, not every pair of phrases compared (a third of a
        # million pairs: seconds of every note worker)
        for space in (i for i, char in enumerate(long) if char == " "):
            if (short := long[space + 1:]) in phrases:
                longer.setdefault(short, set()).add(long)
    # longest first; equally long ones in a fixed order, not the process's string hashing
    return {short: tuple(sorted(longs, key=lambda long: (-len(long), long))) for short, longs in longer.items()}


# Words that join a derivative word to its function's name ("derivative of the swish", "dérivée de la ...").
_JOINING = {"of", "the", "de", "la", "du", "des", "del", "von", "der", "di", "della", "của", "的"}


def _derivative_named_apart(formula: Formula, context: str) -> str:
    functions = _function_phrases(formula)
    for line in context.split("\n") if functions else ():
        text = normalise(line)
        said = next((w for ws in DERIVATIVE_WORDS.values() for w in ws if _contains(text, w)), None)
        named = [function for function in functions if _contains(text, function)]
        if said and named:
            return f"{said} … {max(named, key=len)}"   # the words the line holds, as the evidence quotes them
    return ""


_FUNCTIONS: dict[int, tuple[Formula, tuple[str, ...]]] = {}


def _function_phrases(formula: Formula) -> tuple[str, ...]:
    """The functions a derivative entry's phrases name beside a derivative word: 'swish derivative' -> 'swish',
    'производная сигмоиды' -> 'сигмоиды'."""
    cached = _FUNCTIONS.get(id(formula))
    if cached is not None and cached[0] is formula:
        return cached[1]
    # only the derivative of a function (not "gradient descent", "policy gradient": names of other things)
    words = [w for ws in DERIVATIVE_WORDS.values() for w in ws if not w.startswith(("gradient", "градиент", "梯度"))]
    found = []
    for phrase in entry_phrases(formula) if formula.title.startswith("Derivative of") else ():
        for word in words:
            if _contains(phrase, word):
                rest = [w for w in re.sub(rf"{re.escape(word)}\w*", " ", phrase).split() if w not in _JOINING]
                function = " ".join(rest)
                if len(function) >= 3 and not names_a_derivative(function):
                    found.append(function)
                break
    _FUNCTIONS[id(formula)] = (formula, tuple(sorted(set(found))))
    return _FUNCTIONS[id(formula)][1]


_PHRASES: dict[int, tuple[Formula, tuple[str, ...]]] = {}


def entry_phrases(formula: Formula) -> tuple[str, ...]:
    """The entry's keywords and titles, normalised once per process, in a fixed order: where two are equally
    long, which one the evidence quotes must not depend on the process's string hashing (a set's order)."""
    cached = _PHRASES.get(id(formula))
    if cached is None or cached[0] is not formula:
        phrases = tuple(sorted(p for p in {normalise(k) for k in (*formula.keywords, *formula.titles.values())} if p))
        cached = _PHRASES[id(formula)] = (formula, phrases)
    return cached[1]


def subject_match(formula: Formula, subject: str) -> int:
    """How well a question's subject names the entry: 0 when it does not, else the length of the entry's
    phrase it is built on (an exact phrase outranks any other match).

    The subject names the entry when, with abbreviations spelled out, it is one of the entry's phrases, or
    one of them plus words the entry uses in its other phrases ("inverse square root lr decay": the Noam
    schedule's keyword "inverse square root" plus "learning rate" and "decay", which its other names use).
    Words the entry never uses ("inverse square root function") keep the subject from naming it."""
    words, joined, present = _subject_words(subject)
    phrases, vocabulary, split = _entry_words(formula)
    if present.isdisjoint(vocabulary):
        return 0  # every phrase's words are in the vocabulary: no phrase can be in the subject
    if joined in phrases:
        return 1 << 16
    best = 0
    for phrase, phrase_words in split:
        if not present.issuperset(phrase_words):
            continue  # a phrase found in the subject has all its words there
        size = len(phrase_words)
        for start in range(len(words) - size + 1):
            if " ".join(words[start:start + size]) == phrase:
                rest = words[:start] + words[start + size:]
                if all(word in vocabulary for word in rest):
                    best = max(best, len(phrase))
    return best


@lru_cache(maxsize=4096)
def _subject_words(subject: str) -> tuple[tuple[str, ...], str, frozenset[str]]:
    """A subject's words with abbreviations spelled out, made once per subject: a question is matched
    against every registry entry (a build asks about 300 entries per question)."""
    words = tuple(expand_abbreviations(normalise(subject)).split())
    return words, " ".join(words), frozenset(words)


_WORDS: dict[int, tuple[Formula, tuple[tuple[str, ...], frozenset[str], tuple[tuple[str, tuple[str, ...]], ...]]]] = {}


def _entry_words(formula: Formula) -> tuple[tuple[str, ...], frozenset[str], tuple[tuple[str, tuple[str, ...]], ...]]:
    """The entry's phrases, the words they use, and each phrase with its words; made once per process."""
    cached = _WORDS.get(id(formula))
    if cached is None or cached[0] is not formula:
        phrases = entry_phrases(formula)
        cached = _WORDS[id(formula)] = (formula, (phrases, entry_vocabulary(formula),
                                                  tuple((phrase, tuple(phrase.split())) for phrase in phrases)))
    return cached[1]


def entry_vocabulary(formula: Formula) -> frozenset[str]:
    return frozenset(word for phrase in entry_phrases(formula) for word in phrase.split())


def expand_abbreviations(text: str) -> str:
    """Each word that is an abbreviation in any language's table, spelled out."""
    table = _abbreviations()
    return " ".join(table.get(word, word) for word in text.split())


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    data = tomllib.loads(resources.files("kb.check").joinpath("data/abbreviations.toml").read_text("utf-8"))
    return {short: long for table in data.values() for short, long in table.items()}


# The same words are normalised against every entry (a formula's context against 300 of them): kept per text.
@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    text = re.sub(r"[*_`#>\[\]()]+|</?u>", " ", text.lower())
    text = text.replace("-", " ").replace("ё", "е")
    return re.sub(r"\s+", " ", text).strip()


def _unspaced(char: str) -> bool:
    """Chinese, Japanese and Korean (in a run of Hangul) write words without spaces: a keyword starts anywhere."""
    return "\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af"


_ABBREVIATION = re.compile(r"[a-z0-9]{1,3}")


def _word_ends(text: str, end: int) -> bool:
    return end == len(text) or not text[end].isalnum() or _unspaced(text[end])


def names_within(text: str, phrase: str) -> bool:
    """The phrase occurs in the text as a name: at a word start (see _contains)."""
    return _contains(text, phrase)


def _contains(text: str, phrase: str) -> bool:
    """Phrase found at a word start (keywords may be stems: "косинусн" names "косинусный"); an abbreviation of
    up to three letters is no stem and must end its word too (ACT does not name "action values")."""
    start = text.find(phrase)
    whole_word = bool(_ABBREVIATION.fullmatch(phrase))
    while start >= 0:
        end = start + len(phrase)
        if ((start == 0 or not text[start - 1].isalnum() or not phrase[0].isalnum() or _unspaced(phrase[0]))
                and (not whole_word or _word_ends(text, end) or (text[end] == "s" and _word_ends(text, end + 1)))):
            return True   # (an abbreviation's plural, RNNs, names it too)
        start = text.find(phrase, start + 1)
    return False


@lru_cache(maxsize=1)
def _rounding_data() -> dict[str, dict[str, list[str]]]:
    return tomllib.loads(resources.files("kb.check").joinpath("data/rounding.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _rounding_words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    data = _rounding_data()
    phrases = sorted({p for words in data["phrases"].values() for p in words}, key=len, reverse=True)
    return (tuple(phrases), tuple({d for words in data["denials"].values() for d in words}),
            tuple(w for words in data["continuations"].values() for w in words))


def rounding_down_said(text: str) -> str:
    """The words of the text that say a result is rounded down to a whole number ('' when none, or when a word
    just before them denies it: "no floor"); kb/check/data/rounding.toml, per language."""
    text = normalise(text)
    phrases, denials, _ = _rounding_words()
    for phrase in phrases:
        spaced = not any(_unspaced(c) for c in phrase)
        for found in (re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) if spaced
                      else re.finditer(re.escape(phrase), text)):
            before = text[:found.start()]
            window = " ".join(before.split()[-3:]) if spaced else before[-4:]
            if not any(d in window if _unspaced(d[0]) else re.search(rf"(?<!\w){re.escape(d)}(?!\w)", window)
                       for d in denials):
                return phrase
    return ""


def goes_on_with_the_sentence(text: str) -> bool:
    """The text continues the sentence of the formula before it: it starts with a lower-case letter ("where the
    division is rounded down"), or, in scripts without case, with one of rounding.toml's continuations."""
    text = text.lstrip()
    return bool(text) and (text[0].islower() or text.startswith(_rounding_words()[2]))
