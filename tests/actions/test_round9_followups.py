"""Trial round 9 (new conversations): a long story about a father's code and a relative's
activation, a relative's phone with no smartphone."""
from __future__ import annotations

import pytest

from actions.diagnosis import ActionDiagnose
from actions.faq import ActionFamilyInfo
from actions.recent import about_relative
from bot.nlu.topics import asks_relative_activation


@pytest.fixture
def people(person):
    return {"ok": person(), "new": person(profile={"credential": {"status": "not_activated",
                                                                  "activated_channels": []}})}


@pytest.mark.parametrize("text", ["他要自己激活吗", "我妈能自己激活不", "帮我爸激活医保码 要他本人去吗",
                                  "孩子的医保码要激活吗"])
def test_a_relatives_activation_is_answered_for_the_relative(fake, tracker, run, responses, text):
    assert asks_relative_activation(text)
    names = responses(run(ActionDiagnose(), tracker("activate_credential", "ok", text=text))[1])
    assert names == ["utter_relative_activation"]  # not this person's records


@pytest.mark.parametrize("text", ["我要激活", "他说激活不了 咋回事", "我激活了 怎么用"])
def test_own_activation_is_not_a_relatives(text):
    assert not asks_relative_activation(text)


def test_a_fathers_old_phone_is_told_to_the_child(fake, tracker, run, responses):
    text = "我爸今年七十了在老家 上礼拜去药店买药 店里让他扫医保码 他手机是老年机 医保码能给我老爸用不"
    assert responses(run(ActionFamilyInfo(), tracker("family_binding", text=text))[1]) \
        == ["utter_no_smartphone_relative"]


@pytest.mark.parametrize("text, relative", [
    ("我妈不会用手机 看病咋办", True),
    ("老人机咋出示医保码", False),                 # the phone, not a person
    ("我七十多了 用的老年机 儿子不在家 买药咋整", False),  # the elder writes
])
def test_whose_phone_it_is(text, relative):
    assert about_relative(text) is relative


def test_the_relative_answers_are_true_to_the_rules(domain):
    text = domain["responses"]["utter_relative_activation"][0]["text"]
    assert "本人刷脸" in text and "免费" in text and "16岁" in text and "经办大厅" in text
    phone = domain["responses"]["utter_no_smartphone_relative"][0]["text"]
    assert "社保卡" in phone and "亲情账户" in phone and "截图" in phone


HUMAN_OFFERED = [{"intent": "still_not_working", "bot": ["utter_status_all_good_still_failing", "utter_offer_human"]}]


@pytest.mark.parametrize("text, intent, turns, expected", [
    ("家里没人会弄 我一个老头子 去医院直接拿社保卡行不行", "out_of_scope", HUMAN_OFFERED, "utter_card_at_counter"),
    ("不用转人工 那我先带社保卡去 社保卡在哪个窗口刷", "follow_up", HUMAN_OFFERED, "utter_card_at_counter"),
    ("微信里找不到那个医疗健康 是不是我微信太老了", "out_of_scope", [], "utter_channel_entry_missing"),
    ("改完以后还要干啥 还得重新弄那个码吗", "out_of_scope",
     [{"intent": "info_mismatch", "bot": ["utter_diag_info_mismatch"]}], "utter_reactivate_after_fix"),
    ("锁了多久能自己解开啊", "out_of_scope", [{"intent": "forgot_pin", "bot": ["utter_diag_pin_locked"]}],
     "utter_pin_lock_duration"),
    ("那我明天复查还得刷 能把单笔限额调到2000不", "follow_up",
     [{"intent": "payment_limit", "bot": ["utter_diag_over_limit"]}], "utter_limit_who_sets"),
    ("超了咋办 我住院要花好几千", "follow_up", [{"intent": "payment_limit", "bot": ["utter_wallet_figures"]}],
     "utter_limit_inpatient"),
    ("那绑完了 上周自费那几百能报回来不", "out_of_scope", [], "utter_claim_self_paid"),
    ("我问的是异地就医备案 不是参保地", "out_of_scope", [], "utter_beian_where"),
])
def test_questions_that_name_their_topic_get_it_however_they_start(fake, tracker, run, responses, text, intent,
                                                                   turns, expected):
    from actions.context import ActionFollowUp, ActionOutOfScope

    action = ActionFollowUp() if intent == "follow_up" else ActionOutOfScope()
    assert responses(run(action, tracker(intent, text=text, turns=turns))[1]) == [expected]


