"""Over REST, trial round 16's leftovers phrased as people write them: the materials asked again
(and the right ones for a paused insurance), a locked PIN the person never mistyped, a worry
about the account, the platform's code SMS pasted, paying for a relative beside the balance, and a
husband's insurance for the writer's own care."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")
SECURITY_TEXT = "国产加密算法"  # the four-part security answer
SMS = "【国家医保服务平台】您的验证码为482913，5分钟内有效，请勿泄露给他人。"


def test_the_materials_for_a_paused_insurance_then_asked_again(chat):
    conversation = chat()
    conversation.say("医保码显示参保状态异常 去哪里处理")
    papers = conversation.say("要带什么")
    assert "离职证明" in papers and "核实更正身份信息" not in papers, papers
    again = conversation.say("你没回答我 到底要带啥")
    assert again.startswith("就带本人身份证") and again != papers, again


def test_a_locked_pin_the_person_never_mistyped(chat):
    conversation = chat("sun_pin_locked")
    found = conversation.say("为什么付不了款")
    assert "锁定" in found, found
    why = conversation.say("我没输过密码啊")
    assert "所有渠道共用" in why and "授权管理" in why, why
    assert "这一步就是在办" not in why, why


def test_a_pasted_lock_sms_then_never_mistyped(chat):
    conversation = chat()
    conversation.say("【国家医保服务平台】您的医保电子凭证支付密码已连续输错5次，已被锁定，请重置密码。")
    why = conversation.say("我没输过密码啊")
    assert "诈骗" in why and "没有比上面更具体" not in why, why


def test_a_worry_about_the_account(chat):
    conversation = chat()
    worry = conversation.say("会不会有人盗我号")
    assert "一般盗不走" in worry and SECURITY_TEXT not in worry, worry


def test_the_code_sms_pasted_while_signed_in(chat):
    conversation = chat("zhang_ok")
    pasted = conversation.say(SMS)
    assert "不要发给任何人" in pasted and "登录状态" not in pasted and SECURITY_TEXT not in pasted, pasted


def test_paying_for_family_beside_the_balance(chat):
    conversation = chat("wu_family")
    both = conversation.say("我想帮家里人付药钱 怎么弄？还有我账户里还剩多少钱")
    assert "余额" in both and "亲情账户" in both and "家庭共济" in both, both


def test_a_husbands_insurance_for_the_writer(chat):
    conversation = chat()
    reply = conversation.say("能用我老公的医保帮我付吗")
    assert "冒名就医" in reply and "家庭共济" in reply, reply
    assert "最多绑定5位家人" not in reply, reply  # not the five-part family answer


def test_an_elderly_fathers_alipay_entry_then_presence(chat):
    conversation = chat()
    where = conversation.say("我爸72了 只会用支付宝 他的医保码在支付宝哪里打开")
    assert "医疗健康·医保" in where and "检查网络" not in where, where
    presence = conversation.say("要他本人去吗")
    assert "亲情账户" in presence and "帮不上忙" not in presence, presence


def test_a_shenzhen_childs_insurance_at_the_hospital(chat):
    conversation = chat()
    reply = conversation.say("深圳的 孩子少儿医保 去医院刷不了医保码")
    assert "社康中心" in reply and "余额不足" not in reply, reply
