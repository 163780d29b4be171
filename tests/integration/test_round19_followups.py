"""Over REST against the real processes, the follow-ups of trial rounds 18 and 19 that the topic in
view answers: a lost phone, care planned away from the insured region, leaving a job after a
paused status, a payment asked to be paid again (from the records), moving the insurance, the
excess by bank card, a transfer at night and a relative's face check."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply, reply


def test_a_lost_phone_then_a_new_one(chat):
    conversation = chat()
    lost = conversation.say("手机昨天坐公交被偷了 医保码会不会被别人刷")
    assert "支付密码" in lost and "授权管理" in lost and "12393" in lost, lost
    new = conversation.say("那我换了新手机还能再弄出来吗")
    assert "新手机" in new and "刷脸" in new, new
    _clean(lost + new)


def test_care_planned_elsewhere_then_registering(chat):
    conversation = chat()
    first = conversation.say("我爸医保在河南老家交的 现在跟我住杭州 医生说下个月要住院做手术 能用医保不")
    assert "异地就医备案" in first and "国家医保服务平台APP" in first, first
    online = conversation.say("这个备案手机上能弄不 还是得回河南")
    assert "小程序" in online, online
    late = conversation.say("要是来不及备案就住进去了咋整")
    assert "手工报销" in late, late
    _clean(first + online + late)


def test_leaving_a_job_after_a_paused_status(chat):
    conversation = chat("wang_frozen")
    conversation.say("付钱的时候说参保暂停 咋回事啊")
    quit_job = conversation.say("我年初辞职了 原单位就没给交了")
    assert "灵活就业" in quit_job and "辞职" in quit_job, quit_job
    gap = conversation.say("那断了的这几个月看病能报不")
    assert "补报" in gap, gap
    _clean(quit_job + gap)


def test_a_payment_to_pay_again_is_read_in_the_records(chat):
    conversation = chat("zhang_ok")
    conversation.say("我医保卡里还有多少钱")
    again = conversation.say("刚才协和医院那230块是不是没付成 要不要重新去交")
    # zhang_ok's seeded 230.00 at 北京协和医院 went through
    assert "已经付成功" in again and "北京协和医院" in again, again


def test_moving_the_insurance_after_the_region_answer(chat):
    conversation = chat()
    conversation.say("我之前在广州上班 今年来了成都 医保码上显示的参保地还是广州")
    move = conversation.say("那广州那边要去注销吗 还是办转移")
    assert "转移接续" in move and "不用先去注销" in move, move
    _clean(move)


def test_the_excess_by_bank_card_after_a_limit(chat):
    conversation = chat("liu_limit")
    conversation.say("交费的时候提示超过限额了")
    excess = conversation.say("超出的那部分用银行卡刷行吗")
    assert "银行卡" in excess and "自费" in excess, excess
    _clean(excess)


def test_a_transfer_at_night_after_the_wallet_answers(chat):
    conversation = chat()
    conversation.say("医保钱包里的钱能转给我妈吗 她在外省")
    night = conversation.say("我昨天半夜转了一笔 显示失败了")
    assert "22:00" in night, night
    _clean(night)


def test_a_relatives_face_check_after_the_family_answer(chat):
    conversation = chat()
    conversation.say("我想把我老丈人绑到我手机上 帮他出示医保码")
    face = conversation.say("老丈人也得刷脸吗 他都八十了")
    assert "16岁" in face and "刷脸" in face, face
    _clean(face)
