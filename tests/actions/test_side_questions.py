"""Questions beside the point, phrased as people write (trial 3): a question naming a city in
the middle of the region switch, what to do after a scam warning, old phones, a child's PIN."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.context import ActionAppTroubleshoot, ActionFollowUp
from actions.diagnosis import ActionCheckStatus
from actions.faq import ActionAnswerDigression, ActionFamilyInfo, ActionSecurityInfo
from actions.region_switch import ValidateRegionSwitchForm, side_question
from bot.nlu.guard import TopicGuard
from bot.nlu.scam import looks_like_scam
from bot.nlu.topics import asks_family_pin, old_device

FORM = "region_switch_form"
# The form was already asking when the message came (not its activation).
ASKING = [{"event": "active_loop", "name": FORM}]


def _region(name: str, code: str):
    return [{"entity": "region", "value": name, "start": 0, "end": len(name)}], code


def _in_form(tracker, text, intent, requested, entities=(), slots=None):
    """The tracker the form's validation gets: what Rasa extracted is set after the message."""
    extracted = [{"event": "slot", "name": name, "value": value} for name, value in (slots or {}).items()]
    after = [{"event": "slot", "name": "requested_slot", "value": requested},
             {"event": "action", "name": FORM}, *extracted]
    return tracker(intent, "region", text=text, entities=list(entities), turns=ASKING, active_loop=FORM,
                   slots={"requested_slot": requested, **(slots or {})}, after=after)


@pytest.mark.parametrize("text", ["我下个月要回长沙做手术，是不是要先备案", "回长沙住院要备案吗"])
def test_a_treatment_question_naming_a_city_is_answered_not_taken_as_the_choice(fake, tracker, run, responses,
                                                                                text):
    entities, code = _region("长沙", "430100")
    trk = _in_form(tracker, text, "nlu_fallback", "region_code", entities, {"region_code": code})
    events, messages = run(ValidateRegionSwitchForm(), trk)
    assert responses(messages) == ["utter_region_question_care"]
    assert events == [SlotSet("region_code", None)]  # the form asks which record again, with buttons


def test_cancelling_the_old_insurance_asked_at_the_confirmation_is_answered_and_the_question_stays(
        fake, tracker, run, responses):
    entities, _ = _region("长沙", "430100")
    trk = _in_form(tracker, "长沙那边的社保要不要去注销啊 我以后还回去的", "inform", "region_confirm", entities,
                   {"region_code": "440300"})
    events, messages = run(ValidateRegionSwitchForm(), trk)
    assert responses(messages) == ["utter_region_question_records"]
    assert events == [SlotSet("region_confirm", None)]


@pytest.mark.parametrize("text", ["我是说切到深圳", "深圳的", "能切到深圳吗", "深圳那个吧"])
def test_naming_the_city_to_switch_to_is_still_the_answer(fake, tracker, run, responses, text):
    entities, code = _region("深圳", "440300")
    trk = _in_form(tracker, text, "inform", "region_code", entities, {"region_code": "深圳"})
    events, messages = run(ValidateRegionSwitchForm(), trk)
    assert not responses(messages)
    assert SlotSet("region_code", "440300") in events


def test_a_question_already_answered_by_another_action_is_not_answered_again(fake, tracker, run, responses):
    # back in the form after a digression answered the message: Rasa validates again, nothing to say
    trk = tracker("region_mismatch", "region", text="异地就医要备案吗", turns=ASKING, active_loop=FORM,
                  slots={"requested_slot": "region_code"},
                  after=[{"event": "action", "name": "action_answer_digression"},
                         {"event": "slot", "name": "requested_slot", "value": "region_code"},
                         {"event": "action", "name": FORM}])
    assert not responses(run(ValidateRegionSwitchForm(), trk)[1])


def test_only_questions_count_as_side_questions():
    assert side_question("然后呢", names_city=False) is None  # the form's own follow-up
    assert side_question("那怎么办", names_city=False) is None
    assert side_question("异地就医要备案吗", names_city=False) == "care"
    assert side_question("长沙的还能用吗", names_city=True) == "records"


SCAM_SMS = ("【国家医保局】尊敬的参保人：您的医保卡已停用，请于24小时内点击 http://ybj-gov.cn.upd8.top "
            "升级为医保电子版，逾期将无法报销。回T退订")
SCAM_WARNED = {"intent": "security_info", "text": SCAM_SMS, "bot": ["utter_scam_warning"]}


def test_a_pasted_scam_sms_leads_with_the_warning_not_the_security_faq(fake, tracker, run, responses):
    assert looks_like_scam(SCAM_SMS)
    assert not looks_like_scam("去www.nhsa.gov.cn下载国家医保APP")
    said = responses(run(ActionSecurityInfo(), tracker("security_info", text=SCAM_SMS))[1])
    assert said == ["utter_scam_warning"]


