"""Over REST, phrased as people wrote them in trial rounds 9–10: two questions in one message where
the later one is about 备案, and a push-back after the answer about raising a limit."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")
BEIAN = "一般要先办异地就医备案"


def test_the_limit_figures_and_whether_beian_is_needed(chat):
    conversation = chat("liu_limit")
    conversation.say("医院缴费1200 医保码付不了")
    both = conversation.say("单笔限额多少？异地就医要备案吗")
    assert "单笔限额500.00元" in both and BEIAN in both and "刚才已经帮您查过了" not in both, both
    assert "处理参保地" not in both, both  # a 备案 question is no region to switch


def test_activation_and_beian_in_one_message(chat):
    conversation = chat("li_unactivated")
    both = conversation.say("医保码咋激活啊？还有异地看病要不要先备案")
    assert "激活" in both and BEIAN in both and "参保地：先把" not in both, both
    assert both.index("激活") < both.index(BEIAN), both  # the first question first


def test_a_push_back_after_the_limit_answer_gets_a_direct_one(chat):
    conversation = chat("liu_limit")
    conversation.say("我付1200块钱付不了")
    first = conversation.say("能不能把限额调高点")
    assert "限额是这样定的" in first, first
    again = conversation.say("我问的是能不能调高 你没回答啊")
    assert again.startswith("直接回答：我这边调不了") and "限额是这样定的" not in again, again
