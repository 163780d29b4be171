"""Start the product's processes (wallet backend, action server, Rasa, website) and wait until ready.

Used by `python -m bot run` and by the integration-test fixtures, so both start the same way: under
supervisord (`bot.supervisor`), every program at once, then each one's readiness awaited in
parallel. Ready means the program *we* started answers: its health check names the service and
the instance id given to it (Rasa names its version, and its pid is checked).
"""
from __future__ import annotations

import json
import secrets
import sys
import time
from dataclasses import dataclass, field
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Callable, Dict, List, Optional

import httpx

from bot import health
from bot.config import Settings
from bot.console import python_warnings
from bot.ports import (  # noqa: F401 (API)
    PORT_ENV,
    PORT_OWNERS,
    PortHolder,
    Ports,
    PortsBusy,
    check_ports,
    configured_ports,
    descendants,
    free_port,
    port_holder,
)
from bot.settings import MODELS, ROOT, VAR, base_env, check_secrets
from bot.supervisor import Supervisor, tail  # noqa: F401 (API)


@dataclass(frozen=True)
class RunningProcess:
    """A program's pid as supervisord reports it (the shim execs, so it is the program itself)."""
    pid: int


@dataclass
class Service:
    name: str
    command: List[str]
    health_url: str
    log_path: Path
    # What the health answer (a JSON object) must contain to be this program's: its service name
    # and instance id; for Rasa, its version (then the listener's pid must be the program's too).
    expect: Dict[str, str] = field(default_factory=dict)
    instance: str = ""  # given to the program as $SERVICE_INSTANCE_ID (bot.health)
    program: str = ""  # supervisord program name: the service's key in build_services
    supervisor: Optional[Supervisor] = field(default=None, repr=False)

    def _control(self) -> Supervisor:
        if self.supervisor is None:
            raise RuntimeError(f"{self.name} is not part of a started stack")
        return self.supervisor

    @property
    def process(self) -> Optional[RunningProcess]:
        pid = self._control().info(self.program)["pid"]
        return RunningProcess(pid) if pid else None

    @property
    def port(self) -> int:
        return int(self.health_url.split(":")[2].split("/")[0])

    def start(self, env: Optional[Dict[str, str]] = None) -> None:
        """Start it again after stop(); the environment is the stack's (supervisord's)."""
        self._control().start_program(self.program)

    def probe(self) -> bool:
        """True once the program started here answers its health check as itself; raises when
        it cannot get there (given up, stopped, or its port answered by another program)."""
        info = self._control().info(self.program)
        if info["statename"] == "FATAL":
            raise RuntimeError(f"{self.name} kept exiting right after its start and was given "
                               f"up ({info['spawnerr'] or info['description']}); see "
                               f"{self.log_path}:\n{tail(self.log_path)}")
        if info["statename"] == "STOPPED":
            raise RuntimeError(f"{self.name} is stopped")
        try:
            answer = httpx.get(self.health_url, timeout=2)
        except httpx.HTTPError:
            return False  # not listening yet
        self._check_answered_by_us(info)
        if answer.status_code == 200 and _is_subset(self.expect, _json_object(answer)):
            return True
        if answer.status_code == 200:
            # Nothing of ours answers 200 with another identity: never call that ready.
            raise PortsBusy(f"{self.name}'s port {self.port} is answered by a program that is not "
                            f"the {self.name} started here (it says {answer.text[:160]!r}); stop "
                            f"it, or set {PORT_ENV[self.program]}=<another port>")
        return False

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.probe():
                return
            time.sleep(0.5)
        raise self.not_ready(timeout)

    def not_ready(self, timeout: float) -> RuntimeError:
        return RuntimeError(f"{self.name} not ready after {timeout:.0f}s; see {self.log_path}:\n"
                            f"{tail(self.log_path)}")

    def _check_answered_by_us(self, info: Dict[str, object]) -> None:
        """Raise PortsBusy when the port's listener is positively another process, never on a
        guess (a listener this user cannot see passes; the identity check still applies)."""
        holder = port_holder(self.port)
        if holder is None or holder.pid is None or not info["pid"]:
            return
        if holder.pid != info["pid"] and holder.pid not in descendants(int(info["pid"])):
            raise PortsBusy(f"{self.name}'s port {self.port} is answered by {holder.describe()}, "
                            f"not by the {self.name} (pid {info['pid']}); see {self.log_path}:\n"
                            f"{tail(self.log_path)}")

    def stop(self) -> None:
        """Stop it and leave it stopped (supervisord restarts only what exits by itself)."""
        self._control().stop_program(self.program)


