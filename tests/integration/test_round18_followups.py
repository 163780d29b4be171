"""Over REST against the real processes, trial round 18's follow-ups as its tester wrote them:
the person's own payments asked for and one not theirs, an old ID photo against the face check,
新农合 for a wallet transfer, a son filing the claim, a 回乡证 for activation, a new employer after
a paused status, and 「开吧」 as the yes to the PIN-reset ticket."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply and "国产加密算法" not in reply, reply


def test_the_payments_and_one_not_mine(chat):
    conversation = chat("zhang_ok")
    conversation.say("帮我看看我医保卡里还剩多少钱")
    listed = conversation.say("最近都在哪花的")
    # zhang_ok's seeded payments, from the wallet
    assert "北京协和医院 230.00元" in listed and "北京同仁堂王府井店 68.50元" in listed, listed
    not_mine = conversation.say("这几个药店我好像没去过")
    assert "修改医保支付密码" in not_mine and "授权管理" in not_mine, not_mine
    _clean(listed + not_mine)


def test_an_old_photo_after_the_face_check_tips(chat):
    conversation = chat()
    conversation.say("激活医保码刷脸一直过不去 说非本人操作 我就是本人啊")
    photo = conversation.say("身份证是十多年前办的 照片跟现在不像 有关系吗")
    assert "派出所" in photo, photo
    _clean(photo)


def test_a_rural_scheme_and_the_wallet(chat):
    conversation = chat()
    conversation.say("我想从我医保钱包给我妈转点钱 她在老家 一次最多能转多少")
    resident = conversation.say("对了我交的是新农合 也能转吗")
    assert "没有个人账户" in resident, resident
    _clean(resident)


def test_a_son_files_the_claim(chat):
    conversation = chat()
    conversation.say("俺在镇上卫生院拿药 人家说医保码刷不中 咋整")
    claim = conversation.say("那俺先自个掏钱 回头能报不")
    assert "票据" in claim, claim
    son = conversation.say("俺岁数大了跑不动 让俺儿去报中不中")
    assert "代办" in son, son
    _clean(son)


def test_a_new_employer_after_a_paused_status(chat):
    conversation = chat("wang_frozen")
    conversation.say("今天在医院挂号 医保码一扫说状态异常 用不了 咋回事")
    job = conversation.say("我上个月刚换了工作 新公司说给我交了医保的")
    assert "参保登记" in job and "暂停" in job, job
    _clean(job)


def test_open_it_is_a_yes_to_the_ticket(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("医保密码输错好几次 现在提示锁了")
    conversation.say("微信")
    ticket = conversation.say("开吧")
    assert "重置单已开好" in ticket, ticket
    _clean(ticket)


def test_a_top_up_then_whose_side_opens_mutual_aid(chat):
    conversation = chat("zhao_balance")
    conversation.say("药店结账说医保余额不足 我卡里钱呢")
    top_up = conversation.say("能往里充点钱吗")
    assert "充值" in top_up and "激活" not in top_up, top_up
    reverse = conversation.say("我闺女单位交的医保 她那的钱能挪给我用不")
    assert "家庭共济" in reverse and "这是两件事" not in reverse, reverse
    side = conversation.say("那家庭共济是我闺女那边弄还是我这边弄")
    assert "出钱的那一方" in side and "这是两件事" not in side, side
    _clean(top_up + reverse + side)
