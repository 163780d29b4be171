"""Questions beside the point over REST, phrased as people write (trial 3: c03, c07, c11, c25, c27,
c09, c28): a question naming a city in the middle of the region switch, what to do after a scam
warning, old phones, a child's PIN."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def test_a_treatment_question_naming_a_city_mid_switch_is_answered_and_the_switch_goes_on(chat, wallet_api):
    conversation = chat("chen_region")
    assert "参保地" in conversation.say("付款失败了")
    reply = conversation.say("我下个月要回长沙做手术，是不是要先备案")
    assert "异地就医备案" in reply and "以参保地医保部门规定为准" in reply, reply
    assert "不需要再切换" not in reply  # not taken as choosing 长沙
    assert "哪个是您现在真正的参保地" in reply and len(conversation.buttons) == 2
    # the typed number picks the second record
    reply = conversation.say(str(conversation.number_of("深圳")))
    assert "确认把医保码显示的参保地从长沙市切换为深圳市" in reply, reply
    assert "已经切换好了" in conversation.say("是的")
    assert wallet_api.get("/persons/chen_region").json()["shown_region"]["code"] == "440300"


def test_after_a_side_question_saying_the_city_again_goes_to_the_confirmation(chat):
    conversation = chat("chen_region")
    conversation.say("付款失败了")
    conversation.say("我下个月要回长沙做手术，是不是要先备案")
    reply = conversation.say("我是说切到深圳")
    assert "确认把医保码显示的参保地从长沙市切换为深圳市" in reply, reply


def test_cancelling_the_old_insurance_asked_at_the_confirmation_is_answered_and_the_confirmation_stays(chat):
    conversation = chat("chen_region")
    conversation.say("付款失败了")
    conversation.say("深圳的")
    reply = conversation.say("长沙那边的社保要不要去注销啊 我以后还回去的")
    assert "参保关系转移" in reply and "不会注销" in reply and "经办机构" in reply, reply
    assert "支付宝" not in reply and "亲情账户" not in reply  # not the how-to-pay answer
    assert "确认把医保码显示的参保地从长沙市切换为深圳市" in reply
    assert "已经切换好了" in conversation.say("确认")


SCAM_SMS = ("【国家医保局】尊敬的参保人：您的医保卡已停用，请于24小时内点击 http://ybj-gov.cn.upd8.top "
            "升级为医保电子版，逾期将无法报销。回T退订")


def test_a_pasted_scam_sms_is_warned_about_first_and_the_follow_ups_narrow_down(chat):
    conversation = chat()
    conversation.say(SCAM_SMS)
    first = conversation.last[0]["text"]
    assert "诈骗" in first, conversation.last
    assert "电子围栏" not in conversation.say(SCAM_SMS)  # the platform's measures do not push it down
    reply = conversation.say("这是真的吗")
    assert "不是真的" in reply and "电子围栏" not in reply, reply
    reply = conversation.say("我刚才已经点进去了 还填了身份证和验证码 咋办啊")
    assert "修改医保支付密码" in reply and "110" in reply and "12393" in reply, reply
    assert "电子围栏" not in reply and "国产加密" not in reply


def test_a_code_given_to_a_scam_caller_gets_what_to_do_now(chat):
    conversation = chat("zhang_ok")
    reply = conversation.say("刚才有个人打电话说是医保局的 说我医保卡被人盗用了 让我把收到的验证码报给他 他帮我冻结")
    assert conversation.last[0]["text"].startswith("⚠️") and "诈骗" in conversation.last[0]["text"]
    assert "电子围栏" not in reply
    reply = conversation.say("我已经点了")
    assert "修改医保支付密码" in reply and "授权管理" in reply, reply
    assert "您现在的状态" not in reply  # not the account status
    assert any("取消" in b["title"] for b in conversation.buttons)  # the channels to check


def test_an_old_iphone_is_a_device_question_not_the_bound_phone_number(chat):
    conversation = chat()
    conversation.say("医保app卡死了 点医保码就一直白屏不动")
    reply = conversation.say("手机是iphone6 是不是太老了")
    assert "手机号" not in reply, reply
    assert "我的医保凭证" in reply and "社保卡" in reply and "升级" in reply, reply
    assert any("转人工" in b["title"] for b in conversation.buttons)


def test_an_old_oppo_gets_device_steps_not_the_network_diagnosis(chat):
    reply = chat("qian_network").say("我手机是好几年前的oppo 系统没升级过")
    assert "超时" not in reply and "医院/药店系统故障" not in reply, reply
    assert "我的医保凭证" in reply and "社保卡" in reply, reply


def test_a_childs_pin_is_the_childs_own_not_a_reset_offer(chat):
    conversation = chat("wu_family")
    reply = conversation.say("我孩子的密码也是这个吗")
    assert "每个人自己的" in reply and "亲情账户" in reply, reply
    assert "重置单" not in reply and "哪个渠道" not in reply
