"""Following a conversation over REST, phrased as people write: follow-ups, 「还是不行」, two
questions at once, questions inside a guided fix, English, nonsense, the phone itself failing."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def test_a_follow_up_after_a_diagnosis_gets_what_to_do_for_that_cause(chat):
    conversation = chat("wang_frozen")
    first = conversation.say("付款失败了")
    assert "暂停" in first
    reply = conversation.say("那我咋办嘛")
    assert "还有其他需要帮忙" not in reply and "没太明白" not in reply
    assert "经办机构" in reply or "12393" in reply, reply
    assert "上次" not in reply  # the next step, not the diagnosis again


def test_yes_to_the_offered_human_opens_a_ticket(chat):
    conversation = chat("zhou_mismatch")
    conversation.say("付款失败了")
    assert any("转人工" in b["title"] for b in conversation.buttons)
    assert "工单号T" in conversation.say("好的")


def test_still_not_working_after_a_fix_rechecks_and_offers_a_human(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("付款失败了")
    conversation.click("支付宝")
    assert "/wallet/pin-reset/" in conversation.click("开重置单")  # the fix is under way
    reply = conversation.say("按你说的弄了还是不行啊")
    assert "重新查" in reply and "锁定" in reply, reply
    assert any("转人工" in b["title"] for b in conversation.buttons)


def test_a_problem_asked_inside_the_region_fix_is_answered_and_the_fix_goes_on(chat):
    conversation = chat("chen_region")
    first = conversation.say("付款失败了")
    assert "参保地" in first
    reply = conversation.say("等下，我密码是不是也锁了？")
    assert "密码" in reply and "没有锁定" in reply, reply
    assert "上次" not in reply  # no second diagnosis
    assert conversation.buttons, "the region question is asked again with its choices"


def test_a_faq_inside_the_activation_fix_is_answered_and_the_fix_goes_on(chat):
    conversation = chat("li_unactivated")
    conversation.say("付款失败了")
    reply = conversation.say("医保服务热线是多少")
    assert "12393" in reply and "没太明白" not in reply, reply
    assert "渠道" in reply  # the form asks its question again


def test_the_same_cause_is_referred_to_instead_of_repeated(chat):
    conversation = chat("zhao_balance")
    conversation.say("付款失败了")
    reply = conversation.say("刷医保码又付款失败了")
    assert "刚才已经帮您查过了" in reply and reply.count("\n") <= 2, reply


def test_balance_and_how_to_pay_in_one_message_are_both_answered(chat):
    reply = chat("zhao_balance").say("我医保卡里还有多少钱？还有微信上怎么付款啊")
    assert "余额" in reply and "微信" in reply, reply


def test_english_gets_a_short_english_answer_with_the_hotline(chat):
    reply = chat().say("Hello, my medical insurance code does not work at the pharmacy")
    assert "Chinese" in reply and "12393" in reply


@pytest.mark.parametrize("text", ["asdfghjk", "咕噜咕噜 噗", "asdfgh jkl"])
def test_nonsense_gets_the_fallback_with_choices(chat, text):
    conversation = chat()
    reply = conversation.say(text)
    assert "没太明白" in reply and len(conversation.buttons) >= 3, reply


def test_the_app_itself_crashing_gets_device_steps_not_the_hospital(chat):
    reply = chat("zhang_ok").say("国家医保app一打开就闪退，根本进不去")
    assert "重启" in reply and ("更新" in reply or "重新安装" in reply), reply
    assert "收银员重启设备" not in reply


def test_a_long_story_is_answered_for_its_problem_not_the_place_or_channel(chat):
    reply = chat("sun_pin_locked").say(
        "今天在楼下大药房拿药，用支付宝扫的医保码，输了好几次密码都不对，现在提示密码已锁定，"
        "药店的人让我自己想办法，我该怎么弄啊")
    assert "密码" in reply and "锁" in reply, reply
    assert "重置" in reply or "渠道" in reply, reply


def test_a_story_with_a_fee_for_the_code_gets_the_scam_warning_first(chat):
    reply = chat().say("我在药店付款失败了，回家后有个自称医保局的人打电话说要交升级费才能恢复医保码")
    assert "很像诈骗" in reply, reply
    assert reply.index("很像诈骗") < 40, reply  # the warning comes first


def test_a_number_with_no_choice_pending_gets_the_choices_and_then_picks_one(chat):
    typed, pressed = chat(), chat()
    for conversation in (typed, pressed):
        reply = conversation.say("2")
        assert "没太明白" in reply and "祝您身体健康" not in reply, reply
    assert typed.say("2") == pressed.say(pressed.buttons[1]["payload"])  # now it is a choice


def test_asking_again_after_the_device_steps_gets_a_person_not_the_same_text(chat):
    conversation = chat()
    first = conversation.say("我妈手机太旧了 医保app装上就闪退")
    assert "重启" in first
    reply = conversation.say("那咋整啊")
    assert "先换个渠道救急" not in reply and "重启" not in reply, reply  # nothing said twice
    assert "我的医保凭证" in reply and "社保卡" in reply, reply  # one more concrete step first
    assert "人工" in reply and reply.index("我的医保凭证") < reply.index("人工"), reply


def test_after_a_scam_warning_then_what_gets_the_next_steps(chat):
    conversation = chat()
    first = conversation.say("有人打电话说是医保局的，让我报一下短信验证码")
    assert "诈骗" in first
    reply = conversation.say("然后呢")
    assert "12393" in reply and "回拨" in reply, reply
    assert reply != first


def test_then_what_inside_the_pin_reset_says_where_it_leads(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("付款失败了")
    reply = conversation.say("那我咋办嘛")
    assert "刷脸" in reply and "新密码" in reply, reply
    assert conversation.buttons, "the channel question is asked again"


def test_an_activation_question_inside_the_region_fix_is_answered_and_the_fix_goes_on(chat):
    conversation = chat("chen_region")
    conversation.say("付款失败了")
    reply = conversation.say("对了 医保码怎么激活啊")
    assert "刷脸" in reply and "记下了" not in reply, reply
    assert conversation.buttons, "the region question is asked again with its choices"


def test_is_my_pin_locked_too_is_answered_from_the_records_without_a_reset(chat):
    conversation = chat("chen_region")
    conversation.say("付款失败了")
    conversation.say("算了")
    reply = conversation.say("那我密码是不是也锁了？")
    assert "没有锁定" in reply and "渠道" not in reply, reply  # no reset form started


def test_asking_why_after_the_diagnosis_gets_the_reasons_not_only_a_reference(chat):
    conversation = chat("wang_frozen")
    conversation.say("付款失败了")
    reply = conversation.say("为啥会暂停啊 我一直交着呢")
    # the reasons first, without 「记录没有变化」 before them (trial round 16)
    assert reply.startswith("医保码显示") and "断缴" in reply and "刚才已经帮您查过了" not in reply, reply


def test_the_wallet_not_working_for_this_person_is_looked_up_not_explained_in_general(chat):
    reply = chat("zheng_system").say("药店说他们不能用医保钱包付 是不是我的问题")
    assert "上次" in reply or "记录" in reply, reply  # the person's own failed payment
    assert "系统" in reply, reply  # the institution's side, as the records say


def test_still_not_working_twice_hands_over_instead_of_checking_again(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("付款失败了")
    conversation.click("支付宝")
    conversation.click("开重置单")
    first = conversation.say("还是不行")
    assert "重新查" in first, first
    reply = conversation.say("还是不行啊")
    assert "工单号T" in reply and "重新查" not in reply, reply


def test_asking_for_the_link_after_the_pin_reset_ticket_points_to_it(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("付款失败了")
    conversation.click("支付宝")
    assert "/wallet/pin-reset/" in conversation.click("开重置单")
    reply = conversation.say("那链接在哪")
    assert "密码重置单已开好" in reply and "刷脸" in reply, reply
    assert "国产加密" not in reply and "盗刷" not in reply, reply  # not the security text


def test_asking_for_the_link_without_a_ticket_says_why_there_is_none(chat):
    conversation = chat()
    conversation.say("支付密码忘了咋办")
    conversation.click("微信")
    reply = conversation.say("链接呢")
    assert "没有链接" in reply and "手机验证" in reply, reply
    assert "国产加密" not in reply, reply


def test_is_it_real_after_a_pasted_scam_sms_gets_the_verdict_and_what_to_do(chat):
    conversation = chat()
    first = conversation.say("【医保局】您的医保卡已停用，请点击链接 http://ybk-sj.cn/up 升级电子医保，逾期作废")
    assert "诈骗" in first
    reply = conversation.say("这是真的吗 怎么弄")
    assert "不是真的" in reply and "已经点了" in reply, reply
    assert "国产加密" not in reply, reply  # not the security text again


def test_moving_account_money_to_a_spouse_is_not_answered_with_binding_steps(chat):
    for persona in ("wu_family", None):
        reply = chat(persona).say("能把我医保卡里的钱转给我老婆吗")
        assert "不能取现" in reply and "家庭共济" in reply and "亲情账户" in reply, reply
        assert "按提示添加家人" not in reply and "已绑定的家人" not in reply, reply
