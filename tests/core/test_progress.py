import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import OutputWrapper

from core.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def run(stream, total=200):
    bar = Progress.on(OutputWrapper(stream))
    for done in range(0, total + 1, 5):
        bar.show("villages", done, total)
    bar.show("teams", 3, 3)
    return stream.getvalue()


def test_in_a_log_file_a_step_prints_one_line_every_tenth_and_never_redraws():
    text = run(StringIO())
    assert "\r" not in text
    lines = text.splitlines()
    assert len([line for line in lines if "villages" in line]) == 11  # 0 %, 10 %, … 100 %
    assert lines[-1].startswith("  teams")
    assert lines[-1].endswith(" s")
    assert max(len(line) for line in lines) < 90


def test_on_a_terminal_a_step_is_one_line_redrawn_in_place():
    text = run(Terminal())
    assert text.count("\n") == 2
    assert text.count("\r") == len(range(0, 201, 5)) + 1


def test_a_step_of_nothing_is_done_at_once():
    stream = StringIO()
    Progress.on(OutputWrapper(stream)).show("kept", 0, 0)
    assert stream.getvalue().startswith("  kept")
    assert stream.getvalue().endswith(" s\n")


@pytest.mark.django_db
def test_seed_demo_written_to_a_log_has_no_redrawn_lines():
    out = StringIO()
    call_command("seed_demo", "--scale", "small", stdout=out)
    assert "\r" not in out.getvalue()
    assert max(len(line) for line in out.getvalue().splitlines()) < 100
