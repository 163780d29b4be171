"""Trial round 6, the replies graded 1 of 2: a specific English question, what to do now after a
code was given away, 「那咋办」 after the general region answer, a family member's new smartphone,
「下一个呢」 after the first of two fixes, 「弄好了」 after the activation steps, who sets the
limits, and another pharmacy after the pharmacy's system failed."""
from __future__ import annotations

import pytest
from rasa_sdk.events import FollowupAction

from actions.context import ActionAnswerYes, ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.english import ActionAnswerEnglish, english_topic
from actions.faq import ActionAnswerDigression, ActionAnswerFaq
from actions.handoff import ActionFallback
from actions.recent import new_smartphone_for_family, no_smartphone


@pytest.fixture
def people(person, attempt):
    return {
        "ok": person(),
        "limit": person(wallet={"single_limit": "500.00"},
                        attempt={**attempt, "amount": "1200.00", "error_category": "over_limit"}),
        "system": person(attempt={**attempt, "error_category": "institution_system_error"}),
        # activated in the first fix; the PIN, put off for it, still locked
        "both": person(profile={"pin": {"locked": True, "failed_tries": 5}}),
    }


# --- 1. English --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, topic", [
    ("how can i reset my pin??", "utter_english_pin"),
    ("forgot payment password what do i do", "utter_english_pin"),
    ("why does my code say not insured", "utter_english_status"),
    ("a guy called me and wants my code, should i give it", "utter_english_scam"),
    ("how to activate the medical insurance code", "utter_english_activation"),
    ("hw much balance do i have", "utter_english_balance"),
    ("whats the max i can pay at once", "utter_english_limits"),
    ("code shows my hometown not the city i live in", "utter_english_region"),
    ("hello do u speak english", None),
])
def test_an_english_question_is_told_its_topic(text, topic):
    assert english_topic(text) == topic


def test_english_keeps_the_chinese_only_answer_and_adds_the_topic(fake, tracker, run, responses):
    trk = tracker("other_language", text="i forgot my pin how to reset it")
    assert responses(run(ActionAnswerEnglish(), trk)[1]) == ["utter_english_only", "utter_english_pin"]
    plain = tracker("other_language", text="hi there, anyone?")
    assert responses(run(ActionAnswerEnglish(), plain)[1]) == ["utter_english_only"]
    # inside a guided fix too
    in_form = tracker("other_language", text="someone on wechat asks for my qr code", active_loop="pin_reset_form")
    assert responses(run(ActionAnswerDigression(), in_form)[1]) == ["utter_english_only", "utter_english_scam"]


# --- 3. 「那咋办」 after the general region answer -------------------------------------------------
def test_what_now_after_the_general_region_answer_gets_how_to_check_it_first(fake, tracker, run, responses):
    region = [{"intent": "region_mismatch", "bot": ["utter_generic_region_mismatch", "utter_offer_sign_in"]}]
    names = responses(run(ActionFollowUp(), tracker("follow_up", text="那我该咋弄啊", turns=region))[1])
    assert names == ["utter_region_check_steps", "utter_offer_human"]
    # asked once more: the person (reworded), not the steps again
    again = [*region, {"intent": "follow_up", "bot": ["utter_region_check_steps", "utter_offer_human"]}]
    names = responses(run(ActionFollowUp(), tracker("follow_up", text="那咋办", turns=again))[1])
    assert "utter_region_check_steps" not in names
    # and the why or what to bring after the steps is still about the region
    why = tracker("security_info", text="咋会这样嘛 我啥也没改", turns=again)
    assert responses(run(ActionOutOfScope(), why)[1]) == ["utter_why_region_mismatch"]
    bring = tracker("out_of_scope", text="去了要带啥不", turns=again)
    assert responses(run(ActionOutOfScope(), bring)[1]) == ["utter_jingban_documents_region"]


# --- 4. a family member's new smartphone -------------------------------------------------------
@pytest.mark.parametrize("text, new_phone", [
    ("我刚给我妈买了个新智能手机 咋给她弄医保码", True),
    ("给我爸换了个华为手机，医保码怎么弄上去", True),
    ("我妈没有智能手机 怎么用医保看病", False),
    ("我刚换了新手机 医保码咋弄", False),  # the person's own new phone: the new-phone FAQ
    ("我爸七十多了手机不会用 咋拿药", False),
])
def test_a_family_members_new_smartphone_is_told_from_none(text, new_phone):
    assert new_smartphone_for_family(text) is new_phone


