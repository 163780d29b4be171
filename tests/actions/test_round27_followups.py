"""Round 26's re-grade leftovers and trial round 27's follow-ups, each for the topic in view (the
intents are the ones the model gave, the texts our own rewordings): an anonymous activation that
names its cause, a building without signal, a screenshot sent on, the wallet outside its APP, the
number changed in one channel, the rest of a bill after a low balance, a spouse's account; a code
claimed in a banned WeChat account, a video call asking to share the screen, a lost physical card,
the face check, a PIN seen by a bystander, glasses, a code called 「过期」, a hospital's 公众号 without
医保 payment, a divorce, a prescription, the wallet's column, a lent card, power saving, the day's
face checks, a kiosk."""
from __future__ import annotations

import pytest

from actions.context import ActionAppTroubleshoot, ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionCheckStatus, ActionDiagnose
from actions.faq import (
    ActionAnswerFaq,
    ActionFamilyInfo,
    ActionHowToPay,
    ActionMedicalWallet,
    ActionSecurityInfo,
    ActionWhatIsCredential,
)
from actions.handoff import ActionFallback
from actions.round24 import round24_first
from tests.actions.turns import said

SHOT = said("utter_code_photo_useless", intent="faq", text="码能拍下来给我妈用吗")
WALLET = said("utter_medical_wallet", intent="medical_wallet", text="钱包是干嘛的")
NUMBER = said("utter_phone_change_where", intent="activate_credential", text="换号了 收不到验证码")
LOW = said("utter_diag_insufficient_balance", intent="payment_failed", text="付不了钱")
CLAIMED = said("utter_claimed_other_account", intent="cannot_show_code", text="提示已被其他账号领取")
SCREEN = said("utter_scam_screen_share", intent="security_info", text="医保局的人视频让我共享屏幕")
CARD = said("utter_card_lost", intent="security_info", text="医保卡掉了")
EXPIRED = said("utter_code_expired", intent="payment_failed", text="收银员说我的码过期了")
NOT_OPEN = said("utter_channel_no_mobile_pay", intent="how_to_pay", text="提示当前渠道未开通医保移动支付")
DIVORCE = said("utter_family_remove_member", intent="family_binding", text="离婚了 想把前夫从亲情账户删了")
LIMIT = said("utter_diag_over_limit", intent="payment_failed", text="说我超了")
LENT = said("utter_card_lent", intent="faq", text="医保卡借给我姐用了一回")
GLASSES = said("utter_glasses", intent="out_of_scope", text="配眼镜能刷医保吗")
CAP = said("utter_face_daily_cap", intent="activate_credential", text="刷脸次数到上限了")
PIN = said("utter_pin_seen", intent="forgot_pin", text="密码被人偷看了")


