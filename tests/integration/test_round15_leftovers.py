"""Over REST, phrased as trial round 15's tester wrote them: a channel ruled out stays out of the
PIN-reset paths; 「以后还能去那个药店吗」 after the place's system failed gets a plain yes; 「你说的
这些我都看不懂」 after the usual causes gets the one next step, not the fallback menu."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")
REFUSED = "帮不上忙"
NOT_UNDERSTOOD = "没太明白"


def test_a_channel_ruled_out_is_not_offered_for_the_pin_reset(chat):
    conversation = chat()
    conversation.say("我不会用支付宝")
    reset = conversation.say("我密码忘了 咋办")
    assert "不用支付宝也能重置" in reset and "市民中心" not in reset, reset
    assert "国家医保APP" in reset and "微信" in reset, reset


def test_the_same_pharmacy_another_day_after_its_system_failed(chat):
    conversation = chat("zheng_system")
    diagnosis = conversation.say("刚才在药店扫医保码付款被拒了")
    assert "大参林" in diagnosis and "系统" in diagnosis, diagnosis
    later = conversation.say("那我以后还能去那个药店买吗")
    assert later.startswith("能去") and "不是您账户" in later, later
    assert REFUSED not in later and NOT_UNDERSTOOD not in later, later


def test_the_usual_causes_not_understood_get_the_next_step(chat):
    conversation = chat()
    causes = conversation.say("医保码付款失败了")
    assert "常见的原因" in causes, causes
    plain = conversation.say("你说的这些我都看不懂")
    assert plain.startswith("简单说") and "手机验证" in plain, plain
    assert NOT_UNDERSTOOD not in plain and "换个说法" not in plain, plain
