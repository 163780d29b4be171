"""The FAQ selector (bot/nlu/faq_selector.py): trained and stored by Rasa's model storage, it picks
the answer only for messages whose final intent is a FAQ, in the ResponseSelector's format that
Rasa's `utter_faq` reads (the answers end to end: tests/integration, e.g. test_shell_operator_output)."""
from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.faq_selector import FaqResponseSelector

FAQS = {
    "faq/screenshot": ["截图能付款吗", "医保码截个图给药店扫行不行", "码存相册里能用吗", "截屏的二维码能刷吗"],
    "faq/hotline": ["医保热线是多少", "12393是干啥的", "打哪个电话问医保", "客服电话多少"],
    "faq/is_free": ["激活要收钱吗", "医保码要交费吗", "用医保码收不收手续费", "开通免费不"],
}
RESPONSES = {f"utter_{key}": [{"text": f"answer of {key}"}] for key in FAQS}
RESPONSES["utter_greet"] = [{"text": "你好"}]  # not a FAQ answer: not kept by the selector


def _context():
    return ExecutionContext(GraphSchema({}), "test")


def _training_data(faqs=FAQS):
    examples = [Message(data={TEXT: text, INTENT: "faq", INTENT_RESPONSE_KEY: key})
                for key, texts in faqs.items() for text in texts]
    examples += [Message(data={TEXT: "你好", INTENT: "greet"})]
    return TrainingData(examples, responses=RESPONSES)


@pytest.fixture()
def selectors(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("faq_selector")
    trained = FaqResponseSelector.create({}, storage, resource, _context())
    trained.train(_training_data())
    loaded = FaqResponseSelector.load({}, storage, resource, _context())
    return trained, loaded


def _message(text, intent):
    return Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9} if intent else None})


def _picks(selector, messages):
    selector.process(messages)
    return [((m.get("response_selector") or {}).get("faq") or {}).get("response", {}).get("utter_action")
            for m in messages]


def test_only_faq_messages_get_an_answer_and_the_loaded_model_picks_as_the_trained(selectors):
    for selector in selectors:
        messages = [_message("截图的码能刷吗", "faq"), _message("你好", "greet"),
                    _message("余额多少，另外热线电话是多少", "check_balance+faq"),
                    _message("asdf", "nlu_fallback"), _message("？", None)]
        assert _picks(selector, messages) == ["utter_faq/screenshot", None, "utter_faq/hotline", None, None]
        assert "response_selector" not in messages[1].as_dict()


def test_the_output_is_what_rasas_retrieval_action_reads(selectors):
    _, loaded = selectors
    [message] = loaded.process([_message("开通医保码收费吗", "faq")])
    selector = message.get("response_selector")
    assert selector["all_retrieval_intents"] == ["faq"]
    response = selector["faq"]["response"]
    assert response["intent_response_key"] == "faq/is_free"
    assert response["utter_action"] == "utter_faq/is_free"
    assert response["responses"] == [{"text": "answer of faq/is_free"}]
    ranking = selector["faq"]["ranking"]
    assert [r["intent_response_key"] for r in ranking][0] == "faq/is_free" and len(ranking) == 3
    assert ranking[0]["confidence"] == response["confidence"] > ranking[1]["confidence"]
    assert "utter_greet" not in loaded.responses


def test_with_a_single_answer_nothing_is_trained_and_messages_pass_unchanged(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("faq_selector")
    selector = FaqResponseSelector.create({}, storage, resource, _context())
    selector.train(_training_data({"faq/hotline": FAQS["faq/hotline"]}))
    loaded = FaqResponseSelector.load({}, storage, resource, _context())
    for component in (selector, loaded):
        assert _picks(component, [_message("热线多少", "faq")]) == [None]
