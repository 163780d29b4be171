"""Trial round 21's follow-ups, each for the topic in view (the intents are the ones the model gave
in the trial, the texts our own rewordings of the situations): a wallet transfer not accepted, who
counts as kin and the cap per transfer, a code claimed in a relative's account, a new enrollee who
cannot activate yet, a 港澳 resident's office, a fix done and the code, a scam caller who knew the
name, the PIN reset at the till, a hospital system down, a changed phone number, pharmacies without
the wallet, the physical card beside the code, the staffed till."""
from __future__ import annotations

import pytest

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionCheckStatus, ActionDiagnose
from actions.faq import (
    ActionAnswerDigression,
    ActionAnswerFaq,
    ActionHowToPay,
    ActionMedicalWallet,
    ActionSecurityInfo,
    ActionWhatIsCredential,
)
from actions.handoff import ActionFallback, ActionHandoff
from actions.region_switch import side_question
from tests.actions.turns import said

TRANSFER = said("utter_medical_wallet", intent="medical_wallet", text="前天用医保钱包给我爸转了300 他还没点收")
CLAIMED = said("utter_generic_activate_credential", intent="activate_credential",
               text="我妈的码以前是在我微信里领的 她现在想在自己手机上弄 提示已被其他账号领取")
NEW_JOB = said("utter_generic_activate_credential", intent="activate_credential",
               text="上个月才换的新单位 医保码激活说未查询到参保信息")
SYSTEM = said("utter_diag_institution_system_error", intent="system_failure", text="窗口说医保系统坏了")
PHONE = said("utter_faq/change_phone", intent="faq", text="原来的手机号不用了 收不到验证码")
PHARMACY = said("utter_medical_wallet", intent="medical_wallet", text="这家药店说不能用医保钱包")


@pytest.mark.parametrize("action, intent, text, turns, slots, expected", [
    # c03: a transfer not accepted, then the block on a new one
    (ActionAnswerFaq, "faq", "他要是一直不接收 钱能退回来不", [TRANSFER], {}, "utter_wallet_transfer_unaccepted"),
    (ActionSecurityInfo, "security_info", "那我催他点一下接收就可以了对吧",
     [TRANSFER, said("utter_wallet_transfer_unaccepted")], {}, "utter_wallet_accept_unblocks"),
    # c13: a cousin, then a brother over one transfer's cap, then how many a day
    (ActionMedicalWallet, "medical_wallet", "钱包里的钱能转给我堂姐吗",
     [said("utter_medical_wallet", intent="medical_wallet", text="医保钱包咋转钱")], {},
     "utter_wallet_transfer_not_kin"),
    (ActionFollowUp, "follow_up", "那我亲妹妹呢 想给她转5000",
     [said("utter_wallet_transfer_not_kin", intent="medical_wallet", text="钱包能转给表弟吗")], {},
     "utter_wallet_transfer_split"),
    (ActionOutOfScope, "out_of_scope", "每天最多能转几笔啊",
     [said("utter_wallet_transfer_split", intent="medical_wallet", text="钱包转给我姐 要转四千")], {},
     "utter_wallet_transfer_limits"),
    (ActionMedicalWallet, "medical_wallet", "又想给我奶奶转点 页面说还有一笔待接收 转不了", [TRANSFER], {},
     "utter_wallet_transfer_unaccepted"),
    (ActionDiagnose, "region_mismatch", "我在江苏 他在四川 跨省也能转吗", [TRANSFER], {}, "utter_wallet_transfer_yes"),
    # c04: one PIN for every channel
    (ActionDiagnose, "forgot_pin", "那我用微信付的时候输哪个密码",
     [said("utter_generic_forgot_pin", intent="forgot_pin")], {"diagnosed_cause": "pin_locked"},
     "utter_pin_one_for_all"),
    # c06: the code claimed in the writer's account
    (ActionFallback, "nlu_fallback", "咋解绑啊", [CLAIMED], {}, "utter_unbind_for_relative"),
    # c09: a 港澳 resident's office
    (ActionFollowUp, "follow_up", "那要去哪儿办", [said("utter_activation_foreign_id", intent="activate_credential")],
     {}, "utter_activation_foreign_id_where"),
    # c10 (and round 20): the code after the fix
    (ActionCheckStatus, "check_status", "办好以后还要重新激活医保码吗",
     [said("utter_diag_status_abnormal", intent="credential_abnormal")], {"diagnosed_cause": "status_abnormal"},
     "utter_no_reactivation_after_fix"),
    # c11: a scam caller who knew the name, then the police
    (ActionDiagnose, "info_mismatch", "验证码没给 可他连我身份证号都说得出来",
     [said("utter_scam_warning", intent="security_info")], {}, "utter_scam_info_known"),
    (ActionFallback, "nlu_fallback", "这种要报警吗", [said("utter_scam_warning", intent="security_info")], {},
     "utter_scam_police"),
    # c16: a hospital's system down: how long, and its pharmacy
    (ActionOutOfScope, "out_of_scope", "大概多久能修好啊", [SYSTEM], {"diagnosed_cause": "institution_system_error"},
     "utter_system_failure_how_long"),
    (ActionHowToPay, "how_to_pay", "那楼下药房取药是不是也一样用不了", [SYSTEM],
     {"diagnosed_cause": "institution_system_error"}, "utter_system_hospital_pharmacy"),
    # c18: a changed number: the carrier's shop, the code afterwards
    (ActionOutOfScope, "out_of_scope", "去移动营业厅能改吗", [PHONE], {}, "utter_phone_change_not_carrier"),
    (ActionAnswerFaq, "faq", "换好了以后支付宝里的医保码照常能用吧", [PHONE], {}, "utter_code_after_phone_change"),
    # c19: pharmacies without the wallet
    (ActionFallback, "nlu_fallback", "为什么隔壁药店就可以", [PHARMACY], {}, "utter_wallet_integration_varies"),
    (ActionFallback, "nlu_fallback", "那哪些药店能用钱包我咋知道", [PHARMACY], {}, "utter_wallet_where_accepted"),
    # round 20: the card beside the code
    (ActionWhatIsCredential, "what_is_credential", "家里有实体医保卡 还需要弄这个码吗",
     [said("utter_what_is_credential", intent="what_is_credential")], {}, "utter_card_and_code_both"),
    # c01: the staffed till is not a handoff
    (ActionHandoff, "request_human", "去收费窗口能扫码吗", [said("utter_faq/screenshot")], {},
     "utter_counter_window_scan"),
])
def test_round21_follow_ups(tracker, run, responses, action, intent, text, turns, slots, expected):
    trk = tracker(intent, None, text=text, turns=turns, slots=slots)
    assert responses(run(action(), trk)[1]) == [expected]