def _json_object(answer: httpx.Response) -> Dict[str, object]:
    try:
        body = answer.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def _is_subset(expected: Dict[str, str], said: Dict[str, object]) -> bool:
    return bool(expected) and all(said.get(key) == value for key, value in expected.items())


def wait_all_ready(services: Dict[str, Service], timeouts: Dict[str, float],
                   on_ready: Optional[Callable[[Service, float], None]] = None) -> None:
    """Wait for every service at once (they start together); on_ready(service, seconds since
    this call) as each becomes ready, in the order they do."""
    started = time.monotonic()
    pending = dict(services)
    while pending:
        for name, service in list(pending.items()):
            if service.probe():
                del pending[name]
                if on_ready is not None:
                    on_ready(service, time.monotonic() - started)
            elif time.monotonic() - started > timeouts[name]:
                raise service.not_ready(timeouts[name])
        if pending:
            time.sleep(0.25)


@dataclass
class Stack:
    ports: Ports
    env: Dict[str, str]
    services: Dict[str, Service] = field(default_factory=dict)
    supervisor: Optional[Supervisor] = None

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
        """Stop every process and supervisord; calling it again does nothing."""
        if self.supervisor is not None:
            self.supervisor.stop()

    def restart(self, name: str, timeout: float = 240) -> None:
        """Stop and start one process (fault-injection tests; state lives in the databases)."""
        service = self.services[name]
        service.stop()
        service.start(self.env)
        service.wait_ready(timeout)


def web_origins(ports: Ports) -> str:
    """Origins allowed on Rasa's socket.io channel: the demo site, plus any the caller lists."""
    own = [f"http://127.0.0.1:{ports.web}", f"http://localhost:{ports.web}"]
    listed = Settings.from_env().web_allowed_origins or ""
    extra = [o.strip() for o in listed.split(",") if o.strip()]
    return ",".join(dict.fromkeys(own + extra))


def stack_env(ports: Ports, **overrides: str) -> Dict[str, str]:
    settings = Settings.from_env()
    given = settings.__fields_set__  # what the caller's environment set (not the defaults)
    env = base_env(**{
        "WALLET_URL": f"http://127.0.0.1:{ports.wallet}",
        "WALLET_PUBLIC_URL": (settings.wallet_public_url if "wallet_public_url" in given
                              else f"http://127.0.0.1:{ports.wallet}"),
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports.actions}/webhook",
        # Website widget: the browser's socket URL is the Rasa server; Rasa accepts the site's origin.
        "RASA_URL": settings.rasa_public_url or f"http://127.0.0.1:{ports.rasa}",
        "WEB_PORT": str(ports.web),
        "WEB_ALLOWED_ORIGINS": web_origins(ports),
        # Rasa's accept queue (rasa.core.run reads it; default 100): a burst of 200 conversations
        # overflowed it and clients waited a minute for a TCP connection.
        "SANIC_BACKLOG": str(settings.sanic_backlog),
        # third-party deprecations nobody here can act on, each with its reason (bot/console.py)
        "PYTHONWARNINGS": python_warnings(settings.python_warnings),
        **overrides,
    })
    if Settings.from_env(env).demo_mode:
        # The demo site's SMS inbox; the assistant points there instead of a real phone.
        env.setdefault("DEMO_SMS_URL", f"http://127.0.0.1:{ports.web}/sms")
    return env


