"""NLU guard: a message in which a channel masked a PIN, ID-card, bank-card or phone number
is classified as `share_sensitive_data`, so the assistant warns the user before anything else —
except a phone number given to sign in with it ("用手机号…验证"), which the sign-in form takes.

Runs after the other intent classifiers (last in the pipeline); keeps their ranking.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.privacy import PLACEHOLDER_RE, PLACEHOLDERS

SENSITIVE_INTENT = "share_sensitive_data"
# "用手机号138…验证": the number is what the phone sign-in needs, not something to warn about.
PHONE_SIGN_IN_INTENT = "verify_phone"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SensitiveDataGuard(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SensitiveDataGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            found = set(PLACEHOLDER_RE.findall(text))
            intent = (message.get(INTENT) or {}).get("name")
            if found == {PLACEHOLDERS["phone"]} and intent == PHONE_SIGN_IN_INTENT:
                continue
            if found:
                message.set(INTENT, {"name": SENSITIVE_INTENT, "confidence": 1.0},
                            add_to_output=True)
        return messages