def test_the_other_channels_pin_after_a_reset(tracker, run, responses):
    # c04: read as inform (round 21: how to pay with Alipay)
    trk = tracker("inform", None, text="重置完支付宝那边是不是也跟着变",
                  turns=[said("utter_generic_forgot_pin", intent="forgot_pin")])
    assert "utter_pin_one_for_all" in responses(run(ActionHowToPay(), trk)[1])


@pytest.mark.parametrize("intent, text, expected", [
    ("activate_credential", "一般得等几天才能激活", "utter_activation_new_enrollee_wait"),
    ("out_of_scope", "这两天孩子发烧要去医院 咋整", "utter_activation_meanwhile"),
    ("activate_credential", "下个月还是激活不了的话找谁", "utter_activation_who_to_ask"),
])
def test_a_new_enrollee_in_the_activation(tracker, run, responses, intent, text, expected):
    trk = tracker(intent, None, text=text, turns=[NEW_JOB], active_loop="activation_form",
                  slots={"requested_slot": "pay_channel"})
    assert expected in responses(run(ActionAnswerDigression(), trk)[1])


def test_money_after_the_switch_is_a_question_not_the_choice():
    assert side_question("切换以后东莞那边账户的钱能转到深圳来吗", True) == "money"
    assert side_question("切到深圳", True) is None


@pytest.mark.parametrize("action, intent, text", [
    (ActionHandoff, "request_human", "转人工"),
    (ActionMedicalWallet, "medical_wallet", "钱包里的钱能转给我老婆吗"),
    (ActionOutOfScope, "out_of_scope", "一般要等多久"),
])
def test_the_cues_need_their_topic(tracker, run, responses, action, intent, text):
    trk = tracker(intent, None, text=text)
    got = responses(run(action(), trk)[1])
    assert not set(got) & {"utter_counter_window_scan", "utter_wallet_transfer_not_kin",
                           "utter_system_failure_how_long", "utter_activation_new_enrollee_wait"}
