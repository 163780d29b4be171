"""Round 22's re-grade leftovers and trial round 23's follow-ups, each for the topic in view (the intents
are the ones the model gave in the trials, the texts our own rewordings of the situations): what to
do until a record is corrected, the wallet's 使用地, the hotline busy, the rest paid another way, the
region switch's page, fee and way back, the PIN's lock-out count and whose face, a paused insurance
that is no theft, students, scanning at a machine, reinstalling, small clinics and the card left at
home, complaints, limits per payment or per day, another person's code, a shop's Wi-Fi, the place's
system and not the phone."""
from __future__ import annotations

import pytest

from actions.context import ActionAnswerYes, ActionAppTroubleshoot, ActionOutOfScope, ActionStillNotWorking
from actions.diagnosis import ActionDiagnose
from actions.faq import (
    ActionAnswerDigression,
    ActionAnswerFaq,
    ActionFamilyInfo,
    ActionHowToPay,
    ActionMedicalWallet,
    ActionSecurityInfo,
)
from actions.handoff import ActionHandoff
from actions.round23 import LOCK_COUNT, wallet_use_place
from tests.actions.turns import said

MISMATCH = said("utter_diag_info_mismatch", "utter_offer_human", intent="info_mismatch", text="医保码付不了")
PAUSED = said("utter_diag_status_abnormal", "utter_offer_human", intent="credential_abnormal", text="码显示不能用")
SHORTFALL = said("utter_diag_insufficient_balance", intent="payment_failed", text="药店说钱不够")
LIMIT = said("utter_diag_over_limit", intent="payment_limit", text="说我超限额了")
REGION = said("utter_diag_region_mismatch", intent="payment_failed", text="付款失败")
CAUSES = said("utter_generic_payment_failed", intent="payment_failed", text="付不了钱")
MACHINE = said("utter_generic_system_failure", intent="system_failure", text="自助机扫不出我的码")
FAMILY = said("utter_family_vs_mutual_aid", "utter_family_binding_rules", intent="family_binding",
              text="能帮孩子弄医保码吗")
TIMEOUT = said("utter_diag_network_timeout", "utter_network_checklist", intent="network_error", text="一直转圈")
PLACE = said("utter_diag_institution_system_error", intent="payment_failed", text="诊所付不了")
CLINIC = said("utter_small_clinic_code", text="卫生室能刷码吗")
TICKET = said("utter_handoff_ticket_anonymous", intent="request_human", text="转人工")