@pytest.mark.parametrize("action, intent, text, turns, slots, expected", [
    (ActionDiagnose, "activate_credential", "手机换了个新的 医保码激活不上", [], {}, "utter_activation_new_handset"),
    (ActionDiagnose, "activate_credential", "手机号改了 医保码激活不了", [], {}, "utter_activation_new_number"),
    (ActionDiagnose, "activate_credential", "工行手机银行能不能领医保码", [], {}, "utter_activation_bank_app"),
    (ActionDiagnose, "network_error", "住院部里面没信号 码出不来", [], {}, "utter_no_signal_inside"),
    (ActionAnswerFaq, "faq", "拍张照发给她呢", [SHOT], {}, "utter_screenshot_send_no"),
    (ActionMedicalWallet, "medical_wallet", "可钱包只在国家医保那个app里有啊", [WALLET], {}, "utter_wallet_any_code"),
    (ActionAnswerFaq, "faq", "支付宝里能直接换手机号吗", [NUMBER], {}, "utter_phone_change_channel"),
    (ActionHowToPay, "how_to_pay", "不够的那些咋付", [LOW], {"diagnosed_cause": "insufficient_balance"},
     "utter_rest_after_balance"),
    (ActionFamilyInfo, "family_binding", "我媳妇个人账户里钱多 能用她的吗", [], {}, "utter_other_pays_not_code"),
    # trial round 27
    (ActionDiagnose, "cannot_show_code", "换了个微信号 医保码提示已在其他账号领取", [], {},
     "utter_claimed_other_account"),
    (ActionHowToPay, "how_to_pay", "那我去国家医保app里领一个可以不", [CLAIMED], {}, "utter_claimed_other_channel"),
    (ActionSecurityInfo, "security_info", "有个自称社保局的让我开共享屏幕 说帮我办", [], {}, "utter_scam_screen_share"),
    (ActionFallback, "nlu_fallback", "他还说不弄的话每月扣一百", [SCREEN], {}, "utter_scam_monthly_fee"),
    (ActionOutOfScope, "out_of_scope", "他给了个电话让我回拨", [SCREEN], {}, "utter_scam_call_back"),
    (ActionSecurityInfo, "security_info", "没开共享也没给钱 还用报警吗", [SCREEN], {}, "utter_scam_report_no_loss"),
    (ActionSecurityInfo, "security_info", "我妈医保卡丢了 钱会不会被人刷走", [], {}, "utter_card_lost"),
    (ActionHowToPay, "how_to_pay", "补办这几天能用手机上的医保码看病不", [CARD], {}, "utter_card_code_meanwhile"),
    (ActionOutOfScope, "out_of_scope", "补卡收费吗", [CARD], {}, "utter_card_replace"),
    (ActionHowToPay, "how_to_pay", "不是付款 是每次一打开码就得刷脸", [], {}, "utter_face_on_open"),
    (ActionFamilyInfo, "family_binding", "用医保卡刷是不是就不用刷脸", [], {}, "utter_card_no_face"),
    (ActionFamilyInfo, "family_binding", "刷脸的时候戴口罩行不", [], {}, "utter_face_mask_off"),
    (ActionDiagnose, "forgot_pin", "排队时后面的人偷看我输密码了", [], {}, "utter_pin_seen"),
    (ActionAnswerFaq, "faq", "那改完原来的密码就不能用了吧", [PIN], {}, "utter_pin_old_void"),
    (ActionOutOfScope, "out_of_scope", "配近视眼镜能刷医保码吗", [], {}, "utter_glasses"),
    (ActionOutOfScope, "out_of_scope", "在医院眼科配呢", [GLASSES], {}, "utter_glasses_hospital"),
    (ActionDiagnose, "payment_failed", "收银员说我这码过期了 我才点开的", [], {}, "utter_code_expired"),
    (ActionOutOfScope, "out_of_scope", "手机时间不准 快了二十分钟 有影响吗", [], {}, "utter_phone_clock"),
    (ActionFallback, "nlu_fallback", "刷新了还是说过期", [EXPIRED], {}, "utter_code_expired_still"),
    (ActionFollowUp, "follow_up", "那现在咋办 后面还排着人", [EXPIRED], {}, "utter_code_expired_now"),
    (ActionHowToPay, "how_to_pay", "公众号交费弹出来 当前渠道未开通医保移动支付 啥意思", [], {},
     "utter_channel_no_mobile_pay"),
    (ActionFollowUp, "follow_up", "那只能去窗口排队交？", [NOT_OPEN], {}, "utter_channel_no_mobile_pay_how"),
    (ActionOutOfScope, "out_of_scope", "那我先用支付宝把钱付了 回头还能走医保吗", [NOT_OPEN], {},
     "utter_self_paid_claim_later"),
    (ActionSecurityInfo, "security_info", "孙女老拿我手机乱按 以后咋防", [], {}, "utter_stop_kid_phone"),
    (ActionFamilyInfo, "family_binding", "共济还开着呢 他还能用我的钱吗", [DIVORCE], {}, "utter_mutual_aid_divorce"),
    (ActionSecurityInfo, "security_info", "删了他会收到通知吗", [DIVORCE], {}, "utter_family_remove_notice"),
    (ActionOutOfScope, "out_of_scope", "那1500岂不是全自费", [LIMIT], {"diagnosed_cause": "over_limit"},
     "utter_limit_not_all_self_paid"),
    (ActionOutOfScope, "out_of_scope", "药店说这药得有处方才能走医保", [LIMIT], {"diagnosed_cause": "over_limit"},
     "utter_prescription_needed"),
    (ActionAppTroubleshoot, "app_problem", "app上明明显示有八百多 那是什么钱", [LOW],
     {"diagnosed_cause": "insufficient_balance"}, "utter_app_amount_which"),
    (ActionMedicalWallet, "medical_wallet", "那能不能先扣钱包里的", [], {}, "utter_wallet_pay_first"),
    (ActionAnswerFaq, "faq", "是不是我把医保卡借给我姐用了", [], {"diagnosed_cause": "status_abnormal"},
     "utter_card_lent"),
    (ActionOutOfScope, "out_of_scope", "会被罚款吗", [LENT], {"diagnosed_cause": "status_abnormal"},
     "utter_card_lent_penalty"),
    (ActionWhatIsCredential, "what_is_credential", "我是问省电模式有影响没", [], {"diagnosed_cause": "network_timeout"},
     "utter_power_saving"),
    (ActionFollowUp, "follow_up", "那今天看病怎么办 拿社保卡去行吗", [CAP], {}, "utter_face_cap_today"),
])
def test_round27_follow_ups(tracker, run, responses, action, intent, text, turns, slots, expected):
    trk = tracker(intent, None, text=text, turns=turns, slots=slots)
    assert responses(run(action(), trk)[1])[:1] == [expected]


