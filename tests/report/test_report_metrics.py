"""Every figure of the report on a scripted store (tests/report/conftest.py), checked exactly."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.report.build import build_report
from bot.report.facts import conversation_facts
from bot.report.metrics import compute_metrics, percentile
from bot.report.store import read_conversations
from bot.report.synthetic import Script, write_events

from .conftest import DAY1, DAY2, ordered, scenario


def metrics_of(url: str, **kwargs) -> dict:
    facts = [conversation_facts(c.sender_id, c.events)
             for c in read_conversations(url, progress=False, **kwargs)]
    return compute_metrics([f for f in facts if f is not None])


def test_volume_days_and_channels(store):
    m = metrics_of(store)
    assert m["totals"]["conversations"] == 9  # the session without a message is none
    assert m["totals"]["user_messages"] == 18
    assert m["totals"]["bot_messages"] == 30
    # Beijing days: 01:31 on the 22nd is the 22nd (in UTC it would still be the 21st)
    assert m["per_day"] == [
        {"date": "2026-11-20", "conversations": 6, "user_messages": 13},
        {"date": "2026-11-21", "conversations": 2, "user_messages": 4},
        {"date": "2026-11-22", "conversations": 1, "user_messages": 1},
    ]
    assert m["channels"] == {"rest": 5, "socketio": 2, "shell": 1, "wechat": 1}


def test_guess_versus_cause(store):
    table = metrics_of(store)["guess_vs_cause"]
    assert table["counts"] == {
        "insufficient_balance": {"region_mismatch": 1, "insufficient_balance": 1},
        "payment_failed": {"insufficient_balance": 1, "status_abnormal": 1, "not_activated": 1,
                           "not_signed_in": 1, "no_failure": 1},
    }
    assert table["rows"] == ["payment_failed", "insufficient_balance"]
    assert table["diagnoses"] == 7 and table["conversations"] == 7  # zhang's repeat counts once
    assert (table["guessed"], table["guessed_right"], table["guessed_right_rate"]) == (2, 1, 0.5)
    assert table["guessed_wrong_other_cause"] == {"insufficient_balance": 1}


def test_containment_handoffs_and_fallbacks(store):
    m = metrics_of(store)
    assert m["containment"] == {
        "solved": 2, "handoff": 3, "open": 4, "solved_by_recheck": 1, "solved_by_confirmation": 1,
        "solved_rate": 2 / 9, "handoff_rate": 3 / 9, "without_human_rate": 6 / 9}
    assert m["handoff_reasons"] == {"accepted_offer": 1, "asked": 1, "not_understood": 1}
    assert m["handoff_causes"] == {"insufficient_balance": 1, "none": 1, "status_abnormal": 1}
    assert m["fallback"] == {"messages": 2, "message_rate": 2 / 18, "conversations": 1,
                             "conversation_rate": 1 / 9}


def test_forms_started_completed_and_abandoned_at_their_step(store):
    assert metrics_of(store)["forms"] == {
        "activation_form": {"started": 1, "completed": 0, "abandoned": 1, "abandoned_at": {"pay_channel": 1}},
        "region_switch_form": {"started": 1, "completed": 1, "abandoned": 0, "abandoned_at": {}},
    }


def test_turns_resolution_time_and_reply_latency(store):
    m = metrics_of(store)
    turns = m["turns"]
    assert (turns["count"], turns["mean"], turns["p50"], turns["p90"], turns["max"]) == (9, 2, 2, 4, 4)
    assert turns["histogram"] == {"1": 2, "2": 6, "3": 0, "4-5": 1, "6-10": 0, "11+": 0}
    resolution = m["resolution_seconds"]
    assert (resolution["count"], resolution["max"], resolution["p50"]) == (2, 33.0, 13.0)
    latency = m["latency_seconds"]
    assert latency["count"] == 18
    assert (latency["p50"], latency["p90"], latency["p95"], latency["max"]) == (2.0, 8.0, 9.0, 9.0)
    assert latency["mean"] == pytest.approx(52.25 / 18)


def test_messages_not_understood_are_grouped(store):
    unknown = metrics_of(store)["unknown"]
    assert unknown["messages"] == 2 and unknown["groups_total"] == 1
    assert unknown["groups"] == [{"representative": "asdfghj", "count": 2,
                                  "examples": {"asdfghj": 1, "asdfghjk": 1}}]


def test_period_keeps_whole_conversations_that_started_in_it(store):
    from bot.report.__main__ import parse_bound

    # chen's first message (DAY1+10) is before `since`, the rest after: left out, not cut in half
    assert metrics_of(store, since=DAY1 + 15)["totals"]["conversations"] == 8
    m = metrics_of(store, since=DAY2 - 60, until=parse_bound("2026-11-21", end=True))
    assert m["totals"]["conversations"] == 2 and m["totals"]["user_messages"] == 4
    assert [d["date"] for d in m["per_day"]] == ["2026-11-21"]
    assert metrics_of(store, since=parse_bound("2026-11-22"))["totals"]["conversations"] == 1


def test_percentile_is_nearest_rank():
    assert percentile([], 50) is None
    assert percentile([5.0], 99) == 5.0
    assert [percentile([1, 2, 3, 4], p) for p in (25, 50, 51, 100)] == [1, 2, 3, 4]


def test_scripts_are_what_rasa_itself_serialises():
    """The synthetic events round-trip unchanged through Rasa's own event classes."""
    from rasa.shared.core.events import Event

    for script in scenario().values():
        for event in script.events:
            assert Event.from_parameters(event).as_dict() == event, event


