"""Over REST against the real processes: an answer asked for again, or pushed back on, is pointed
to instead of sent word for word; 「再发一遍」 sends it in full (actions/repeats.py through the action
server's executor)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")

POINTER = "前面已经回答过了"
STEPS = "我的医保凭证"  # a line of the old-phone steps (WeChat's mini program)


def test_asked_again_pointed_to_then_sent_in_full(chat):
    conversation = chat()
    first = conversation.say("手机太老了 用不了医保码怎么办")
    assert STEPS in first and POINTER not in first, first
    again = conversation.say("手机太老了 用不了医保码怎么办啊")
    assert POINTER in again and STEPS not in again and "再发一遍" in again, again
    assert "帮不上忙" not in again and "没太明白" not in again, again
    full = conversation.say("再发一遍")
    assert "再完整发一遍" in full and STEPS in full and "工单" not in full, full
    # Nothing left to send before any answer: said so, no ticket.
    empty = chat().say("再发一遍")
    assert "还没有可以重发" in empty and "工单" not in empty, empty


def test_a_second_pointer_offers_a_person(chat):
    # (A follow-up that only gets the same text again keeps it: test_round11's 「社康中心是啥」.)
    conversation = chat()
    conversation.say("手机太老了 用不了医保码怎么办")
    assert POINTER in conversation.say("手机太老了 用不了医保码怎么办啊")
    assert "不是白交" in conversation.say("居民医保交的钱是不是白交了")
    twice = conversation.say("居民医保交的钱是不是白交了")
    assert POINTER in twice and "工作人员" in twice and "不是白交" not in twice, twice
    assert conversation.buttons[0]["payload"] == "/request_human", conversation.last