@pytest.mark.parametrize("text", [
    "医保码怎么截图",                # no screenshot answer yet: the FAQ, not the one line after it
    "那能在微信里直接付吗",           # no changed number in view
    "家里网不好 码出不来",             # at home: the network steps, not a building's
    "银行卡丢了怎么办",                 # a bank card: not the 社保卡's loss
    "短信说您的医保卡已丢失 点链接补办",  # a scam: the warning
    "收到验证码说已过期",               # the sign-in code, not the payment code
])
def test_no_round27_answer_without_its_topic(tracker, text):
    answer = round24_first(text.replace(" ", ""), tracker("faq", None, text=text))
    assert answer is None or not set(answer) & {"utter_screenshot_send_no", "utter_phone_change_channel",
                                                "utter_no_signal_inside", "utter_card_lost",
                                                "utter_code_expired"}, answer


def test_a_signed_in_first_message_keeps_the_records(tracker):
    from actions.round27 import round27_question
    trk = tracker("cannot_show_code", "ok", text="码一直转圈 开了省电模式有关系吗")
    assert round27_question("码一直转圈开了省电模式有关系吗", set(), trk) is None


def test_a_limit_keeps_the_excess_wording(tracker, run, responses):
    limit = said("utter_diag_over_limit", intent="payment_limit", text="超限额了")
    trk = tracker("how_to_pay", None, text="多出来的那部分咋付", turns=[limit], slots={"diagnosed_cause": "over_limit"})
    assert "utter_rest_after_balance" not in responses(run(ActionHowToPay(), trk)[1])


# Trial round 27's second tester: cues that come before the older rounds' (our own rewordings).
SMS = said("utter_sms_not_received", intent="activate_credential", text="号没换 验证码就是不来")
BOUND = said("utter_family_bound_by_other", intent="family_binding", text="前妻把我绑在她的亲情账户里")
VPN_SAID = said("utter_vpn", intent="network_error", text="开了vpn码出不来")
SOLD = said("utter_card_sell_illegal", intent="security_info", text="有人收医保卡换现金")
ROOT = said("utter_rooted_phone", intent="app_problem", text="手机root过")
WHOSE = said("utter_family_pin_whose", intent="family_binding", text="替我妈付输谁的密码")
CRACK = said("utter_cracked_screen", intent="payment_failed", text="屏幕碎了扫不出")


