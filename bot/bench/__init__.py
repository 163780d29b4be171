"""`python -m bot bench` (`make bench`): the whole product under load beside the stock starter.

One run measures, on this machine: the product started as a newcomer starts it (`python -m bot
run` on free ports, demo mode, its own databases under var/bench/) and the stock `rasa init`
starter (trained in a temporary directory with the same venv, served by `rasa run`), each under
1, 10 and 50 concurrent conversations over the REST channel (the machine to itself); then,
with both up and idle, one conversation of each with their turns interleaved, from which the
per-turn ratios are taken (a slow minute of a shared machine falls on both); peak memory; training times; and
the seconds from the start command to the first answered message. Figures are printed beside
the starter's with the ratio, written to var/bench/ (JSON + Markdown) and copied into
docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

from tqdm import tqdm

from bot.bench.load import Dialogue, LevelResult, Side, Turn, first_answer, run_level, run_paired
from bot.bench.procs import STARTER_DIALOGUE, Starter, machine, timed_command, tree_peak_rss_mb
from bot.bench.report import Figures, render, write_docs
from bot.processes import Ports, port_holder
from bot.settings import ROOT, VAR, base_env
from bot.wallet_api import SyncWalletClient, WalletApiSettings

OUT = VAR / "bench"
# concurrent conversations -> dialogues each plays; 12 alone so that each turn kind's median
# rests on 12 samples (with 6, the greeting ratio moved by more than its distance to the target)
LEVELS = {1: 12, 10: 3, 50: 2}
# dialogues of each side in the interleaved single-conversation phase (the per-turn ratios)
PAIRED_ROUNDS = 20
PERSONAS = ["zhang_ok", "li_unactivated", "wang_frozen", "zhao_balance", "chen_region",
            "liu_limit", "sun_pin_locked", "zhou_mismatch", "wu_family", "qian_network",
            "zheng_system"]

# A signed-in person's dialogue: greeting, the diagnosis (action server + wallet calls), an FAQ
# (retrieval), a form started and left, thanks and goodbye.
OUR_TURNS = [
    Turn("你好", "greeting", "医保"),
    Turn("付款失败了", "diagnosis"),
    Turn("截图能付款吗", "faq", "截图"),
    Turn("我想切换参保地", "form", "参保地"),
    Turn("算了不弄了", "form"),
    Turn("谢谢", "plain"),
    Turn("再见", "plain"),
]


def _say(message: str) -> None:
    tqdm.write(message)


class Product:
    """`python -m bot run` in a subprocess on free ports, with databases of its own."""

    def __init__(self) -> None:
        self.ports = Ports.free()
        self.process: Optional[subprocess.Popen] = None
        self.start_to_first_answer = 0.0

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.rasa}/webhooks/rest/webhook"

    def start(self, timeout: float = 600) -> None:
        OUT.mkdir(parents=True, exist_ok=True)
        for stale in ("tracker.db", "wallet.db"):
            for path in OUT.glob(f"{stale}*"):
                path.unlink()
        env = base_env(WALLET_PORT=str(self.ports.wallet), ACTIONS_PORT=str(self.ports.actions),
                       RASA_PORT=str(self.ports.rasa), WEB_PORT=str(self.ports.web),
                       TRACKER_DB=str(OUT / "tracker.db"),
                       WALLET_DATABASE_URL=f"sqlite:///{OUT / 'wallet.db'}")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--log-dir", str(OUT / "logs")], cwd=ROOT, env=env,
            stdout=open(OUT / "run-console.log", "w"), stderr=subprocess.STDOUT,
            start_new_session=True)
        if not first_answer(self.rest_url, "你好", started + timeout, lambda: self.process.poll() is None):
            self.stop()
            raise RuntimeError(f"`python -m bot run` did not answer within {timeout:.0f} s "
                               f"(console: {OUT / 'run-console.log'})")
        self.start_to_first_answer = time.monotonic() - started

    def tokens(self) -> Dict[str, str]:
        wallet = SyncWalletClient(WalletApiSettings(
            wallet_url=f"http://127.0.0.1:{self.ports.wallet}", service_key=None, timeout_seconds=30))
        return {p: wallet.demo_session(p)["token"] for p in PERSONAS}

    def peak_rss_mb(self, port: int) -> float:
        holder = port_holder(port)
        return tree_peak_rss_mb(holder.pid) if holder else 0.0

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(90)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def load(name: str, url: str, dialogues, turns_per_dialogue: int) -> Dict[int, LevelResult]:
    results = {}
    for conversations, rounds in LEVELS.items():
        total = conversations * rounds * turns_per_dialogue
        with tqdm(total=total, desc=f"{name}, {conversations:>2} conversations", unit="msg",
                  leave=False, file=sys.stdout) as bar:
            results[conversations] = asyncio.run(
                run_level(url, dialogues, conversations, rounds, lambda: bar.update(1), prefix=name))
        result = results[conversations]
        _say(f"{name}: {conversations:>2} conversations, {result.throughput:5.1f} msg/s, "
             f"{len(result.errors)} errors")
    return results


def paired(starter: Starter, product: Product, dialogues: List[Dialogue]) -> Dict[str, LevelResult]:
    sides = [Side("starter", starter.url, lambda i: STARTER_DIALOGUE),
             Side("product", product.rest_url, lambda i: dialogues[i % len(dialogues)])]
    total = PAIRED_ROUNDS * (len(STARTER_DIALOGUE.turns) + len(OUR_TURNS))
    with tqdm(total=total, desc="both, 1 conversation each, interleaved", unit="msg", leave=False,
              file=sys.stdout) as bar:
        results = asyncio.run(run_paired(sides, PAIRED_ROUNDS, lambda: bar.update(1)))
    for name, result in results.items():
        _say(f"{name}: interleaved, {result.messages} messages, {len(result.errors)} errors")
    return results


def training_times(skip: bool) -> Dict[str, float]:
    """Cold: a full training into a temporary directory with an empty Rasa cache. Cached:
    `python -m bot train` on the unchanged tree (what every `make run` pays)."""
    if skip:
        return {}
    OUT.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="bench-train-"))
    try:
        _say("training from scratch (empty cache) to time a cold training…")
        cold = timed_command(
            [sys.executable, "-m", "rasa", "train", "--config", "config.yml", "--domain", "domain.yml",
             "--data", "data", "--out", str(scratch), "--fixed-model-name", "cold", "--force"],
            base_env(RASA_CACHE_DIRECTORY=str(scratch / "cache")), ROOT, OUT / "train-cold.log")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    cached = timed_command([sys.executable, "-m", "bot", "train"], base_env(), ROOT,
                           OUT / "train-cached.log")
    return {"cold": cold, "cached": cached}


def main(argv: Optional[List[str]] = None) -> Figures:
    parser = argparse.ArgumentParser(prog="python -m bot bench", description=__doc__.split("\n")[0])
    parser.add_argument("--skip-training", action="store_true",
                        help="leave out the cold/cached training figures (saves ~4 minutes)")
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    # A stop (Ctrl-C, SIGTERM) still stops the starter and the product it started.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    figures = Figures(machine=machine())
    _say(f"machine: {figures.machine}")
    figures.training = training_times(args.skip_training)

    starter = Starter.create(_say)
    figures.starter_training = starter.training_seconds
    product = Product()
    try:
        starter.start()
        figures.starter_start = starter.start_to_first_answer
        _say(f"starter answered {starter.start_to_first_answer:.1f} s after `rasa run`")
        figures.starter = load("starter", starter.url, lambda i: STARTER_DIALOGUE,
                               len(STARTER_DIALOGUE.turns))
        figures.rss["starter rasa"] = starter.peak_rss_mb()

        product.start()
        figures.product_start = product.start_to_first_answer
        _say(f"product answered {product.start_to_first_answer:.1f} s after `python -m bot run`")
        tokens = product.tokens()
        dialogues = [Dialogue(OUR_TURNS, {"token": tokens[p]}) for p in PERSONAS]
        figures.paired = paired(starter, product, dialogues)
        # the load levels run with the machine to the product alone, as the starter's did
        starter.stop()
        figures.product = load("product", product.rest_url, lambda i: dialogues[i % len(dialogues)],
                               len(OUR_TURNS))
        for name, port in (("product rasa", product.ports.rasa),
                           ("product action server", product.ports.actions),
                           ("product wallet", product.ports.wallet)):
            figures.rss[name] = product.peak_rss_mb(port)
    finally:
        product.stop()
        starter.stop()
        shutil.rmtree(starter.directory, ignore_errors=True)

    markdown = render(figures)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"bench-{stamp}.json").write_text(json.dumps(figures.as_json(), ensure_ascii=False, indent=1))
    (OUT / f"bench-{stamp}.md").write_text(markdown)
    (OUT / "latest.md").write_text(markdown)
    if not args.no_docs:
        write_docs(markdown, ROOT / "docs" / "benchmarks.md")
    print(markdown)
    print(f"written to {OUT / f'bench-{stamp}.json'} and .md" +
          ("" if args.no_docs else "; docs/benchmarks.md updated"))
    return figures

