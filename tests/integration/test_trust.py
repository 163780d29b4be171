"""Writes that happen once and only for the person who was asked (issue: trust, round two)."""
from __future__ import annotations

import os
import signal
import time

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def revocations(wallet_api, person_id):
    entries = wallet_api.get(f"/persons/{person_id}/audit-log").json()["entries"]
    return [e for e in entries if e["action"] == "authorization.revoked"]


def test_a_confirmation_from_another_person_or_no_one_is_refused(chat, wallet_api):
    victim = chat("zhang_ok")
    victim.say("医保码安全吗，怎么管理授权")
    assert "确认要取消支付宝的授权吗" in victim.click("取消支付宝授权")

    other = chat("chen_region")
    other.sender = victim.sender  # knows the conversation id, signs with their own token
    reply = other.say("/affirm")
    assert "本人" in reply and "已取消" not in reply
    anonymous = chat()
    anonymous.sender = victim.sender
    assert "本人" in anonymous.say("/affirm")
    assert not revocations(wallet_api, "zhang_ok") and not revocations(wallet_api, "chen_region")

    assert "已取消支付宝的授权" in victim.click("确认取消")  # the person asked still can
    assert len(revocations(wallet_api, "zhang_ok")) == 1


def test_a_tokenless_caller_cannot_fill_a_signed_in_persons_form(chat):
    victim = chat("chen_region")
    victim.say("付款失败了")  # diagnosis, then the region form asks which record is real
    assert any("深圳" in b["title"] for b in victim.buttons)
    intruder = chat()
    intruder.sender = victim.sender
    reply = intruder.say('/inform{"region_code":"440300"}')
    assert "本人" in reply and "确认把医保码显示的参保地" not in reply
    assert victim.tracker()["slots"].get("region_code") is None
    assert "确认把医保码显示的参保地" in victim.click("深圳")  # the person asked carries on


@pytest.mark.faults
def test_a_revoke_that_timed_out_is_told_truthfully_and_never_applied_later(
        chat, stack, wallet_api, pid_listening_on):
    conversation = chat("zhang_ok")
    conversation.say("医保码安全吗，怎么管理授权")
    conversation.click("取消支付宝授权")
    wallet = pid_listening_on(stack.ports.wallet)
    os.kill(wallet, signal.SIGSTOP)  # the backend hangs with the request in its queue
    try:
        reply = conversation.click("确认取消")
    finally:
        os.kill(wallet, signal.SIGCONT)
    assert "已取消" not in reply
    assert "不会在之后自动补做" in reply or "之后也不会自动生效" in reply
    time.sleep(3)  # the resumed backend works through its queue, the revoke included
    assert not revocations(wallet_api, "zhang_ok")
    conversation.say("医保码安全吗，怎么管理授权")  # trying again later works, once
    conversation.click("取消支付宝授权")
    assert "已取消支付宝的授权" in conversation.click("确认取消")
    assert len(revocations(wallet_api, "zhang_ok")) == 1


def test_restart_command_starts_over_with_a_reply(chat):
    conversation = chat("chen_region")
    conversation.say("付款失败了")
    reply = conversation.say("/restart")
    assert "从头开始" in reply and "出了点问题" not in reply
    assert conversation.tracker()["slots"].get("fix_flow") is None


def test_replies_with_payload_buttons_log_no_interpolation_errors(chat, stack):
    log = stack.services["rasa"].log_path
    before = log.read_text(errors="replace").count("Failed to replace placeholders")
    conversation = chat()
    conversation.say("怎么用医保码付款")
    assert conversation.buttons and any("pay_channel" in b["payload"] for b in conversation.buttons)
    assert all(b["payload"].count("{") == 1 for b in conversation.buttons if "{" in b["payload"]), \
        conversation.buttons
    assert log.read_text(errors="replace").count("Failed to replace placeholders") == before


def test_no_process_shows_a_secret_on_its_command_line(stack, pid_listening_on):
    from pathlib import Path

    secrets = [stack.env[name] for name in ("RASA_API_TOKEN", "WALLET_SERVICE_KEY", "WALLET_TOKEN_SECRET",
                                            "ACTION_SERVER_TOKEN", "PII_SEAL_KEY", "WECHAT_TOKEN")]
    rasa = pid_listening_on(stack.ports.rasa)
    assert b"rasa_server" in Path(f"/proc/{rasa}/cmdline").read_bytes()
    shown = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        shown += [proc.name for secret in secrets if secret in cmdline]
    assert not shown, f"secrets visible in `ps` for pids {shown}"
