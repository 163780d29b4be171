"""A human ticket only when asked for or accepted: trying first (「还是不行再找你」), questions
about the ticket open, and 「还是不行」 while one is open."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.common import token_subject
from actions.context import ActionAnswerYes, ActionFollowUp, ActionStillNotWorking, ActionTryLater
from actions.faq import ActionAnswerDigression
from actions.handoff import ActionHandoff, ActionTicketStatus
from bot.nlu.later import asks_about_ticket, tries_first

OPEN = {"handoff_ticket": "T20261201-0003", "handoff_ticket_owner": token_subject("ok")}
OPEN_ANONYMOUS = {"handoff_ticket": "T20261201-0002", "handoff_ticket_owner": "anonymous"}


def tickets(fake):
    return [c for c in fake.calls if c[0] == "open_support_ticket"]


@pytest.mark.parametrize("text", [
    "不用 我去药店再试试，还是不行再找你", "好 我换个网络试试 要是还是不行再来问你", "我去试试 不行再说",
    "好的 我回头再试试 不行的话再找你", "我再试一次 再不行就找你", "万一还是不行呢", "如果还不行怎么办"])
def test_trying_first_is_not_a_failure(text):
    assert tries_first(text)


@pytest.mark.parametrize("text", [
    "还是不行", "试了重启 还是不行", "还是不行啊 药店还是刷不了", "再试试还是不行", "还是不行就转人工吧",
    "试了还是不行，要是再不行我就投诉了", "还是不行，再找谁啊", "怎么改密码 要是不行再问你", "用手机号行不行",
    "我去社保局弄好了 解绑又激活了 还是不行"])
def test_a_failure_or_a_question_beside_the_condition_is_not_trying_first(text):
    assert not tries_first(text)


@pytest.mark.parametrize("text", ["那工单多久有人联系我", "我那个工单咋样了", "工单有进展吗", "工单号是多少",
                                  "客服什么时候给我打电话", "人工客服怎么还没联系我"])
def test_questions_about_the_ticket(text):
    assert asks_about_ticket(text)


@pytest.mark.parametrize("text", ["帮我开个工单", "转人工", "我要人工客服", "客服电话是多少", "人工客服在吗",
                                  "不用开工单了"])
def test_asking_for_a_human_or_the_hotline_is_not_about_the_ticket(text):
    assert not asks_about_ticket(text)


def test_trying_first_gets_a_short_yes_and_nothing_opened(fake, tracker, run, responses):
    # right after a human was offered: 「不用 … 还是不行再找你」 is no ticket
    trk = tracker("try_later", "ok", text="不用 我去药店再试试，还是不行再找你",
                  turns=[{"intent": "follow_up", "bot": ["utter_offer_human"]}])
    events, messages = run(ActionTryLater(), trk)
    assert responses(messages) == ["utter_try_later"] and events == [] and not tickets(fake)
    assert not [c for c in fake.calls if c[0] in ("profile", "overview")]  # no re-check either
    # a ticket open: it is still there
    trk = tracker("try_later", "ok", text="好 我换个网络试试 要是还是不行再来问你", slots=OPEN)
    _, messages = run(ActionTryLater(), trk)
    assert responses(messages) == ["utter_try_later_ticket"] and messages[0]["ticket_no"] == "T20261201-0003"


def test_a_handoff_remembers_its_ticket(fake, tracker, run):
    events, _ = run(ActionHandoff(), tracker("request_human", "ok", text="转人工"))
    assert events == [SlotSet("handoff_ticket", "T20261125-0001"),
                      SlotSet("handoff_ticket_owner", token_subject("ok"))]
    events, _ = run(ActionHandoff(), tracker("request_human", text="转人工"))
    assert SlotSet("handoff_ticket_owner", "anonymous") in events


def test_asking_about_the_ticket_gets_that_ticket_not_a_new_one(fake, tracker, run, responses):
    trk = tracker("ticket_status", "ok", text="那工单多久有人联系我", slots=OPEN,
                  turns=[{"intent": "still_not_working", "bot": ["utter_handoff_ticket"]}])
    _, messages = run(ActionTicketStatus(), trk)
    assert responses(messages) == ["utter_ticket_open"] and messages[0]["ticket_no"] == "T20261201-0003"
    anonymous = tracker("ticket_status", text="我那个工单咋样了", slots=OPEN_ANONYMOUS)
    assert responses(run(ActionTicketStatus(), anonymous)[1]) == ["utter_ticket_open_anonymous"]
    none = tracker("ticket_status", text="我那个工单咋样了")
    assert responses(run(ActionTicketStatus(), none)[1]) == ["utter_ticket_none"]
    # a person's ticket is not told to another asker of the same conversation id
    other = tracker("ticket_status", "balance", text="工单号是多少", slots=OPEN)
    assert responses(run(ActionTicketStatus(), other)[1]) == ["utter_ticket_none"]
    assert not tickets(fake)
    # 「好」 to the offer that follows 「还没有工单」 opens one: it was accepted
    yes = tracker("affirm", text="好", turns=[{"intent": "ticket_status", "bot": ["utter_ticket_none"]}])
    assert responses(run(ActionAnswerYes(), yes)[1]) == ["utter_handoff_ticket_anonymous"]


def test_a_second_handover_refers_to_the_ticket_open(fake, tracker, run, responses):
    trk = tracker("request_human", "ok", text="转人工", slots=OPEN)
    events, messages = run(ActionHandoff(), trk)
    assert responses(messages) == ["utter_ticket_open"] and events == [] and not tickets(fake)
    # an anonymous ticket, and now signed in: the new one can be called back (its text asks for it)
    trk = tracker("request_human", "ok", text="转人工", slots=OPEN_ANONYMOUS)
    assert responses(run(ActionHandoff(), trk)[1]) == ["utter_handoff_ticket"] and len(tickets(fake)) == 1


def test_still_not_working_with_a_ticket_open_says_so_instead_of_offering_another(fake, tracker, run, responses):
    trk = tracker("still_not_working", "ok", text="还是不行", slots=OPEN,
                  turns=[{"intent": "still_not_working", "bot": ["utter_handoff_ticket"]}])
    _, messages = run(ActionStillNotWorking(), trk)
    names = responses(messages)
    assert names[0] == "utter_still_not_working" and "utter_offer_human" not in names
    assert names[-2:] == ["utter_ticket_open", "utter_meanwhile_self_pay"] and not tickets(fake)
    anonymous = tracker("still_not_working", text="还是不行啊 药店还是刷不了", slots=OPEN_ANONYMOUS)
    assert responses(run(ActionStillNotWorking(), anonymous)[1]) == [
        "utter_ticket_open_anonymous", "utter_meanwhile_self_pay"]


def test_a_follow_up_with_a_ticket_open_refers_to_it(fake, tracker, run, responses):
    trk = tracker("follow_up", "ok", text="那我咋办嘛", slots={"diagnosed_cause": "status_abnormal", **OPEN},
                  turns=[{"intent": "payment_failed", "bot": ["utter_diag_status_abnormal"]}])
    _, messages = run(ActionFollowUp(), trk)
    assert responses(messages) == ["utter_generic_credential_abnormal", "utter_ticket_open"]


def test_inside_a_form_trying_first_and_the_ticket_are_answered(fake, tracker, run, responses):
    trk = tracker("try_later", "locked", text="我先自己去支付宝试试 不行再找你", active_loop="pin_reset_form")
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_try_later"]
    trk = tracker("ticket_status", "ok", text="工单咋样了", active_loop="pin_reset_form", slots=OPEN)
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_ticket_open"]