def test_a_new_smartphone_is_not_the_offline_faq(fake, tracker, run, responses):
    text = "刚给俺妈买了新的智能手机 咋给她整个医保码"
    assert not no_smartphone(text)
    selector = {"response_selector": {"faq": {"response": {"utter_action": "utter_faq/offline_elderly"}}}}
    trk = tracker("faq", text=text, latest_extra=selector)
    assert responses(run(ActionAnswerFaq(), trk)[1]) == ["utter_new_smartphone_family"]
    # the FAQ answer otherwise
    other = tracker("faq", text="老人没有智能手机咋办", latest_extra=selector)
    assert responses(run(ActionAnswerFaq(), other)[1]) == ["utter_faq/offline_elderly"]
    # read as family binding, out of scope or activation: the same
    assert responses(run(ActionOutOfScope(), tracker("out_of_scope", text=text))[1]) == [
        "utter_new_smartphone_family"]
    assert responses(run(ActionDiagnose(), tracker("activate_credential", "ok", text=text))[1]) == [
        "utter_new_smartphone_family"]


# --- 5. 「下一个呢」 after the first fix ------------------------------------------------------------
def offered(problem):
    return {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_pending_problem_offer"},
            "data": {"buttons": [{"title": "接着处理", "payload": f"/{problem}"},
                                 {"title": "不用了", "payload": "/deny"}]}}


@pytest.mark.parametrize("action, intent, text", [
    (ActionFollowUp(), "follow_up", "下一个呢"),
    (ActionOutOfScope(), "out_of_scope", "还有一个问题呢？"),
    (ActionFallback(), "nlu_fallback", "第二个咋办"),
    (ActionAnswerYes(), "affirm", "好 下一个"),
])
def test_the_next_one_after_the_first_fix_goes_on_with_the_second(fake, tracker, run, action, intent, text):
    turns = [{"intent": "activate_credential", "text": "没激活 密码也忘了"},
             {"intent": "inform", "action": "action_activation_steps", "bot": ["utter_activation_steps_app"]},
             offered("forgot_pin")]
    events, _ = run(action, tracker(intent, "both", text=text, turns=turns))
    assert events == [FollowupAction("action_diagnose")]


def test_the_diagnosis_takes_the_problem_put_off(fake, tracker, run, responses):
    turns = [{"intent": "activate_credential", "text": "没激活 密码也忘了"},
             {"intent": "inform", "bot": ["utter_activation_steps_app"]}, offered("forgot_pin")]
    events, messages = run(ActionDiagnose(), tracker("follow_up", "both", text="下一个呢", turns=turns))
    assert "utter_diag_pin_locked" in responses(messages)
    # remembered but not yet offered (the slot): the same
    slot = tracker("follow_up", "both", text="第二个问题咋弄", slots={"pending_problem": "forgot_pin"})
    assert "utter_diag_pin_locked" in responses(run(ActionDiagnose(), slot)[1])
    # nothing put off: 「下一个呢」 is no problem of its own
    assert run(ActionFollowUp(), tracker("follow_up", text="下一个呢"))[0] == []


# --- 7. who sets the limits --------------------------------------------------------------------
@pytest.mark.parametrize("text", ["限额是谁定的", "这个限额谁规定的 能改吗", "额度能调高不"])
def test_who_sets_the_limits_is_answered_not_the_limit_text_again(fake, tracker, run, responses, text):
    told = [{"intent": "payment_limit", "action": "action_diagnose",
             "bot": ["utter_diag_attempt", "utter_diag_over_limit"]}]
    signed_in = tracker("payment_limit", "limit", text=text, turns=told, slots={"diagnosed_cause": "over_limit"})
    assert responses(run(ActionDiagnose(), signed_in)[1]) == ["utter_limit_who_sets"]
    general = [{"intent": "payment_limit", "bot": ["utter_generic_payment_limit", "utter_offer_sign_in"]}]
    assert responses(run(ActionOutOfScope(), tracker("out_of_scope", text=text, turns=general))[1]) == [
        "utter_limit_who_sets"]


def test_who_decides_without_a_limit_in_sight_is_not_this(fake, tracker, run, responses):
    assert responses(run(ActionOutOfScope(), tracker("out_of_scope", text="这是谁定的规矩"))[1]) == [
        "utter_out_of_scope"]


