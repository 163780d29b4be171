"""The one HTTP client of the wallet backend (async, with a thin sync wrapper), used by the
actions, the channels, the website, the operator shell, the bench and the tests.

Every call has a timeout and an explicit status check. Reads (GET) are retried once on
transport errors or 5xx; writes never are, so a state change is not applied twice.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import json as jsonlib
import logging
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Dict, List, Mapping, Optional

import aiohttp
import httpx

from bot.config import Settings

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class WalletApiSettings:
    wallet_url: str
    # None: calls without the service key (the website uses only the public demo routes).
    service_key: Optional[str]
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    read_retries: int = 1
    hotline: str = "12393"
    # Demo only: where the demo platform's "phone" shows SMS codes (never the codes themselves).
    demo_sms_url: Optional[str] = None
    # One pooled client per process: connections to the wallet at most, kept-alive ones, and
    # how long an idle one is kept (below the wallet's 5 s keep-alive, so it never races a close).
    pool_max_connections: int = 64
    pool_max_keepalive: int = 32
    pool_keepalive_seconds: float = 3.0

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None, with_service_key: bool = True,
                 timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> "WalletApiSettings":
        """From bot.config.Settings; `timeout_seconds` is this caller's default budget."""
        s = Settings.from_env(env)
        return cls(
            wallet_url=s.wallet_url,
            service_key=s.secret("WALLET_SERVICE_KEY") if with_service_key else None,
            timeout_seconds=s.wallet_timeout_seconds or timeout_seconds,
            read_retries=s.wallet_read_retries,
            demo_sms_url=s.demo_sms_url,
        )


class WalletError(Exception):
    """The backend could not answer (down, slow, 5xx, or an unexpected reply)."""


class WalletUnavailable(WalletError):
    """The backend did not answer usably: unreachable, too slow, or a 5xx."""


class WalletAuthError(WalletError):
    """The user's token is missing, forged or expired."""


class WalletNotFound(WalletError):
    """The backend answered 404 (unknown record)."""

    def __init__(self, detail: str = "not_found") -> None:
        super().__init__(detail)
        self.detail = detail


class WalletRefused(WalletError):
    """The backend refused a request for a reason the user can act on (400, 410, 429).

    `body` carries the details, e.g. {"detail": "wrong_code", "tries_left": 3}."""

    def __init__(self, status: int, body: Dict[str, Any]) -> None:
        super().__init__(f"wallet answered {status}: {body.get('detail')}")
        self.status = status
        self.body = body
        self.detail = str(body.get("detail") or "")


def money(value: Any) -> Optional[Decimal]:
    """Backend money strings ("856.40") to Decimal; None stays None."""
    if value is None:
        return None
    return Decimal(str(value))


