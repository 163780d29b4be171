"""Steps 5 and 6: the spaCy entity pipeline and the Rasa model, each rebuilt only when its inputs
changed. Standard library only at import (`python -m bot doctor` asks whether training is due).

The model's fingerprint covers everything training reads: data/, config.yml, domain.yml, our
NLU components (bot/nlu), the built spaCy pipeline and the pinned packages. When it matches the
one stored beside the model, `rasa` is not even started: Rasa's own check re-validates and
fingerprints the data (16-26 s here) before it decides there is nothing to do.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from bot import console
from bot.settings import MODELS, ROOT, SPACY_MODEL, VAR, base_env

MODEL_NAME = "yibao"
MODEL = MODELS / f"{MODEL_NAME}.tar.gz"
STAMP = MODELS / f"{MODEL_NAME}.fingerprint.json"
SPACY_STAMP = SPACY_MODEL / ".fingerprint"
SPACY_SOURCES = [ROOT / "data" / "lookup", ROOT / "bot" / "nlu"]
# evaluate.py only reads a trained model; editing it must not cost a retrain.
NOT_TRAINING_INPUTS = {ROOT / "bot" / "nlu" / "evaluate.py", ROOT / "bot" / "nlu" / "eval_systems.py"}


# What Rasa's own cache tells apart (a component retrained when its data or settings change)...
DATA_INPUTS = [ROOT / "data", ROOT / "config.yml", ROOT / "domain.yml"]
# ...and what it cannot see: our components' code, the packages, the spaCy pipeline's content
# (Rasa fingerprints its path). A change here retrains everything (`--force`).
CODE_INPUTS = [ROOT / "bot" / "nlu", ROOT / "requirements.txt", SPACY_MODEL]


def model_inputs() -> List[Path]:
    return DATA_INPUTS + CODE_INPUTS


def _files(paths: Iterable[Path], skip: Iterable[Path] = ()) -> List[Path]:
    skipped = set(skip)
    found = []
    for base in paths:
        if base.is_dir():
            found += sorted(p for p in base.rglob("*") if p.is_file())
        elif base.exists():
            found.append(base)
    return [p for p in found if "__pycache__" not in p.parts and p not in skipped
            and p.name != SPACY_STAMP.name]


def _fingerprint(paths: List[Path], skip: Iterable[Path] = ()) -> str:
    digest = hashlib.sha256()
    for path in _files(paths, skip):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())  # the scheme of the stamps already written: keep it
    return digest.hexdigest()


def model_fingerprint() -> Dict[str, str]:
    return {"data": _fingerprint(DATA_INPUTS, NOT_TRAINING_INPUTS),
            "code": _fingerprint(CODE_INPUTS, NOT_TRAINING_INPUTS)}


def _short(fingerprint: Dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()[:12]


def _read_stamp() -> Dict[str, object]:
    try:
        stamp = json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _model_identity() -> Dict[str, int]:
    stat = MODEL.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def model_status(now: Optional[Dict[str, str]] = None) -> Tuple[bool, str]:
    """(up to date, why not): does models/yibao.tar.gz come from the current inputs?"""
    if not MODEL.exists():
        return False, "no trained model yet"
    stamp = _read_stamp()
    if not stamp:
        return False, f"no fingerprint beside {MODEL.relative_to(ROOT)} yet"
    if stamp.get("model") != _model_identity():
        return False, f"{MODEL.relative_to(ROOT)} was replaced since its fingerprint was written"
    now = now or model_fingerprint()
    if stamp.get("code") != now["code"]:
        return False, "our NLU components, the packages or the entity pipeline changed"
    if stamp.get("data") != now["data"]:
        return False, "data, config or domain changed"
    return True, ""


def _write_stamp(fingerprint: Dict[str, str], components_full: Optional[int],
                 seconds: float) -> None:
    STAMP.write_text(json.dumps({**fingerprint, "model": _model_identity(),
                                 "components_full": components_full,
                                 "seconds": round(seconds)}) + "\n")


def build_spacy_pipeline() -> bool:
    """Step 5: build models/spacy_zh from data/lookup when its sources changed. True when the
    built pipeline differs from before (a new file, not merely a rebuild of the same one)."""
    fingerprint = _fingerprint(SPACY_SOURCES)
    if SPACY_STAMP.exists() and SPACY_STAMP.read_text() == fingerprint:
        console.step(console.ENTITY_PIPELINE, f"entity pipeline {SPACY_MODEL.relative_to(ROOT)}: "
                                              "up to date")
        return False
    log = _log("spacy.log")
    console.step(console.ENTITY_PIPELINE, f"entity pipeline: building {SPACY_MODEL.relative_to(ROOT)} "
                                          f"from data/lookup (log: {log.relative_to(ROOT)})")
    started = time.monotonic()
    before = _fingerprint([SPACY_MODEL])
    _run_logged([sys.executable, "-m", "bot.nlu.spacy_pipeline", "--output", str(SPACY_MODEL)],
                log, "building the entity pipeline")
    SPACY_STAMP.write_text(fingerprint)
    changed = _fingerprint([SPACY_MODEL]) != before
    console.detail(f"built in {console.duration(time.monotonic() - started)}"
                   + ("" if changed else " (the same as before)"))
    return changed


def train(force: bool = False) -> Path:
    """Steps 5-6. Rasa is not started when the model's fingerprint matches its inputs."""
    spacy_changed = build_spacy_pipeline()
    fingerprint = model_fingerprint()
    up_to_date, why = model_status(fingerprint)
    if up_to_date and not force:
        console.step(console.MODEL, f"Rasa model {MODEL.relative_to(ROOT)}: up to date "
                                    f"(fingerprint {_short(fingerprint)}), no training")
        return MODEL
    stamp = _read_stamp()
    # Rasa's cache reuses each component whose data and settings are unchanged; it cannot see
    # a change of code or of the spaCy pipeline's content, so those retrain everything. (No
    # stamp yet: a model from before stamps; Rasa's cache decides, as it always did then.)
    full = force or spacy_changed or bool(stamp) and stamp.get("code") != fingerprint["code"]
    _train(fingerprint, "--force" if force else why, full)
    return MODEL


