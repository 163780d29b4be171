"""The Rasa-process speed-ups keep Rasa's behaviour: valid action responses pass, invalid fail;
the indexed rule lookup finds exactly the rules Rasa's own lookup finds."""
from __future__ import annotations

import json
import tarfile

import jsonschema
import pytest

from bot import rasa_speedups
from bot.settings import ROOT

ORIGINAL = {}


@pytest.fixture(scope="module")
def originals():
    import rasa.core.run
    from rasa.core.actions.action import RemoteAction
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.tensorflow.models import RasaModel

    saved = RemoteAction._validate_action_result, RulePolicy._get_possible_keys
    saved_run = rasa.core.run.load_agent_on_start, rasa.core.run.configure_app
    from rasa.engine.runner.dask import DaskGraphRunner

    saved_session, saved_predict = EndpointConfig.session, RasaModel._rasa_predict
    ORIGINAL["predict"], ORIGINAL["run"] = saved_predict, DaskGraphRunner.run
    rasa_speedups.install()
    yield saved
    RemoteAction._validate_action_result, RulePolicy._get_possible_keys = saved
    rasa.core.run.load_agent_on_start, rasa.core.run.configure_app = saved_run
    EndpointConfig.session, RasaModel._rasa_predict = saved_session, saved_predict
    DaskGraphRunner.run = ORIGINAL["run"]


@pytest.fixture(scope="module")
def remote_action(originals):
    from rasa.core.actions.action import RemoteAction

    return RemoteAction("action_diagnose_payment", None)


def test_a_valid_action_response_passes(remote_action):
    response = {"events": [{"event": "slot", "name": "cause", "value": "region_mismatch"}],
                "responses": [{"text": "您的参保地不对", "buttons": []}]}
    assert remote_action._validate_action_result(response) is True


@pytest.mark.parametrize("response", [{"events": 5}, {"responses": "不是列表"}, {"events": [{"name": "x"}]}])
def test_an_invalid_action_response_fails_with_rasas_message(remote_action, response):
    with pytest.raises(jsonschema.ValidationError) as error:
        remote_action._validate_action_result(response)
    assert "Failed to validate Action server response" in error.value.message


def test_the_schema_is_checked_once_not_per_response(remote_action, monkeypatch):
    calls = []
    validator_class = jsonschema.validators.validator_for(remote_action.action_response_format_spec())
    monkeypatch.setattr(validator_class, "check_schema", classmethod(lambda cls, s: calls.append(s)))
    for _ in range(3):
        remote_action._validate_action_result({"events": [], "responses": []})
    assert calls == []


# --- RulePolicy's indexed lookup -----------------------------------------------------------

def _trained_rule_lookups():
    """The rule lookups of the trained model (make test trains it first)."""
    model = ROOT / "models" / "yibao.tar.gz"
    if not model.exists():
        pytest.fail("no trained model: run `make test` (it trains first)")
    with tarfile.open(model) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("/rule_policy.json"))
        lookup = json.load(archive.extractfile(member))["lookup"]
    return {name: lookup[name] for name in ("rules", "rules_for_loop_unhappy_path")}


def _conversations(lookup):
    """Conversation state histories near the rules: each rule's own states, the same after an
    older turn, and its last state with another rule's previous action or intent."""
    rules = [json.loads(key) for key in lookup]
    for n, states in enumerate(rules):
        yield states
        yield [rules[(n + 1) % len(rules)][0], *states]
        other = rules[(n * 7 + 3) % len(rules)][-1]
        for part in ("prev_action", "user"):
            if part in other:
                yield [*states[:-1], {**states[-1], part: other[part]}]
        yield states[:-1] or states


@pytest.mark.parametrize("lookup_name", ["rules", "rules_for_loop_unhappy_path"])
def test_the_indexed_rule_lookup_finds_what_rasas_finds(originals, lookup_name):
    from rasa.core.policies.rule_policy import RulePolicy

    lookup = _trained_rule_lookups()[lookup_name]
    policy = object.__new__(RulePolicy)  # only the lookup helpers are used, no model state
    rasas = originals[1]
    compared = matched = 0
    for states in _conversations(lookup):
        expected = rasas(policy, lookup, states)
        assert policy._get_possible_keys(lookup, states) == expected, states
        compared += 1
        matched += bool(expected)
    # the histories exercised both outcomes, many times
    assert compared > len(lookup) * 3 and 0 < matched < compared


def test_rules_without_a_previous_action_stay_candidates(originals):
    """A conversation-start rule's last state names no previous action (none in our rules
    today): it is still found, and only where Rasa finds it."""
    from rasa.core.policies.rule_policy import RulePolicy

    start = json.dumps([{"user": {"intent": "greet"}}])
    later = json.dumps([{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}])
    lookup = {start: "utter_greet", later: "utter_greet"}
    policy = object.__new__(RulePolicy)
    for states in ([{"user": {"intent": "greet"}}],
                   [{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}]):
        found = policy._get_possible_keys(lookup, states)
        assert found == originals[1](policy, lookup, states) and len(found) == 1


def test_what_exists_once_the_agent_is_loaded_is_out_of_the_collectors_way(originals, monkeypatch):
    import asyncio
    import gc

    import rasa.core.run

    assert rasa.core.run.load_agent_on_start.__wrapped__.__module__ == "rasa.core.run"
    loaded, freezes = [], []

    async def load(*args):
        loaded.append(args)
        return "agent"

    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(len(loaded)))
    assert asyncio.run(rasa_speedups.freeze_after(load)("model", "endpoints")) == "agent"
    assert loaded == [("model", "endpoints")] and freezes == [1]  # frozen after the load


