"""Trial round 11 (new conversations): short questions about the cause just found, push-backs,
the wallet's transfers, the 深圳 child's 社康中心, questions that name a channel inside a fix."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionAnswerDigression, ActionAnswerFaq, ActionFamilyInfo, ActionHowToPay, ActionMedicalWallet
from actions.forms import ActionStartPinReset, ValidatePinResetForm
from actions.handoff import ActionFallback
from bot.nlu.topics import relative_problem
from tests.actions.conftest import FakeWalletClient


def _names(run, responses, action, trk):
    return responses(run(action, trk)[1])


@pytest.mark.parametrize("cause, text, intent, expected", [
    ("network_timeout", "那我钱扣了没有", "follow_up", ["utter_timeout_not_charged"]),
    ("network_timeout", "为啥会这样啊", "out_of_scope", ["utter_why_network_timeout"]),
    ("status_abnormal", "那我现在咋办 能自己交吗", "follow_up", ["utter_resume_insurance"]),
    ("status_abnormal", "需要带什么", "out_of_scope", ["utter_jingban_documents_status"]),
    ("institution_system_error", "那我那一百多块钱能报吗", "out_of_scope", ["utter_claim_self_paid"]),
    ("insufficient_balance", "剩下那点钱咋付啊 我身上没带现金", "follow_up", ["utter_pay_no_cash"]),
    ("insufficient_balance", "剩下的钱咋付", "follow_up", ["utter_rest_after_balance"]),
])
def test_a_short_question_about_the_cause_found(fake, tracker, run, responses, cause, text, intent, expected):
    action = ActionFollowUp() if intent == "follow_up" else ActionOutOfScope()
    trk = tracker(intent, "ok", text=text, slots={"diagnosed_cause": cause},
                  turns=[{"intent": "payment_failed", "bot": ["utter_diag_attempt"]}])
    assert _names(run, responses, action, trk) == expected


def test_where_after_a_paused_insurance_is_not_the_refund_faq(fake, tracker, run, responses):
    selected = {"response_selector": {"faq": {"response": {"utter_action": "utter_faq/refund"}}}}
    trk = tracker("faq", "ok", text="要去哪里办", slots={"diagnosed_cause": "status_abnormal"}, latest_extra=selected,
                  turns=[{"intent": "follow_up", "bot": ["utter_resume_insurance"]}])
    assert _names(run, responses, ActionAnswerFaq(), trk) == ["utter_jingban_where"]


def test_rest_of_the_bill_read_as_how_to_pay(fake, tracker, run, responses):
    trk = tracker("how_to_pay", "balance", text="剩下那点钱咋付啊",
                  slots={"diagnosed_cause": "insufficient_balance"})
    assert _names(run, responses, ActionHowToPay(), trk) == ["utter_rest_after_balance"]  # the account pays what it has


def test_asked_again_after_the_balance_answer_the_rest_is_paid_another_way(fake, tracker, run, responses):
    trk = tracker("follow_up", "balance", text="那咋办", slots={"diagnosed_cause": "insufficient_balance"},
                  turns=[{"intent": "follow_up", "bot": ["utter_already_diagnosed",
                                                          "utter_generic_insufficient_balance"]}])
    assert _names(run, responses, ActionFollowUp(), trk) == ["utter_pay_excess", "utter_offer_human"]


def test_an_amount_read_as_out_of_scope_is_checked_against_the_limits(fake, tracker, run, responses):
    trk = tracker("out_of_scope", "ok", text="我想买个三千块的药 能一次刷完不")
    names = _names(run, responses, ActionOutOfScope(), trk)
    assert names == ["utter_wallet_figures", "utter_limit_amount"]


def test_the_wallet_transfer_to_a_wife_is_yes_first_also_after_a_push_back(fake, tracker, run, responses):
    ask = tracker("medical_wallet", "ok", text="医保钱包里的钱能转给我老婆用吗")
    assert _names(run, responses, ActionMedicalWallet(), ask) == ["utter_wallet_transfer_yes"]
    pushed = tracker("medical_wallet", "ok", text="你没回答我 我问的是能不能转",
                     turns=[{"intent": "medical_wallet", "bot": ["utter_medical_wallet"]}])
    assert _names(run, responses, ActionMedicalWallet(), pushed) == ["utter_wallet_transfer_yes"]


@pytest.mark.parametrize("action, intent", [(ActionFallback(), "nlu_fallback"), (ActionOutOfScope(), "out_of_scope"),
                                            (ActionFollowUp(), "follow_up")])
def test_a_push_back_with_nothing_narrower_owns_it(fake, tracker, run, responses, action, intent):
    trk = tracker(intent, text="你没回答我的问题啊", turns=[{"intent": "faq", "bot": ["utter_faq/is_free"]}])
    assert _names(run, responses, action, trk) == ["utter_pushback_sorry"]


def test_the_shenzhen_childs_health_centre(fake, tracker, run, responses):
    assert relative_problem("孩子在深圳看病医保用不了 医院说是孩子的医保问题")
    assert not relative_problem("我在深圳看病医保用不了 孩子在旁边哭")
    what = tracker("family_binding", "family", text="社康中心是啥")
    assert _names(run, responses, ActionFamilyInfo(), what) == ["utter_chc_info"]
    where = tracker("family_binding", "family", text="在哪绑",
                    turns=[{"intent": "family_binding", "bot": ["utter_chc_info"]}])
    assert _names(run, responses, ActionFamilyInfo(), where) == ["utter_chc_where"]


def test_a_question_naming_a_channel_inside_the_reset_is_answered_not_taken_as_the_choice(fake, tracker, run,
                                                                                          responses):
    from actions.forms import ValidatePinResetForm

    text = "改了密码以后支付宝里的也要改吗"
    trk = tracker("forgot_pin", "locked", text=text, active_loop="pin_reset_form",
                  entities=[{"entity": "pay_channel", "value": "支付宝", "start": 5, "end": 8}],
                  turns=[{"event": "active_loop", "name": "pin_reset_form"}],
                  slots={"requested_slot": "pay_channel", "pay_channel": "支付宝"},
                  after=[{"event": "slot", "name": "pay_channel", "value": "支付宝"}])
    events, messages = run(ValidatePinResetForm(), trk)
    assert responses(messages) == ["utter_pin_one_for_all"]
    assert {"event": "slot", "timestamp": None, "name": "pay_channel", "value": None} in events


@pytest.mark.parametrize("text, intent, form, expected", [
    ("要我告诉你身份证号吗", "info_mismatch", "pin_reset_form", ["utter_no_secret_needed"]),
    ("验证码发给你行不", "out_of_scope", "pin_reset_form", ["utter_no_secret_needed"]),
    ("激活要多长时间啊 我排着队呢", "activate_credential", "activation_form", ["utter_activation_time"]),
])
def test_questions_inside_a_fix(fake, tracker, run, responses, text, intent, form, expected):
    assert _names(run, responses, ActionAnswerDigression(), tracker(intent, "ok", text=text, active_loop=form)) \
        == expected


def test_the_new_answers_are_true_to_the_rules(domain):
    text = {name: domain["responses"][name][0]["text"] for name in (
        "utter_wallet_transfer_yes", "utter_timeout_not_charged", "utter_pin_one_for_all", "utter_no_secret_needed")}
    assert "每天最多3笔" in text["utter_wallet_transfer_yes"] and "2000元" in text["utter_wallet_transfer_yes"]
    assert "没有扣" in text["utter_timeout_not_charged"]
    assert "同一个" in text["utter_pin_one_for_all"]
    assert "不需要" in text["utter_no_secret_needed"] and "刷脸" in text["utter_no_secret_needed"]


@pytest.mark.parametrize("text, turns, expected", [
    ("重置的话要不要去医院", [{"intent": "forgot_pin", "bot": ["utter_diag_pin_locked"]}], "utter_pin_reset_offline"),
    ("我不想换手机", [{"intent": "app_problem", "bot": ["utter_app_old_phone"]}], "utter_no_new_phone"),
    ("字太小了我也看不清", [{"intent": "app_problem", "bot": ["utter_app_troubleshoot"]}], "utter_big_font"),
    ("去哪办卡", [{"intent": "faq", "bot": ["utter_channels_none_left"]}], "utter_card_where"),
    ("我现在该先干啥", [{"intent": "security_info", "bot": ["utter_scam_already"]},
                     {"intent": "faq", "bot": ["utter_faq/hotline"]}], "utter_scam_first_step"),
])
def test_round_11_questions_read_as_an_faq_get_what_they_ask(fake, tracker, run, responses, text, turns, expected):
    selected = {"response_selector": {"faq": {"response": {"utter_action": "utter_faq/change_phone"}}}}
    trk = tracker("faq", "ok", text=text, turns=turns, latest_extra=selected)
    assert _names(run, responses, ActionAnswerFaq(), trk) == [expected]


def test_a_new_phone_number_is_still_the_number(fake, tracker, run, responses):
    selected = {"response_selector": {"faq": {"response": {"utter_action": "utter_faq/change_phone"}}}}
    trk = tracker("faq", "ok", text="换了手机号怎么办", latest_extra=selected)
    assert _names(run, responses, ActionAnswerFaq(), trk) == ["utter_faq/change_phone"]


@pytest.mark.parametrize("text, intent, expected", [
    ("那咋开通", "follow_up", "utter_wallet_open_steps"),
    ("我老伴也能用不", "nlu_fallback", "utter_wallet_family_use"),
])
def test_after_the_wallet_answer_the_part_asked(fake, tracker, run, responses, text, intent, expected):
    action = ActionFollowUp() if intent == "follow_up" else ActionFallback()
    trk = tracker(intent, text=text, turns=[{"intent": "medical_wallet", "bot": ["utter_medical_wallet"]}])
    assert _names(run, responses, action, trk) == [expected]


def test_a_hospital_stay_over_the_limit_is_about_the_stay(fake, tracker, run, responses):
    from actions.diagnosis import ActionDiagnose

    trk = tracker("payment_limit", "ok", text="那住院费好几千 一次付不完咋办",
                  turns=[{"intent": "payment_limit", "bot": ["utter_wallet_figures"]}])
    assert _names(run, responses, ActionDiagnose(), trk) == ["utter_limit_inpatient"]
    later = tracker("nlu_fallback", text="我老伴也能用不",
                    turns=[{"intent": "medical_wallet", "bot": ["utter_medical_wallet"]},
                           {"intent": "faq", "bot": ["utter_faq/is_free"]}])
    assert _names(run, responses, ActionFallback(), later) == ["utter_wallet_family_use"]


def test_then_after_the_network_steps_and_whether_the_reset_link_is_safe(fake, tracker, run, responses):
    trk = tracker("follow_up", "ok", text="然后呢", slots={"diagnosed_cause": "network_timeout"},
                  turns=[{"intent": "payment_failed",
                          "bot": ["utter_diag_network_timeout", "utter_network_checklist"]}])
    assert _names(run, responses, ActionFollowUp(), trk) == ["utter_timeout_next", "utter_offer_human"]
    link = tracker("security_info", "locked", text="这个链接安全吗 不会是骗子吧", slots={"pin_ticket_id": "tk1"},
                   turns=[{"intent": "inform", "bot": ["utter_pin_ticket"]}])
    from actions.context import about_last_answer

    assert about_last_answer(link) == ["utter_pin_link_safe"]


def test_the_counter_still_says_the_region_is_wrong_after_the_switch(fake, tracker, run, responses):
    from actions.diagnosis import ActionDiagnose

    region = fake.people["region"]
    region["profile"]["shown_region"] = region["profile"]["real_region"]  # switched already
    trk = tracker("region_mismatch", "region", text="收银员说还是参保地不对",
                  turns=[{"intent": "still_not_working", "bot": ["utter_status_all_good_still_failing"]}])
    names = _names(run, responses, ActionDiagnose(), trk)
    assert names[-3:] == ["utter_diag_resolved", "utter_region_refresh_code", "utter_offer_human"], names


def test_round_12s_last_zeros(fake, tracker, run, responses):
    # 「那还有啥办法」 inside the activation once 支付宝 and 微信 are ruled out
    trk = tracker("follow_up", "ok", text="那还有啥办法", active_loop="activation_form",
                  turns=[{"event": "slot", "name": "ruled_out_channels", "value": ["alipay", "wechat"]}])
    assert _names(run, responses, ActionAnswerDigression(), trk) == ["utter_activation_other_ways"]
    # pushed back right after the yes: the yes, plainly (not 「抱歉没答到」)
    pushed = tracker("medical_wallet", "ok", text="你没回答我 我问的是能不能转",
                     turns=[{"intent": "medical_wallet", "bot": ["utter_wallet_transfer_yes"]}])
    assert _names(run, responses, ActionMedicalWallet(), pushed) == ["utter_wallet_transfer_yes_again"]
    # 「我问的是孩子的 不是我的」 after the child's failure: the child's blocker
    child = tracker("family_binding", "family", text="我问的是孩子的 不是我的",
                    turns=[{"intent": "payment_failed",
                            "bot": ["utter_relative_problem", "utter_family_members"]}])
    events, messages = run(ActionFamilyInfo(), child)
    assert responses(messages) == ["utter_relative_chc_direct"] and messages[0]["tier"] == "二档"
    # 「那咋办」 after the old-phone steps and a human offered: the easiest step first
    after = tracker("follow_up", text="那咋办", turns=[{"intent": "app_problem",
                                                      "bot": ["utter_app_old_phone", "utter_offer_human"]}])
    assert _names(run, responses, ActionFollowUp(), after) == ["utter_app_next_step", "utter_offer_human_again"]
    # no cash for the rest, and whether the relative must be there
    cash = tracker("how_to_pay", "balance", text="剩下那点钱咋付啊 我身上没带现金",
                   slots={"diagnosed_cause": "insufficient_balance"},
                   turns=[{"intent": "follow_up", "bot": ["utter_pay_excess", "utter_offer_human"]}])
    assert _names(run, responses, ActionHowToPay(), cash) == ["utter_pay_no_cash"]
    there = tracker("family_binding", text="绑我妈的话她要自己在场不",
                    turns=[{"intent": "family_binding", "bot": ["utter_family_binding_rules"]}])
    assert _names(run, responses, ActionFamilyInfo(), there) == ["utter_family_bind_presence"]


@pytest.mark.parametrize("cause, text, expected", [
    ("status_abnormal", "你说的这些我都知道 说重点 我今天要拿药怎么办", "utter_today_status_abnormal"),
    ("status_abnormal", "我问的是啥时候能恢复", "utter_status_resume_time"),
    ("insufficient_balance", "你没回答我 我问的是我卡里的钱怎么就剩三块五了", "utter_why_balance_low"),
    ("over_limit", "为啥啊 我卡里明明有六千多", "utter_why_limit_not_balance"),
])
def test_round_13_questions_about_the_cause_found(fake, tracker, run, responses, cause, text, expected):
    trk = tracker("follow_up", "ok", text=text, slots={"diagnosed_cause": cause},
                  turns=[{"intent": "payment_failed", "bot": ["utter_diag_attempt"]}])
    assert _names(run, responses, ActionFollowUp(), trk) == [expected]


def test_round_13_questions_beside_the_answers(fake, tracker, run, responses):
    from actions.diagnosis import ActionCheckStatus

    theft = tracker("security_info", "ok", text="怎么查有没有被盗刷")
    assert _names(run, responses, ActionAnswerFaq(), theft) == ["utter_check_records"]
    papers = tracker("out_of_scope", text="要带啥材料", turns=[{"intent": "region_mismatch",
                                                              "bot": ["utter_beian_needed", "utter_beian_where"]}])
    assert _names(run, responses, ActionOutOfScope(), papers) == ["utter_beian_documents"]
    chc = tracker("check_status", "family", text="弄完了就能用了吗",
                  turns=[{"intent": "family_binding", "bot": ["utter_chc_where"]}])
    assert _names(run, responses, ActionCheckStatus(), chc) == ["utter_chc_after_bind"]
    reset = tracker("check_status", "locked", text="重置完了要等多久才能用")
    assert _names(run, responses, ActionCheckStatus(), reset) == ["utter_pin_after_reset"]
    money = tracker("family_binding", text="我问的是用我的医保卡里的钱给她付 不是帮她出示",
                    turns=[{"intent": "family_binding", "bot": ["utter_family_binding_rules"]}])
    assert _names(run, responses, ActionFamilyInfo(), money) == ["utter_family_mutual_aid_how"]


def test_round_13_second_pass(fake, tracker, run, responses):
    from bot.nlu.scam import looks_like_scam

    assert looks_like_scam("他又打来了 说不配合就冻结我的卡") and not looks_like_scam("不配合治疗就会加重")
    yes = tracker("follow_up", text="说重点 能还是不能",
                  turns=[{"intent": "family_binding", "bot": ["utter_family_mutual_aid_how"]}])
    assert _names(run, responses, ActionFollowUp(), yes) == ["utter_family_mutual_aid_short"]
    for text in ("那咋办", "在哪弄啊 要带啥"):
        trk = tracker("out_of_scope" if "带" in text else "follow_up", "family", text=text,
                      turns=[{"intent": "payment_failed", "bot": ["utter_relative_problem", "utter_chc_info"]}])
        action = ActionOutOfScope() if "带" in text else ActionFollowUp()
        assert _names(run, responses, action, trk) == ["utter_chc_where"], text


def test_round_13_third_pass(fake, tracker, run, responses):
    from actions.diagnosis import ActionDiagnose

    both = tracker("region_mismatch",
                   text="我在老家交的医保 现在在杭州打工，异地就医备案怎么弄？还有备案了以后医保码在杭州药店能直接刷吗")
    assert _names(run, responses, ActionDiagnose(), both)[0] == "utter_beian_where"  # the 备案 question first
    for text, expected in (("备案要多久才生效", "utter_beian_time"),
                           ("那我没备案之前看病的钱还能报不", "utter_beian_before")):
        trk = tracker("out_of_scope", text=text, turns=[{"intent": "region_mismatch", "bot": ["utter_beian_where"]}])
        assert _names(run, responses, ActionOutOfScope(), trk) == [expected], text
    papers = tracker("out_of_scope", text="要带啥材料",
                     turns=[{"intent": "region_mismatch", "bot": ["utter_beian_where"]}])
    assert _names(run, responses, ActionOutOfScope(), papers) == ["utter_beian_documents"]
    locked = tracker("forgot_pin", "ok", text="刚才在药店输密码输错了两回 会不会给锁了")
    assert _names(run, responses, ActionDiagnose(), locked)[0] == "utter_pin_not_locked"
    bill = tracker("payment_limit", "ok", text="我爸住院要交3000押金 能用医保码一次付了不")
    # a deposit is mostly not paid from the account (round 24), then the sum against the limits
    assert _names(run, responses, ActionDiagnose(), bill) == ["utter_inpatient_deposit", "utter_wallet_figures",
                                                              "utter_limit_amount"]


# Session ten: 「我自己弄吧」 at the PIN-reset channel question, and a story that asks whether it was charged.

@pytest.mark.parametrize("text, asked", [("我自己弄吧", []), ("不用了 我自己来", []), ("支付宝", None)])
def test_self_service_before_a_channel_ends_the_reset_questions(fake, tracker, domain, text, asked):
    trk = tracker("deny" if asked is not None else "inform", "locked", text=text, active_loop="pin_reset_form")
    slots = asyncio.run(ValidatePinResetForm().required_slots(
        ["pay_channel", "pin_reset_confirm"], CollectingDispatcher(), trk, domain))
    assert slots == (asked if asked is not None else ["pay_channel", "pin_reset_confirm"])


def test_self_service_after_a_channel_keeps_the_confirmation(fake, tracker, domain):
    trk = tracker("deny", "locked", text="我自己弄吧", slots={"pay_channel": "alipay"}, active_loop="pin_reset_form")
    slots = asyncio.run(ValidatePinResetForm().required_slots(
        ["pay_channel", "pin_reset_confirm"], CollectingDispatcher(), trk, domain))
    assert slots == ["pay_channel", "pin_reset_confirm"]


def test_no_channel_chosen_gets_every_channels_path_and_no_ticket(fake, tracker, run, responses):
    events, messages = run(ActionStartPinReset(), tracker("deny", "locked", text="我自己弄吧"))
    assert responses(messages)[:2] == ["utter_pin_paths_all", "utter_pin_rules"]
    assert "start_pin_reset" not in [c[0] for c in fake.calls]


@pytest.fixture
def timeout_people(people, person, attempt):
    return {**people, "timeout": person(attempt={**attempt, "error_category": "network_timeout"})}


@pytest.mark.parametrize("text, told", [
    ("打开医保码一直转圈，最后说付款失败，我又用现金付了一遍，担心医保那边是不是也扣了钱", True),
    ("医保码付款一直转圈 最后失败了", False),
])
def test_a_story_asking_whether_it_was_charged_after_a_timeout(use_wallet, timeout_people, tracker, run,
                                                               responses, text, told):
    use_wallet(FakeWalletClient(timeout_people))
    names = responses(run(ActionDiagnose(), tracker("network_error", "timeout", text=text))[1])
    assert "utter_diag_network_timeout" in names
    assert ("utter_timeout_not_charged" in names) is told


def test_refund_asked_after_a_timeout_is_nothing_charged_once(fake, tracker, run, responses):
    selected = {"response_selector": {"faq": {"response": {"utter_action": "utter_faq/refund"}}}}
    trk = tracker("faq", "ok", text="那钱会退回来吗", slots={"diagnosed_cause": "network_timeout"},
                  latest_extra=selected, turns=[{"intent": "network_error", "bot": ["utter_diag_network_timeout"]}])
    assert _names(run, responses, ActionAnswerFaq(), trk) == ["utter_timeout_not_charged"]