@pytest.mark.parametrize("action, intent, text, turns, slots, expected", [
    (ActionDiagnose, "activate_credential", "手机号一直没换过 激活的验证码就是收不到", [], {},
     "utter_sms_not_received"),
    (ActionFallback, "nlu_fallback", "号码没变啊 还是收不到", [SMS], {}, "utter_sms_not_received_office"),
    (ActionOutOfScope, "out_of_scope", "去哪能当面激活", [SMS], {}, "utter_activation_office"),
    (ActionFamilyInfo, "family_binding", "是她把我加进去的 我这边能删掉吗", [], {}, "utter_family_bound_by_other"),
    (ActionFamilyInfo, "family_binding", "那她还能用我的码拿药吗", [BOUND], {}, "utter_family_bound_uses_mine"),
    (ActionDiagnose, "network_error", "开着加速器医保码就打不开", [], {}, "utter_vpn"),
    (ActionCheckStatus, "check_status", "关了VPN就好了 这是为啥", [VPN_SAID], {}, "utter_vpn_why"),
    (ActionOutOfScope, "out_of_scope", "单位要求vpn不能关怎么办", [VPN_SAID], {}, "utter_vpn_company"),
    (ActionAppTroubleshoot, "app_problem", "手机刷过机 医保app打不开 有关系吗", [], {}, "utter_rooted_phone"),
    (ActionSecurityInfo, "security_info", "支付宝里的会不会也这样", [ROOT], {}, "utter_rooted_other_channels"),
    (ActionSecurityInfo, "security_info", "有人收社保卡 说余额能九折套现", [], {}, "utter_card_sell_illegal"),
    (ActionOutOfScope, "out_of_scope", "这种人去哪举报", [SOLD], {}, "utter_report_fraud_where"),
    (ActionHowToPay, "how_to_pay", "孩子的居民医保费去哪交", [], {}, "utter_resident_contribution"),
    (ActionFamilyInfo, "family_binding", "给我妈付 要输她的密码还是我的", [], {}, "utter_family_pin_whose"),
    (ActionFamilyInfo, "family_binding", "她早忘了密码了", [WHOSE], {}, "utter_family_pin_reset"),
    (ActionSecurityInfo, "security_info", "老人瘫在床上 刷不了脸 我能代办吗", [], {}, "utter_family_incapacitated"),
    (ActionOutOfScope, "out_of_scope", "医保app和支付宝里的余额对不上 以哪个为准", [], {}, "utter_balance_two_apps"),
    (ActionSecurityInfo, "security_info", "我没输错过啊 怎么就锁了密码", [], {}, "utter_pin_how_locked"),
    (ActionOutOfScope, "out_of_scope", "码显示的参保地不对 会影响我退休吗", [], {}, "utter_region_retirement"),
    (ActionOutOfScope, "out_of_scope", "以前在老家交的年限还算吗", [], {}, "utter_years_count"),
    (ActionHowToPay, "how_to_pay", "买轮椅能刷医保码吗", [], {}, "utter_medical_device"),
    (ActionOutOfScope, "out_of_scope", "身份证号最后一位x大小写有影响吗", [], {}, "utter_id_x_case"),
    (ActionOutOfScope, "out_of_scope", "差额是我自己付的 这算医保报了没", [], {}, "utter_rest_paid_self"),
    (ActionDiagnose, "payment_failed", "屏幕碎了 扫码枪扫不出医保码", [], {}, "utter_cracked_screen"),
    (ActionOutOfScope, "out_of_scope", "修好之前买药怎么办", [CRACK], {}, "utter_cracked_meanwhile"),
    (ActionFamilyInfo, "family_binding", "我儿子的手机能帮我亮我的医保码吗", [], {}, "utter_family_phone_shows_mine"),
    (ActionHowToPay, "how_to_pay", "挂号费能用医保报吗", [], {}, "utter_registration_fee"),
])
def test_round27_priority_cues(tracker, run, responses, action, intent, text, turns, slots, expected):
    trk = tracker(intent, None, text=text, turns=turns, slots=slots)
    assert responses(run(action(), trk)[1])[:1] == [expected]


def test_a_relative_who_bound_you_is_told_both_ways_out(tracker):
    from actions.round27 import round27_priority
    trk = tracker("family_binding", None, text="前夫手机上的亲情账户还绑着我 不想让他用我的医保码")
    assert round27_priority("前夫手机上的亲情账户还绑着我不想让他用我的医保码", trk) == [
        "utter_family_bound_by_other", "utter_family_bound_uses_mine"]


