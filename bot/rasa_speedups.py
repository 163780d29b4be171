"""Costs of Rasa 3.6 that are not ours but dominate our turns under load, removed in the Rasa
process only (installed by bot/rasa_server.py before Rasa starts).

- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which re-checks the schema
  itself (`check_schema`) on every action response: 12–16 % of the Rasa server's samples under
  load (py-spy, ../shared/profile-2026-11-29.md). The schema is a constant, so it is checked once
  and one validator is reused; invalid responses fail exactly as before.
- `RulePolicy._get_possible_keys` tests every one of ~690 rule keys (547 rules, 140 loop
  unhappy paths) against the current state on each of ~3 predictions per turn: 12 % of the
  Rasa server's samples under load (py-spy, 2026-11-30). A rule whose last state names a
  previous action can only match when the conversation's previous action is that one, so the
  keys are indexed by it once and only the candidates are tested, with Rasa's own test; the
  walk back through older states stops when no key is left or every key left is shorter.
  The set of keys returned is the same.
- `EndpointConfig.request` (every custom action call) builds a new aiohttp `ClientSession`,
  with its own connector, for each call and closes it after: a new TCP connection to the
  action server every time, and 4 % of the Rasa server's samples in a diagnosis turn (py-spy,
  2026-11-30). One session per endpoint configuration and event loop is kept and lent out
  instead; its idle connections are kept 15 s (aiohttp's default), well inside the action
  server's keep-alive (bot/action_server.py), so a reused connection is never one the server
  is closing.
- DIET's prediction (`RasaModel._rasa_predict`) goes through a `tf.function` with a fixed input
  signature; on every call TensorFlow still canonicalises the inputs and looks the traced
  graph up again (10 % of the Rasa server's samples, py-spy 2026-11-30). After the first call
  has traced it, the one concrete function is called directly with the same tensors; inputs
  that do not match the signature (rank, last dimension, dtype) go the original way, which
  raises Rasa's error.
- Every graph run (the NLU parse, each of the ~3 policy predictions of a turn) goes through
  dask's local scheduler, which orders and dispatches the dozen nodes anew each time: 9 % of
  the Rasa server's samples beyond the nodes' own work (py-spy, 2026-11-30). The graph is
  fixed once loaded, so the order of each set of targets is worked out once and the nodes are
  called one after another, each with what dask would pass it: the (name, output) of every
  node it needs, the name itself where nothing provides it.
- Python's cyclic garbage collector walks every tracked object on each full collection, and
  after the model is loaded that is a few million objects that live as long as the process
  (TensorFlow's Python objects, the domain, the rule and memo tables): once the agent is
  loaded they are moved out of its way (`gc.freeze`), so collections look only at what the
  turns allocate.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Set, Text, Tuple


def install() -> None:
    _install_action_result_validator()
    _install_rule_index()
    _install_gc_freeze_after_loading()
    _install_shared_endpoint_sessions()
    _install_concrete_predict()
    _install_sequential_graph_runner()


def _install_gc_freeze_after_loading() -> None:
    import rasa.core.run

    rasa.core.run.load_agent_on_start = freeze_after(rasa.core.run.load_agent_on_start)


def freeze_after(load: Any) -> Any:
    """`load` (an async function), then what exists is moved out of the collector's way."""
    import functools
    import gc

    @functools.wraps(load)
    async def load_then_freeze(*args: Any, **kwargs: Any) -> Any:
        result = await load(*args, **kwargs)
        gc.collect()
        gc.freeze()
        return result

    return load_then_freeze


