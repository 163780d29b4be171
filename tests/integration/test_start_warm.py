"""A calm, fast warm start (issue 17): no training when the model's fingerprint matches, a short
console, our own services identified by their health checks.

The training tests run `python -m bot train` in a copy of the project whose `rasa` is a stand-in
that records each call: the real one is never started, so they say *whether* training happens.
The run test starts the real product with `python -m bot run` on free ports (*_PORT variables,
as a newcomer moves them) and reads its console like a newcomer would.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import List

import httpx
import pytest

from bot import health
from bot.ports import Ports
from bot.settings import ROOT, base_env
from bot.training import SPACY_MODEL

FAKE_RASA = '''
import json, os, sys
from pathlib import Path
args = sys.argv[1:]
with open(os.environ["FAKE_RASA_CALLS"], "a") as calls:
    calls.write(json.dumps(args) + "\\n")
if "--dry-run" in args:
    sys.exit(1)  # "needs training"
print("INFO rasa.engine.training.hooks  - Starting to train component 'DIETClassifier'.")
print("INFO rasa.engine.training.hooks  - Finished training component 'DIETClassifier'.")
out, name = args[args.index("--out") + 1], args[args.index("--fixed-model-name") + 1]
Path(out, name + ".tar.gz").write_bytes(os.urandom(64))
'''


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What training reads, copied once, its entity pipeline built (step 5, the real one)."""
    copy = tmp_path_factory.mktemp("template") / "project"
    ignore = shutil.ignore_patterns("__pycache__", "node_modules")
    for part in ("bot", "data"):
        shutil.copytree(ROOT / part, copy / part, ignore=ignore)
    for part in ("config.yml", "domain.yml", "requirements.txt"):
        shutil.copy2(ROOT / part, copy / part)
    if SPACY_MODEL.exists():  # often still current: then nothing is rebuilt
        shutil.copytree(SPACY_MODEL, copy / "models" / SPACY_MODEL.name)
    (copy / "models").mkdir(exist_ok=True)
    subprocess.run([sys.executable, "-c", "from bot.training import build_spacy_pipeline as b; b()"],
                   cwd=copy, env={**os.environ, "PYTHONPATH": str(copy)}, check=True,
                   capture_output=True, timeout=300)
    (copy / "rasa").mkdir()
    (copy / "rasa" / "__init__.py").write_text("")
    (copy / "rasa" / "__main__.py").write_text(FAKE_RASA)
    return copy


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    """A fresh copy per test, with a recording stand-in for `rasa`."""
    return Path(shutil.copytree(template, tmp_path / "project", symlinks=True))


