"""What `make run` / `make test` print: numbered steps, one live line for long ones, nothing else.

Every tool's own output (pip, npm, Rasa's training, the processes) goes to a log in var/logs/,
named by the step. The Makefile prints steps 1-4 the same way (`printf '[%s/7] ...'`).
"""
from __future__ import annotations

import re
import sys
import time
import warnings
from typing import Dict, Optional

STEPS = 7
CHECKS, VENV, PACKAGES, WIDGET, ENTITY_PIPELINE, MODEL, PROCESSES = range(1, STEPS + 1)
INDENT = "      "

# Third-party deprecation warnings our processes print into their logs, none of which a user
# of this product can act on: silenced per module that triggers them, with the reason. Passed
# to every child as PYTHONWARNINGS (`ignore::DeprecationWarning:<module>`); others still show.
KNOWN_WARNINGS: Dict[str, str] = {
    # Rasa 3.6 (the last open-source release) pins these; only a newer Rasa would change them.
    "rasa.shared.utils.validation": "imports pkg_resources, deprecated by setuptools",
    "pkg_resources": "declare_namespace() of TensorFlow's mpl_toolkits/ruamel/google packages",
    "rasa.core.tracker_store": "SQLAlchemy 1.4's announcements of 2.0 (Rasa pins 1.4)",
    "packaging.requirements": "pyparsing 3.3 renamed its camelCase API (packaging 20, pinned by Rasa)",
    "packaging.markers": "the same pyparsing renames",
    "matplotlib.fontconfig_pattern": "the same pyparsing renames (matplotlib comes with Rasa)",
    "sanic_cors.extension": "distutils' LooseVersion (sanic-cors, pinned by rasa-sdk)",
    "tensorflow.lite.python.util": "jax.xla_computation, imported by TensorFlow 2.12",
}


def silence_known_warnings() -> None:
    """The same filters, put first: some libraries (TensorFlow, Rasa) install their own at
    import, in front of PYTHONWARNINGS'. Call it after importing them."""
    for module in KNOWN_WARNINGS:
        warnings.filterwarnings("ignore", category=DeprecationWarning,
                                module=re.escape(module) + r"\Z")


def python_warnings(existing: str = "") -> str:
    """The PYTHONWARNINGS value for child processes: the caller's own filters, then ours."""
    ours = [f"ignore::DeprecationWarning:{module}" for module in KNOWN_WARNINGS]
    filters = [f for f in existing.split(",") if f.strip()]
    return ",".join(filters + [f for f in ours if f not in filters])


def step(number: int, text: str) -> None:
    print(f"[{number}/{STEPS}] {text}", flush=True)


def detail(text: str) -> None:
    print(f"{INDENT}{text}", flush=True)


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class LiveLine:
    """One line that keeps changing on a terminal (a progress bar); elsewhere (CI, a pipe, a
    test) nothing until finish(), so a log stays one line per step."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stdout
        self.live = self.stream.isatty()
        self.width = 0
        self.started = time.monotonic()

    def update(self, text: str) -> None:
        if not self.live:
            return
        line = f"{INDENT}{text}"
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def finish(self, text: str) -> None:
        line = f"{INDENT}{text}"
        if self.live:
            self.stream.write("\r" + line.ljust(self.width) + "\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def bar(done: int, total: Optional[int], width: int = 20) -> str:
    if not total:
        return ""
    filled = min(width, int(width * done / total))
    return "[" + "#" * filled + "-" * (width - filled) + f"] {done}/{total}"