@pytest.mark.parametrize("text", [
    "换了手机号 收不到验证码",          # a changed number: the old rounds' answer
    "我给我妈绑了亲情账户 怎么删",        # one's own binding: not 「是他绑的我」
    "医保卡余额怎么查",                  # no sale
])
def test_no_priority_answer_without_its_topic(tracker, text):
    from actions.round27 import round27_priority
    answer = round27_priority(text.replace(" ", ""), tracker("faq", None, text=text))
    assert answer is None or not set(answer) & {"utter_sms_not_received", "utter_family_bound_by_other",
                                                "utter_card_sell_illegal"}, answer


def test_a_part_named_with_its_count_is_each_part():
    from actions.limits import split_plan
    assert split_plan("能分四次刷吗 一次刷400") == (400, 4)  # round 27's re-grade: the record's 1200 / 4
    assert split_plan("一次付1500行吗") == (None, None)     # one payment, no parts


def test_what_the_other_record_is_inside_the_region_switch():
    from actions.region_switch import side_question
    assert side_question("不对啊 我一直是长沙交的 深圳那个记录是啥", names_city=True) == "what_record"
    assert side_question("切到长沙", names_city=True) is None


def test_no_husband_is_her_own_account(tracker):
    from actions.round27 import round27_priority
    trk = tracker("family_binding", None, text="我没老公 就是我自己的支付宝")
    assert round27_priority("我没老公就是我自己的支付宝", trk) == ["utter_own_account_yes"]


@pytest.mark.parametrize("text, turns, expected", [
    ("那我支付宝要不要改密码", [SCREEN], "utter_scam_change_passwords"),
    ("去药店给他拿药的时候 密码输谁的", [], "utter_family_pin_whose"),
    ("影不影响退休啊 你还没回答我", [], "utter_region_retirement"),
    ("支付宝激活 提示该凭证已在其他支付宝账号激活", [], "utter_claimed_other_alipay"),
])
def test_round27_regrade(tracker, text, turns, expected):
    from actions.round27 import round27_answer
    assert round27_answer(text, tracker("faq", None, text=text, turns=turns)) == [expected]


@pytest.mark.parametrize("token, text, detail", [
    ("ok", "我手机开了省电模式以后医保码就刷不出来 是不是省电模式的问题", "utter_power_saving"),
    ("locked", "我身份证最后一位是X 输的时候小写的x 是不是因为这个付不了", "utter_id_x_case"),
])
def test_a_signed_in_first_message_gets_the_records_then_its_detail(fake, tracker, run, responses, token, text,
                                                                    detail):
    from actions.diagnosis import ActionDiagnose

    said = responses(run(ActionDiagnose(), tracker("payment_failed", token, text=text))[1])
    assert said[0].startswith("utter_diag_") and detail in said, said
    # Already told this session: not added again after a second diagnosis.
    again = tracker("payment_failed", token, text=text, turns=[{"intent": "payment_failed", "bot": [detail]}])
    assert detail not in responses(run(ActionDiagnose(), again)[1])


def test_no_detail_when_power_saving_is_already_off(fake, tracker, run, responses):
    from actions.diagnosis import ActionDiagnose

    said = responses(run(ActionDiagnose(), tracker("payment_failed", "ok", text="省电模式关了 还是刷不出来"))[1])
    assert "utter_power_saving" not in said, said


def test_a_story_about_another_kind_of_place_is_told_so(fake, tracker, run, responses):
    from actions.diagnosis import ActionDiagnose, place_kind

    assert place_kind("在大药房付不了") == "药店" and place_kind("社区医院挂号没成功") == "医院"
    assert place_kind("医院门口的药店") is None and place_kind("付款失败") is None
    # the fake's failed attempts are at 北京同仁堂王府井店, a pharmacy
    messages = run(ActionDiagnose(), tracker("payment_failed", "locked", text="昨天在社区医院挂号 医保码没付成功"))[1]
    assert responses(messages)[0] == "utter_diag_other_place" and messages[0]["told_place"] == "医院"
    same = run(ActionDiagnose(), tracker("payment_failed", "locked", text="在药店付款没成功"))[1]
    assert "utter_diag_other_place" not in responses(same)
