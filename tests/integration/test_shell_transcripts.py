"""The operators' regression transcripts (tests/transcripts/*.txt), run by the shell's --script.

Each file is a conversation with expected replies (`> message`, `< keyword`, `<! keyword`; see
bot/shell_script.py). A transcript that no longer holds fails here with the shell's own diff.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from bot.settings import ROOT, base_env
from tests.conftest import API_TOKEN

TRANSCRIPTS = sorted((ROOT / "tests" / "transcripts").glob("*.txt"))


def run_transcript(stack, path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--rasa-url", stack.rasa_url,
         "--wallet-url", stack.wallet_url, "--api-token", API_TOKEN, "--script", str(path)],
        cwd=ROOT, env=base_env(), capture_output=True, text=True, timeout=300)


def test_there_are_transcripts_with_expectations():
    assert len(TRANSCRIPTS) >= 4, TRANSCRIPTS
    for path in TRANSCRIPTS:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert any(line.startswith("<") for line in lines), f"{path.name} expects nothing"


@pytest.mark.usefixtures("fresh_personas")  # transcripts change state (a region switch, a ticket)
@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_transcript_holds(stack, path):
    result = run_transcript(stack, path)
    assert result.returncode == 0, f"{path.name}:\n{result.stderr}\n--- transcript ---\n{result.stdout}"
    assert "expectations met" in result.stdout
