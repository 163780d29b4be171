"""Start the product's processes (wallet backend, action server, Rasa, website) and wait until ready.

Used by `python -m bot run` and by the integration-test fixtures, so both start the same way.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import httpx

from bot.settings import MODELS, ROOT, VAR, base_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Ports:
    wallet: int = 8000
    actions: int = 5055
    rasa: int = 5005
    web: int = 8080

    @classmethod
    def free(cls) -> "Ports":
        return cls(wallet=free_port(), actions=free_port(), rasa=free_port(), web=free_port())


@dataclass
class Service:
    name: str
    command: List[str]
    health_url: str
    log_path: Path
    process: Optional[subprocess.Popen] = None

    def start(self, env: Dict[str, str]) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        # Own process group, so stopping also stops anything the service spawned.
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=env, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; "
                                   f"see {self.log_path}:\n{tail(self.log_path)}")
            try:
                if httpx.get(self.health_url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f}s; see {self.log_path}:\n"
                           f"{tail(self.log_path)}")

    def stop(self) -> None:
        if not self.process or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class Stack:
    ports: Ports
    env: Dict[str, str]
    services: Dict[str, Service] = field(default_factory=dict)

    @property
    def wallet_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.wallet}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.rasa}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.web}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.actions}"

    def stop(self) -> None:
        for service in reversed(list(self.services.values())):
            service.stop()

    def restart(self, name: str, timeout: float = 240) -> None:
        """Stop and start one process (fault-injection tests; state lives in the databases)."""
        service = self.services[name]
        service.stop()
        service.start(self.env)
        service.wait_ready(timeout)


def web_origins(ports: Ports) -> str:
    """Origins allowed on Rasa's socket.io channel: the demo site, plus any the caller lists."""
    own = [f"http://127.0.0.1:{ports.web}", f"http://localhost:{ports.web}"]
    extra = [o.strip() for o in os.environ.get("WEB_ALLOWED_ORIGINS", "").split(",") if o.strip()]
    return ",".join(dict.fromkeys(own + extra))


def stack_env(ports: Ports, log_dir: Path, **overrides: str) -> Dict[str, str]:
    env = base_env(**{
        "WALLET_URL": f"http://127.0.0.1:{ports.wallet}",
        "WALLET_PUBLIC_URL": os.environ.get("WALLET_PUBLIC_URL", f"http://127.0.0.1:{ports.wallet}"),
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports.actions}/webhook",
        # Website widget: the browser's socket URL is the Rasa server; Rasa accepts the site's origin.
        "RASA_URL": os.environ.get("RASA_PUBLIC_URL", f"http://127.0.0.1:{ports.rasa}"),
        "WEB_PORT": str(ports.web),
        "WEB_ALLOWED_ORIGINS": web_origins(ports),
        **overrides,
    })
    if env.get("WALLET_DEMO_MODE", "").lower() in ("1", "true", "yes", "on"):
        # The demo site's SMS inbox; the assistant points there instead of a real phone.
        env.setdefault("DEMO_SMS_URL", f"http://127.0.0.1:{ports.web}/sms")
    return env


def build_services(ports: Ports, log_dir: Path, model: Path, env: Dict[str, str]) -> Dict[str, Service]:
    python = sys.executable
    return {
        "wallet": Service(
            "wallet backend",
            [python, "-m", "bot.wallet", "--host", "127.0.0.1", "--port", str(ports.wallet)],
            f"http://127.0.0.1:{ports.wallet}/healthz", log_dir / "wallet.log"),
        "actions": Service(
            "action server",
            [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(ports.actions)],
            f"http://127.0.0.1:{ports.actions}/health", log_dir / "actions.log"),
        "rasa": Service(
            "Rasa server",
            [python, "-m", "rasa", "run", "--model", str(model), "--port", str(ports.rasa),
             "--interface", "127.0.0.1", "--credentials", str(ROOT / "credentials.yml"),
             # The HTTP API (trackers for the operator shell) is never open without a token.
             "--enable-api", "--auth-token", env.get("RASA_API_TOKEN", "demo-api-token"),
             "--endpoints", env.get("RASA_ENDPOINTS", str(ROOT / "endpoints.yml"))],
            f"http://127.0.0.1:{ports.rasa}/", log_dir / "rasa.log"),
        "web": Service(
            "website",
            [python, "-m", "bot.web", "--host", "127.0.0.1", "--port", str(ports.web)],
            f"http://127.0.0.1:{ports.web}/healthz", log_dir / "web.log"),
    }


def start_stack(ports: Ports, log_dir: Path = VAR / "logs", model: Optional[Path] = None,
                only: Optional[List[str]] = None, **env_overrides: str) -> Stack:
    """Start the processes in dependency order; on any failure stop what was started."""
    env = stack_env(ports, log_dir, **env_overrides)
    services = build_services(ports, log_dir, model or latest_model(), env)
    stack = Stack(ports=ports, env=env)
    timeouts = {"wallet": 60, "actions": 90, "rasa": 240, "web": 60}
    try:
        names = only or list(services)
        for name in names:
            services[name].start(env)
            stack.services[name] = services[name]
        for name in names:
            services[name].wait_ready(timeouts[name])
    except BaseException:
        stack.stop()
        raise
    return stack


def latest_model() -> Path:
    models = sorted(MODELS.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError("no trained model in models/: run `python -m bot train` first")
    return models[-1]
