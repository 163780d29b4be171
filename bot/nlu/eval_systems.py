"""The two systems `python -m bot.nlu.evaluate` compares, each given the text as the channels
hand it to NLU: the trained Rasa NLU (in this process) and a TF-IDF baseline trained in the run.
"""
from __future__ import annotations

import asyncio
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Sequence, Tuple

from bot.privacy import clean_text, mask_sensitive
from bot.settings import ROOT, VAR

NLU_FALLBACK = "nlu_fallback"


def as_channel_delivers(text: str) -> str:
    """The text as our channels hand it to NLU (bot/channels/common.py: masked_user_message)."""
    return mask_sensitive(clean_text(text))[0]


class TfidfBaseline:
    """Character 1–3-gram TF-IDF + logistic regression: the floor a real model has to beat."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        self.pipeline = make_pipeline(
            TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True),
            LogisticRegression(max_iter=2000, C=10))

    def fit(self, examples: Sequence[Tuple[str, str]]) -> "TfidfBaseline":
        self.pipeline.fit([text for text, _ in examples], [intent for _, intent in examples])
        return self

    def predict(self, texts: Sequence[str]) -> List[str]:
        return [str(label) for label in self.pipeline.predict(list(texts))] if texts else []


@contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


class RasaNLU:
    """The trained model, in this process, NLU only (Agent.parse_message)."""

    def __init__(self, model_path: Path) -> None:
        if not Path(model_path).is_file():
            raise FileNotFoundError(f"no trained model at {model_path}: run `make train` first")
        os.environ["RASA_TELEMETRY_ENABLED"] = "false"
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        os.environ.setdefault("JIEBA_CACHE_DIR", str(VAR))
        import logging

        from rasa.core.agent import Agent
        from rasa.utils.log_utils import configure_structlog

        # Unconfigured, structlog prints Rasa's debug line for every parsed message to stdout.
        configure_structlog(logging.WARNING)
        # config.yml names the spaCy pipeline by a path relative to the project.
        with _working_directory(ROOT):
            self.agent = Agent.load(str(model_path))

    def predict(self, texts: Sequence[str], desc: str = "model") -> List[str]:
        from tqdm import tqdm

        async def parse_all() -> List[str]:
            intents = []
            for text in tqdm(texts, desc=desc, unit="msg", file=sys.stderr, leave=False):
                parsed = await self.agent.parse_message(text)
                intents.append((parsed.get("intent") or {}).get("name") or NLU_FALLBACK)
            return intents

        return asyncio.run(parse_all())
