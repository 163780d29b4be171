"""The Rasa project itself: test stories pass, held-out NLU stays good (data validation:
tests/test_validate.py).

Uses the model trained by `make test`'s setup step (models/yibao.tar.gz); Rasa skips
training when nothing changed.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import ROOT, base_env

MODEL = ROOT / "models" / "yibao.tar.gz"
MIN_MACRO_F1 = 0.95


def rasa(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rasa", *args], cwd=ROOT, env=base_env(),
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def model() -> Path:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make test` (it trains first)")
    return MODEL


def test_stories_cover_every_intent_and_persona_path(model, tmp_path):
    result = rasa("test", "core", "--model", str(model), "--stories", "tests/stories",
                  "--out", str(tmp_path), "--fail-on-prediction-errors")
    assert result.returncode == 0, (result.stdout[-4000:] + result.stderr[-4000:]
                                    + _read(tmp_path / "failed_test_stories.yml"))


def test_held_out_nlu_macro_f1(model, tmp_path):
    result = rasa("test", "nlu", "--model", str(model), "--nlu", "tests/test_nlu.yml",
                  "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "intent_report.json").read_text())
    macro_f1 = report["macro avg"]["f1-score"]
    summary = {k: round(v["f1-score"], 3) for k, v in report.items()
               if isinstance(v, dict) and "f1-score" in v}
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "nlu_intent_f1.json").write_text(json.dumps(summary, indent=1,
                                                                           ensure_ascii=False))
    print(f"held-out intent macro-F1 {macro_f1:.4f}, accuracy {report['accuracy']:.4f}")
    assert macro_f1 >= MIN_MACRO_F1, summary


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""


def test_held_out_sentences_are_not_in_the_training_data():
    import re
    import unicodedata

    from rasa.shared.nlu.training_data.loading import load_data

    def norm(text: str) -> str:
        return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())

    train = {norm(m.get("text")) for m in load_data(str(ROOT / "data" / "nlu")).intent_examples}
    held_out = load_data(str(ROOT / "tests" / "test_nlu.yml")).intent_examples
    leaked = [m.get("text") for m in held_out if norm(m.get("text")) in train]
    assert not leaked, leaked