def test_action_calls_share_one_session_and_its_connections(originals):
    """Two calls of Rasa's own EndpointConfig.request to a real local server: one session,
    one TCP connection (Rasa opened a new one per call); a call in another event loop, or
    after the session was closed, gets a new session."""
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    shared = EndpointConfig.session.shared  # as installed in the Rasa server
    peers = []

    async def scenario():
        async def answer(request):
            peers.append(request.transport.get_extra_info("peername"))
            return web.json_response({"events": [], "responses": []})

        app = web.Application()
        app.router.add_post("/webhook", answer)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"Authorization": "Bearer x"})
        sessions = []
        for _ in range(2):
            async with endpoint.session() as session:
                sessions.append(session)
            # Rasa's own call, as RemoteAction makes it
            assert (await endpoint.request(json={}, method="post"))["events"] == []
        await shared.close()
        async with shared.lend(endpoint) as session:
            sessions.append(session)
        await shared.close()
        await runner.cleanup()
        return sessions

    first = asyncio.run(scenario())
    assert first[0] is first[1] and first[2] is not first[0] and first[0].closed
    assert len(peers) == 2 and peers[0] == peers[1]  # the same client port: one connection


def test_the_server_closes_the_shared_sessions_when_it_stops(originals):
    import rasa.core.run
    from rasa.utils.endpoints import EndpointConfig

    assert isinstance(EndpointConfig.session.shared, rasa_speedups.SharedSessions)
    app = rasa.core.run.configure_app(port=0)
    assert [future.listener.__name__ for future in app._future_listeners
            if future.event == "after_server_stop"] == ["close_sessions"]


def test_diet_predicts_the_same_through_its_concrete_function(originals, monkeypatch):
    """The trained model's NLU, parsed with Rasa's own predict and then through the concrete
    function: the same intents and the same confidences, and the shortcut is really taken."""
    import asyncio

    from rasa.core.agent import Agent
    from rasa.utils.tensorflow.models import RasaModel

    texts = ["付款失败了", "你好", "截图能付款吗", "我想切换参保地", "医保码扫不出来怎么办啊急",
             "my code does not work", "密码输错三次锁了", "？？", "能不能帮我老爸开通一下医保码"]
    agent = Agent.load(str(ROOT / "models" / "yibao.tar.gz"))

    async def parse():
        return [(await agent.parse_message(text))["intent_ranking"] for text in texts]

    monkeypatch.setattr(RasaModel, "_rasa_predict", ORIGINAL["predict"])
    expected = asyncio.run(parse())
    monkeypatch.undo()
    calls = []
    monkeypatch.setattr(rasa_speedups.ConcretePredict, "__call__",
                        lambda self, batch: calls.append(1) or ORIGINAL_CALL(self, batch))
    assert asyncio.run(parse()) == expected  # the first parse traces, the others are concrete
    assert len(calls) >= len(texts) - 1


ORIGINAL_CALL = rasa_speedups.ConcretePredict.__call__


def test_graphs_run_in_order_give_what_dask_gives(originals, monkeypatch):
    """The trained model's NLU and policy graphs, run by dask and then node by node: the same
    parse (intent ranking, entities, FAQ answer) and the same next action with the same
    probabilities, for first messages and for a second turn."""
    import asyncio

    from rasa.core.agent import Agent
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    texts = ["付款失败了", "你好", "截图能付款吗", "我想切换参保地", "深圳", "第二个",
             "my code does not work", "密码输错三次锁了 13812345678", "谢谢"]
    agent = Agent.load(str(ROOT / "models" / "yibao.tar.gz"))

    async def run():
        results = []
        for index, text in enumerate(texts):
            parse = await agent.parse_message(text)
            before = texts[index - 1]
            events = [ActionExecuted("action_listen"),
                      UserUttered(before, (await agent.parse_message(before))["intent"]),
                      ActionExecuted("utter_ask_more"), ActionExecuted("action_listen"),
                      UserUttered(text, parse["intent"], parse["entities"], parse_data=parse)]
            prediction = agent.processor._predict_next_with_tracker(
                DialogueStateTracker.from_events("t", events, slots=agent.domain.slots))
            results.append((parse, prediction.probabilities, prediction.policy_name))
        return results

    monkeypatch.setattr(DaskGraphRunner, "run", ORIGINAL["run"])
    expected = asyncio.run(run())
    monkeypatch.undo()
    assert DaskGraphRunner.run is rasa_speedups.run_in_order
    assert asyncio.run(run()) == expected


def test_a_graph_with_a_cycle_is_refused():
    from rasa.engine.graph import GraphSchema, SchemaNode

    def node(needs):
        return SchemaNode(needs=needs, uses=object, constructor_name="create", fn="run", config={})

    schema = GraphSchema({"a": node({"x": "b"}), "b": node({"x": "a"}), "c": node({"x": "input"})})
    with pytest.raises(ValueError, match="cycle"):
        rasa_speedups._plan(schema)
    ordered = rasa_speedups._plan(GraphSchema({"c": node({"x": "d"}), "d": node({"x": "input"})}))
    assert ordered == [("d", ["input"]), ("c", ["d"])]
