"""Session-wide fixtures: the real processes, started once on free ports."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import httpx
import pytest

from bot.processes import Ports, Stack, free_port, port_holder, start_stack
from bot.settings import ROOT, fill_secrets
from bot.wallet_api import SyncWalletClient, WalletApiSettings

# Unit tests seal and check secrets in this process: give it this install's (never public) ones.
fill_secrets(os.environ)

SERVICE_KEY = "test-service-key"
API_TOKEN = "test-api-token"
WECHAT_TOKEN = "test-wechat-token"
WECHAT_APP_ID = "wx1234567890abcdef"
# 43 characters, as WeChat issues them
WECHAT_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[Stack]:
    """Wallet backend, action server and Rasa server, talking over HTTP like in production."""
    data = tmp_path_factory.mktemp("stack")
    ports = Ports.free()
    # Logs of this run only: the at-rest scan must judge what this session's traffic left.
    for old in (artifacts_dir / "logs").glob("*.log*"):
        old.unlink()
    stack = start_stack(
        ports,
        log_dir=artifacts_dir / "logs",
        WALLET_DATABASE_URL=f"sqlite:///{data / 'wallet.db'}",
        WALLET_DEMO_MODE="true",
        WALLET_SERVICE_KEY=SERVICE_KEY,
        TRACKER_DB=str(data / "tracker.db"),
        RASA_API_TOKEN=API_TOKEN,
        WALLET_TIMEOUT_SECONDS="3",
        WECHAT_TOKEN=WECHAT_TOKEN,
        WECHAT_APP_ID=WECHAT_APP_ID,
        WECHAT_ENCODING_AES_KEY=WECHAT_AES_KEY,
    )
    yield stack
    stack.stop()


class Chat:
    """One conversation over the REST channel, optionally signed in as a persona."""

    def __init__(self, stack: Stack, persona: Optional[str] = None) -> None:
        self.stack = stack
        self.sender = f"test-{persona or 'anon'}-{uuid.uuid4().hex[:8]}"
        self.token: Optional[str] = None
        if persona:
            self.token = demo_wallet(stack).demo_session(persona)["token"]
        self.last: List[Dict[str, Any]] = []

    def say(self, text: str, rasa_url: Optional[str] = None) -> str:
        """Send `text` (to `rasa_url`, e.g. another server of a scale-out stack; default the stack's)."""
        body: Dict[str, Any] = {"sender": self.sender, "message": text}
        if self.token:
            body["metadata"] = {"token": self.token}
        response = httpx.post(f"{rasa_url or self.stack.rasa_url}/webhooks/rest/webhook", json=body,
                              timeout=90)
        assert response.status_code == 200, response.text
        self.last = response.json()
        return "\n".join(m.get("text", "") for m in self.last if m.get("text"))

    @property
    def buttons(self) -> List[Dict[str, Any]]:
        return [b for m in self.last for b in (m.get("buttons") or [])]

    def number_of(self, title_part: str) -> int:
        """The number a person would type to pick the button whose title has `title_part`."""
        return next(i for i, b in enumerate(self.buttons, 1) if title_part in b["title"])

    def click(self, title_part: str) -> str:
        for button in self.buttons:
            if title_part in button["title"]:
                return self.say(button["payload"])
        raise AssertionError(f"no button with {title_part!r} in {self.buttons}")

    def tracker(self) -> Dict[str, Any]:
        response = httpx.get(f"{self.stack.rasa_url}/conversations/{self.sender}/tracker",
                             params={"token": API_TOKEN}, timeout=10)
        response.raise_for_status()
        return response.json()


@pytest.fixture
def chat(stack: Stack):
    def make(persona: Optional[str] = None) -> Chat:
        return Chat(stack, persona)
    return make


@pytest.fixture
def wallet_api(stack: Stack) -> httpx.Client:
    with httpx.Client(base_url=f"{stack.wallet_url}/api/v1",
                      headers={"X-Service-Key": SERVICE_KEY}, timeout=10) as client:
        yield client


def demo_wallet(stack: Stack, service_key: Optional[str] = None) -> SyncWalletClient:
    """The product's wallet client for the stack's wallet (bot.wallet_api)."""
    return SyncWalletClient(WalletApiSettings(wallet_url=stack.wallet_url, service_key=service_key,
                                              timeout_seconds=10))


@pytest.fixture
def wallet(stack: Stack) -> SyncWalletClient:
    """The product's wallet client (bot.wallet_api) for the stack's wallet, with the service key."""
    return demo_wallet(stack, SERVICE_KEY)


@pytest.fixture
def fresh_personas(stack: Stack) -> None:
    """Personas back to their seeded state (tests that change state use this)."""
    demo_wallet(stack, SERVICE_KEY).demo_reset()


def pytest_collection_modifyitems(items):
    """Fault tests stop and restart processes of the shared stack: run them last."""
    # The at-rest scan reads what every other test left behind: after everything.
    # Load tests restart nothing but keep every process busy for minutes: after the ordinary ones.
    items.sort(key=lambda item: (item.get_closest_marker("at_rest") is not None,
                                 item.get_closest_marker("faults") is not None,
                                 item.get_closest_marker("load") is not None))


def pytest_configure(config):
    config.addinivalue_line("markers", "faults: stops and starts processes of the shared stack")
    config.addinivalue_line("markers", "at_rest: scans the stores and logs after all other tests")
    config.addinivalue_line("markers", "load: many concurrent conversations on the shared stack")


def listening_pid(port: int) -> int:
    """The pid of the process listening on 127.0.0.1:port (via /proc, whatever supervises it)."""
    holder = port_holder(port)
    if holder is None or holder.pid is None:
        raise LookupError(f"nothing visible listens on port {port}")
    return holder.pid


@pytest.fixture
def pid_listening_on():
    return listening_pid


HOLDER_MARKER = "test-port-holder"  # on the holder's command line, so tests can find it by name


@pytest.fixture
def held_port() -> Iterator[Tuple[int, int]]:
    """Another program listening on a free port: (port, pid)."""
    port = free_port()
    script = ("import socket, sys, time; s = socket.socket(); "
              "s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(); print('ok', flush=True); "
              "time.sleep(600)")
    holder = subprocess.Popen([sys.executable, "-c", script, str(port), HOLDER_MARKER],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ok"
    yield port, holder.pid
    holder.kill()
    holder.wait(10)