def _rasa_train_command() -> List[str]:
    return [sys.executable, "-m", "rasa", "train", "--config", "config.yml", "--domain",
            "domain.yml", "--data", "data", "--out", str(MODELS), "--fixed-model-name", MODEL_NAME]


def _train_env() -> Dict[str, str]:
    env = base_env()
    env["PYTHONWARNINGS"] = console.python_warnings(env.get("PYTHONWARNINGS", ""))
    return env


STARTING = re.compile(r"Starting to train component '([^']+)'")
FINISHED = re.compile(r"Finished training component '([^']+)'")
EPOCHS = re.compile(r"Epochs:\s+\d+%\|[^|]*\|\s*(\d+)/(\d+)")


def training_progress(log_text: str, total: Optional[int]) -> str:
    """The live line's text from what Rasa has logged so far (component, epochs)."""
    done = len(FINISHED.findall(log_text))
    started = STARTING.findall(log_text)
    current = started[-1] if len(started) > done else ""
    epochs = EPOCHS.findall(log_text.rsplit("Starting to train component", 1)[-1])
    parts = [console.bar(done, total) or f"{done} component{'s' * (done != 1)} trained"]
    if current:
        parts.append(current + (f" epoch {epochs[-1][0]}/{epochs[-1][1]}" if epochs else ""))
    return "  ".join(parts)


def _train(fingerprint: Dict[str, str], why: str, force: bool) -> None:
    log = _log("train.log")
    # the bar's total: what the last full training trained (one from the cache trains fewer)
    full_before = _read_stamp().get("components_full") or None
    previous = full_before if force else None
    console.step(console.MODEL, f"Rasa model: training, {why} ("
                                + ("all of it, about 3 min on 2 cores" if force else
                                   "Rasa reuses what its cache holds")
                                + f"; log: {log.relative_to(ROOT)})")
    command = _rasa_train_command() + (["--force"] if force else [])
    line = console.LiveLine()
    started = time.monotonic()
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=_train_env(), stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            while process.poll() is None:
                text = log.read_text(errors="replace")
                line.update(f"{training_progress(text, previous)}  "
                            f"{console.duration(time.monotonic() - started)}")
                time.sleep(1)
        except BaseException:
            process.terminate()
            process.wait()
            raise
    seconds = time.monotonic() - started
    if process.returncode != 0:
        line.finish(f"training failed after {console.duration(seconds)}")
        raise subprocess.CalledProcessError(process.returncode, command,
                                            output=_failure(log, "training"))
    components = len(FINISHED.findall(log.read_text(errors="replace")))
    _write_stamp(fingerprint, components if force else full_before, seconds)
    line.finish(f"trained in {console.duration(seconds)} ({components} component"
                f"{'s' * (components != 1)}" + (", the rest from Rasa's cache)" if not force else ")"))


def _log(name: str) -> Path:
    path = VAR / "logs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _run_logged(command: List[str], log: Path, what: str) -> None:
    with open(log, "w") as out:
        result = subprocess.run(command, cwd=ROOT, env=_train_env(), stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, command, output=_failure(log, what))


def _failure(log: Path, what: str) -> str:
    lines = log.read_text(errors="replace").splitlines()[-25:] if log.exists() else []
    return f"{what} failed; last lines of {log}:\n" + "\n".join(lines)


def check_main() -> int:
    """`python -m bot train --check`: exit 0 when the model is up to date, 1 (and why) if not."""
    up_to_date, why = model_status()
    print(f"{MODEL.relative_to(ROOT)}: " + ("up to date" if up_to_date else f"training due: {why}"))
    return 0 if up_to_date else 1
