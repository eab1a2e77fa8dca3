"""Progress of a long command's steps, fit for a terminal and for a log file alike.

On a terminal a step is one line redrawn in place (``\\r``). Written to a file or a pipe
(``make demo > demo.log``), redrawing would leave one huge line of carriage returns, so a
line is printed each time another tenth of the step is done instead. Every command that
shows progress uses this one helper: ``seed_demo`` (and ``bench/ledgerset.py`` through its
``SeedContext``) and ``import_volunteers`` (on stderr, while it checks a roster's rows).
"""

import time
from collections.abc import Callable

WIDTH = 30


def is_terminal(stream) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """``show(label, done, total)`` as a step advances; a step ends when ``done >= total``
    and the next line says how many seconds it took."""

    def __init__(self, write: Callable[[str], None], *, terminal: bool, clock=time.monotonic):
        self.write, self.terminal, self.clock = write, terminal, clock
        self.label, self.tenths, self.began = None, -1, clock()

    @classmethod
    def on(cls, output) -> "Progress":
        """Progress on a management command's ``self.stdout`` or ``self.stderr``."""
        return cls(lambda text: output.write(text, ending=""), terminal=is_terminal(output))

    def show(self, label: str, done: int, total: int) -> None:
        if label != self.label:
            self.label, self.tenths = label, -1
        finished = done >= total
        if self.terminal:
            self.write(f"\r{_line(label, done, total)}")
        else:
            tenths = 10 if finished else 10 * done // total
            if tenths > self.tenths:
                self.tenths = tenths
                self.write(_line(label, done, total) + ("" if finished else "\n"))
        if finished:
            self.write(f"  {self.clock() - self.began:.0f} s\n")
            self.began, self.label = self.clock(), None


def _line(label: str, done: int, total: int) -> str:
    filled = WIDTH * done // max(total, 1) if total else WIDTH
    bar = "█" * filled + "·" * (WIDTH - filled)
    return f"  {label:<24} {bar} {done:>9,}/{total:,}"