def test_a_theft_report_leads_with_what_to_do(fake, tracker, run, responses):
    said = responses(run(ActionSecurityInfo(), tracker("security_info", "ok", text="我医保卡被人盗刷了咋办"))[1])
    assert said[0] == "utter_theft_steps" and "utter_security_info" not in said
    assert said[-1] == "utter_authorizations_active"  # the channels to check, with revoke buttons
    # asking whether it could happen is a question, not a report: whether, and what lets it happen
    said = responses(run(ActionSecurityInfo(), tracker("security_info", text="别人会不会盗刷我的医保码"))[1])
    assert said == ["utter_security_worry"]


@pytest.mark.parametrize("action, intent, text", [
    (ActionCheckStatus(), "check_status", "我已经点了"),
    (ActionSecurityInfo(), "security_info", "我刚才已经点进去了 还填了身份证和验证码 咋办啊"),
    (ActionSecurityInfo(), "security_info", "我已经把验证码告诉他了"),
    (ActionFollowUp(), "follow_up", "点了咋办"),
    # read as an APP problem by the model trained after the ticket and side-question merges
    (ActionAppTroubleshoot(), "app_problem", "我刚才已经点进去了 还填了身份证和验证码 咋办啊"),
])
def test_already_clicked_after_a_scam_warning_gets_only_what_to_do_now(fake, tracker, run, responses,
                                                                         action, intent, text):
    said = responses(run(action, tracker(intent, text=text, turns=[SCAM_WARNED]))[1])
    assert said == ["utter_scam_already"], text


def test_already_clicked_signed_in_also_lists_the_channels_to_check(fake, tracker, run, responses):
    said = responses(run(ActionSecurityInfo(), tracker("security_info", "ok", text="我已经点了",
                                                       turns=[SCAM_WARNED]))[1])
    assert said == ["utter_scam_already", "utter_authorizations_active"]


def test_is_it_real_and_hung_up_are_not_already_clicked(fake, tracker, run, responses):
    said = responses(run(ActionSecurityInfo(), tracker("security_info", text="这是真的吗", turns=[SCAM_WARNED]))[1])
    assert said == ["utter_scam_verdict"]
    said = responses(run(ActionFollowUp(), tracker("follow_up", text="我已经挂了 没给他", turns=[SCAM_WARNED]))[1])
    assert "utter_scam_already" not in said
    # without a scam warning before, 「我已经点了」 is a status question as before
    said = responses(run(ActionCheckStatus(), tracker("check_status", "ok", text="我已经点了"))[1])
    assert said[0] == "utter_status_exact"


@pytest.mark.parametrize("text", ["手机是iphone6 是不是太老了", "我手机是好几年前的oppo 系统没升级过"])
def test_an_old_phone_is_a_device_question(fake, tracker, run, responses, text):
    assert old_device(text)
    assert TopicGuard().override(text, "faq") == "app_problem"
    assert TopicGuard().override(text, "system_failure") == "app_problem"
    said = responses(run(ActionAppTroubleshoot(), tracker("app_problem", "ok", text=text))[1])
    assert said == ["utter_app_old_phone", "utter_offer_human"]
    trk = tracker("app_problem", "region", text=text, active_loop=FORM)
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_app_old_phone"]


@pytest.mark.parametrize("text, intent", [("我换了手机号 收不到验证码", None),
                                          ("国家医保app一打开就闪退", "app_problem")])
def test_the_bound_number_and_a_crash_are_not_old_phones(text, intent):
    assert not old_device(text)
    assert TopicGuard().override(text, "faq") == intent  # a crash is the APP, not an old phone


def test_a_childs_pin_is_the_childs_own(fake, tracker, run, responses):
    text = "我孩子的密码也是这个吗"
    assert asks_family_pin(text) and not asks_family_pin("我孩子的医保码怎么绑")
    assert TopicGuard().override(text, "forgot_pin") == "family_binding"
    assert responses(run(ActionFamilyInfo(), tracker("family_binding", "ok", text=text))[1]) == ["utter_family_pin"]
    # the scam and sign-in guards keep theirs
    assert TopicGuard().override("有人要我孩子的密码也发给他", "security_info") is None


def test_a_crash_on_an_old_phone_gets_the_device_steps_first(fake, tracker, run, responses):
    said = responses(run(ActionAppTroubleshoot(), tracker("app_problem", text="我妈手机太旧了 医保app装上就闪退"))[1])
    assert said == ["utter_app_troubleshoot", "utter_app_troubleshoot_after"]
