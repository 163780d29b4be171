"""Over REST, phrased as people wrote them in trial round 4: paying a bill in parts after a limit,
the fee of a PIN reset, a re-check while the APP will not open, a human offered twice."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def test_paying_in_parts_after_the_limit_is_worked_out_from_the_persons_limits(chat):
    conversation = chat("liu_limit")
    assert "单笔限额500.00元" in conversation.say("医院交费交不了 说超额了")
    parts = conversation.say("分三次付 每次400行不行")
    assert "每笔400.00元没超过单笔限额500.00元" in parts and "加起来1200.00元" in parts, parts
    assert "收费窗口" in parts and "我查了您的记录" not in parts, parts  # the cashier decides; no diagnosis again
    two = conversation.say("那能分两笔吗")
    assert "每笔600.00元还是超过了单笔限额500.00元" in two, two


def test_paying_in_parts_without_a_sign_in_gets_the_rule_not_figures(chat):
    reply = chat().say("医保码限额不够的话 能分两笔付吗")
    assert "单笔限额" in reply and "每日限额" in reply and "收费窗口" in reply, reply
    assert "还能用" not in reply.split("登录后")[0], reply  # no figures without the person's records


def test_the_fee_of_a_pin_reset_is_answered_and_no_reset_is_started(chat):
    conversation = chat("sun_pin_locked")
    reply = conversation.say("重置密码要收费吗")
    assert "重置" in reply and "免费" in reply and "诈骗" in reply, reply
    assert "哪个渠道" not in reply and not conversation.buttons, reply


def test_a_recheck_while_the_app_will_not_open_says_the_phone_is_the_problem(chat):
    conversation = chat("zhang_ok")
    first = conversation.say("国家医保app一打开就闪退 啥也点不了")
    assert "重启" in first or "更新" in first, first
    again = conversation.say("还是打不开啊")
    assert "问题出在手机或APP上" in again and "可以再去付" not in again, again
    assert "我的医保凭证" in again, again  # a way that needs no working APP


def test_a_human_offered_twice_is_not_offered_in_the_same_words(chat):
    conversation = chat("zhou_mismatch")
    first = conversation.say("激活的时候说我姓名和户籍信息不一致 我之前改过名")
    assert "需要我帮您转人工客服吗" in first, first
    conversation.say("先不用")
    again = conversation.say("还是不行")
    assert "还不一致" in again and "一切正常" not in again, again  # the re-check tells the truth
    assert "需要我帮您转人工客服吗" not in again and "转人工" in again, again
    assert "工单" in conversation.say("好的"), conversation.last


def test_an_app_ruled_out_in_passing_is_left_out_of_the_reset_channels(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("密码输错好几次锁了 那个医保app我手机里没有")
    titles = [b["title"] for b in conversation.buttons]
    assert "支付宝" in titles and not any("APP" in title for title in titles), conversation.buttons


def test_the_same_hint_is_not_repeated_word_for_word_inside_a_fix(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("支付密码被锁了")
    first = conversation.say("那咋整啊")
    again = conversation.say("那咋整啊")
    assert first != again and "转人工" in again, (first, again)