# --- 8. another pharmacy after the pharmacy's system failed -------------------------------------
def test_another_pharmacy_gets_a_plain_yes(fake, tracker, run, responses):
    told = [{"intent": "payment_failed", "action": "action_diagnose",
             "bot": ["utter_diag_attempt", "utter_diag_institution_system_error"]}]
    slots = {"diagnosed_cause": "institution_system_error"}
    for intent, action in (("system_failure", ActionDiagnose()), ("follow_up", ActionFollowUp())):
        trk = tracker(intent, "system", text="那我换个药店能行不", turns=told, slots=slots)
        assert responses(run(action, trk)[1]) == ["utter_other_pharmacy_yes"]
    general = [{"intent": "system_failure", "bot": ["utter_generic_system_failure", "utter_offer_sign_in"]}]
    assert responses(run(ActionOutOfScope(), tracker("out_of_scope", text="去别的药店可以吗", turns=general))[1]) == [
        "utter_other_pharmacy_yes"]
    # another place with no pharmacy failure before it is not this
    assert "utter_other_pharmacy_yes" not in responses(
        run(ActionOutOfScope(), tracker("out_of_scope", text="换个药店能行不"))[1])


# --- 2. a secret already given away after the warning --------------------------------------------
WARNED = [{"intent": "security_info", "text": "有人打电话说医保要升级 让我报验证码", "bot": ["utter_scam_warning"]}]


def test_given_away_after_a_warning_gets_what_to_do_now_whatever_it_was_read_as(fake, tracker, run, responses):
    # read as a forgotten PIN it got the PIN-reset text (and the reset's channel question)
    text = "已经发过去了 还把密码也说了"
    events, messages = run(ActionDiagnose(), tracker("forgot_pin", text=text, turns=WARNED))
    assert responses(messages) == ["utter_scam_already"]
    assert ("fix_flow", "info") in [(e.get("name"), e.get("value")) for e in events]
    # in the middle of a fix too
    trk = tracker("forgot_pin", text=text, turns=WARNED, active_loop="pin_reset_form")
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_scam_already"]


def test_the_steps_come_before_the_prevention_text(fake, tracker, run, responses):
    from actions.faq import ActionSecurityInfo

    # a long story after the warning: not the verdict nor the prevention half first
    story = "他又打来了 说不给就停我医保 我怕了就把手机收到的验证码念给他了 现在咋整啊 会不会把我钱转走"
    names = responses(run(ActionSecurityInfo(), tracker("security_info", text=story, turns=WARNED))[1])
    assert names[0] == "utter_scam_already" and "utter_scam_called_out" not in names, names
    assert "utter_scam_next_steps" not in names
    # 「咋办」 read as a follow-up after a warning, secret given: the steps, not the prevention half
    follow = tracker("follow_up", text="我都给他了 那咋办", turns=WARNED)
    assert responses(run(ActionFollowUp(), follow)[1])[0] == "utter_scam_already"
    # nothing given away: the other half of the warning, as before
    kept = tracker("security_info", text="又有人打电话让我报验证码 说是医保局的", turns=WARNED)
    assert responses(run(ActionSecurityInfo(), kept)[1]) == ["utter_scam_next_steps"]


# --- 6. done after the activation steps -------------------------------------------------------------
STEPS = [{"intent": "inform", "action": "action_activation_steps",
          "bot": ["utter_activation_steps_alipay", "utter_activation_troubles"]}]


def test_done_after_the_activation_steps_is_checked_or_told_how_to_get_it_checked(fake, tracker, run, responses):
    from actions.diagnosis import ActionCheckStatus

    signed_in = responses(run(ActionCheckStatus(), tracker("check_status", "ok", text="弄好啦", turns=STEPS))[1])
    assert signed_in[0] == "utter_status_exact"
    anonymous = responses(run(ActionCheckStatus(), tracker("check_status", text="激活好了哈", turns=STEPS))[1])
    assert anonymous == ["utter_activation_done_anonymous"]
    # with nothing done before: the sign-in it needs
    assert responses(run(ActionCheckStatus(), tracker("check_status", text="帮我看看好了没"))[1]) == [
        "utter_sign_in_to_check"]
    # read as a yes: the re-check too, not 「还有别的问题吗」
    yes = responses(run(ActionAnswerYes(), tracker("affirm", "ok", text="好了 弄好了", turns=STEPS))[1])
    assert yes[0] == "utter_status_exact", yes


def test_done_read_as_activation_again_is_the_re_check(fake, tracker, run, responses):
    trk = tracker("activate_credential", "ok", text="激活好啦", turns=STEPS)
    events, messages = run(ActionDiagnose(), trk)
    assert responses(messages)[0] == "utter_status_exact" and "utter_diag_attempt" not in responses(messages)
    assert ("fix_flow", "info") in [(e.get("name"), e.get("value")) for e in events]
    # still failing is no done
    failing = tracker("activate_credential", "ok", text="激活不了啊 咋整", turns=STEPS)
    assert "utter_status_exact" not in responses(run(ActionDiagnose(), failing)[1])
