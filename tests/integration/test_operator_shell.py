"""The operator shell, driven as a subprocess against the running assistant."""
from __future__ import annotations

import subprocess
import sys

import pytest

from bot.settings import ROOT, base_env
from tests.conftest import API_TOKEN

pytestmark = pytest.mark.usefixtures("fresh_personas")


def shell(stack, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--rasa-url", stack.rasa_url,
         "--wallet-url", stack.wallet_url, "--api-token", API_TOKEN, *args],
        cwd=ROOT, env=base_env(), input=stdin, capture_output=True, text=True, timeout=180)


def test_scripted_dialogue_prints_transcript_with_intents_and_actions(stack, tmp_path):
    script = tmp_path / "turns.txt"
    script.write_text("# chen_region tries again\n付款失败了\n1\n/persona zhao_balance\n付款失败了\n",
                      encoding="utf-8")
    result = shell(stack, "--persona", "chen_region", "--script", str(script))
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "用户: 付款失败了" in out
    assert "参保地不一致" in out                       # chen_region's diagnosis
    assert "↳ intent payment_failed" in out and "action_diagnose" in out
    assert "region_switch_form" in out
    assert "(choice 1: 长沙市" in out or "(choice 1: 深圳市" in out  # numbered buttons work
    assert "signed in as zhao_balance" in out
    assert "3.50" in out                                 # zhao_balance's own balance


def test_interactive_restart_and_unknown_persona(stack):
    result = shell(stack, "--persona", "anonymous", stdin="你好\n/persona nobody_here\n/restart\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "助手:" in result.stdout and "restarted" in result.stdout
    # a mistyped persona mid-session is reported and the session goes on
    assert "cannot sign in as 'nobody_here'" in result.stdout and "still anonymous" in result.stdout
    bad = shell(stack, "--persona", "nobody_here")
    assert bad.returncode != 0 and "cannot sign in as 'nobody_here'" in (bad.stdout + bad.stderr)


def test_phone_sign_in_in_the_shell_carries_on_to_personal_answers(stack, wallet):
    import argparse
    import io
    import re

    from bot.shell import Session

    out = io.StringIO()
    args = argparse.Namespace(persona="anonymous", rasa_url=stack.rasa_url, wallet_url=stack.wallet_url,
                              api_token=API_TOKEN, debug=False)
    session = Session(args, out)
    for line in ("手机验证", "15810263391"):
        session.handle(line)
    inbox = wallet.demo_sms("15810263391")
    session.handle(re.search(r"验证码是(\d{6})", inbox["messages"][0]["text"]).group(1))
    assert "signed in by phone + code" in out.getvalue() and session.token
    session.handle("付款失败了")
    assert "3.50" in out.getvalue().split("用户: 付款失败了")[-1]