class _Answer:
    """A wallet answer as `_request` reads it (the part of httpx.Response it uses)."""

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content

    def json(self) -> Any:
        return jsonlib.loads(self.content)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class WalletClient:
    """One pooled HTTP client per process (per event loop): building a client per call cost
    most of the action server's CPU (an SSL context each time) and a new connection.

    The calls go over aiohttp, which Rasa and rasa-sdk already bring: httpx spent about 2 ms
    of the action server's CPU on each wallet call, half of a diagnosis' action (py-spy,
    2026-11-30). An httpx transport given to the constructor (a unit test's fake backend) is
    used instead; status handling, retries and errors are the same on both."""

    def __init__(self, settings: Optional[WalletApiSettings] = None,
                 transport: Optional[httpx.AsyncBaseTransport] = None) -> None:
        self.settings = settings or WalletApiSettings.from_env()
        self._transport = transport
        self._client: Optional[httpx.AsyncClient] = None
        self._client_loop: Optional[asyncio.AbstractEventLoop] = None
        self._session: Optional[aiohttp.ClientSession] = None
        self._session_loop: Optional[asyncio.AbstractEventLoop] = None

    def _http(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop or self._client.is_closed:
            # A client's connections belong to the loop that opened them (tests run several).
            s = self.settings
            self._client = httpx.AsyncClient(
                base_url=s.wallet_url,
                # pool: how long a call may wait for a free connection, inside the same budget.
                timeout=httpx.Timeout(s.timeout_seconds, pool=s.timeout_seconds),
                limits=httpx.Limits(max_connections=s.pool_max_connections,
                                    max_keepalive_connections=s.pool_max_keepalive,
                                    # Below uvicorn's 5 s keep-alive: never reuse a connection
                                    # the wallet is about to close (writes are not retried).
                                    keepalive_expiry=s.pool_keepalive_seconds),
                transport=self._transport,
            )
            self._client_loop = loop
        return self._client

    def _aiohttp(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session_loop is not loop or self._session.closed:
            if self._session is not None and not self._session.closed:
                self._session.detach()  # of a finished loop: its connections went with it
            s = self.settings
            self._session = aiohttp.ClientSession(
                # The whole call, waiting for a free connection included, within the budget.
                timeout=aiohttp.ClientTimeout(total=s.timeout_seconds),
                # Below uvicorn's 5 s keep-alive, as above.
                connector=aiohttp.TCPConnector(limit=s.pool_max_connections,
                                               keepalive_timeout=s.pool_keepalive_seconds),
                # One session serves every person: nothing a response sets is kept for the next.
                cookie_jar=aiohttp.DummyCookieJar())
            self._session_loop = loop
        return self._session

    async def _send(self, method: str, path: str, headers: Dict[str, str],
                    json: Optional[Dict[str, Any]], params: Optional[Dict[str, str]]) -> Any:
        """One exchange; raises _TRANSPORT_ERRORS when no answer came."""
        if self._transport is not None:
            return await self._http().request(method, path, headers=headers, json=json, params=params)
        url = self.settings.wallet_url.rstrip("/") + path
        async with self._aiohttp().request(method, url, headers=headers, json=json,
                                           params=params) as response:
            return _Answer(response.status, await response.read())

    async def aclose(self) -> None:
        """Close the pooled connections (action server shutdown)."""
        loop = asyncio.get_running_loop()
        client, client_loop = self._client, self._client_loop
        session, session_loop = self._session, self._session_loop
        self._client, self._client_loop = None, None
        self._session, self._session_loop = None, None
        # A client of another (finished) loop cannot be closed from here: just drop it.
        if client is not None and not client.is_closed and client_loop is loop:
            await client.aclose()
        if session is not None and not session.closed:
            if session_loop is loop:
                await session.close()
            else:
                session.detach()

    async def _request(self, method: str, path: str, token: Optional[str] = None,
                       json: Optional[Dict[str, Any]] = None,
                       idempotency_key: Optional[str] = None,
                       params: Optional[Dict[str, str]] = None) -> Any:
        headers = {"X-Service-Key": self.settings.service_key} if self.settings.service_key else {}
        if idempotency_key:
            # The wallet applies a write once per key, and never after we stopped waiting
            # (bot/wallet/idempotency.py): a timeout here means "not applied, ever".
            headers["Idempotency-Key"] = idempotency_key
            headers["X-Request-Deadline"] = f"{time.time() + self.settings.timeout_seconds:.3f}"
        if token:
            headers["X-User-Token"] = token
        attempts = 1 + (self.settings.read_retries if method == "GET" else 0)
        last_error: Optional[Exception] = None
        for _ in range(attempts):
            try:
                response = await self._send(method, path, headers, json, params)
            except _TRANSPORT_ERRORS as exc:
                last_error = exc
                logger.warning("wallet %s %s failed: %s", method, path, type(exc).__name__)
                continue
            if response.status_code >= 500:
                last_error = WalletUnavailable(f"wallet answered {response.status_code}")
                logger.warning("wallet %s %s answered %s", method, path, response.status_code)
                continue
            if response.status_code == 401:
                raise WalletAuthError(_detail(response))
            if response.status_code == 404:
                raise WalletNotFound(_detail(response))
            if response.status_code in (400, 410, 429):
                raise WalletRefused(response.status_code, _json_object(response))
            if response.status_code not in (200, 201, 202):
                raise WalletError(f"wallet answered {response.status_code}: {_detail(response)}")
            try:
                return response.json()
            except ValueError as exc:
                raise WalletError("wallet answered with invalid JSON") from exc
        raise WalletUnavailable(str(last_error) if last_error else "wallet unreachable")

    # --- reads -------------------------------------------------------------------------
    async def profile(self, token: str) -> Dict[str, Any]:
        return await self._request("GET", "/api/v1/me/profile", token)

    async def wallet(self, token: str) -> Dict[str, Any]:
        return await self._request("GET", "/api/v1/me/wallet", token)

    async def overview(self, token: str) -> Dict[str, Any]:
        """{"profile", "wallet", "last_failed_attempt"}: a diagnosis's three reads in one request."""
        return await self._request("GET", "/api/v1/me/overview", token)

    async def regions(self, token: str) -> List[Dict[str, Any]]:
        body = await self._request("GET", "/api/v1/me/regions", token)
        return body.get("regions", [])

    async def pin_reset_status(self, token: str, ticket_id: str) -> Dict[str, Any]:
        return await self._request("GET", f"/api/v1/me/pin-reset-tickets/{ticket_id}", token)

    async def authorizations(self, token: str) -> List[Dict[str, Any]]:
        body = await self._request("GET", "/api/v1/me/authorizations", token)
        return body if isinstance(body, list) else body.get("authorizations", [])

    async def family_bindings(self, token: str) -> List[Dict[str, Any]]:
        body = await self._request("GET", "/api/v1/me/family-bindings", token)
        return body if isinstance(body, list) else body.get("family_bindings", body.get("bindings", []))

    async def payment_attempts(self, token: str, limit: int = 10) -> List[Dict[str, Any]]:
        """The person's payment attempts, newest first."""
        body = await self._request("GET", "/api/v1/me/payment-attempts", token, params={"limit": str(limit)})
        return body.get("attempts", []) if isinstance(body, dict) else []

    # --- writes (never retried) --------------------------------------------------------
    async def switch_region(self, token: str, region_code: str, channel: str,
                            conversation_id: str, idempotency_key: Optional[str] = None) -> List[Dict[str, Any]]:
        body = await self._request("PUT", "/api/v1/me/regions/shown", token, json={
            "region_code": region_code, "channel": channel, "conversation_id": conversation_id},
            idempotency_key=idempotency_key)
        return body.get("regions", [])

    async def start_pin_reset(self, token: str, channel: str, conversation_id: str,
                              idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        return await self._request("POST", "/api/v1/me/pin-reset-tickets", token, json={
            "channel": channel, "conversation_id": conversation_id}, idempotency_key=idempotency_key)

    async def revoke_authorization(self, token: str, auth_channel: str, channel: str,
                                   conversation_id: str, idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        return await self._request("POST", f"/api/v1/me/authorizations/{auth_channel}/revoke",
                                   token, json={"channel": channel,
                                                "conversation_id": conversation_id},
                                   idempotency_key=idempotency_key)

    async def request_phone_code(self, phone: str, channel: str, conversation_id: str) -> Dict[str, Any]:
        return await self._request("POST", "/api/v1/phone-verifications", json={
            "phone": phone, "channel": channel, "conversation_id": conversation_id})

    async def verify_phone_code(self, phone: str, code: str, channel: str,
                                conversation_id: str) -> Dict[str, Any]:
        return await self._request("POST", "/api/v1/phone-verifications/verify", json={
            "phone": phone, "code": code, "channel": channel, "conversation_id": conversation_id})

    async def open_support_ticket(self, summary: str, channel: str, conversation_id: str,
                                  token: Optional[str] = None,
                                  idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        return await self._request("POST", "/api/v1/support-tickets", token, json={
            "summary": summary[:2000], "channel": channel, "conversation_id": conversation_id},
            idempotency_key=idempotency_key)

    # --- channels: a WeChat openid bound to a person -----------------------------------
    async def wechat_session(self, openid: str) -> Dict[str, Any]:
        return await self._request("POST", "/api/v1/wechat/session", json={"openid": openid})

    # --- demo mode only (404 when it is off) -------------------------------------------
    async def demo_session(self, persona: str) -> Dict[str, Any]:
        return await self._request("POST", "/api/v1/demo/session", json={"persona": persona})

    async def demo_personas(self) -> List[Dict[str, Any]]:
        return (await self._request("GET", "/api/v1/demo/personas")).get("personas", [])

    async def demo_sms(self, phone: str) -> Dict[str, Any]:
        return await self._request("GET", "/api/v1/demo/sms", params={"phone": phone})

    async def demo_reset(self) -> Dict[str, Any]:
        return await self._request("POST", "/api/v1/demo/reset")

    async def demo_activate(self, token: str, channel: str) -> Dict[str, Any]:
        """The person activates the code in an app (the demo's stand-in for doing it by hand)."""
        return await self._request("POST", "/api/v1/demo/activate", token, json={"channel": channel})


class SyncWalletClient:
    """The same calls for synchronous callers (shell, bench, tests): each runs on its own event
    loop and closes its connection afterwards, so no pooled client outlives its loop."""

    def __init__(self, settings: Optional[WalletApiSettings] = None,
                 transport: Optional[httpx.AsyncBaseTransport] = None) -> None:
        self._client = WalletClient(settings, transport)
        self.settings = self._client.settings

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self._client, name)
        if name.startswith("_") or not asyncio.iscoroutinefunction(method):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            async def once() -> Any:
                try:
                    return await method(*args, **kwargs)
                finally:
                    await self._client.aclose()
            return _run(once())

        call.__name__ = name
        return call


def _run(coroutine: Any) -> Any:
    """asyncio.run, also from a thread whose event loop is already running (e.g. under
    Playwright's sync API): then on a short-lived thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


# no usable answer: unreachable, refused, reset, too slow (retried for reads)
_TRANSPORT_ERRORS = (httpx.HTTPError, aiohttp.ClientError, asyncio.TimeoutError)


def _json_object(response: Any) -> Dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {"detail": response.text[:200]}
    return body if isinstance(body, dict) else {"detail": str(body)[:200]}


def _detail(response: Any) -> str:
    try:
        detail = response.json().get("detail", "")
    except ValueError:
        return response.text[:200]
    return detail if isinstance(detail, str) else str(detail)[:200]