class ConcretePredict:
    """The concrete function behind a model's traced predict step, with its input specs."""

    def __init__(self, model: Any) -> None:
        step = model._tf_predict_step
        self.model = model
        self.function = step.get_concrete_function()
        self.specs = [(spec.shape.rank, spec.shape[-1], spec.dtype.as_numpy_dtype)
                      for spec in step.input_signature[0]]

    def accepts(self, batch_in: Any) -> bool:
        if len(batch_in) != len(self.specs):
            return False
        for array, (rank, last, dtype) in zip(batch_in, self.specs):
            if (getattr(array, "ndim", None) != rank or array.dtype != dtype
                    or (last is not None and array.shape[-1] != last)):
                return False
        return True

    def __call__(self, batch_in: Any) -> Any:
        import tensorflow as tf

        tensors = [tf.convert_to_tensor(array) for array in batch_in]
        return self.function._call_flat(tensors, self.function.captured_inputs)


def _install_concrete_predict() -> None:
    from rasa.shared.constants import DIAGNOSTIC_DATA
    from rasa.utils.tensorflow import models
    from rasa.utils.tensorflow.models import RasaModel

    original = RasaModel._rasa_predict
    concrete: Dict[int, ConcretePredict] = {}

    def _rasa_predict(self: RasaModel, batch_in: Any) -> Dict[Text, Any]:
        predict = concrete.get(id(self))
        if predict is None or predict.model is not self or not predict.accepts(batch_in):
            outputs = original(self, batch_in)  # the first call traces the step
            if predict is None and self._tf_predict_step is not None and not self._run_eagerly:
                concrete[id(self)] = ConcretePredict(self)
            return outputs
        outputs = models.tf_utils.sync_to_numpy_or_python_type(predict(batch_in))
        if DIAGNOSTIC_DATA in outputs:
            outputs[DIAGNOSTIC_DATA] = self._empty_lists_to_none_in_dict(outputs[DIAGNOSTIC_DATA])
        return outputs

    RasaModel._rasa_predict = _rasa_predict


def run_in_order(runner: Any, inputs: Optional[Dict[Text, Any]] = None,
                 targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
    """`DaskGraphRunner.run` without dask: the same nodes, inputs and result."""
    from rasa.engine.exceptions import GraphRunError

    run_targets = list(targets) if targets else runner._graph_schema.target_names
    plans = runner.__dict__.setdefault("_plans_by_targets", {})
    plan = plans.get(tuple(run_targets))
    if plan is None:
        plan = plans[tuple(run_targets)] = _plan(runner._graph_schema.minimal_graph_schema(run_targets))
    values: Dict[Text, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and any(name_ == value for name_, _ in plan):
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the "
                f"input names passed to the `run` method are the same as node names in the "
                f"graph schema.")
        values[name] = (name, value)
    try:
        for name, needs in plan:
            values[name] = runner._instantiated_nodes[name](*[values.get(need, need) for need in needs])
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(values[target] for target in run_targets)


def _plan(schema: Any) -> List[Tuple[Text, List[Text]]]:
    """The schema's nodes, each after every node it needs, with the names it needs."""
    order: List[Tuple[Text, List[Text]]] = []
    placed: Set[Text] = set()

    def place(name: Text, path: Tuple[Text, ...] = ()) -> None:
        if name in placed or name not in schema.nodes:
            return
        if name in path:
            raise ValueError(f"the graph has a cycle through {name!r}")
        needs = list(schema.nodes[name].needs.values())
        for need in needs:
            place(need, (*path, name))
        placed.add(name)
        order.append((name, needs))

    for name in schema.nodes:
        place(name)
    return order


def _install_sequential_graph_runner() -> None:
    from rasa.engine.runner.dask import DaskGraphRunner

    DaskGraphRunner.run = run_in_order


class LentSession:
    """`async with` a shared session without closing it at the end."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


class SharedSessions:
    """aiohttp sessions by (event loop, endpoint settings), made by Rasa's own `session()`."""

    def __init__(self, make: Any) -> None:
        self.make = make
        self.sessions: Dict[Tuple[Any, ...], Any] = {}

    def lend(self, endpoint: Any) -> LentSession:
        import asyncio

        loop = asyncio.get_running_loop()
        key = (id(loop), endpoint.url, tuple(sorted((endpoint.headers or {}).items())),
               tuple(sorted((endpoint.basic_auth or {}).items())))
        session = self.sessions.get(key)
        if session is None or session.closed or session._loop is not loop:
            session = self.make(endpoint)
            self.sessions[key] = session
        return LentSession(session)

    async def close(self) -> None:
        sessions, self.sessions = list(self.sessions.values()), {}
        for session in sessions:
            if not session.closed:
                await session.close()


def _install_shared_endpoint_sessions() -> None:
    import rasa.core.run
    from rasa.utils.endpoints import EndpointConfig

    shared = SharedSessions(EndpointConfig.session)

    def session(self: EndpointConfig) -> LentSession:
        return shared.lend(self)

    session.shared = shared  # type: ignore[attr-defined]
    EndpointConfig.session = session

    # closed when the server stops, so that aiohttp reports no unclosed session at exit
    configure_app = rasa.core.run.configure_app

    def configure_app_closing_sessions(*args: Any, **kwargs: Any) -> Any:
        app = configure_app(*args, **kwargs)

        @app.after_server_stop
        async def close_sessions(*_: Any) -> None:
            await shared.close()

        return app

    rasa.core.run.configure_app = configure_app_closing_sessions


def _install_action_result_validator() -> None:
    from jsonschema import ValidationError, validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    spec = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(spec)
    validator_class.check_schema(spec)
    validator = validator_class(spec)

    def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, make sure your response "
                "from the Action endpoint is valid. For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions")
            raise error

    RemoteAction._validate_action_result = _validate_action_result


