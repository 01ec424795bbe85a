"""The one progress display: a bar on stderr when asked for, nothing otherwise."""
from kb.progress import progress_bar


def test_no_bar_prints_nothing(capsys):
    with progress_bar(False, "reading notes", 3) as advance:
        for _ in range(3):
            advance()
    assert capsys.readouterr() == ("", "")


def test_a_bar_counts_its_steps_and_leaves_stdout_alone(capsys, monkeypatch):
    seen = []
    import rich.progress

    original = rich.progress.Progress.advance
    monkeypatch.setattr(rich.progress.Progress, "advance",
                        lambda self, task, amount=1: (seen.append(amount), original(self, task, amount)))
    with progress_bar(True, "reading notes", 2) as advance:
        advance()
        advance()
    assert seen == [1, 1] and capsys.readouterr().out == ""
