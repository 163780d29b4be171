"""The FAQ selector asks Rasa's ResponseSelector only about messages whose final intent is a FAQ
(the answers themselves: tests/integration, e.g. test_shell_operator_output)."""
from __future__ import annotations

import pytest
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.faq_selector import FaqResponseSelector


def _message(text, intent):
    return Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9} if intent else None})


@pytest.fixture()
def asked(monkeypatch):
    seen = []
    monkeypatch.setattr(ResponseSelector, "process",
                        lambda self, messages: (seen.extend(m.get(TEXT) for m in messages), messages)[1])
    return seen


def _selector(retrieval_intent, all_retrieval_intents=()):
    selector = object.__new__(FaqResponseSelector)  # process() needs only these two
    selector.component_config = {"retrieval_intent": retrieval_intent}
    selector.all_retrieval_intents = list(all_retrieval_intents)
    return selector


MESSAGES = [("截图能付款吗", "faq"), ("你好", "greet"), ("余额多少，另外能截图吗", "check_balance+faq"),
            ("asdf", "nlu_fallback"), ("？", None)]


def test_only_faq_messages_are_asked(asked):
    messages = [_message(text, intent) for text, intent in MESSAGES]
    assert _selector("faq").process(messages) == messages  # every message goes on
    assert asked == ["截图能付款吗", "余额多少，另外能截图吗"]


def test_without_a_configured_intent_the_trained_retrieval_intents_count(asked):
    _selector(None, ["faq"]).process([_message(text, intent) for text, intent in MESSAGES])
    assert asked == ["截图能付款吗", "余额多少，另外能截图吗"]


def test_with_nothing_to_tell_faqs_by_every_message_is_asked_as_rasa_does(asked):
    _selector(None).process([_message(text, intent) for text, intent in MESSAGES])
    assert asked == [text for text, _ in MESSAGES]
