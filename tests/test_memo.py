"""RenderMemo: card HTML reused between builds only when the text and every figure it shows are unchanged."""
from kb.emit.memo import RenderMemo


def _make(calls):
    def make(resolve):
        calls.append(1)
        return ["<p>" + (resolve("fig.png", "a figure") or "missing") + "</p>"] if resolve else ["<p>no figures</p>"]
    return make


def test_a_saved_rendering_is_reused_by_the_next_build_without_rendering_again(tmp_path):
    calls = []
    first = RenderMemo(tmp_path)
    assert first.get("a.md", "text", _make(calls), lambda src, alt: "media/1.png") == ["<p>media/1.png</p>"]
    first.save()
    resolved = []
    again = RenderMemo(tmp_path).get("a.md", "text", _make(calls), lambda src, alt: resolved.append(src) or "media/1.png")
    assert again == ["<p>media/1.png</p>"] and len(calls) == 1
    assert resolved == ["fig.png"]  # the figure is resolved again, so it is still copied into the output


def test_a_changed_figure_or_text_renders_again(tmp_path):
    calls = []
    memo = RenderMemo(tmp_path)
    memo.get("a.md", "text", _make(calls), lambda src, alt: "media/1.png")
    memo.save()
    assert RenderMemo(tmp_path).get("a.md", "text", _make(calls), lambda src, alt: None) == ["<p>missing</p>"]
    assert RenderMemo(tmp_path).get("a.md", "other text", _make(calls), lambda src, alt: "media/1.png")
    assert len(calls) == 3


def test_save_keeps_only_what_this_build_used(tmp_path):
    calls = []
    memo = RenderMemo(tmp_path)
    memo.get("a.md", "old", _make(calls))
    memo.save()
    memo = RenderMemo(tmp_path)
    memo.get("a.md", "new", _make(calls))
    memo.save()
    RenderMemo(tmp_path).get("a.md", "old", _make(calls))
    assert len(calls) == 3


def test_without_a_folder_nothing_is_kept(tmp_path):
    calls = []
    for _ in range(2):
        memo = RenderMemo(None)
        memo.get("a.md", "text", _make(calls))
        memo.save()
    assert len(calls) == 2 and not any(tmp_path.iterdir())


def test_a_note_that_is_gone_takes_its_renderings_with_it(tmp_path):
    calls = []
    memo = RenderMemo(tmp_path)
    memo.get("a.md", "text", _make(calls))
    memo.get("b.md", "text", _make(calls))
    memo.save()
    memo = RenderMemo(tmp_path)
    memo.get("a.md", "text", _make(calls))
    memo.save()
    assert len(list(tmp_path.glob("*/*.json"))) == 1
    RenderMemo(tmp_path).get("b.md", "text", _make(calls))
    assert len(calls) == 3
