"""Faults of the parts: backend down, action server down, Rasa crashed, duplicate clicks.

These tests stop and start processes of the shared stack, so they run last (see conftest).
"""
from __future__ import annotations

import os
import signal
import threading
import time

import pytest

pytestmark = [pytest.mark.usefixtures("fresh_personas"), pytest.mark.faults]


def test_wallet_backend_down_gives_a_quick_clear_answer_and_recovers(chat, stack):
    conversation = chat("zhao_balance")
    stack.services["wallet"].stop()
    try:
        started = time.monotonic()
        reply = conversation.say("付款失败了")
        elapsed = time.monotonic() - started
        assert "暂时查不到您的记录" in reply
        assert "常见原因" in reply or "常见的原因" in reply
        assert "转人工" in [b["title"] for b in conversation.buttons]
        assert elapsed < 8, elapsed
    finally:
        stack.services["wallet"].start(stack.env)
        stack.services["wallet"].wait_ready(60)
    reply = conversation.say("付款失败了")  # the same conversation carries on
    assert "3.50" in reply


def test_action_server_down_still_answers_without_a_trace(chat, stack):
    conversation = chat("chen_region")
    stack.services["actions"].stop()
    try:
        reply = conversation.say("付款失败了")
        assert reply and "12393" in reply
        assert "Traceback" not in reply and "Exception" not in reply
        assert "你好" and conversation.say("你好")  # responses from the domain still work
    finally:
        stack.services["actions"].start(stack.env)
        stack.services["actions"].wait_ready(90)


def test_rasa_crash_mid_form_is_restarted_and_loses_nothing(chat, stack, wallet_api):
    conversation = chat("chen_region")
    assert "哪个是您现在真正的参保地" in conversation.say("付款失败了")
    conversation.click("深圳市")
    before = conversation.tracker()
    assert before["active_loop"]["name"] == "region_switch_form"
    rasa = stack.services["rasa"]
    crashed = rasa.process.pid
    os.kill(crashed, signal.SIGKILL)  # nobody restarts it but supervisord
    deadline = time.monotonic() + 30
    # (the supervisor swaps `process` from another thread: read it once per look, the fresh clone
    # once saw it become None between the two reads)
    while (process := rasa.process) is None or process.pid == crashed:
        assert time.monotonic() < deadline, "Rasa was not started again"
        time.sleep(0.2)
    rasa.wait_ready(240)
    after = conversation.tracker()
    assert after["active_loop"]["name"] == "region_switch_form"
    assert after["slots"]["region_code"] == "440300"
    assert after["slots"]["requested_slot"] == "region_confirm"
    reply = conversation.say("/affirm")
    assert "已经切换好了" in reply
    assert wallet_api.get("/persons/chen_region").json()["shown_region"]["code"] == "440300"


def test_double_clicked_confirmation_switches_once(chat, wallet_api):
    conversation = chat("chen_region")
    conversation.say("付款失败了")
    conversation.click("深圳市")
    replies = []
    threads = [threading.Thread(target=lambda: replies.append(conversation.say("/affirm")))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum("已经切换好了" in r for r in replies) == 1, replies
    entries = wallet_api.get("/persons/chen_region/audit-log").json()["entries"]
    assert len([e for e in entries if e["action"] == "region.switch_shown"]) == 1
