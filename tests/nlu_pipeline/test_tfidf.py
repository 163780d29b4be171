"""The character TF-IDF blend (bot/nlu/tfidf.py): trained, stored and loaded by Rasa's own model
storage, it ranks as it did when trained, with its weights laid out for fast scoring."""
from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.tfidf import CharTfidfBlend, blend

EXAMPLES = {
    "check_balance": ["我医保卡里还有多少钱", "查下余额", "个人账户余额咋看", "医保钱包还剩多少"],
    "forgot_pin": ["支付密码忘了", "密码输错锁了", "医保码密码怎么重置", "忘记密码了咋办"],
    "greet": ["你好", "在吗", "您好呀", "哈喽"],
}


@pytest.fixture()
def trained(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("tfidf")
    context = ExecutionContext(GraphSchema({}), "test")
    component = CharTfidfBlend.create({"weight": 1.0}, storage, resource, context)
    component.train(TrainingData([Message(data={TEXT: text, INTENT: intent})
                                  for intent, texts in EXAMPLES.items() for text in texts]))
    loaded = CharTfidfBlend.load({"weight": 1.0}, storage, resource, context)
    return component, loaded


def _ranking(component, text):
    [message] = component.process([Message(data={TEXT: text})])
    return message.get(INTENT)["name"], message.get(INTENT_RANKING_KEY)


def test_a_loaded_model_ranks_as_the_trained_one(trained):
    component, loaded = trained
    for text in ("余额还有多少", "密码锁住了", "你好啊", "随便说点什么"):
        assert _ranking(loaded, text) == _ranking(component, text)
    assert _ranking(loaded, "我的余额")[0] == "check_balance"


def test_weights_are_column_major_and_score_the_same(trained):
    _, loaded = trained
    classifier = loaded.pipeline.steps[-1][1]
    assert classifier.coef_.flags["F_CONTIGUOUS"]
    texts = ["余额还有多少", "密码锁住了"]
    fast = loaded.pipeline.predict_proba(texts)
    classifier.coef_ = np.ascontiguousarray(classifier.coef_)
    assert np.allclose(fast, loaded.pipeline.predict_proba(texts))


def test_blend_weights_both_rankings():
    ranking = blend({"a": 0.6, "b": 0.4}, [{"name": "b", "confidence": 1.0}], weight=0.5)
    assert [r["name"] for r in ranking] == ["b", "a"]
    assert ranking[0]["confidence"] == pytest.approx(0.7)
    # without DIET's ranking the TF-IDF probabilities are used alone
    assert blend({"a": 0.6, "b": 0.4}, None, weight=0.5)[0] == {"name": "a", "confidence": 0.6}