def test_the_fee_faq_gives_way_to_the_question_named(fake, tracker, run, responses):
    from actions.faq import ActionAnswerFaq

    trk = tracker("faq", text="我是问改完名字以后 医保码还要重新激活吗")
    assert responses(run(ActionAnswerFaq(), trk)[1]) == ["utter_reactivate_after_fix"]


@pytest.mark.parametrize("text", ["微信支付宝都没有，那个医保APP也没装", "社保卡密码忘了能用医保码吗",
                                  "医保码付不了 卡也没带 咋办"])
def test_other_messages_are_not_taken_for_those_questions(fake, tracker, run, text):
    from actions.recent import specific_answer

    assert specific_answer(tracker("out_of_scope", text=text)) is None


@pytest.mark.parametrize("text, read_as, intent", [
    ("不用转人工 那我去别的药店能刷不 哪家能用", "request_human", "follow_up"),
    ("不用人工 那我以后是不是只能用社保卡了", "what_is_credential", "follow_up"),
    ("不用转人工", "request_human", "deny"),
    ("我说了不要人工！", "request_human", "deny"),
    ("好的 不用转人工了", "affirm", "deny"),
    ("转人工", "request_human", None),
    ("不用转人工 我密码忘了咋办", "forgot_pin", None),  # a problem keeps its intent
])
def test_a_human_refused_in_words_is_no_request_for_one(text, read_as, intent):
    from bot.nlu.guard import SelfServiceGuard

    assert SelfServiceGuard().override(text, read_as) == intent


@pytest.mark.parametrize("text, done", [
    ("我搜了我的医保凭证 弄好了 也刷了脸", True),
    ("医保app一直让我更新，更新完了还是让更新", False),
    ("激活好了 但是怎么付款呢", False),
])
def test_a_longer_report_of_what_was_done(text, done):
    from bot.nlu.later import says_done

    assert says_done(text) is done


def test_how_long_until_someone_calls_is_about_the_ticket():
    from bot.nlu.later import asks_about_ticket

    assert asks_about_ticket("那大概多久有人联系我") and not asks_about_ticket("不用有人联系我")


def test_records_that_still_say_not_activated_say_why_the_page_may_differ(fake, tracker, run, responses):
    from actions.diagnosis import ActionCheckStatus

    names = responses(run(ActionCheckStatus(), tracker("check_status", "new", text="我在支付宝里看着是激活了啊"))[1])
    assert names[-2:] == ["utter_status_still_blocked", "utter_status_not_activated_next"]


FAMILY_TOLD = [{"intent": "check_balance+family_binding",
                "bot": ["utter_wallet_figures", "utter_family_binding_rules"]}]


@pytest.mark.parametrize("text, intent, expected", [
    ("我用的微信 不是支付宝 微信里在哪弄", "inform", "utter_family_bind_channels"),
    ("我妈在老家山东 不在北京 也能绑吗", "family_binding", "utter_family_bind_elsewhere"),
    ("你说的太长了看不懂 就说能不能绑", "nlu_fallback", "utter_family_binding_short"),
    ("我闺女也是职工医保 她那边咋操作", "family_binding", "utter_family_mutual_aid_reverse"),
])
def test_after_the_long_family_answer_the_part_asked(fake, tracker, run, responses, text, intent, expected):
    from actions.faq import ActionHowToPay
    from actions.handoff import ActionFallback

    action = {"inform": ActionHowToPay(), "nlu_fallback": ActionFallback()}.get(intent, ActionFamilyInfo())
    assert responses(run(action, tracker(intent, "ok", text=text, turns=FAMILY_TOLD))[1]) == [expected]