@pytest.mark.parametrize("action, intent, text, turns, slots, expected", [
    # until a record is corrected: care meanwhile, paying first
    (ActionAnswerFaq, "faq", "没改好的这几天要买药咋办", [MISMATCH], {"diagnosed_cause": "info_mismatch"},
     "utter_meanwhile_until_fixed"),
    (ActionOutOfScope, "out_of_scope", "那我先垫付行不行", [MISMATCH], {"diagnosed_cause": "info_mismatch"},
     "utter_self_pay_first_ok"),
    # the rest of a payment after a shortfall, as a yes/no question
    (ActionAnswerYes, "affirm", "差的那点我用支付宝补上可以吧", [SHORTFALL],
     {"diagnosed_cause": "insufficient_balance"}, "utter_rest_after_balance"),
    (ActionHowToPay, "inform", "那超出的部分刷信用卡行不", [LIMIT], {"diagnosed_cause": "over_limit"},
     "utter_rest_other_way"),
    # the hotline named inside another answer, then busy
    (ActionAnswerFaq, "faq", "一直打不通啊", [TICKET], {}, "utter_hotline_busy"),
    # a paused insurance: no theft, paid already, how long
    (ActionSecurityInfo, "security_info", "是不是有人盗刷才冻结的", [PAUSED], {"diagnosed_cause": "status_abnormal"},
     "utter_status_not_theft"),
    (ActionOutOfScope, "out_of_scope", "我前几天刚交过钱的", [PAUSED], {"diagnosed_cause": "status_abnormal"},
     "utter_status_paid_not_synced"),
    (ActionOutOfScope, "out_of_scope", "要等几天才能用", [PAUSED], {"diagnosed_cause": "status_abnormal"},
     "utter_status_resume_time"),
    # students
    (ActionOutOfScope, "out_of_scope", "研究生新生 学校统一交的医保 可以自己激活吗", [], {}, "utter_student_own_code"),
    (ActionAnswerFaq, "faq", "码上面会显示老家还是学校那边", [said("utter_student_own_code")], {},
     "utter_code_shows_insured_place"),
    (ActionOutOfScope, "out_of_scope", "暑假回老家在镇医院能用吗", [], {}, "utter_code_elsewhere"),
    # documents at the hall when a relative goes along
    (ActionSecurityInfo, "security_info", "去经办窗口要带啥 我弟陪我爸去", [], {}, "utter_hall_documents_relative"),
    # a machine that will not scan: the tips, where to refresh, then the staffed till
    (ActionAnswerFaq, "faq", "屏幕太暗了是不是扫不出来", [MACHINE], {}, "utter_scan_tips"),
    (ActionDiagnose, "cannot_show_code", "支付宝里怎么刷新那个码", [], {}, "utter_refresh_where"),
    # reinstalling, the old phone
    (ActionDiagnose, "forgot_pin", "删了app重新下载 密码会不会清空", [], {}, "utter_reinstall_keeps"),
    (ActionAppTroubleshoot, "app_problem", "原来的手机上那个码要退出吗 安全不", [], {}, "utter_old_phone_code"),
    # small clinics, only the card there, the card left at home
    (ActionAnswerFaq, "faq", "社区诊所可以扫医保码吗", [], {}, "utter_small_clinic_code"),
    (ActionAnswerFaq, "faq", "那乡卫生院能刷吧", [CLINIC], {}, "utter_small_clinic_ask_first"),
    (ActionDiagnose, "system_failure", "卫生所的人说只能用医保卡", [], {}, "utter_only_card_there"),
    (ActionOutOfScope, "out_of_scope", "忘带医保卡了 现在怎么办", [], {}, "utter_card_forgotten"),
    # someone else's use, complaints, a photo of the code
    (ActionSecurityInfo, "security_info", "在哪查有没有别人刷过我的卡", [], {}, "utter_check_records"),
    (ActionSecurityInfo, "security_info", "医院乱收费多扣了我的医保 去哪举报", [], {}, "utter_complain_overcharge"),
    (ActionSecurityInfo, "security_info", "有人拍了我的医保码 能拿去付钱吗", [], {}, "utter_code_photo_useless"),
    # limits per payment or per day, coming back tomorrow
    (ActionDiagnose, "payment_limit", "单笔还是每日的 什么时候清零", [LIMIT], {}, "utter_limit_kinds"),
    # another person's code; a shop's Wi-Fi; the place's system, not the phone
    (ActionFamilyInfo, "family_binding", "能不能拿我爸的医保卡先刷一下", [MISMATCH], {}, "utter_no_others_code"),
    (ActionDiagnose, "network_error", "我用的是医院的免费wifi", [TIMEOUT], {"diagnosed_cause": "network_timeout"},
     "utter_network_shop_wifi"),
    (ActionSecurityInfo, "security_info", "是不是我手机太旧了", [PLACE],
     {"diagnosed_cause": "institution_system_error"}, "utter_institution_not_phone"),
    (ActionDiagnose, "system_failure", "他们说系统好好的 别人都可以用", [PLACE],
     {"diagnosed_cause": "institution_system_error"}, "utter_institution_others_can"),
    # the family: whose money, records seen by parents; a card or an ID instead of the code
    (ActionHowToPay, "how_to_pay", "那付钱是从谁的账户扣", [FAMILY], {}, "utter_family_whose_money"),
    (ActionFamilyInfo, "family_binding", "我爸妈会不会看到我买药的记录", [], {}, "utter_records_private"),
    (ActionHowToPay, "how_to_pay", "没带卡 带身份证可以吗", [], {}, "utter_id_card_instead"),
    (ActionAnswerFaq, "faq", "医保的钱退回哪里", [said("utter_faq/refund")], {}, "utter_refund_to_account"),
    # the usual causes, one point not understood
    (ActionSecurityInfo, "security_info", "第三条是什么意思", [CAUSES], {}, "utter_causes_plain"),
])
def test_round23_follow_ups(tracker, run, responses, action, intent, text, turns, slots, expected):
    trk = tracker(intent, None, text=text, turns=turns, slots=slots)
    assert responses(run(action(), trk)[1]) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("换到哪个页面切换", "utter_region_switch_where"),
    ("切换在什么地方", "utter_region_switch_where"),
    ("切完了还是付不了咋办", "utter_region_after_switch_still"),
    ("切换收费吗 密码要重设吗", "utter_region_switch_free_pin"),
    ("选错了能换回去吗", "utter_region_switch_back"),
])
def test_inside_the_region_switch(tracker, run, responses, text, expected):
    trk = tracker("faq", None, text=text, active_loop="region_switch_form",
                  slots={"requested_slot": "region_code", "diagnosed_cause": "region_mismatch"}, turns=[REGION])
    assert expected in responses(run(ActionAnswerDigression(), trk)[1])


