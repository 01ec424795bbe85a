"""Decoding: BOMs, UTF-8, legacy code pages decided by content; binary refused, never guessed."""
import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from kb.read import read_bytes
from kb.read.decode import BinaryFileError, decode_bytes

RU = "Глобальные дескрипторы: гистограмма ориентированных градиентов. Свертка изображения с ядром.\n"
ZH = "卷积神经网络的输出大小由步长和填充决定。标签平滑是一种正则化方法。\n"


@pytest.mark.parametrize("text, encoding", [
    (RU * 8, "cp1251"), (RU[:30], "cp1251"), (ZH * 8, "gbk"), (ZH[:12], "gbk"),
    (RU * 3, "utf-16"), (ZH * 3, "utf-16"), ("Crème brûlée, été\n", "cp1252"), (RU, "utf-8-sig"),
])
def test_legacy_and_bom_encodings_decode_to_the_original(text, encoding):
    decoded, _ = decode_bytes(text.encode(encoding))
    assert decoded == text


def test_crlf_and_cr_become_lf():
    assert decode_bytes(b"a\r\nb\rc\n")[0] == "a\nb\nc\n"


def test_binary_is_refused_not_guessed():
    with pytest.raises(BinaryFileError):
        decode_bytes(bytes(range(256)) * 20)
    with pytest.raises(BinaryFileError):
        decode_bytes(os.urandom(4096) + b"\x00")


def test_binary_note_becomes_an_error_diagnostic_with_file_and_line():
    source = read_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "figs/x.png")
    assert source.text == ""
    assert [str(d) for d in source.diagnostics] == [
        "figs/x.png:1: error: binary file (contains NUL bytes and has no UTF-16/32 byte-order mark)"]


def test_clean_text_in_a_legacy_encoding_is_not_treated_as_mojibake():
    for text, encoding in ((RU * 8, "cp1251"), (ZH * 8, "gbk")):
        source = read_bytes(text.encode(encoding), "n.txt")
        assert source.text == text and source.repair is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decoding_arbitrary_bytes_returns_text_or_a_clear_refusal(data):
    try:
        text, encoding = decode_bytes(data)
    except BinaryFileError as exc:
        assert "binary file" in str(exc)
    else:
        assert isinstance(text, str) and "\r" not in text and encoding


def test_spanish_saved_in_cp1252_keeps_its_inverted_question_mark():
    text = "¿Por qué la señal y el año? ¡Mañana!\n"
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


# Notes written for this test, one per language, and the code pages each language is saved in.
LEGACY = Path(__file__).parent / "fixtures" / "legacy"
MOJIBAKE = Path(__file__).parent / "fixtures" / "mojibake"
CODEPAGES = tomllib.loads((LEGACY / "codepages.toml").read_text(encoding="utf-8"))
NOTES = {path.stem: path for path in sorted(LEGACY.glob("*.md"))} | {
    lang: MOJIBAKE / f"clean_{lang}.md" for lang in ("lt", "lv", "et")}


def _saved(lang: str):
    text = NOTES[lang].read_text(encoding="utf-8")
    lines = text.split("\n")
    for encoding in CODEPAGES[lang]:
        for kept in (len(lines), 3, 1):   # the whole note, a few lines, its heading alone
            yield "\n".join(lines[:kept]), encoding


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_a_note_saved_in_its_languages_code_pages_reads_back_as_written(lang):
    for text, encoding in _saved(lang):
        source = read_bytes(text.encode(encoding), "n.md")
        assert (source.text, source.repair) == (text, None), f"{lang} saved as {encoding}: read as {source.encoding}"


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_a_clean_utf8_note_in_any_language_is_never_repaired(lang):
    text = NOTES[lang].read_text(encoding="utf-8")
    source = read_bytes(text.encode("utf-8"), "n.md")
    assert (source.text, source.repair) == (text, None)
