"""kb.cards.common_words answers "is this word common?" as wordfreq does, without loading wordfreq's lists."""
import pytest
from hypothesis import given, settings, strategies as st
from wordfreq import get_frequency_list, zipf_frequency

from kb.cards.common_words import (chinese_token_frequencies, chinese_zipf, common_zipf, common_words, is_answered,
                                    is_chinese)

THRESHOLD = 3.7


@pytest.fixture(scope="module", autouse=True)
def own_cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        common_words.cache_clear()
        chinese_token_frequencies.cache_clear()
        yield
        common_words.cache_clear()
        chinese_token_frequencies.cache_clear()


def _agrees(word: str, lang: str) -> None:
    expected = zipf_frequency(word, lang)
    found = common_zipf(word, lang, THRESHOLD)
    assert (found is not None) == (expected >= THRESHOLD), word
    if found is not None:
        assert found == expected


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_word_near_the_threshold_is_answered_as_wordfreq_does(lang):
    """The buckets on both sides of Zipf 3.7 (where rounding could decide), and a word from far down the list."""
    buckets = get_frequency_list(lang)
    near = [word for bucket in buckets[520:545] for word in bucket if is_answered(word, lang)]
    assert len(near) > 100
    for word in near + [word for word in buckets[700] if is_answered(word, lang)][:20]:
        _agrees(word, lang)


def test_common_and_rare_words():
    assert common_zipf("method", "en", THRESHOLD) is not None
    assert common_zipf("normalization", "en", THRESHOLD) is None
    assert common_zipf("методы", "ru", THRESHOLD) is not None
    assert common_zipf("zzqxv", "en", THRESHOLD) is None  # in no list


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ", min_size=1, max_size=9))
def test_any_lowercase_english_word_is_answered_as_wordfreq_does(word):
    # accented letters too (café, naïve): answered from the table, never by loading wordfreq's English list
    assert is_answered(word, "en")
    _agrees(word, "en")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="абвгдежзийклмнопрстуфхцчшщъыьэюяёіїєґўђјљњћџ", min_size=1, max_size=10))
def test_any_lowercase_cyrillic_word_is_answered_as_wordfreq_does_without_its_list(word):
    # Russian, Ukrainian, Belarusian and Serbian letters alike: answered from the table, never by loading
    # wordfreq's Russian list (a word of other Cyrillic letters in a Russian note is asked as Russian).
    assert is_answered(word, "ru")
    _agrees(word, "ru")


def test_one_token_words_of_the_two_languages_are_answered_and_chinese_words_computed():
    assert is_answered("overview", "en") and is_answered("обзор", "ru")
    assert not is_answered("Overview", "en")   # callers lower-case first; wordfreq case-folds
    assert not is_answered("overview", "de")
    assert is_chinese("训练方法") and is_chinese("2024年")
    assert not is_chinese("训练loss")     # mixed scripts: wordfreq answers


# Chinese headings: common and rare words, traditional characters (wordfreq simplifies them), digits (it
# reads them as zeros and a digit sequence's frequency), and characters in no list.
_CHINESE_PIECES = ["方法", "概述", "训练", "的", "卷积", "神经", "网络", "注意力", "机制", "總結", "這個", "一",
                   "2024", "年", "7", "龘", "参数", "初始化", "梯度", "下降", "小结", "第", "章"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CHINESE_PIECES), min_size=1, max_size=5))
def test_any_chinese_heading_is_computed_as_wordfreq_does(pieces):
    word = "".join(pieces)
    assert is_chinese(word) and chinese_zipf(word) == zipf_frequency(word, "zh"), word


def test_every_chinese_word_near_the_threshold_is_computed_as_wordfreq_does():
    buckets = get_frequency_list("zh")
    near = [word for bucket in buckets[520:545] for word in bucket if is_chinese(word)]
    assert len(near) > 100
    for word in near[::5]:
        assert chinese_zipf(word) == zipf_frequency(word, "zh"), word


def test_a_common_heading_word_loads_no_word_list():
    import wordfreq

    from kb.cards.terms import is_common, let_go_of_word_lists

    common_words("en", THRESHOLD)  # the per-user tables (built once per machine)
    chinese_token_frequencies()
    let_go_of_word_lists()
    assert is_common("methods", "en") and not is_common("backpropagation", "en")
    assert is_common("概述", "zh") and not is_common("卷积神经网络", "zh")   # not in the per-user store yet
    assert wordfreq.get_frequency_list.cache_info().currsize == 0