# prev_action's key that RulePolicy._does_rule_match_state compares by equality
_ACTION_NAME = "action_name"


class RuleIndex:
    """A RulePolicy lookup's keys grouped by the action name of their last state's previous
    action (None: the last state names none, so any conversation state may match)."""

    def __init__(self, lookup: Dict[Text, Text], to_states: Any) -> None:
        from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET

        # kept here so that candidates(), called on every prediction, imports nothing
        self.previous_action = PREVIOUS_ACTION
        self.size = len(lookup)
        self.lengths: Dict[Text, int] = {}
        self.by_action: Dict[Optional[Text], List[Text]] = {}
        for key in lookup:
            states = to_states(key)
            self.lengths[key] = len(states)
            name = (states[-1].get(PREVIOUS_ACTION) or {}).get(_ACTION_NAME) if states else None
            if not name or name == SHOULD_NOT_BE_SET:
                name = None
            self.by_action.setdefault(name, []).append(key)

    def candidates(self, current_state: Dict[Text, Any]) -> List[Text]:
        name = (current_state.get(self.previous_action) or {}).get(_ACTION_NAME)
        found = list(self.by_action.get(None, ()))
        if name:
            found.extend(self.by_action.get(name, ()))
        return found


def _install_rule_index() -> None:
    from rasa.core.policies.rule_policy import RulePolicy

    indexes: Dict[int, Tuple[Dict[Text, Text], RuleIndex]] = {}

    def index_for(lookup: Dict[Text, Text]) -> RuleIndex:
        cached = indexes.get(id(lookup))
        if cached is None or cached[0] is not lookup or cached[1].size != len(lookup):
            cached = (lookup, RuleIndex(lookup, RulePolicy._rule_key_to_state))
            indexes[id(lookup)] = cached
        return cached[1]

    def _get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text],
                           states: List[Dict[Text, Any]]) -> Set[Text]:
        if not states:
            return set(lookup.keys())
        index = index_for(lookup)
        reversed_states = list(reversed(states))
        possible = {key for key in index.candidates(reversed_states[0])
                    if self._is_rule_applicable(key, 0, reversed_states[0])}
        for turn, state in enumerate(reversed_states[1:], start=1):
            # a key of at most `turn` states is applicable from here on (Rasa's own rule)
            if not possible or all(index.lengths[key] <= turn for key in possible):
                break
            possible = {key for key in possible if self._is_rule_applicable(key, turn, state)}
        return possible

    RulePolicy._get_possible_keys = _get_possible_keys
