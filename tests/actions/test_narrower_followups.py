"""Short follow-ups the classifier reads as out of scope or as the same topic again (trial 3:
c13, c14, c15, c16, c19, c20, c22): answered from the last answer or cause, not refused and
not answered with the whole answer again; a truly out-of-scope question still is refused."""
from __future__ import annotations

from typing import Any, Dict

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionFamilyInfo, ActionHowToPay
from actions.handoff import ActionFallback
from bot.nlu.guard import SelfServiceGuard, declines_for_self_service


@pytest.fixture
def people(person, attempt) -> Dict[str, Dict[str, Any]]:
    return {
        "limit": person(wallet={"single_limit": "500.00", "daily_limit": "5000.00", "used_today": "0.00"},
                        attempt={**attempt, "amount": "1200.00", "error_category": "over_limit"}),
        "mismatch": person(attempt={**attempt, "error_category": "info_mismatch"}),
        "family": person(family=[{"member_name_masked": "吴*", "relation_label": "子女",
                                  "member_region_name": "深圳市", "tier": "二档",
                                  "needs_chc": True, "chc_bound": False}]),
        "balance": person(wallet={"balance": "3.50"},
                          attempt={**attempt, "error_category": "insufficient_balance"}),
    }


LIMIT_TOLD = [{"intent": "payment_limit", "action": "action_diagnose",
               "bot": ["utter_diag_attempt", "utter_diag_over_limit"]}]
MISMATCH_TOLD = [{"intent": "info_mismatch", "action": "action_diagnose",
                  "bot": ["utter_diag_attempt", "utter_diag_info_mismatch", "utter_offer_human"]}]


def test_why_after_a_limit_diagnosis_refers_to_it_and_says_why_limits_exist(fake, tracker, run, responses):
    trk = tracker("out_of_scope", "limit", text="为啥啊", turns=LIMIT_TOLD, slots={"diagnosed_cause": "over_limit"})
    assert run(ActionOutOfScope(), trk)[0] == [FollowupAction("action_diagnose")]
    # the diagnosis then explains the limits (no second copy, no 「记录没有变化」 first)
    events, messages = run(ActionDiagnose(), trk)
    assert responses(messages) == ["utter_why_payment_limit"]
    # 「那限额能不能调高点」 gets who sets them and how they may change (trial round 6), not the
    # general limit text
    trk = tracker("payment_limit", "limit", text="那限额能不能调高点", turns=LIMIT_TOLD,
                  slots={"diagnosed_cause": "over_limit"})
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_limit_who_sets"]


@pytest.mark.parametrize("text,answer", [("要带啥证件去", "utter_jingban_documents"),
                                         ("在哪办", "utter_jingban_where"),
                                         ("去哪里办啊", "utter_jingban_where")])
def test_what_to_bring_and_where_after_a_mismatch(fake, tracker, run, responses, text, answer):
    trk = tracker("out_of_scope", "mismatch", text=text, turns=MISMATCH_TOLD,
                  slots={"diagnosed_cause": "info_mismatch"})
    assert responses(run(ActionOutOfScope(), trk)[1]) == [answer]
    # read as a follow-up or not understood at all, the same answer
    assert responses(run(ActionFollowUp(), tracker("follow_up", "mismatch", text=text, turns=MISMATCH_TOLD,
                                                   slots={"diagnosed_cause": "info_mismatch"}))[1]) == [answer]
    assert responses(run(ActionFallback(), tracker("nlu_fallback", "mismatch", text=text, turns=MISMATCH_TOLD,
                                                   slots={"diagnosed_cause": "info_mismatch"}))[1]) == [answer]


def test_where_long_after_the_mismatch_is_about_what_it_names(fake, tracker, run, responses):
    later = MISMATCH_TOLD + [{"intent": "check_balance", "bot": ["utter_wallet_figures"]}]
    trk = tracker("forgot_pin", "mismatch", text="密码在哪改", turns=later,
                  slots={"diagnosed_cause": "info_mismatch"})
    assert "utter_jingban_where" not in responses(run(ActionDiagnose(), trk)[1])


SIGNED_IN_AFTER_GENERAL = [
    {"intent": "payment_failed", "action": "action_diagnose",
     "bot": ["utter_generic_payment_failed", "utter_offer_sign_in"]},
    {"intent": "verify_phone", "text": "手机验证", "bot": ["utter_ask_verify_phone"]},
    {"intent": "share_sensitive_data", "text": "[手机号]", "bot": ["utter_verify_code_sent"]},
    {"intent": "bot_challenge", "text": "606913", "bot": ["utter_verified_problem"]},
]