def test_without_the_family_answer_before_a_channel_question_is_how_to_pay(fake, tracker, run, responses):
    from actions.faq import ActionHowToPay

    assert responses(run(ActionHowToPay(), tracker("inform", "ok", text="微信里在哪弄"))[1]) != \
        ["utter_family_bind_channels"]


@pytest.mark.parametrize("text, expected", [
    ("备案在哪弄 她不会用手机 我帮她弄行不", "utter_beian_where"),
    ("我问的是异地备案 不是绑家人", "utter_beian_where"),
    ("名字的事我回头带她去改，那她在杭州这边能直接刷老家的医保吗", "utter_code_elsewhere"),
])
def test_care_elsewhere_questions_inside_a_story_about_a_mother(fake, tracker, run, responses, text, expected):
    assert responses(run(ActionFamilyInfo(), tracker("family_binding", text=text))[1]) == [expected]


def test_a_childs_insurance_that_failed_is_looked_up_in_the_family_not_the_writer(fake, tracker, run, responses,
                                                                                   person):
    fake.people["mum"] = person(family=[
        {"member_name_masked": "吴*轩", "relation_label": "子女", "member_region_name": "深圳市", "tier": "二档",
         "needs_chc": True, "chc_bound": False}])
    text = "不是网络问题啊 医院说是孩子的医保用不了 不是我的"
    names = responses(run(ActionDiagnose(), tracker("network_error", "mum", text=text))[1])
    assert names == ["utter_relative_problem", "utter_family_members", "utter_chc_info"]


@pytest.mark.parametrize("text, relative", [
    ("挂号的时候说孩子医保用不了", True),
    ("我和老伴的医保卡今天都刷不了", False),  # the writer's too
    ("去三亚过冬 老人的医保在海南能不能用", False),  # a question, nothing failed
    ("我妈买药刷医保码 说余额不足", False),  # the balance: her records are read as such
])
def test_a_relatives_failure(text, relative):
    from bot.nlu.topics import relative_problem

    assert relative_problem(text) is relative


GENERAL_ANSWER = [{"intent": "payment_failed", "bot": ["utter_generic_payment_failed", "utter_offer_sign_in"]}]


@pytest.mark.parametrize("text, intent", [
    ("就写了支付失败请重试 别的啥也没有 那咋办", "payment_failed"),
    ("不登录不行吗 你就说最可能是啥原因 我等着付钱呢", "app_problem"),
])
def test_not_signed_in_a_screen_that_names_no_cause(fake, tracker, run, responses, text, intent):
    from actions.context import ActionAppTroubleshoot

    action = ActionAppTroubleshoot() if intent == "app_problem" else ActionDiagnose()
    assert responses(run(action, tracker(intent, text=text, turns=GENERAL_ANSWER))[1]) == ["utter_generic_error_text"]
    # signed in, the records tell the cause instead
    assert "utter_generic_error_text" not in responses(run(action, tracker(intent, "ok", text=text))[1])


def test_the_limit_and_whether_it_can_be_raised(fake, tracker, run, responses):
    text = "医保码一次最多能刷多少钱啊，能不能调高点"
    names = responses(run(ActionDiagnose(), tracker("payment_limit", "ok", text=text))[1])
    assert names[:2] == ["utter_wallet_figures", "utter_limit_who_sets"]


def test_a_broken_front_camera_gets_the_ways_round_the_face_check():
    from actions.recent import face_check_fails

    assert face_check_fails("激活要刷脸吗 我这手机前面摄像头坏了")


