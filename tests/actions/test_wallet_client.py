"""The wallet client against real sockets: slow, failing and refusing servers."""
from __future__ import annotations

import asyncio
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from actions.config import ActionSettings
from actions.wallet_client import WalletAuthError, WalletClient, WalletError, WalletNotFound
from bot.processes import free_port


class Server:
    def __init__(self, status: int, body: bytes = b"{}") -> None:
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                outer.hits += 1
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def client(url: str, timeout: float = 0.5) -> WalletClient:
    return WalletClient(ActionSettings(wallet_url=url, service_key="k", timeout_seconds=timeout,
                                       read_retries=1))


def test_5xx_read_is_retried_once_then_fails():
    with Server(503, b'{"detail":"database_unavailable"}') as server:
        with pytest.raises(WalletError):
            asyncio.run(client(server.url).profile("t"))
        assert server.hits == 2


def test_write_is_never_retried():
    with Server(500) as server:
        with pytest.raises(WalletError):
            asyncio.run(client(server.url).switch_region("t", "440300", "rest", "c"))
        assert server.hits == 1


def test_401_and_404_are_distinct():
    with Server(401, b'{"detail":"token_expired"}') as server:
        with pytest.raises(WalletAuthError):
            asyncio.run(client(server.url).wallet("t"))
    with Server(404, b'{"detail":"region_not_found"}') as server:
        with pytest.raises(WalletNotFound) as caught:
            asyncio.run(client(server.url).switch_region("t", "110000", "rest", "c"))
        assert caught.value.detail == "region_not_found"


def test_slow_backend_fails_within_the_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # accepts connections, never answers
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        started = time.monotonic()
        with pytest.raises(WalletError):
            asyncio.run(client(url, timeout=0.5).profile("t"))
        assert time.monotonic() - started < 3
    finally:
        listener.close()


def test_refused_connection_is_a_wallet_error():
    with pytest.raises(WalletError):  # nothing listens on a port just found free
        asyncio.run(client(f"http://127.0.0.1:{free_port()}").profile("t"))


def test_invalid_json_is_a_wallet_error():
    with Server(200, b"<html>proxy error</html>") as server:
        with pytest.raises(WalletError):
            asyncio.run(client(server.url).profile("t"))


def test_the_sync_wrapper_makes_the_same_calls_and_a_keyless_client_sends_no_key():
    import httpx

    from bot.wallet_api import SyncWalletClient, WalletApiSettings

    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/api/v1/demo/session":
            return httpx.Response(200, json={"token": "t-" + request.content.decode()[-3:-2]})
        return httpx.Response(404, json={"detail": "demo_off"})

    keyless = SyncWalletClient(WalletApiSettings(wallet_url="http://w", service_key=None),
                               transport=httpx.MockTransport(answer))
    assert keyless.demo_session("zhang_ok")["token"] == "t-k"
    with pytest.raises(WalletNotFound, match="demo_off"):
        keyless.demo_personas()
    assert seen and all("X-Service-Key" not in request.headers for request in seen)
    keyed = SyncWalletClient(WalletApiSettings(wallet_url="http://w", service_key="k"),
                             transport=httpx.MockTransport(answer))
    keyed.demo_session("li_unactivated")
    assert seen[-1].headers["X-Service-Key"] == "k"
    assert not hasattr(keyed, "_request")  # only the public calls are wrapped


def test_the_sync_wrapper_works_where_an_event_loop_is_already_running():
    # Playwright's sync API (the browser tests) runs a loop in the caller's thread; a plain
    # asyncio.run there raised "cannot be called from a running event loop".
    import httpx

    from bot.wallet_api import SyncWalletClient, WalletApiSettings

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"reset": True})

    wallet = SyncWalletClient(WalletApiSettings(wallet_url="http://w", service_key="k"),
                              transport=httpx.MockTransport(answer))

    async def inside_a_loop():
        return wallet.demo_reset()

    assert asyncio.run(inside_a_loop()) == {"reset": True}
