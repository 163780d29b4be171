"""Over REST, phrased as people wrote them in trial round 5 (new conversations): limits asked
about with nothing failed, the excess, where to open the code after a diagnosis, a key held
down, the APP spinning, a family member's PIN, where the face check is done, why the region
is wrong and what to bring."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")
REFUSED = "帮不上忙"


def test_limits_asked_with_nothing_failed_get_the_persons_figures(chat):
    conversation = chat("zhang_ok")
    figures = conversation.say("今天还能用医保码付多少钱")
    assert "单笔限额2000.00元" in figures and "今天还能用" in figures and "网络" not in figures, figures
    once = conversation.say("我要做个检查 2500块 能一次付吗")
    assert "2500.00元超过了单笔限额2000.00元" in once and "856.40" in once, once
    excess = conversation.say("那超出的部分咋弄")
    assert "自费" in excess and "按上面的步骤" not in excess, excess


def test_the_daily_limit_after_the_limit_diagnosis(chat):
    conversation = chat("liu_limit")
    conversation.say("我要付1200块的药费 提示超过限额")
    daily = conversation.say("每天最多能付多少")
    assert "每日限额5000.00元" in daily and "刚才已经帮您查过了" not in daily, daily


def test_where_to_open_the_code_after_a_diagnosis(chat):
    conversation = chat("zhao_balance")
    conversation.say("我不会用支付宝 也没装那个国家医保app 就微信还凑合")
    assert "3.50" in conversation.say("在药店付钱没成功")
    where = conversation.say("医保码在哪打开")
    assert "微信" in where and "刚才已经帮您查过了" not in where and "支付宝里" not in where, where


def test_a_key_held_down_and_an_app_that_spins(chat):
    assert "没太明白" in chat().say("jjjjjj啊啊啊")
    spinning = chat().say("国家医保服务平台app打不开 一直在那转圈圈")
    assert "重启" in spinning and "更新" in spinning, spinning


def test_a_family_members_pin_needs_her_own_face_and_no_ticket_is_opened(chat):
    conversation = chat("sun_pin_locked")
    reply = conversation.say("我老伴的密码我能帮她改吗")
    assert "本人刷脸" in reply and "重置单" in reply and not conversation.buttons, reply
    assert "http" not in reply


def test_where_the_face_check_is_done_inside_the_reset_and_the_fix_goes_on(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("支付密码被锁了")
    face = conversation.say("人脸识别是在哪做的 我眼睛不好")
    assert "摄像头" in face and REFUSED not in face, face
    assert conversation.buttons, conversation.last  # the reset's question again


def test_why_and_what_to_bring_after_the_region_answer(chat):
    conversation = chat()
    conversation.say("医保码付款的时候提示参保地不一致 啥意思")
    conversation.say("那咋办")  # how to check it, and a human: the why below is still about the region
    why = conversation.say("为啥会这样啊 我没动过")
    assert "不是您操作错了" in why and "授权" not in why, why
    bring = conversation.say("要带啥去")
    assert "身份证" in bring and REFUSED not in bring, bring


def test_a_family_members_pin_asked_inside_the_reset(chat):
    conversation = chat()
    conversation.say("医保支付密码忘记了 咋弄")
    reply = conversation.say("我老伴的密码我能帮她改吗 她不会弄")
    assert "本人刷脸" in reply and "这一步就是在办" not in reply, reply


def test_still_failing_with_all_records_fine_is_not_told_to_go_and_pay(chat):
    conversation = chat("qian_network")
    conversation.say("刚才付款转了半天圈 没成功")
    again = conversation.say("我换了个地方又试了 还是不行")
    assert "问题不在医保账户这边" in again and "可以再去付" not in again, again


def test_done_with_thanks_after_the_activation_steps_is_checked(chat):
    conversation = chat("li_unactivated")
    conversation.say("付款的时候说我医保码没激活")
    done = conversation.say("弄好了 谢谢")
    assert "还没有激活" in done and "不客气" not in done, done  # the records say it is not done yet
