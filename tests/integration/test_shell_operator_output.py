"""The operator shell's per-turn view, /tracker, typed choices, --script and --replay, as an
operator runs them: `python -m bot shell` as a subprocess against the session's stack."""
from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time

import httpx
import pytest

from bot.settings import ROOT, base_env
from tests.conftest import API_TOKEN

pytestmark = pytest.mark.usefixtures("fresh_personas")


def shell(stack, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--rasa-url", stack.rasa_url,
         "--wallet-url", stack.wallet_url, "--api-token", API_TOKEN, *args],
        cwd=ROOT, env=base_env(**env), input=stdin, capture_output=True, text=True, timeout=240)


def tracker(stack, sender: str) -> dict:
    response = httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker",
                         params={"token": API_TOKEN, "include_events": "ALL"}, timeout=10)
    response.raise_for_status()
    return response.json()


def conversation_of(out: str) -> str:
    return re.findall(r"conversation (shell-[\w-]+)\)", out)[-1]


def test_each_turn_shows_intent_entities_actions_with_policies_slots_and_form(stack):
    result = shell(stack, "--persona", "chen_region", stdin="付款失败了\n医保码截图可以付款吗\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    first, second = out.split("用户: 医保码截图可以付款吗")
    assert re.search(r"↳ intent payment_failed \d\.\d\d", first), first
    assert "↳ form: region_switch_form, requested slot: region_code" in first
    assert re.search(r"↳ slots: .*fix_flow: null → \S+", first), first
    # the FAQ answer names the ResponseSelector's sub-intent with its confidence
    assert re.search(r"↳ intent faq/screenshot \d\.\d\d \(faq \d\.\d\d\)", second), second
    # every action of the first turn, in order, with the policy and confidence Rasa recorded
    events = tracker(stack, conversation_of(out))["events"]
    users = [i for i, e in enumerate(events) if e["event"] == "user"]
    actions = [e for e in events[users[0] + 1:users[1]] if e["event"] == "action"]
    assert any(a["name"] == "action_diagnose" for a in actions)
    shown = re.search(r"↳ actions: (.*)", first).group(1)
    expected = " → ".join(
        f"{a['name']} [{re.sub(r'^policy_[0-9]+_', '', a['policy']) if a.get('policy') else '—'}"
        f"{'' if a.get('confidence') is None else ' %.2f' % a['confidence']}]" for a in actions)
    assert shown == expected
    assert re.search(r"\[\w*Policy \d\.\d\d\]", shown), shown


def test_tracker_command_prints_the_slots_set_now(stack):
    result = shell(stack, "--persona", "chen_region", stdin="/tracker\n付款失败了\n/tracker\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    before, after = out.split("用户: 付款失败了")
    assert "fix_flow =" not in before and "form: —" in before
    slots = tracker(stack, conversation_of(out))["slots"]
    listing = after.split("— tracker of")[-1]
    assert f"fix_flow = {slots['fix_flow']}" in listing
    assert "form: region_switch_form, requested slot: region_code" in listing
    filled = sum(value is not None for value in slots.values())
    assert f"{filled} of {len(slots)} slots set" in listing


def test_a_typed_digit_goes_as_typed_and_the_channel_picks_the_button(stack):
    typed = shell(stack, "--persona", "chen_region", stdin="付款失败了\n2\n")
    assert typed.returncode == 0, typed.stderr
    choice = re.search(r"↳ \(choice 2: (\S+) — the channel read 「2」 as that button\)", typed.stdout)
    assert choice, typed.stdout
    events = tracker(stack, conversation_of(typed.stdout))["events"]
    received = [e["text"] for e in events if e["event"] == "user"][-1]
    assert received.startswith("/") and received != "2"  # Rasa got the button's payload
    assert "确认把医保码显示的参保地" in typed.stdout
    picked = shell(stack, "--persona", "chen_region", "--pick-digits", stdin="付款失败了\n2\n")
    assert picked.returncode == 0, picked.stderr
    assert f"(choice 2: {choice.group(1)} — picked by the shell)" in picked.stdout
    assert "the channel read" not in picked.stdout


def test_typed_lines_are_shown_once_on_a_terminal_and_once_from_a_pipe(stack):
    line = "我的医保码怎么激活呀"
    piped = shell(stack, "--persona", "anonymous", stdin=f"{line}\n")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.count(line) == 1 and f"用户: {line}" in piped.stdout

    master, slave = pty.openpty()
    command = [sys.executable, "-m", "bot", "shell", "--rasa-url", stack.rasa_url, "--wallet-url",
               stack.wallet_url, "--api-token", API_TOKEN]
    process = subprocess.Popen(command, cwd=ROOT, env=base_env(), stdin=slave, stdout=slave,
                               stderr=slave, close_fds=True)
    os.close(slave)
    seen = b""

    def read_until(marker: str, timeout: float = 120) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while marker.encode() not in seen and time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    return
                if not chunk:
                    return
                seen += chunk

    try:
        read_until("> ")
        os.write(master, f"{line}\n".encode())
        read_until("↳ form:")
        os.write(master, b"/quit\n")
        process.wait(timeout=30)
        read_until("\0", timeout=1)  # what is left
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    out = seen.decode("utf-8", "replace")
    assert "助手:" in out and "↳ form:" in out, out
    assert out.count(line) == 1, out  # the terminal's echo, not the shell's
    assert "用户:" not in out


def test_script_passes_on_right_replies_and_fails_with_a_diff_on_wrong_ones(stack, tmp_path):
    right = tmp_path / "right.txt"
    right.write_text("> /persona zhao_balance\n> 付款失败了\n< 3.50\n<! 参保地不一致\n", encoding="utf-8")
    result = shell(stack, "--script", str(right))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "right.txt: all 2 expectations met" in result.stdout

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("> /persona zhao_balance\n> 付款失败了\n< 3.50\n< 已经切换好了\n<! 128.00\n",
                     encoding="utf-8")
    result = shell(stack, "--script", str(wrong))
    assert result.returncode == 1, result.stdout + result.stderr
    err = result.stderr
    assert "wrong.txt: 2 of 3 expectations not met" in err
    assert "wrong.txt:4" in err and "expected a reply containing 「已经切换好了」" in err
    assert "wrong.txt:5" in err and "expected no reply containing 「128.00」" in err
    assert "after `> 付款失败了`" in err
    assert re.search(r"^\+   .*3\.50", err, re.M), err  # what the assistant really said
    assert re.search(r"✗ \S*wrong\.txt:4: expected", result.stdout)  # shown where it happened

    bad = tmp_path / "bad.txt"
    bad.write_text("< 3.50\n> 付款失败了\n", encoding="utf-8")
    result = shell(stack, "--script", str(bad))
    assert result.returncode == 2 and "bad.txt:1" in result.stderr and "before any" in result.stderr
    assert "Traceback" not in result.stderr

    nobody = tmp_path / "nobody.txt"
    nobody.write_text("> /persona nobody_here\n> 付款失败了\n< 常见的原因\n", encoding="utf-8")
    result = shell(stack, "--script", str(nobody))  # must not go on as someone else
    assert result.returncode == 1 and "cannot sign in as 'nobody_here'" in result.stderr
    assert "用户: 付款失败了" not in result.stdout and "Traceback" not in result.stderr


def test_replay_of_a_stored_conversation_shows_where_answers_differ(stack, chat):
    original = chat("zhao_balance")
    assert "3.50" in original.say("付款失败了")
    original.say("帮我查下余额")
    store = {"TRACKER_DB": stack.env["TRACKER_DB"]}

    same = shell(stack, "--replay", original.sender, "--persona", "zhao_balance", **store)
    assert same.returncode == 0, same.stdout + same.stderr
    assert f"replaying 2 user turns of {original.sender}" in same.stdout
    assert same.stdout.count("= same answer") == 2
    assert "0 of 2 turns answered differently" in same.stdout
    new_sender = re.search(r"new conversation (shell-[\w-]+)", same.stdout).group(1)
    assert new_sender != original.sender and tracker(stack, new_sender)["events"]

    anonymous = shell(stack, "--replay", original.sender, **store)
    out = anonymous.stdout
    assert anonymous.returncode == 1, out + anonymous.stderr
    assert "pass --persona <id>" in out  # the stored conversation was signed in
    assert "≠ the answer differs" in out and "2 of 2 turns answered differently" in out
    assert re.search(r"^\s+- .*3\.50", out, re.M), out    # what it said then
    assert re.search(r"^\s+\+ .*登录", out, re.M), out    # what it says now, to nobody signed in

    missing = shell(stack, "--replay", "no-such-conversation", **store)
    assert missing.returncode == 2 and "no stored conversation 'no-such-conversation'" in missing.stderr


def test_replay_shows_stored_text_masked(stack, chat):
    original = chat()
    original.say("我的手机号13812345678，付款失败了")
    result = shell(stack, "--replay", original.sender, TRACKER_DB=stack.env["TRACKER_DB"])
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert "13812345678" not in result.stdout and "[1] 用户: 我的手机号" in result.stdout