def train_in(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FAKE_RASA_CALLS": str(project / "rasa-calls.jsonl"),
           "PYTHONPATH": str(project)}
    return subprocess.run([sys.executable, "-m", "bot", "train", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def rasa_calls(project: Path) -> List[List[str]]:
    log = project / "rasa-calls.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_unchanged_tree_does_not_start_rasa_and_a_change_does(project):
    first = train_in(project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert len(rasa_calls(project)) == 1 and "train" in rasa_calls(project)[0]
    assert "[6/7] Rasa model: training, no trained model yet (Rasa reuses" in first.stdout, first.stdout
    assert "trained in" in first.stdout and "(1 component, the rest from Rasa's cache)" in first.stdout

    again = train_in(project)
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(rasa_calls(project)) == 1, rasa_calls(project)  # Rasa not even started
    assert re.search(r"\[6/7\] Rasa model models/yibao\.tar\.gz: up to date \(fingerprint "
                     r"[0-9a-f]{12}\), no training", again.stdout), again.stdout
    assert "[5/7] entity pipeline models/spacy_zh: up to date" in again.stdout
    assert len(again.stdout.splitlines()) == 2 and not again.stderr, again.stdout + again.stderr
    assert train_in(project, "--check").returncode == 0

    # each input counts: data and the domain (Rasa's cache reuses what it can), our NLU
    # components' code (invisible to Rasa's cache: everything is retrained)
    for changed, full in (("data/nlu", False), ("domain.yml", False), ("bot/nlu/guard.py", True)):
        target = project / changed
        target = target if target.is_file() else sorted(target.rglob("*.yml"))[0]
        before = len(rasa_calls(project))
        with open(target, "a") as handle:
            handle.write("\n# changed\n")
        check = train_in(project, "--check")
        assert check.returncode == 1 and "training due" in check.stdout, (changed, check.stdout)
        assert len(rasa_calls(project)) == before  # --check trains nothing
        retrained = train_in(project)
        assert retrained.returncode == 0, retrained.stdout + retrained.stderr
        assert len(rasa_calls(project)) == before + 1, changed
        assert ("--force" in rasa_calls(project)[-1]) == full, (changed, rasa_calls(project))
    # an evaluation-only edit costs no retrain
    with open(project / "bot" / "nlu" / "evaluate.py", "a") as handle:
        handle.write("\n# changed\n")
    assert train_in(project, "--check").returncode == 0


def test_replaced_model_file_is_not_trusted(project):
    assert train_in(project).returncode == 0
    (project / "models" / "yibao.tar.gz").write_bytes(b"another model")
    check = train_in(project, "--check")
    assert check.returncode == 1 and "was replaced" in check.stdout, check.stdout


def test_failed_training_shows_its_log_and_fails(project):
    (project / "rasa" / "__main__.py").write_text(
        "import sys\nprint('ValueError: the training data is broken')\nsys.exit(3)\n")
    result = train_in(project)
    assert result.returncode != 0
    assert "training failed" in result.stdout and "the training data is broken" in result.stderr
    assert "var/logs/train.log" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "models" / "yibao.fingerprint.json").exists()


# --- the real product, as `python -m bot run` starts it warm ----------------------------------

WARM_LINE_LIMIT = 30


def test_warm_start_is_short_untrained_and_identifies_its_services(tmp_path, artifacts_dir):
    check = subprocess.run([sys.executable, "-m", "bot", "train", "--check"], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, f"the model is not trained for this tree: {check.stdout}"
    ports = Ports.free()
    env = base_env(WALLET_PORT=str(ports.wallet), ACTIONS_PORT=str(ports.actions),
                   RASA_PORT=str(ports.rasa), WEB_PORT=str(ports.web),
                   WALLET_DATABASE_URL=f"sqlite:///{tmp_path / 'wallet.db'}",
                   TRACKER_DB=str(tmp_path / "tracker.db"))
    console = tmp_path / "console.txt"
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "bot", "run", "--log-dir",
                                str(tmp_path / "logs")], cwd=ROOT, env=env,
                               stdout=open(console, "w"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while "Press Ctrl-C to stop." not in console.read_text():
            assert process.poll() is None, console.read_text()
            assert time.monotonic() < deadline, console.read_text()
            time.sleep(0.5)
        ready_after = time.monotonic() - started
        printed = console.read_text().splitlines()

        # our own services answer their health checks as themselves, each its own instance
        answers = {name: httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).json()
                   for name, port in (("wallet", ports.wallet), ("actions", ports.actions),
                                      ("web", ports.web))}
        assert [a["service"] for a in answers.values()] == [
            health.WALLET, health.ACTION_SERVER, health.WEBSITE]
        assert len({a["instance"] for a in answers.values()}) == 3
        version = httpx.get(f"http://127.0.0.1:{ports.rasa}/version", timeout=5).json()
        assert re.match(r"3\.6\.\d+$", version["version"]), version

        process.send_signal(signal.SIGINT)
        process.wait(90)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)
    assert process.returncode == 0, console.read_text()
    (artifacts_dir / "warm-start.json").write_text(json.dumps(
        {"seconds_to_ready": round(ready_after, 1), "console_lines": len(printed),
         "console": printed}, ensure_ascii=False, indent=1))

    assert len(printed) <= WARM_LINE_LIMIT, "\n".join(printed)
    text = "\n".join(printed)
    assert "no training" in text and "training (" not in text, text  # Rasa never trained
    assert not re.search(r"warning|traceback|deprecat", text, re.I), text
    for name in ("wallet backend", "action server", "Rasa server", "website"):
        assert re.search(rf"^ +{name} +ready in +\d+\.\ds$", text, re.M), (name, text)
    assert [line[:5] for line in printed if line.startswith("[")] == ["[5/7]", "[6/7]", "[7/7]"]
    assert f"http://127.0.0.1:{ports.web}" in text and f"http://127.0.0.1:{ports.wallet}/docs" in text
    assert "stopped (SIGINT); no process left running" in console.read_text()