@pytest.mark.parametrize("text, expected", [
    ("错几次就会被锁", "utter_pin_lock_count"),
    ("刷谁的脸 我爸的还是我的", "utter_pin_face_whose"),
    ("我人在外地 能远程教她弄吗", "utter_family_pin_reset_remote"),
])
def test_inside_the_reset(tracker, run, responses, text, expected):
    trk = tracker("still_not_working", None, text=text, active_loop="pin_reset_form",
                  slots={"requested_slot": "pay_channel", "diagnosed_cause": "pin_locked"},
                  turns=[said("utter_diag_pin_locked", intent="forgot_pin")])
    assert expected in responses(run(ActionAnswerDigression(), trk)[1])


def test_the_wallets_place_names_the_city(tracker, run, responses):
    trk = tracker("medical_wallet", None, text="开通钱包要选使用地 我是宁波的 选啥", entities=[
        {"entity": "region", "value": "宁波"}])
    messages = run(ActionMedicalWallet(), trk)[1]
    assert responses(messages) == ["utter_wallet_use_place_city"] and messages[0]["city"] == "宁波"


def test_the_wallets_place_then_working_elsewhere(tracker, run, responses):
    trk = tracker("out_of_scope", None, text="可我现在在苏州打工",
                  turns=[said("utter_wallet_use_place", intent="medical_wallet")])
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_wallet_use_place_elsewhere"]


def test_a_number_asked_is_no_ticket(tracker, run, responses, fake):
    trk = tracker("request_human", None, text="你们客服电话是多少")
    assert responses(run(ActionHandoff(), trk)[1]) == ["utter_handoff_phone_number"]
    assert not [call for call in fake.calls if "ticket" in call[0]]


@pytest.mark.parametrize("text", ["帮我转人工", "转人工 电话多少都行"])
def test_a_person_asked_still_gets_a_ticket(tracker, run, responses, text):
    trk = tracker("request_human", None, text=text)
    assert responses(run(ActionHandoff(), trk)[1]) != ["utter_handoff_phone_number"]


def test_still_failing_after_the_scanning_tips(tracker, run, responses):
    trk = tracker("still_not_working", None, text="调亮了也不行", turns=[said("utter_scan_tips")])
    assert responses(run(ActionStillNotWorking(), trk)[1]) == ["utter_scan_still_counter"]


def test_my_own_code_checked_when_signed_in(tracker, run, responses, fake):
    trk = tracker("security_info", "ok", text="你帮我查一下我的医保码正不正常")
    assert "utter_status_all_good" in responses(run(ActionSecurityInfo(), trk)[1])


@pytest.mark.parametrize("text, asked", [
    ("输错几次会锁啊", True), ("错几次就会被锁", True), ("输错多少次锁定", True),
    ("我妈输错好几次 现在锁了", False), ("输错了几次密码", False),
])
def test_the_lock_out_count_is_a_question(text, asked):
    assert bool(LOCK_COUNT.search(text)) is asked


