"""A scripted synthetic store whose every figure is known, for the report's unit tests."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, List

import pytest

from bot.report.synthetic import Script, write_events

BEIJING = timezone(timedelta(hours=8))
DAY1 = datetime(2026, 11, 20, 9, 0, tzinfo=BEIJING).timestamp()
DAY2 = datetime(2026, 11, 21, 23, 30, tzinfo=BEIJING).timestamp()


def scenario() -> Dict[str, Script]:
    """Nine conversations (plus one session without a message) whose figures the tests know.

    Every user message waits 10 s after the previous event; each first reply comes `latency` s
    after its message (the clock does not move otherwise: step=0)."""
    s: Dict[str, Script] = {}
    # 1. guessed 余额不足, really a region mismatch; region switch completed, re-check passed.
    a = Script("rest-chen", DAY1, "rest", step=0)
    a.wait(10).diagnose("是不是余额不足啊", "insufficient_balance", "region_mismatch",
                        ["utter_diag_attempt", "utter_diag_correct_guess_balance", "utter_diag_region_mismatch"],
                        flow="region_switch", latency=1.0)
    a.start_form("region_switch_form", "region_code")
    a.wait(10).answer_form("region_switch_form", '/inform{"region_code":"440300"}', "inform",
                           "region_code", "440300", next_slot="region_confirm")
    a.wait(10).answer_form("region_switch_form", "/affirm", "affirm", "region_confirm", True,
                           submit="action_switch_region")
    a.wait(10).say("改好了，现在可以用了吗", "check_status", "action_check_status",
                   ["utter_status_exact", "utter_status_all_good"], latency=2.0)
    s["chen"] = a
    # 2. no guess, insufficient balance; the person thanks: solved by confirmation.
    b = Script("sock-zhao", DAY1 + 3600, "socketio", step=0)
    b.wait(10).diagnose("付款失败了", "payment_failed", "insufficient_balance",
                        ["utter_diag_attempt", "utter_diag_insufficient_balance"], latency=3.0)
    b.wait(10).say("好的谢谢", "thank", "utter_you_are_welcome", ["utter_you_are_welcome"], latency=4.0)
    s["zhao"] = b
    # 3. two messages not understood in a row: the second goes to a human (WeChat, anonymous).
    c = Script("wx-anon", DAY1 + 7200, "wechat", signed_in=False, step=0)
    c.wait(10).say("asdfghjk", "nlu_fallback", "action_fallback", ["utter_default"], latency=5.0)
    c.wait(10).say("asdfghj", "nlu_fallback", "action_fallback", ["utter_handoff_ticket_anonymous"], latency=6.0)
    s["fallback"] = c
    # 4. status abnormal, a human offered, 「好的」: handoff accepted, cause status_abnormal.
    d = Script("rest-wang", DAY1 + 7300, "rest", step=0)
    d.wait(10).diagnose("付款失败了", "payment_failed", "status_abnormal",
                        ["utter_diag_attempt", "utter_diag_status_abnormal", "utter_offer_human"], latency=7.0)
    d.wait(10).say("好的", "affirm", "action_answer_yes", ["utter_handoff_ticket"], latency=8.0)
    s["wang"] = d
    # 5. operator shell: activation form left at its first step.
    e = Script("shell-li_unactivated-1234abcd", DAY1 + 7400, "rest", step=0)
    e.wait(10).diagnose("付款失败了", "payment_failed", "not_activated",
                        ["utter_diag_attempt", "utter_diag_not_activated"], flow="activation", latency=9.0)
    e.start_form("activation_form", "pay_channel")
    e.wait(10).leave_form()
    s["shell"] = e
    # 6. anonymous 付款失败了: generic walk-through, sign-in offered (open).
    f = Script("sock-anon", DAY1 + 7500, "socketio", signed_in=False, step=0)
    f.wait(10).diagnose("付款失败了", "payment_failed", None,
                        ["utter_generic_payment_failed", "utter_offer_sign_in"], latency=0.5)
    s["anon"] = f
    # 7. 余额不足 guessed right; then 「转人工」 (asked), cause insufficient_balance.
    g = Script("rest-right", DAY2, "rest", step=0)
    g.wait(10).diagnose("余额不够了吧", "insufficient_balance", "insufficient_balance",
                        ["utter_diag_attempt", "utter_diag_insufficient_balance"], latency=1.5)
    g.wait(10).handoff()
    s["right"] = g
    # 8. nothing failed on record; a second, repeated diagnosis of the same pair counts once.
    h = Script("rest-zhang", DAY2 + 60, "rest", step=0)
    h.wait(10).diagnose("付款失败了", "payment_failed", None,
                        ["utter_diag_no_failure", "utter_network_checklist"], latency=2.5)
    h.wait(10).diagnose("又付款失败了", "payment_failed", None, ["utter_diag_no_failure"], latency=2.5)
    s["zhang"] = h
    # 9. the same sender as 8, two hours later: a new session, a new conversation (FAQ only).
    h2 = Script("rest-zhang", DAY2 + 7260, "rest", step=0)
    h2.wait(10).say("医保服务热线是多少", "faq", "utter_faq", ["utter_faq/hotline"], latency=0.25)
    s["zhang-later"] = h2
    # 10. a session that never got a message: not a conversation.
    s["silent"] = Script("rest-silent", DAY2 + 100, "rest", step=0)
    return s


@pytest.fixture
def scripts() -> Dict[str, Script]:
    return scenario()


@pytest.fixture
def store(tmp_path: Path, scripts: Dict[str, Script]) -> str:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    write_events(url, ordered(scripts))
    return url


def ordered(scripts: Dict[str, Script]) -> List[Script]:
    """Events inserted in time order, as Rasa would have saved them."""
    return sorted(scripts.values(), key=lambda script: script.events[0]["timestamp"])
