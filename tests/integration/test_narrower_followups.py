"""Short follow-ups over REST that the classifier reads as out of scope or as the last topic
again (trial 3: c13, c14, c15, c16, c19, c20, c22), phrased as people wrote them: answered from
the last answer or cause, never 「这个我帮不上忙」 and never the whole answer again."""
from __future__ import annotations

import pytest

from tests.integration.test_phone_signin import ZHAO_PHONE, session_payload, sms_code

pytestmark = pytest.mark.usefixtures("fresh_personas")

REFUSED = "帮不上忙"


def test_why_after_the_limit_diagnosis_explains_the_limits(chat):
    conversation = chat("liu_limit")
    first = conversation.say("交钱的时侯提示超出线额了 1200块 怎么回四")
    assert "单笔限额" in first
    reply = conversation.say("为啥啊")
    assert REFUSED not in reply and "刚才已经帮您查过了" not in reply, reply
    assert "上限" in reply and "12393" in reply, reply
    raised = conversation.say("那限额能不能调高点")
    assert ("调不了" in raised or "改不了" in raised) and REFUSED not in raised, raised


def test_what_to_bring_and_where_after_a_name_mismatch(chat):
    conversation = chat("zhou_mismatch")
    first = conversation.say("激活的时候弹出来这个：“您的姓名与公安户籍信息不一致，请核实后重试"
                             "（错误码：PSN-1024）” 我前年改过名字的")
    assert "不一致" in first
    documents = conversation.say("要带啥证件去")
    assert REFUSED not in documents and "身份证" in documents and "以当地经办机构的要求为准" in documents, documents
    where = conversation.say("在哪办")
    assert REFUSED not in where and "经办机构" in where and "12393" in where, where


def test_why_right_after_a_phone_sign_in_runs_the_diagnosis(chat, stack):
    conversation = chat()
    conversation.say("在药店扫码付钱没成功 咋回事")
    conversation.say("手机验证")
    conversation.say(ZHAO_PHONE)
    assert "验证成功" in conversation.say(sms_code(stack, ZHAO_PHONE))
    conversation.token = session_payload(conversation.last)["token"]
    reply = conversation.say("所以到底是啥原因")
    assert REFUSED not in reply and "3.50" in reply and "北京同仁堂王府井店" in reply, reply


def test_one_after_a_turn_that_dropped_the_check_button_runs_the_diagnosis(chat, stack):
    conversation = chat()
    conversation.say("在药店扫码付钱没成功 咋回事")
    conversation.say("手机验证")
    conversation.say(ZHAO_PHONE)
    assert "回复1" in conversation.say(sms_code(stack, ZHAO_PHONE))
    conversation.token = session_payload(conversation.last)["token"]
    assert REFUSED in conversation.say("今天天气咋样")  # answers nothing; the pending button is gone
    reply = conversation.say("1")
    assert "没太明白" not in reply and "3.50" in reply, reply


@pytest.mark.parametrize("decline", ["我自己弄吧", "不用了 我自己在app里弄"])
def test_declining_the_reset_ticket_in_own_words_gives_the_self_service_path(chat, decline):
    conversation = chat("sun_pin_locked")
    conversation.say("我密码是不是锁了")
    conversation.click("国家医保APP")
    assert any("我自己操作" in b["title"] for b in conversation.buttons)
    reply = conversation.say(decline)
    assert "医保码 → 修改密码 → 人脸识别" in reply, reply
    assert "登录状态" not in reply and "闪退" not in reply and "重置单已开好" not in reply, reply


def test_side_questions_get_the_narrower_answer(chat):
    family = chat("wu_family")
    family.say("我儿子今年6岁 在深圳交的少儿医保 用我手机上的亲情账户给他出示医保码 收费的说不能用医保 这是什么原因")
    chc = family.say("社康中心是啥 咋绑")
    assert "社区健康服务中心" in chc and "最多绑定5位" not in chc, chc
    anonymous = chat()
    anonymous.say("那我在外地看病能用吗 我是河南的在杭州打工")
    where = anonymous.say("备案在哪弄")
    assert "异地就医备案" in where and "国家医保服务平台APP" in where and "参保地切换" not in where, where


def test_an_elderly_man_without_phone_skills_gets_the_ways_without_the_app(chat):
    conversation = chat()
    first = conversation.say("你好 我是个退休老头 今年七十多了 手机不大会用 孩子都在外地 "
                             "医院让我出示医保码 我该怎么弄啊")
    assert REFUSED not in first and "实体医保卡" in first and "亲情账户" in first, first
    conversation.say("我没有微信 也不会用支付宝")
    again = conversation.say("那国家医保那个APP呢 我也不会下载")
    assert "实体医保卡" in again and "经办大厅" in again, again
    assert not any("APP" in b["title"] for b in conversation.buttons)


def test_transfer_hours_after_the_transfer_answer_and_a_claim_after_paying_self(chat):
    conversation = chat("zhao_balance")
    conversation.say("好的 那我让我儿子给我转点钱 他在上海交的医保 能转吗")
    hours = conversation.say("晚上十一点能转吗")
    assert REFUSED not in hours and "22:00" in hours and "6点以后" in hours, hours
    claim = chat("wu_family").say("那昨天自费的钱还能报吗")
    assert REFUSED not in claim and "发票" in claim and "经办机构" in claim, claim


def test_a_truly_out_of_scope_question_after_a_diagnosis_is_still_refused(chat):
    conversation = chat("liu_limit")
    conversation.say("付款失败了")
    assert REFUSED in conversation.say("今天天气咋样")


def test_family_mutual_aid_step_by_step_asks_which_way_then_says_it_differs_by_region(chat):
    conversation = chat("zhang_ok")
    ways = conversation.say("我医保卡里的钱能转给我媳妇吗 她没工作 交的居民医保")
    assert "家庭共济" in ways and "亲情账户" in ways, ways
    which = conversation.say("咋弄 一步一步说")
    assert "哪一种" in which, which
    assert [b["title"] for b in conversation.last[-1].get("buttons", [])] == ["家庭共济", "医保钱包转账", "亲情账户"]
    how = conversation.say("家庭共济怎么开通")
    assert "统筹基金不能共济" in how and "各地规定不同" in how and "12393" in how, how
    assert "亲情账户" not in how.split("。")[0]


def test_is_the_region_right_after_the_balance_diagnosis_is_answered_from_the_records(chat):
    conversation = chat("zhao_balance")
    first = conversation.say("我医保卡里没钱了吧？而且码上显示的地方好像也不对 我是北京的")
    assert "3.50" in first, first
    region = conversation.say("那地方呢 显示的对不对")
    assert "北京市" in region and "一致" in region and "余额不足时" not in region, region