@pytest.mark.parametrize("text, asked", [
    ("开钱包让选使用地", True), ("选哪个城市啊", True), ("钱包怎么开", False),
])
def test_the_wallets_place_asked(text, asked):
    assert wallet_use_place(text) is asked


@pytest.mark.parametrize("action, intent, text", [
    # without their topic, these cues are not answered for it
    (ActionOutOfScope, "out_of_scope", "我前几天刚交过钱的"),
    (ActionOutOfScope, "out_of_scope", "要等几天才能用"),
    (ActionAnswerYes, "affirm", "剩下的用微信吧"),
    (ActionAnswerFaq, "faq", "一直打不通啊"),
    (ActionSecurityInfo, "security_info", "是不是有人盗刷才冻结的"),
])
def test_the_cues_need_their_topic(tracker, run, responses, action, intent, text):
    got = responses(run(action(), tracker(intent, None, text=text))[1])
    assert not set(got) & {"utter_status_paid_not_synced", "utter_rest_other_way",
                           "utter_hotline_busy", "utter_status_not_theft"}


def test_a_locked_pin_told_as_a_story_is_diagnosed(tracker, run, responses, fake):
    # 「输错好几次 现在锁了」 tells the problem; it asks no count (round 23: the count, not the reset)
    trk = tracker("forgot_pin", "locked", text="我妈付款的时候密码输错好几次 现在说锁了")
    got = responses(run(ActionDiagnose(), trk)[1])
    assert "utter_pin_lock_count" not in got and "utter_diag_pin_locked" in got


@pytest.mark.parametrize("action, intent, text, turns, expected", [
    # round 23's re-grade: a refund's time after where it goes; what a pharmacy sees; the
    # authorizations after that answer
    (ActionOutOfScope, "out_of_scope", "几天能退回来", [said("utter_refund_to_account")], "utter_refund_arrival"),
    (ActionSecurityInfo, "security_info", "医院扫码的时候会不会知道我的病历", [], "utter_pharmacy_sees"),
    (ActionSecurityInfo, "security_info", "授权过的那些能取消吗", [said("utter_pharmacy_sees")],
     "utter_authorizations_advice"),
])
def test_round23_regrade(tracker, run, responses, action, intent, text, turns, expected):
    trk = tracker(intent, None, text=text, turns=turns)
    assert responses(run(action(), trk)[1]) == [expected]


def test_money_gone_signed_in_lists_the_payments(tracker, run, responses, fake):
    fake.people["balance"]["attempts"] = [{"occurred_at": "2026-11-26T03:10:00+00:00", "institution": "老百姓大药房",
                                           "amount": "36.50", "result": "success"}]
    trk = tracker("security_info", "balance", text="账户里的钱怎么少了这么多")
    assert "utter_recent_payments" in responses(run(ActionSecurityInfo(), trk)[1])


def test_a_payment_failing_after_an_update_is_looked_up(tracker, run, responses, fake):
    trk = tracker("app_problem", "ok", text="更新了app以后就付不了钱了")
    events, _ = run(ActionAppTroubleshoot(), trk)
    assert [e.get("name") for e in events if e.get("event") == "followup"] == ["action_diagnose"]


@pytest.mark.parametrize("persona, text, cause", [
    ("region", "我从长沙调到深圳上班了 医保码上还是长沙 深圳医院用不了 咋改", "utter_diag_region_mismatch"),
    ("locked", "我妈付款的时候密码输错好几次 现在说锁了 咋整", "utter_diag_pin_locked"),
    ("region", "我之前在长沙上班 今年来了深圳 医保码上显示的参保地还是长沙", "utter_diag_region_mismatch"),
])
def test_a_first_message_tells_its_problem(tracker, run, responses, fake, persona, text, cause):
    # round 23's cues answer questions after an answer, never a first message's story
    assert cause in responses(run(ActionDiagnose(), tracker("payment_failed", persona, text=text))[1])