def build_services(ports: Ports, log_dir: Path, model: Path, env: Dict[str, str]) -> Dict[str, Service]:
    python = sys.executable

    def ours(service: str) -> Dict[str, str]:
        instance = secrets.token_hex(8)
        return {"expect": {"service": service, "instance": instance}, "instance": instance}

    return {
        "wallet": Service(
            "wallet backend",
            [python, "-m", "bot.wallet", "--host", "127.0.0.1", "--port", str(ports.wallet)],
            f"http://127.0.0.1:{ports.wallet}/healthz", log_dir / "wallet.log",
            **ours(health.WALLET)),
        "actions": Service(
            "action server",
            # rasa-sdk answering only calls with ACTION_SERVER_TOKEN, on loopback unless
            # ACTION_SERVER_HOST says otherwise (bot/action_server.py)
            [python, "-m", "bot.action_server", "--port", str(ports.actions)],
            f"http://127.0.0.1:{ports.actions}/healthz", log_dir / "actions.log",
            **ours(health.ACTION_SERVER)),
        "rasa": Service(
            "Rasa server",
            # `rasa run` whose HTTP API is open only with RASA_API_TOKEN, read from the
            # environment so that `ps` does not show it. It listens only once the model is
            # loaded; /version (open without the token) names Rasa and its version.
            [python, "-m", "bot.rasa_server", "--model", str(model), "--port", str(ports.rasa),
             "--interface", "127.0.0.1", "--credentials", str(ROOT / "credentials.yml"),
             "--endpoints", env.get("RASA_ENDPOINTS", str(ROOT / "endpoints.yml"))],
            f"http://127.0.0.1:{ports.rasa}/version", log_dir / "rasa.log",
            expect={"version": package_version("rasa")}),
        "web": Service(
            "website",
            [python, "-m", "bot.web", "--host", "127.0.0.1", "--port", str(ports.web)],
            f"http://127.0.0.1:{ports.web}/healthz", log_dir / "web.log",
            **ours(health.WEBSITE)),
    }


READY_TIMEOUTS = {"wallet": 60, "actions": 90, "rasa": 240, "web": 60}


def ready_timeouts() -> Dict[str, float]:
    """READY_TIMEOUTS, with Rasa's from RASA_READY_TIMEOUT: loading the model takes ~30 s on a
    quiet 2-core machine but minutes while other stacks load beside it."""
    return {**READY_TIMEOUTS, "rasa": Settings.from_env().rasa_ready_timeout or READY_TIMEOUTS["rasa"]}


def launch_stack(ports: Ports, log_dir: Path = VAR / "logs", model: Optional[Path] = None,
                 only: Optional[List[str]] = None, **env_overrides: str) -> Stack:
    """Start the processes without waiting for them. Call it from the thread that will outlive
    them: each dies with the thread that spawned its supervisord (PR_SET_PDEATHSIG is per thread)."""
    env = stack_env(ports, **env_overrides)
    check_secrets(env)  # a missing or public secret stops the start here, naming the variable
    services = build_services(ports, log_dir, model or latest_model(), env)
    names = only or list(services)
    check_ports(ports, names)
    selected = {name: services[name] for name in names}
    supervisor = Supervisor(selected, env, log_dir)
    for name, service in selected.items():
        service.program, service.supervisor = name, supervisor
    stack = Stack(ports=ports, env=env, services=selected, supervisor=supervisor)
    try:
        supervisor.start()  # supervisord starts every program at once
    except BaseException:
        stack.stop()
        raise
    return stack


def start_stack(ports: Ports, log_dir: Path = VAR / "logs", model: Optional[Path] = None,
                only: Optional[List[str]] = None,
                on_ready: Optional[Callable[[Service, float], None]] = None,
                **env_overrides: str) -> Stack:
    """Start the processes together and wait for each; on any failure stop what was started.
    on_ready(service, seconds) is called as each one becomes ready."""
    stack = launch_stack(ports, log_dir, model, only, **env_overrides)
    try:
        wait_all_ready(stack.services, ready_timeouts(), on_ready)
    except BaseException:
        stack.stop()
        raise
    return stack


def latest_model() -> Path:
    models = sorted(MODELS.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError("no trained model in models/: run `python -m bot train` first")
    return models[-1]
