"""The stock `rasa init` starter as the speed baseline, and per-process memory and timing.

The starter is created and trained in a temporary directory with this project's own venv, and
served with plain `rasa run` (in-memory tracker store, no action server): the cheapest Rasa
deployment there is, on the same machine in the same run.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from bot.bench.load import Dialogue, Turn, first_answer
from bot.processes import free_port
from bot.settings import base_env

# The starter's own four messages (greet → mood_unhappy → affirm → goodbye in its data).
STARTER_DIALOGUE = Dialogue([
    Turn("hello", "greeting", "Hey"),
    Turn("I am sad", "plain", "cheer you up"),
    Turn("yes", "plain", "Great"),
    Turn("bye", "plain", "Bye"),
])


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB; 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_peak_rss_mb(pid: int) -> float:
    """Peak RSS of the process, or of its largest descendant when it only launches one
    (a wrapper such as `python -m bot.rasa_server` runs Rasa in its own process)."""
    best = peak_rss_mb(pid)
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for child in children:
        best = max(best, tree_peak_rss_mb(int(child)))
    return best


@dataclass
class Starter:
    directory: Path
    training_seconds: float
    process: Optional[subprocess.Popen] = None
    port: int = 0
    start_to_first_answer: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/rest/webhook"

    @classmethod
    def create(cls, log) -> "Starter":
        directory = Path(tempfile.mkdtemp(prefix="rasa-starter-"))
        started = time.monotonic()
        with open(directory.parent / f"{directory.name}-init.log", "w") as out:
            subprocess.run([sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir",
                            str(directory)], cwd=directory, env=_env(directory), stdout=out,
                           stderr=subprocess.STDOUT, check=True)
        seconds = time.monotonic() - started
        log(f"stock starter created and trained in {seconds:.0f} s ({directory})")
        return cls(directory, seconds)

    def start(self, timeout: float = 240) -> None:
        self.port = free_port()
        started = time.monotonic()
        self.log_path = self.directory / "rasa-run.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rasa", "run", "--enable-api", "--port", str(self.port),
             "--interface", "127.0.0.1", "--model", str(self.directory / "models")],
            cwd=self.directory, env=_env(self.directory), stdout=open(self.log_path, "w"),
            stderr=subprocess.STDOUT)
        if not first_answer(self.url, "hello", started + timeout, lambda: self.process.poll() is None):
            self.stop()
            raise RuntimeError(f"the stock starter did not answer within {timeout:.0f} s "
                               f"(log: {self.log_path})")
        self.start_to_first_answer = time.monotonic() - started

    def peak_rss_mb(self) -> float:
        return tree_peak_rss_mb(self.process.pid) if self.process else 0.0

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _env(directory: Path) -> Dict[str, str]:
    # Same environment as ours (telemetry off, TF quiet), and a cache of its own so that the
    # starter's training neither reuses nor pollutes ours.
    return base_env(RASA_CACHE_DIRECTORY=str(directory / ".rasa-cache"))


def timed_command(command: List[str], env: Dict[str, str], cwd: Path, log: Path) -> float:
    started = time.monotonic()
    with open(log, "w") as out:
        subprocess.run(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, check=True)
    return time.monotonic() - started


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, Python {sys.version.split()[0]}"