def test_why_right_after_signing_in_runs_the_diagnosis(fake, tracker, run, responses):
    trk = tracker("out_of_scope", "balance", text="所以到底是啥原因", turns=SIGNED_IN_AFTER_GENERAL)
    assert run(ActionOutOfScope(), trk)[0] == [FollowupAction("action_diagnose")]
    # something else with a 咋 in it is not that question
    trk = tracker("out_of_scope", "balance", text="今天天气咋样", turns=SIGNED_IN_AFTER_GENERAL)
    events, messages = run(ActionOutOfScope(), trk)
    assert events == [] and responses(messages) == ["utter_out_of_scope"]
    # 「1」 (the offer said 「回复1」) after a turn that dropped the button
    later = SIGNED_IN_AFTER_GENERAL + [{"intent": "out_of_scope", "text": "嗯？", "bot": ["utter_out_of_scope"]}]
    assert run(ActionFallback(), tracker("nlu_fallback", "balance", text="1", turns=later))[0] == \
        [FollowupAction("action_diagnose")]
    # once the records have answered, 「1」 is no longer that offer
    done = later + [{"intent": "payment_failed", "bot": ["utter_diag_attempt", "utter_diag_insufficient_balance"]}]
    events, _ = run(ActionFallback(), tracker("nlu_fallback", "balance", text="1", turns=done))
    assert events == []


@pytest.mark.parametrize("text", ["我自己弄吧", "不用了 我自己在app里弄", "不用，我自己操作", "我自己在微信上改吧"])
def test_declining_the_ticket_in_own_words_is_a_no(text):
    assert declines_for_self_service(text)
    assert SelfServiceGuard().override(text, "verify_phone") == "deny"
    assert SelfServiceGuard().override(text, "app_problem") == "deny"


@pytest.mark.parametrize("text", ["我自己弄不了", "我自己弄的时候闪退了", "我自己的医保码打不开", "自己能弄吗"])
def test_a_self_service_problem_is_not_a_no(text):
    assert not declines_for_self_service(text)


def test_side_questions_get_the_narrower_answer_not_the_whole_one(fake, tracker, run, responses):
    family = [{"intent": "family_binding", "bot": ["utter_family_binding_rules", "utter_family_members"]}]
    trk = tracker("family_binding", "family", text="社康中心是啥 咋绑", turns=family)
    assert responses(run(ActionFamilyInfo(), trk)[1]) == ["utter_chc_info"]
    region = [{"intent": "region_mismatch", "action": "action_diagnose",
               "bot": ["utter_generic_region_mismatch", "utter_offer_sign_in"]}]
    events, messages = run(ActionDiagnose(), tracker("region_mismatch", text="备案在哪弄", turns=region))
    assert responses(messages) == ["utter_beian_where"] and events == [SlotSet("fix_flow", "info")]


def test_asked_again_with_nothing_narrower_is_not_the_same_answer_again(fake, tracker, run, responses):
    family = [{"intent": "family_binding", "bot": ["utter_family_binding_rules"]}]
    trk = tracker("family_binding", text="亲情账户到底咋弄", turns=family)
    assert responses(run(ActionFamilyInfo(), trk)[1]) == ["utter_no_narrower_answer", "utter_offer_human"]
    region = [{"intent": "region_mismatch", "action": "action_diagnose",
               "bot": ["utter_generic_region_mismatch", "utter_offer_sign_in"]}]
    trk = tracker("region_mismatch", text="参保地到底咋改", turns=region)
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_no_narrower_answer", "utter_offer_human"]
    # a longer message is a story of its own and gets the answer
    trk = tracker("family_binding", text="我想把我爸妈都绑到我手机上帮他们出示医保码 应该怎么操作", turns=family)
    assert "utter_family_binding_rules" in responses(run(ActionFamilyInfo(), trk)[1])


def test_an_elderly_person_without_phone_skills_gets_the_ways_without_the_app(fake, tracker, run, responses):
    text = "你好 我是个退休老头 今年七十多了 手机不大会用 孩子都在外地 医院让我出示医保码 我该怎么弄啊"
    assert responses(run(ActionOutOfScope(), tracker("out_of_scope", text=text))[1]) == ["utter_channels_none_left"]
    before = [{"intent": "inform", "bot": ["utter_how_to_pay_others"]}]
    trk = tracker("inform", text="那国家医保那个APP呢 我也不会下载", turns=before)
    assert responses(run(ActionHowToPay(), trk)[1]) == ["utter_channels_none_left"]


