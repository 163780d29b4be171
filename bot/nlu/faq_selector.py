"""Picks the FAQ answer (`faq/<key>`) for messages whose final intent is the retrieval intent.

The same character TF-IDF + logistic regression as the intent blend (bot/nlu/tfidf.py), trained
on the retrieval intent's examples, in place of Rasa's ResponseSelector: on the held-out FAQ
questions it picks the right answer for 40 of 40 (Rasa's selector: 35), trains in 0.1 s instead
of 27 s, and it spares the Rasa server the selector's TensorFlow model, 356 MB of its memory
(docs/benchmarks.md, 2026-11-30). Its output is the ResponseSelector's (`response_selector` →
`faq` → `response.utter_action`, the ranking, `all_retrieval_intents`), so Rasa's retrieval
action `utter_faq`, the FAQ digression in a form (actions/faq.py) and the operator shell read
it unchanged. Placed last in the pipeline, it knows the final intent: other messages carry no
`response_selector` entry, and nothing reads one for them.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.tfidf import dump_pipeline, fit_char_tfidf, load_pipeline
from bot.nlu.topics import asks_fee

logger = logging.getLogger(__name__)
RESPONSES_FILE = "responses.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FaqResponseSelector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"retrieval_intent": "faq", "min_ngram": 1, "max_ngram": 3, "C": 30.0,
                "class_weight": "balanced", "ranking_length": 10}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 pipeline: Any = None, responses: Optional[Dict[Text, List[Dict[Text, Any]]]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.pipeline = pipeline
        self.responses = responses or {}

    @property
    def retrieval_intent(self) -> Text:
        return self.config["retrieval_intent"]

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FaqResponseSelector":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples
                    if e.get(INTENT) == self.retrieval_intent and e.get(INTENT_RESPONSE_KEY) and e.get(TEXT)]
        keys = {e.get(INTENT_RESPONSE_KEY) for e in examples}
        # the answers of this retrieval intent, as Rasa's selector keeps them (utter_faq/<key>)
        self.responses = {name: list(variations) for name, variations in training_data.responses.items()
                          if name.startswith(f"utter_{self.retrieval_intent}/")}
        if len(keys) < 2:
            logger.warning("FaqResponseSelector: fewer than two %s answers to choose from; nothing trained",
                           self.retrieval_intent)
            return self._resource
        self.pipeline = fit_char_tfidf([e.get(TEXT) for e in examples],
                                       [e.get(INTENT_RESPONSE_KEY) for e in examples], self.config)
        dump_pipeline(self.pipeline, self._model_storage, self._resource)
        with self._model_storage.write_to(self._resource) as model_dir:
            (model_dir / RESPONSES_FILE).write_text(json.dumps(self.responses, ensure_ascii=False))
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "FaqResponseSelector":
        responses = {}
        try:
            with model_storage.read_from(resource) as model_dir:
                responses = json.loads((model_dir / RESPONSES_FILE).read_text())
        except (ValueError, FileNotFoundError):
            pass
        return cls(config, model_storage, resource,
                   load_pipeline(model_storage, resource, cls.__name__), responses)

    def process(self, messages: List[Message]) -> List[Message]:
        asked = [m for m in messages if self.retrieval_intent in intent_names(m)]
        if not asked or self.pipeline is None:
            return messages
        probabilities = self.pipeline.predict_proba([m.get(TEXT) or "" for m in asked])
        keys = list(self.pipeline.classes_)
        for message, row in zip(asked, probabilities):
            ranked = sorted(zip(keys, row), key=lambda pair: -pair[1])
            if asks_fee(message.get(TEXT) or "") and FEE_KEY in keys:
                # 「重置密码要收费吗」: the fee answer first, whichever fee-free thing it names.
                ranked.sort(key=lambda pair: pair[0] != FEE_KEY)
            ranking = ranked[: self.config["ranking_length"]]
            best, confidence = ranking[0]
            utter_action = f"utter_{best}"
            prediction = {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    RESPONSE_SELECTOR_RESPONSES_KEY: self.responses.get(utter_action) or [{TEXT: best}],
                    PREDICTED_CONFIDENCE_KEY: float(confidence),
                    INTENT_RESPONSE_KEY: best,
                    RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
                },
                RESPONSE_SELECTOR_RANKING_KEY: [{INTENT_RESPONSE_KEY: key, PREDICTED_CONFIDENCE_KEY: float(p)}
                                                for key, p in ranking],
            }
            properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
            properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = [self.retrieval_intent]
            properties[self.retrieval_intent] = prediction
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
        return messages


FEE_KEY = "faq/is_free"


def intent_names(message: Message) -> List[str]:
    """The message's final intent, a multi-intent (`a+b`) as its parts."""
    return ((message.get(INTENT) or {}).get(INTENT_NAME_KEY) or "").split("+")
