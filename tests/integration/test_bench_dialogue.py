"""The bench's dialogue does the product's real work: every turn of every persona gets the
answer the bench expects (a changed model that answered 截图能付款吗 with a fallback would make
the bench measure the wrong thing)."""
from __future__ import annotations

import asyncio

from bot.bench import OUR_TURNS, PERSONAS
from bot.bench.load import Dialogue, run_level


def test_every_persona_plays_the_bench_dialogue_without_errors(stack, wallet):
    tokens = {p: wallet.demo_session(p)["token"] for p in PERSONAS}
    dialogues = [Dialogue(OUR_TURNS, {"token": tokens[p]}) for p in PERSONAS]
    ticks = []
    result = asyncio.run(run_level(f"{stack.rasa_url}/webhooks/rest/webhook",
                                   lambda i: dialogues[i % len(dialogues)], len(PERSONAS), 1,
                                   lambda: ticks.append(1), prefix="test-bench"))
    assert result.errors == []
    assert result.messages == len(ticks) == len(PERSONAS) * len(OUR_TURNS)
    assert len(result.samples["diagnosis"]) == len(PERSONAS)