@pytest.mark.parametrize("text", ["今天天气咋样", "帮我订张去上海的机票"])
def test_a_truly_out_of_scope_question_is_still_refused(fake, tracker, run, responses, text):
    for turns, token in ((LIMIT_TOLD, "limit"), (MISMATCH_TOLD, "mismatch"), ((), None)):
        trk = tracker("out_of_scope", token, text=text, turns=turns,
                      slots={"diagnosed_cause": "over_limit" if token == "limit" else None})
        events, messages = run(ActionOutOfScope(), trk)
        assert events == [] and responses(messages) == ["utter_out_of_scope"]


def test_moving_money_to_a_spouse_read_as_out_of_scope_gets_what_exists(fake, tracker, run, responses):
    trk = tracker("out_of_scope", "balance", text="我想问下 我医保卡里的钱能转给我媳妇吗 她没工作 交的居民医保")
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_account_transfer"]


def test_transfer_hours_and_a_self_paid_claim(fake, tracker, run, responses):
    told = [{"intent": "medical_wallet", "bot": ["utter_account_transfer"]}]
    trk = tracker("out_of_scope", "balance", text="晚上十一点能转吗", turns=told)
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_wallet_transfer_hours"]
    trk = tracker("out_of_scope", "family", text="那昨天自费的钱还能报吗")
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_claim_self_paid"]
    # a problem told in those words is diagnosed, not answered with the claim
    trk = tracker("system_failure", "balance", text="收费的让我自费了 报不了医保")
    assert "utter_claim_self_paid" not in responses(run(ActionDiagnose(), trk)[1])


TRANSFER_TOLD = [{"intent": "medical_wallet", "action": "action_medical_wallet",
                  "bot": ["utter_account_transfer"]}]


@pytest.mark.parametrize("action, intent, text", [
    (ActionFollowUp(), "follow_up", "然后呢"),
    (ActionOutOfScope(), "out_of_scope", "咋弄 一步一步说"),
])
def test_after_the_three_ways_a_how_question_asks_which_one(fake, tracker, run, responses, action, intent, text):
    said = responses(run(action, tracker(intent, text=text, turns=TRANSFER_TOLD))[1])
    assert said == ["utter_account_transfer_which"], text


@pytest.mark.parametrize("text", ["我是说家庭共济 给老婆用 怎么开通", "家庭共济怎么开通"])
def test_family_mutual_aid_asked_step_by_step_says_it_differs_by_region(fake, tracker, run, responses, text):
    said = responses(run(ActionFamilyInfo(), tracker("family_binding", text=text, turns=TRANSFER_TOLD))[1])
    assert said == ["utter_family_mutual_aid_how"], text
    # naming one of the three ways is not asked again which one
    said = responses(run(ActionFollowUp(), tracker("follow_up", text="钱包转账怎么弄", turns=TRANSFER_TOLD))[1])
    assert "utter_account_transfer_which" not in said


@pytest.mark.parametrize("text", ["还有别的办法吗 刷脸老是失败", "人脸识别一直过不了咋整", "刷脸通不过"])
def test_a_face_check_that_keeps_failing_gets_the_ways_around_it(fake, tracker, run, responses, text):
    said = responses(run(ActionFollowUp(), tracker("follow_up", text=text))[1])
    assert said == ["utter_face_check_fails"], text


def test_a_face_check_failing_inside_the_reset_fix_is_answered_and_the_fix_goes_on(fake, tracker, run, responses):
    from actions.faq import ActionAnswerDigression

    trk = tracker("payment_failed", "locked", text="还有别的办法吗 刷脸老是失败", active_loop="pin_reset_form")
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_face_check_fails"]
    # a long story that mentions the face check among other things is not taken for this
    long_story = "上个月刷脸激活的时候失败了好几次后来总算激活了 今天在药店付钱又说失败了 到底咋回事"
    assert responses(run(ActionFollowUp(), tracker("follow_up", text=long_story))[1]) != ["utter_face_check_fails"]


BALANCE_TOLD = [{"intent": "insufficient_balance", "action": "action_diagnose",
                 "bot": ["utter_diag_attempt", "utter_diag_insufficient_balance"]}]


def test_is_the_region_right_after_a_balance_diagnosis_is_answered_from_the_records(fake, tracker, run, responses,
                                                                                    person):
    """「那地方呢 显示的对不对」 (trial 3 c23): the region, not the balance again."""
    said = responses(run(ActionFollowUp(), tracker("follow_up", "balance", text="那地方呢 显示的对不对",
                                                   turns=BALANCE_TOLD))[1])
    assert said == ["utter_region_matches"]
    fake.people["region"] = person(profile={"shown_region": {"code": "430100", "name": "长沙市"},
                                            "real_region": {"code": "440300", "name": "深圳市"}})
    said = responses(run(ActionFollowUp(), tracker("follow_up", "region", text="参保地对吗", turns=BALANCE_TOLD))[1])
    assert said == ["utter_region_differs"]