def test_a_store_written_by_the_products_tracker_store_reads_the_same(tmp_path: Path):
    """Rasa's SQL store (our masking subclass) writes the table; the reader sees the same facts."""
    from rasa.shared.core.events import Event
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.tracker_store import MaskingSQLTrackerStore

    scripts = ordered(scenario())
    rasa_db = tmp_path / "rasa.db"
    tracker_store = MaskingSQLTrackerStore(dialect="sqlite", db=str(rasa_db))
    for sender in dict.fromkeys(s.sender_id for s in scripts):
        events = [Event.from_parameters(e) for s in scripts if s.sender_id == sender for e in s.events]
        asyncio.run(tracker_store.save(DialogueStateTracker.from_events(sender, events)))
    ours = f"sqlite:///{tmp_path / 'ours.db'}"
    write_events(ours, scripts)
    from_rasa, from_ours = metrics_of(f"sqlite:///{rasa_db}"), metrics_of(ours)
    from_rasa.pop("_unknown_groups"), from_ours.pop("_unknown_groups")
    assert from_rasa == from_ours and from_rasa["totals"]["conversations"] == 9


def test_report_files_and_nlu_draft(store, tmp_path: Path):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    built = build_report(store, tmp_path / "out", export_nlu=tmp_path / "draft.yml", progress=False)
    page = built.index.read_text(encoding="utf-8")
    saved = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert saved["totals"]["conversations"] == 9 and saved["containment"]["handoff"] == 3
    assert page.count("<svg") >= 7 and "<script" not in page
    for heading in ("用户的猜测 vs 后台查出的原因", "解决情况", "指标定义", "助手没听懂的消息"):
        assert heading in page
    assert "「余额不足」" in page and "参保地不一致" in page
    assert saved["font"] and saved["missing_glyphs"] == 0, "install fonts-wqy-microhei"
    draft = (tmp_path / "draft.yml").read_text(encoding="utf-8")
    examples = RasaYAMLReader().reads(draft).training_examples
    assert sorted(e.get("text") for e in examples) == ["asdfghj", "asdfghjk"]


def test_an_empty_or_missing_store_gives_a_friendly_page(tmp_path: Path):
    missing = build_report(f"sqlite:///{tmp_path / 'none.db'}", tmp_path / "a", progress=False)
    write_events(f"sqlite:///{tmp_path / 'empty.db'}", [])
    empty = build_report(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path / "b", progress=False)
    for built in (missing, empty):
        assert "这段时间还没有对话记录" in built.index.read_text(encoding="utf-8")
        assert built.metrics["totals"]["conversations"] == 0
    assert not (tmp_path / "none.db").exists()  # reading created no empty store


def test_a_session_with_only_its_start_is_no_conversation():
    silent = Script("x", DAY1)
    assert conversation_facts("x", silent.events) is None


def test_a_handoff_right_after_an_offer_is_an_accepted_offer_however_it_is_answered():
    def handoff_after(offered: bool) -> str:
        script = Script("x", DAY1).diagnose("付款失败了", "payment_failed", "info_mismatch",
                                            ["utter_diag_info_mismatch"] + (["utter_offer_human"] if offered else []))
        script.listen().handoff("/request_human", "request_human")  # 「好的」 read as the button
        return conversation_facts("x", script.events).handoff

    assert handoff_after(offered=True) == "accepted_offer"
    assert handoff_after(offered=False) == "asked"
