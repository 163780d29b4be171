"""Trial round 22's follow-ups and round 20's last leftovers, each for the topic in view (the intents
are the ones the model gave in the trial, the texts our own rewordings of the situations): whether a
payment went through, an order's status, whom to ask, a timeout after changing the network, the PIN's
rules inside the reset, a relative's empty account and the family's money in hospital, 二档 in the
family, an old 参保 record, one channel's code removed, online pharmacies, the hotline's busy hours,
the bound number for the wallet, a scam victim's bank card and a freeze, another phone, the go-ahead
at the region question."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.context import ActionFollowUp, ActionOutOfScope, ActionStillNotWorking
from actions.diagnosis import ActionDiagnose
from actions.faq import (
    ActionAnswerDigression,
    ActionAnswerFaq,
    ActionHowToPay,
    ActionSecurityInfo,
    ActionWhatIsCredential,
)
from actions.handoff import ActionFallback
from actions.region_switch import ValidateRegionSwitchForm, goes_ahead
from actions.round22 import paid_or_not_asked
from tests.actions.turns import said

ASKING = [{"event": "active_loop", "name": "region_switch_form"}]  # the form was waiting for this message



TIMEOUT = said("utter_diag_network_timeout", "utter_network_checklist", intent="network_error",
               text="付款一直转圈 最后说超时")
FAMILY = said("utter_family_vs_mutual_aid", "utter_family_binding_rules", intent="family_binding",
              text="我想帮我妈付药钱")
TWO_REGIONS = said("utter_generic_region_mismatch", intent="region_mismatch", text="码上面有两个参保地 成都和重庆")
SCAM = said("utter_scam_warning", intent="security_info", text="短信说医保卡要升级 让点链接")
HOTLINE = said("utter_faq/hotline", text="医保客服电话是多少")
WALLET = said("utter_medical_wallet", intent="medical_wallet", text="医保钱包咋开")


@pytest.mark.parametrize("action, intent, text, turns, slots, expected", [
    # an order's status pasted, what a failed settlement means, whom to ask
    (ActionDiagnose, "credential_abnormal", "付款页面显示 订单状态：失败", [], {}, "utter_order_state_abnormal"),
    (ActionDiagnose, "payment_failed", "结算失败到底是啥意思", [], {}, "utter_settlement_failed_meaning"),
    (ActionDiagnose, "payment_failed", "药房叫我找医保局 医保局又叫我找药房 该找谁啊", [], {},
     "utter_who_to_ask_payment"),
    # not signed in, whether a payment went through
    (ActionDiagnose, "payment_failed", "刚在诊所扫了码 也不知道扣上钱没有", [], {}, "utter_paid_or_not_general"),
    (ActionAnswerFaq, "faq", "那我上哪看扣没扣钱", [said("utter_paid_or_not_general")], {},
     "utter_paid_or_not_general"),
    # a timeout: tried another network, a weak spot, the fear of paying twice
    (ActionDiagnose, "network_error", "开了流量也还是转圈", [TIMEOUT], {"diagnosed_cause": "network_timeout"},
     "utter_network_fine_still"),
    (ActionDiagnose, "network_error", "我在负一楼药房 信号只有一格", [TIMEOUT], {}, "utter_network_weak_spot"),
    (ActionOutOfScope, "out_of_scope", "我扫了好几次 会不会重复扣", [TIMEOUT], {}, "utter_network_no_double"),
    # the family: the relative's account empty, my money for her, a hospital stay, 二档
    (ActionDiagnose, "insufficient_balance", "我妈自己卡里没钱了咋办", [FAMILY], {}, "utter_relative_account_empty"),
    (ActionFollowUp, "follow_up", "那怎么弄她才能花我账户里的钱", [FAMILY], {}, "utter_family_mutual_aid_short"),
    (ActionHowToPay, "how_to_pay", "住院也可以用吗", [FAMILY], {}, "utter_mutual_aid_inpatient"),
    (ActionHowToPay, "inform", "我儿子是少儿医保", [FAMILY], {}, "utter_chc_info"),
    # two 参保地: where one works, the old one deleted, or left
    (ActionHowToPay, "inform", "我现在在重庆上班", [TWO_REGIONS], {}, "utter_region_pick_where_paid"),
    (ActionAnswerFaq, "faq", "成都那个能删掉吗", [TWO_REGIONS], {}, "utter_region_old_record_delete"),
    (ActionFallback, "nlu_fallback", "留着不管会有影响吗", [TWO_REGIONS], {}, "utter_region_old_record_harmless"),
    # one channel's code removed; online pharmacies; what 定点 means
    (ActionHowToPay, "inform", "微信里那个医保码我想解绑掉 只留支付宝的", [], {}, "utter_unbind_one_channel"),
    (ActionHowToPay, "how_to_pay", "饿了么上面买药可以走医保吗", [], {}, "utter_online_pharmacy"),
    (ActionFollowUp, "follow_up", "那叮当快药呢 网上买药", [said("utter_online_pharmacy")], {},
     "utter_online_pharmacy"),
    (ActionAnswerFaq, "faq", "定点医院是什么意思", [], {}, "utter_designated_meaning"),
    # the hotline busy; the WeChat menu without 医疗健康; the wallet's phone number
    (ActionOutOfScope, "out_of_scope", "一般什么时候打比较好打通", [HOTLINE], {}, "utter_hotline_busy"),
    (ActionOutOfScope, "out_of_scope", "服务里面找不到医疗健康这一项", [], {}, "utter_channel_entry_missing"),
    (ActionAnswerFaq, "faq", "有两个手机号 填哪个", [WALLET], {}, "utter_wallet_phone_which"),
    # a scam: the bank card given, a freeze asked
    (ActionSecurityInfo, "security_info", "卡号也填了", [SCAM], {}, "utter_scam_bank_card"),
    (ActionDiagnose, "credential_abnormal", "能不能让医保局先把我的医保冻结了", [SCAM], {}, "utter_scam_freeze"),
    # another phone; today's medicine after 「还是不行」
    (ActionFollowUp, "follow_up", "要不我换台手机登录看看", [], {}, "utter_other_phone_login"),
    (ActionStillNotWorking, "still_not_working", "要还不行 今天的药咋拿", [], {}, "utter_pay_now_generic"),
])
def test_round22_follow_ups(tracker, run, responses, action, intent, text, turns, slots, expected):
    trk = tracker(intent, None, text=text, turns=turns, slots=slots)
    assert responses(run(action(), trk)[1]) == [expected]


def test_the_pins_rules_inside_the_reset(tracker, run, responses):
    trk = tracker("forgot_pin", None, text="新密码能设成我生日吗", active_loop="pin_reset_form",
                  slots={"requested_slot": "pin_reset_confirm", "diagnosed_cause": "pin_locked"},
                  turns=[said("utter_diag_pin_locked", intent="forgot_pin")])
    assert "utter_pin_new_rules" in responses(run(ActionAnswerDigression(), trk)[1])


def test_the_wallet_beside_the_code_without_naming_it(tracker, run, responses):
    trk = tracker("what_is_credential", None, text="开了有啥用 跟医保码不一样吗", turns=[WALLET])
    assert responses(run(ActionWhatIsCredential(), trk)[1]) == ["utter_wallet_vs_code"]


@pytest.mark.parametrize("action, intent, text", [
    (ActionOutOfScope, "out_of_scope", "几点好打"),
    (ActionFollowUp, "follow_up", "留着不管会有影响吗"),
    (ActionFollowUp, "follow_up", "住院也可以用吗"),
    (ActionDiagnose, "network_error", "换了wifi还是不行"),
])
def test_the_cues_need_their_topic(tracker, run, responses, action, intent, text):
    got = responses(run(action(), tracker(intent, None, text=text))[1])
    assert not set(got) & {"utter_hotline_busy", "utter_region_old_record_harmless", "utter_mutual_aid_inpatient",
                           "utter_network_fine_still"}


@pytest.mark.parametrize("text, asked", [
    ("不知道付成功没有", True), ("钱到底扣没扣", True), ("付上了吗", True), ("怎么看有没有扣钱", True),
    ("医保码能付吗", False), ("怎么付钱", False), ("好像扣了两次", False), ("上礼拜那笔扣了没有", False),
    ("付款失败了", False),
])
def test_whether_it_went_through(text, asked):
    assert paid_or_not_asked(text) is asked


def test_signed_in_the_records_say_it_went_through(fake, tracker, run, responses):
    fake.people["ok"]["attempts"] = [{"occurred_at": "2026-11-26T03:10:00+00:00", "institution": "老百姓大药房",
                                      "amount": "36.50", "result": "success"}]
    trk = tracker("payment_failed", "ok", text="我刚才付了钱 不知道付成功没有")
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_pay_again_paid"]


def test_signed_in_a_failed_newest_gets_the_diagnosis(fake, tracker, run, responses):
    trk = tracker("payment_failed", "region", text="刚付的钱 成功了吗")
    assert "utter_diag_region_mismatch" in responses(run(ActionDiagnose(), trk)[1])


@pytest.mark.parametrize("text, yes", [
    ("好 那就切吧", True), ("切吧", True), ("行 帮我改", True), ("好的", True),
    ("先不切", False), ("切到哪个好", False), ("别切", False), ("等一下", False),
])
def test_the_go_ahead(text, yes):
    assert goes_ahead(text) is yes


def test_the_go_ahead_at_the_record_question_means_the_real_record(fake, tracker, run):
    trk = tracker("follow_up", "region", text="好 那就切吧", active_loop="region_switch_form",
                  slots={"requested_slot": "region_code"},
                  turns=[said("utter_diag_region_mismatch", intent="payment_failed")])
    events, _ = run(ActionAnswerDigression(), trk)
    assert SlotSet("region_code", "440300") in events


def test_the_go_ahead_needs_one_real_record(fake, tracker, run, responses):
    trk = tracker("follow_up", "ok", text="好 那就切吧", active_loop="region_switch_form",
                  slots={"requested_slot": "region_code"})
    events, _ = run(ActionAnswerDigression(), trk)
    assert not any(e.get("name") == "region_code" and e.get("value") for e in events)


def test_validation_takes_the_go_ahead(fake, tracker, run):
    # read as a yes, the form validates it (the tracker as the validation gets it: test_side_questions)
    after = [{"event": "slot", "name": "requested_slot", "value": "region_code"},
             {"event": "action", "name": "region_switch_form"}]
    trk = tracker("affirm", "region", text="那就切吧", active_loop="region_switch_form",
                  slots={"requested_slot": "region_code"}, after=after, turns=ASKING)
    events, _ = run(ValidateRegionSwitchForm(), trk)
    assert SlotSet("region_code", "440300") in events
