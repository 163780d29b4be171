"""The action server: rasa-sdk's app for `actions/`, on loopback, answering only Rasa.

`python -m bot.action_server --port 5055 [--host 127.0.0.1]`

The actions hold the wallet's service key, so a caller that can reach /webhook can open
tickets or read anyone's records through a forged tracker. Every request except `GET /health`
and `GET /healthz` (which service and instance answers, bot/health.py) must carry
`Authorization: Bearer <ACTION_SERVER_TOKEN>` (Rasa sends it from the action_endpoint's
`headers` in endpoints*.yml); anything else gets 401 before any action runs.
This module lives outside `actions/` because rasa-sdk imports every module of that package.
"""
from __future__ import annotations

import argparse
import hmac
import logging
import sys
from typing import Any, Dict, Optional

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import Settings, SettingsError
from bot.console import silence_known_warnings
from bot.health import ACTION_SERVER
from bot.health import healthz as service_health
from bot.settings import SecretError

TOKEN_ENV = "ACTION_SERVER_TOKEN"
HOST_ENV = "ACTION_SERVER_HOST"
DEFAULT_HOST = "127.0.0.1"
# Rasa 3.6 opens a fresh aiohttp session per action call (rasa/utils/endpoints.py), so it reuses
# no connection today; should a client pool them (aiohttp keeps idle ones 15 s), a server closing
# idle connections sooner (Sanic's default: 5 s) races its reuse ("Cannot write to closing
# transport"). The server's keep-alive must outlast the client's.
KEEP_ALIVE_TIMEOUT_SECONDS = 75
# An action is bounded by its wallet calls (seconds); Rasa itself would wait 5 minutes. Answer a
# stuck call with 503 after this long so the turn fails fast instead of after Sanic's 60 s.
RESPONSE_TIMEOUT_ENV = "ACTION_SERVER_RESPONSE_TIMEOUT"
DEFAULT_RESPONSE_TIMEOUT_SECONDS = 30
# Health checks, answered without the token: they run nothing and reveal no data.
OPEN_PATHS = frozenset({"/health", "/healthz"})
# Accept queue for bursts of concurrent action calls (Sanic's default of 100 drops SYNs).
BACKLOG = 1024

logger = logging.getLogger("bot.action_server")


def bearer_token(request: Request) -> Optional[str]:
    header = request.headers.get("Authorization") or ""
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def token_matches(presented: Optional[str], expected: str) -> bool:
    # Bytes compare: compare_digest refuses non-ASCII str, and a stranger may send anything.
    return presented is not None and hmac.compare_digest(presented.encode("utf-8"),
                                                         expected.encode("utf-8"))


def require_token(app: Sanic, expected: str) -> None:
    """401 (JSON, nothing executed) for every request but the health checks without the secret."""

    def refused() -> HTTPResponse:
        return response.json({"error": "unauthorized / 未授权: missing or wrong action server token"},
                             status=401, headers={"WWW-Authenticate": "Bearer"})

    @app.on_request
    async def check(request: Request) -> Optional[HTTPResponse]:
        if request.method == "GET" and request.path in OPEN_PATHS:
            return None
        if not token_matches(bearer_token(request), expected):
            logger.warning("refused %s %s from %s: no valid token", request.method, request.path,
                           request.ip)
            return refused()
        return None

    @app.listener("before_server_start")
    async def check_first(_app: Sanic, _loop) -> None:
        # rasa-sdk's CORS extension puts its middleware first at this point and answers OPTIONS
        # itself; the token check goes in front of it, so every request passes through it.
        if check in app.request_middleware:
            app.request_middleware.remove(check)
        app.request_middleware.appendleft(check)


def rewording_executor() -> type:
    """rasa-sdk's executor, with every action's replies passed through actions.repeats: an answer
    already given in this session is pointed to instead of sent again word for word."""
    from rasa_sdk.executor import ActionExecutor

    class RewordingExecutor(ActionExecutor):
        async def run(self, action_call: Dict[str, Any]) -> Optional[Dict[str, Any]]:
            result = await super().run(action_call)
            if not result or not result.get("responses"):
                return result
            from actions.repeats import reword_repeats
            tracker = action_call.get("tracker") or {}
            messages, events = reword_repeats(tracker.get("events") or [], tracker.get("slots") or {},
                                              result["responses"],
                                              (action_call.get("domain") or {}).get("responses") or {})
            return {**result, "responses": messages, "events": [*result.get("events", []), *events]}

    return RewordingExecutor


def create_app(expected_token: str, actions_package: str = "actions",
               response_timeout: Optional[float] = None) -> Sanic:
    import rasa_sdk.endpoint
    from rasa_sdk.endpoint import create_app as create_sdk_app

    silence_known_warnings()  # after rasa-sdk's imports installed their filters

    # rasa-sdk builds its executor from this module attribute inside create_app.
    rasa_sdk.endpoint.ActionExecutor = rewording_executor()
    # No CORS: only Rasa calls this server, never a browser.
    app = create_sdk_app(actions_package, cors_origins="")
    require_token(app, expected_token)

    @app.get("/healthz")
    async def healthz(_request: Request) -> HTTPResponse:
        # rasa-sdk's /health says only "ok"; the process runner waits for this service's instance.
        return response.json(service_health(ACTION_SERVER))

    app.config.KEEP_ALIVE_TIMEOUT = KEEP_ALIVE_TIMEOUT_SECONDS
    app.config.RESPONSE_TIMEOUT = response_timeout or DEFAULT_RESPONSE_TIMEOUT_SECONDS

    @app.listener("after_server_stop")
    async def close_wallet_client(_app: Sanic, _loop) -> None:
        # The actions share one pooled HTTP client per process; close its connections cleanly.
        from actions.common import wallet_client
        await wallet_client().aclose()

    return app


def main(argv=None) -> None:
    try:
        settings = Settings.from_env()
        # Unset outside demo mode, or a public value: refuse to start, naming the variable. The
        # actions' own secrets too (wallet key, seal key), not at the first chat that needs them.
        token = settings.require("actions")[TOKEN_ENV]
    except (SecretError, SettingsError) as exc:
        sys.exit(f"action server not started: {exc}")
    parser = argparse.ArgumentParser(prog="python -m bot.action_server",
                                     description="Run the action server (rasa-sdk) for Rasa.")
    parser.add_argument("--host", default=settings.action_server_host or DEFAULT_HOST,
                        help=f"interface to bind (default: ${HOST_ENV} or {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--actions", default="actions", help="package with the custom actions")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)

    logging.basicConfig(level=args.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(token, args.actions, settings.action_server_response_timeout)
    logger.info("action server on http://%s:%d (token required)", args.host, args.port)
    # One worker: the actions keep per-process state (the pooled wallet client).
    app.run(host=args.host, port=args.port, workers=1, access_log=False, backlog=BACKLOG)


if __name__ == "__main__":
    main()