def test_the_app_said_to_be_fine_after_the_device_steps_is_not_the_device_again(fake, tracker, run, responses):
    from actions.context import ActionAppTroubleshoot

    turns = [{"intent": "app_problem", "bot": ["utter_app_troubleshoot", "utter_app_troubleshoot_after"]}]
    trk = tracker("app_problem", text="我是在药店柜台扫的码 码能打开 app好好的啊", turns=turns)
    assert responses(run(ActionAppTroubleshoot(), trk)[1]) == ["utter_generic_error_text"]


@pytest.mark.parametrize("text, intent", [
    ("锁了多久能自己解开啊 我不想弄了", "follow_up"),
    ("算了", None),
    ("不弄了 先这样", None),
])
def test_a_question_beside_stopping_is_asked_all_the_same(text, intent):
    from bot.nlu.guard import SelfServiceGuard

    assert SelfServiceGuard().override(text, "stop") == intent


@pytest.mark.parametrize("text, topic", [
    ("为啥会这样啊 我社保前年就转到深圳了", "why"),
    ("下个月回长沙做手术 要先备案吗", "care"),
    ("深圳的", None),
])
def test_a_why_inside_the_region_switch_is_why_the_code_shows_the_old_region(text, topic):
    from actions.region_switch import side_question

    assert side_question(text, names_city=True) == topic


def test_how_long_a_lock_lasts_asked_inside_the_reset(fake, tracker, run, responses):
    from actions.faq import ActionAnswerDigression

    trk = tracker("follow_up", "locked", text="锁了多久能自己解开啊 我不想弄了", active_loop="pin_reset_form")
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_pin_lock_duration"]


@pytest.mark.parametrize("text, choice", [("第二个", True), ("选3", True), ("2", True), ("最后一个", True),
                                          ("88", False), ("886", False)])
def test_a_bare_choice_with_none_pending_is_no_goodbye(text, choice):
    from bot.nlu.guard import LanguageGuard
    from bot.nlu.topics import CHOICE_ONLY

    assert bool(CHOICE_ONLY.match(text)) is choice  # 「88」 is the goodbye it was trained as
    if choice:
        assert LanguageGuard().override(text, "goodbye") == "nlu_fallback"


def test_a_bare_choice_with_none_pending_says_so_then_offers_the_choices(fake, tracker, run, responses):
    from actions.handoff import ActionFallback

    assert responses(run(ActionFallback(), tracker("nlu_fallback", text="第五个"))[1]) \
        == ["utter_no_choice_pending", "utter_default"]


def test_the_revoke_asked_again_while_its_confirmation_waits_is_the_yes(fake, tracker, run):
    from actions.faq import ActionAnswerDigression

    trk = tracker("security_info", "ok", text="我是说把支付宝的授权取消了", active_loop="revoke_authorization_form",
                  slots={"auth_channel": "alipay", "requested_slot": "revoke_confirm"},
                  entities=[{"entity": "pay_channel", "value": "支付宝"}])
    events, messages = run(ActionAnswerDigression(), trk)
    assert {"event": "slot", "name": "revoke_confirm", "value": True} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events] and not messages


def test_the_page_says_activated_after_the_recheck_said_not_yet(fake, tracker, run, responses):
    turns = [{"intent": "check_status", "bot": ["utter_status_still_blocked", "utter_status_not_activated_next"]}]
    trk = tracker("activate_credential", "new", text="我在支付宝里看着是激活了啊 写着已激活", turns=turns)
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_activated_page_differs", "utter_offer_human"]


@pytest.mark.parametrize("cause, line", [("network_timeout", "utter_english_cause_network"),
                                         ("pin_locked", "utter_english_pin"), (None, "utter_english_reminder")])
def test_english_right_after_a_diagnosis_gets_the_cause_found(fake, tracker, run, responses, cause, line):
    from actions.english import INTRO, ActionAnswerEnglish

    turns = [{"intent": "other_language", "bot": [INTRO]}]
    trk = tracker("other_language", "ok", text="pls speak english, i dont understand", turns=turns,
                  slots={"diagnosed_cause": cause})
    assert responses(run(ActionAnswerEnglish(), trk)[1]) == [line]
