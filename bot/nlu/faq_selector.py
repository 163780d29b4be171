"""Rasa's ResponseSelector, asked only for messages whose final intent is its retrieval intent.

Rasa's selector runs its TensorFlow model on every message: 10 % of the Rasa server's time under
load (py-spy, 2026-11-30), though its pick is used only when the message is a FAQ (`utter_faq`
and the FAQ digression in a form, actions/faq.py). Placed after the TF-IDF blend, the fallback
classifier and the guards, it knows the final intent; other messages carry no `response_selector`
entry, and nothing reads one for them. Training is Rasa's own.
"""
from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import RETRIEVAL_INTENT


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FaqResponseSelector(ResponseSelector):
    def process(self, messages: List[Message]) -> List[Message]:
        configured = self.component_config.get(RETRIEVAL_INTENT)
        wanted = {configured} if configured else set(self.all_retrieval_intents)
        if not wanted:  # nothing to tell FAQs by: every message, as Rasa does
            return super().process(messages)
        asked = [m for m in messages if wanted.intersection(intent_names(m))]
        if asked:
            super().process(asked)
        return messages


def intent_names(message: Message) -> List[str]:
    """The message's final intent, a multi-intent (`a+b`) as its parts."""
    return ((message.get(INTENT) or {}).get(INTENT_NAME_KEY) or "").split("+")
