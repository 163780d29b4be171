"""A character TF-IDF + logistic-regression intent classifier blended with DIET's ranking.

Measured on real people's phrasings (tests/nlu_wild, docs/nlu-experiments.md), character n-grams
with sublinear TF-IDF generalise to pasted error texts, typos and long stories better than DIET
alone, while DIET is better on short conversational turns; the blend of both probabilities beats
each. Runs after DIETClassifier and before FallbackClassifier (which then judges the blended
confidence). Stored with skops (no pickle).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

FILE = "char_tfidf.skops"
# The idf diagonal is stored as a CSR matrix; nothing else outside scikit-learn/numpy is allowed.
TRUSTED_TYPES = ["scipy.sparse._csr.csr_matrix"]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class CharTfidfBlend(IntentClassifier, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "min_ngram": 1,
            "max_ngram": 3,
            "C": 30.0,
            # rare intents (multi-intents, app_problem) are not drowned by the frequent ones
            "class_weight": "balanced",
            # share of this classifier in the blended probability (the rest is DIET's)
            "weight": 0.5,
            "ranking_length": 10,
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 pipeline: Any = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.pipeline = pipeline

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "CharTfidfBlend":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if len({e.get(INTENT) for e in examples}) < 2:
            logger.debug("CharTfidfBlend: fewer than two intents, nothing to train")
            return self._resource
        self.pipeline = fit_char_tfidf([e.get(TEXT) for e in examples], [e.get(INTENT) for e in examples],
                                       self.config)
        dump_pipeline(self.pipeline, self._model_storage, self._resource)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "CharTfidfBlend":
        return cls(config, model_storage, resource, load_pipeline(model_storage, resource, cls.__name__))

    def process(self, messages: List[Message]) -> List[Message]:
        if self.pipeline is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        probabilities = self.pipeline.predict_proba(texts)
        classes = list(self.pipeline.classes_)
        for message, row in zip(messages, probabilities):
            ranking = blend(dict(zip(classes, row)), message.get(INTENT_RANKING_KEY),
                            self.config["weight"])
            if not ranking:
                continue
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[: self.config["ranking_length"]],
                        add_to_output=True)
        return messages


def fit_char_tfidf(texts: List[str], labels: List[str], config: Dict[Text, Any]) -> Any:
    """Sublinear character TF-IDF + logistic regression, with weights laid out for scoring."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    pipeline = make_pipeline(
        TfidfVectorizer(analyzer="char", sublinear_tf=True,
                        ngram_range=(config["min_ngram"], config["max_ngram"])),
        # newton-cg reaches the same weights as lbfgs in 14 iterations instead of 151 (every
        # probability of the wild and held-out sets equal to 5e-4, also with tol 1e-2): 18 s of
        # a cold training instead of 50 on 2 cores
        LogisticRegression(C=config["C"], class_weight=config["class_weight"],
                           solver="newton-cg", tol=1e-2, max_iter=300, random_state=42))
    pipeline.fit(texts, labels)
    column_major_weights(pipeline)
    return pipeline


def dump_pipeline(pipeline: Any, model_storage: ModelStorage, resource: Resource) -> None:
    import skops.io as sio

    with model_storage.write_to(resource) as model_dir:
        sio.dump(pipeline, model_dir / FILE)


def load_pipeline(model_storage: ModelStorage, resource: Resource, owner: str) -> Any:
    """The stored pipeline (skops, only known types), or None when there is none or it is not
    trusted: the owner then works without it and says so."""
    import skops.io as sio

    try:
        with model_storage.read_from(resource) as model_dir:
            path = model_dir / FILE
            unknown = set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES)
            if unknown:
                raise ValueError(f"untrusted types in {FILE}: {sorted(unknown)}")
            pipeline = sio.load(path, trusted=TRUSTED_TYPES)
    except (ValueError, FileNotFoundError) as exc:
        logger.warning("%s: no TF-IDF model loaded (%s)", owner, exc)
        return None
    column_major_weights(pipeline)
    return pipeline


def column_major_weights(pipeline: Any) -> None:
    """Store the classifier's weights column-major. scikit-learn scores a message as
    `X @ coef_.T`; with row-major weights scipy first copies the whole transposed matrix
    (38 intents × ~40,000 n-grams) on every call: 5.7 ms of a message, against 0.5 ms without
    the copy (docs/benchmarks.md). The numbers are the same, only their order in memory."""
    import numpy as np

    classifier = pipeline.steps[-1][1]
    classifier.coef_ = np.asfortranarray(classifier.coef_)


def blend(tfidf: Dict[str, float], diet_ranking: Optional[List[Dict[str, Any]]],
          weight: float) -> List[Dict[str, Any]]:
    """weight·P_tfidf + (1−weight)·P_diet per intent, best first. DIET's ranking is its top
    few only: an intent missing from it counts as 0 there."""
    diet = {r["name"]: float(r["confidence"]) for r in diet_ranking or [] if r.get("name")}
    if not diet:
        weight = 1.0
    names = set(tfidf) | set(diet)
    scores = {n: weight * float(tfidf.get(n, 0.0)) + (1 - weight) * diet.get(n, 0.0) for n in names}
    return [{"name": n, "confidence": c}
            for n, c in sorted(scores.items(), key=lambda item: -item[1])]
