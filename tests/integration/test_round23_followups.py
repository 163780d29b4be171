"""Over REST against the real processes, follow-ups of trial round 23 and round 22's re-grade
leftovers that the topic in view answers (our own phrasings): a record being corrected, the region
switch's questions, the PIN's lock-out count, a shortfall paid by card, a paused insurance, a
machine that will not scan, small clinics, the place's system, limits, the hotline."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply, reply


def test_until_the_record_is_corrected(chat):
    conversation = chat("zhou_mismatch")
    conversation.say("医保码付不了钱")
    meanwhile = conversation.say("信息没改好这段时间 拿药怎么办")
    assert "实体社保卡" in meanwhile and "报销" in meanwhile, meanwhile
    first = conversation.say("那我先自费行吗")
    assert first.startswith("可以") and "票据" in first, first
    other = conversation.say("用我媳妇的医保码先刷行不行")
    assert other.startswith("不能") and "冒用" in other, other
    _clean(meanwhile + first + other)


def test_the_region_switch_questions_keep_the_question(chat):
    conversation = chat("chen_region")
    conversation.say("付款的时候说参保地不对")
    where = conversation.say("要在哪个界面改")
    assert "参保地切换" in where and "哪个是您现在真正的参保地" in where, where
    fee = conversation.say("改这个收费不 要重新设密码吗")
    assert "免费" in fee and "原来那个" in fee, fee
    back = conversation.say("万一选错了能换回来吗")
    assert back.startswith("能") and "再切" in back, back
    _clean(where + fee + back)


def test_the_lock_out_count_and_whose_face(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("医保支付密码被锁了")
    count = conversation.say("一般错几次会锁")
    assert "5次" in count and "本系统" in count, count
    face = conversation.say("是刷我妈的脸还是我的脸")
    assert "本人" in face and "您打算" in face, face
    _clean(count + face)


def test_a_shortfall_paid_by_card_and_a_paused_insurance(chat):
    short = chat("zhao_balance")
    short.say("药店说我医保钱不够")
    rest = short.say("那不够的我刷银行卡行吧")
    assert "银行卡" in rest and "还有其他需要帮忙" not in rest, rest
    paused = chat("wang_frozen")
    paused.say("医保码显示用不了")
    theft = paused.say("是不是有人盗刷了才冻的")
    assert theft.startswith("不是被盗用") and "报警" not in theft, theft
    synced = paused.say("可我上个月交过钱的")
    assert "同步" in synced and "补报" in synced, synced
    _clean(rest + theft + synced)


def test_a_machine_then_the_till_and_small_clinics(chat):
    conversation = chat()
    conversation.say("医院自助机扫不出我的医保码")
    tips = conversation.say("要不要把屏幕调亮一点")
    assert "亮度" in tips and "截图" in tips, tips
    still = conversation.say("调亮了也不行")
    assert "人工收银台" in still, still
    till = conversation.say("那去人工收银台可以扫吗")
    assert till.startswith("能") and "工单" not in till, till
    clinic = conversation.say("我们社区诊所能刷医保码吗")
    assert "定点" in clinic, clinic
    _clean(tips + still + till + clinic)


def test_the_places_system_not_the_phone_and_limits(chat):
    place = chat("zheng_system")
    place.say("在药店医保码付款失败了")
    phone = place.say("是不是我手机太旧的原因")
    assert phone.startswith("不是手机的问题"), phone
    limit = chat("liu_limit")
    limit.say("买药提示超过限额")
    kinds = limit.say("这个限额是按次算还是按天算的")
    assert "单笔限额" in kinds and "每日限额" in kinds and "已经帮您查过" not in kinds, kinds
    _clean(phone + kinds)


def test_the_hotline_number_is_no_ticket(chat):
    conversation = chat()
    number = conversation.say("你们人工客服电话是多少")
    assert "12393" in number and "工单号" not in number, number
    busy = conversation.say("打了好多遍都占线")
    assert "时段" in busy, busy
    _clean(number + busy)
