"""The trained NLU on the wild set (real phrasings from public pages, tests/nlu_wild/), against
the targets of issue 9 and a TF-IDF baseline trained on the same data in the same run.

Uses the model trained by `make test`'s setup step (models/yibao.tar.gz), loaded once for the
module. Figures: test-artifacts/nlu-eval/nlu-eval-test.{json,md}; `make eval` for the full report.
"""
from __future__ import annotations

import re
from typing import Any, Dict

import pytest
import yaml

from bot.nlu.evaluate import (
    DEFAULT_WILD,
    WildItem,
    WildSetError,
    evaluate,
    find_leaks,
    load_training_examples,
    load_wild,
    load_wild_blocks,
    score_wild,
    summary_rows,
    write_report,
)
from bot.settings import ROOT

MODEL = ROOT / "models" / "yibao.tar.gz"
ARTIFACTS = ROOT / "test-artifacts" / "nlu-eval"
MIN_ITEMS = 300
# Floors, a little below what the model measures so that training noise (about ±0.01 between
# trainings) does not fail the suite: a change that loses ground fails here. Raise them with the
# model. Measured 2026-12-01 on four collections (566 items; the third and fourth gathered fresh after
# the rules and training data were written) with the blind readings' labels: model 0.850, macro-F1
# 0.870, in-scope fallback 0.009, held-out 0.954; baseline 0.767. Issue 9's targets (accuracy 0.90,
# macro-F1 0.88) are not reached yet; `make eval` prints them beside the figures.
MIN_ACCURACY = 0.83
MIN_MACRO_F1 = 0.84
MIN_MARGIN_OVER_BASELINE = 0.05  # over the baseline trained in the same run (measured: +0.083)
MAX_IN_SCOPE_FALLBACK = 0.05
MIN_HELD_OUT_ACCURACY = 0.94


def domain_intents() -> set:
    intents = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]
    return {next(iter(i)) if isinstance(i, dict) else i for i in intents}


@pytest.fixture(scope="module")
def report() -> Dict[str, Any]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make test` (it trains first)")
    try:
        result = evaluate(MODEL, DEFAULT_WILD, quick=True)
    except WildSetError as error:  # leakage or a malformed file: nothing to measure
        pytest.fail(str(error))
    write_report(result, ARTIFACTS, name="nlu-eval-test")
    return result


def figures(report: Dict[str, Any]) -> str:
    """Model vs baseline, for the assertion messages."""
    rows = "; ".join(f"{name}: model {m}, baseline {b}" for name, m, b in summary_rows(report))
    confusions = ", ".join(f"{c['gold']}->{c['predicted']} x{c['count']}"
                           for c in report["systems"]["model"]["confusions"])
    return f"{rows}. Model's top confusions: {confusions}. Details: {ARTIFACTS}"


# --- the set itself -----------------------------------------------------------------------

def test_wild_set_is_big_sourced_and_labelled_with_domain_intents():
    blocks = load_wild_blocks(DEFAULT_WILD)
    items = load_wild(DEFAULT_WILD)
    assert len(items) >= MIN_ITEMS, f"only {len(items)} wild items, need {MIN_ITEMS}"
    unsourced = [(b["file"], b.get("title")) for b in blocks
                 if not re.match(r"https?://\S+$", str(b.get("source") or ""))]
    assert not unsourced, f"blocks without an http(s) source: {unsourced}"
    known = domain_intents()
    # faq/<key> is the retrieval intent faq; a multi-intent (a+b) is a prediction, never a label.
    bad = [(item.text, label) for item in items for label in (item.intent, *item.also)
           if "+" in label or label.split("/", 1)[0] not in known]
    assert not bad, f"labels that are not single intents of domain.yml: {bad[:20]}"


def test_wild_set_is_not_in_the_training_data():
    leaks = find_leaks([item.text for item in load_wild(DEFAULT_WILD)],
                       [text for text, _ in load_training_examples()])
    assert not leaks, f"wild items (or near copies) in data/nlu: {leaks[:20]}"


def test_near_copies_are_found():
    training = ["医保码在药店扫了半天一直提示支付失败，怎么回事", "怎么激活医保电子凭证", "你好"]
    leaks = find_leaks([
        "医保码在药店扫了半天 一直提示支付失败!!怎么回事？",  # punctuation and spaces only
        "医保码在药店扫了半天一直提示支付失败，这怎么回事",  # one character more
        "ＨＩ，你好",  # not the same sentence
        "医保码在药店付款失败",  # shares words, not the sentence
        "怎么激活医保码",
    ], training)
    assert [(leak.text, leak.training_text) for leak in leaks] == [
        ("医保码在药店扫了半天 一直提示支付失败!!怎么回事？", training[0]),
        ("医保码在药店扫了半天一直提示支付失败，这怎么回事", training[0]),
    ]
    assert leaks[0].similarity == 1.0 and 0.8 <= leaks[1].similarity < 1.0
    assert find_leaks(["你好！"], training)[0].training_text == "你好"  # short texts too


def test_scoring_accepts_also_labels_faq_and_multi_intents_but_not_fallback():
    items = [WildItem("a", "what_is_credential", ("region_mismatch",)), WildItem("b", "faq/hotline"),
             WildItem("c", "check_balance"), WildItem("d", "payment_failed"),
             WildItem("e", "out_of_scope"), WildItem("f", "check_balance")]
    predicted = ["region_mismatch", "faq", "check_balance+how_to_pay", "nlu_fallback",
                 "nlu_fallback", "how_to_pay"]
    result = score_wild(items, predicted, [i.text for i in items])
    assert result["accuracy"] == pytest.approx(3 / 6, abs=1e-4)
    assert result["in_scope_fallback"] == pytest.approx(1 / 5, abs=1e-4)  # out_of_scope not counted
    per_intent = result["per_intent"]
    assert per_intent["what_is_credential"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert per_intent["check_balance"]["recall"] == 0.5 and per_intent["check_balance"]["support"] == 2
    assert per_intent["payment_failed"]["f1"] == 0.0
    assert {(c["gold"], c["predicted"]) for c in result["confusions"]} == {
        ("payment_failed", "nlu_fallback"), ("out_of_scope", "nlu_fallback"), ("check_balance", "how_to_pay")}


def test_accuracy_is_also_given_per_collection():
    items = [WildItem("a", "greet", file="first.yml"), WildItem("b", "thank", file="first.yml"),
             WildItem("c", "greet", file="second.yml")]
    result = score_wild(items, ["greet", "greet", "greet"], [i.text for i in items])
    assert result["accuracy_by_file"] == {"first.yml": 0.5, "second.yml": 1.0}


# --- the trained model (floors; issue 9's targets in bot.nlu.evaluate.TARGETS) ---

def test_wild_accuracy(report):
    model = report["systems"]["model"]
    assert model["accuracy"] >= MIN_ACCURACY, figures(report)


def test_wild_macro_f1(report):
    model = report["systems"]["model"]
    assert model["macro_f1"] >= MIN_MACRO_F1, figures(report)


def test_model_beats_the_baseline_on_the_wild_set(report):
    model, baseline = report["systems"]["model"], report["systems"]["baseline"]
    assert model["accuracy"] >= baseline["accuracy"] + MIN_MARGIN_OVER_BASELINE, figures(report)


def test_in_scope_fallback_rate(report):
    model = report["systems"]["model"]
    assert model["in_scope_fallback"] <= MAX_IN_SCOPE_FALLBACK, figures(report)


def test_held_out_accuracy(report):
    model = report["systems"]["model"]
    assert model["held_out_accuracy"] >= MIN_HELD_OUT_ACCURACY, figures(report)
