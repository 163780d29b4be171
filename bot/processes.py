"""Start the product's processes (wallet backend, action server, Rasa, website) and wait until ready.

Used by `python -m bot run` and by the integration-test fixtures, so both start the same way: under
supervisord (restarts a crashed program with back-off while the others keep serving).
"""
from __future__ import annotations

import http.client
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import httpx
from supervisor.xmlrpc import Faults, SupervisorTransport, UnixStreamHTTPConnection

from bot.settings import MODELS, ROOT, VAR, base_env, check_secrets


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


# Which of our services wants each port, and the variable (or `bot run` flag) that moves it.
PORT_OWNERS = {"wallet": "wallet backend", "actions": "action server", "rasa": "Rasa server",
               "web": "website"}
PORT_ENV = {"wallet": "WALLET_PORT", "actions": "ACTIONS_PORT", "rasa": "RASA_PORT",
            "web": "WEB_PORT"}


class PortsBusy(RuntimeError):
    """A port the stack needs is taken; the message names the holder and how to move the port."""


@dataclass(frozen=True)
class PortHolder:
    pid: Optional[int]  # None: something listens but its process is not visible to this user
    command: str = ""

    def describe(self) -> str:
        if self.pid is None:
            return "a process this user cannot see (try `sudo ss -ltnp`)"
        return f"pid {self.pid} ({self.command or 'command line unreadable'})"


def _listening_inodes(port: int) -> set:
    """Socket inodes listening on `port` at any local address, from /proc/net/tcp{,6}."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(fields[9])
    return inodes


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.rstrip(b"\0").replace(b"\0", b" ").decode(errors="replace")


def _holder_from_ss(port: int) -> Optional[PortHolder]:
    """`ss -ltnp` may see owners /proc/<pid>/fd does not show us (other users, with privileges)."""
    if shutil.which("ss") is None:
        return None
    try:
        out = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True,
                             text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"pid=(\d+)", out)
    if match:
        pid = int(match.group(1))
        return PortHolder(pid, _cmdline(pid))
    return None


def port_holder(port: int) -> Optional[PortHolder]:
    """Who listens on `port` (pid and command line), or None when nobody does."""
    inodes = _listening_inodes(port)
    if inodes:
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                for fd in (proc / "fd").iterdir():
                    link = os.readlink(fd)
                    if link.startswith("socket:[") and link[8:-1] in inodes:
                        return PortHolder(int(proc.name), _cmdline(int(proc.name)))
            except OSError:
                continue  # gone, or another user's process
    if inodes or not _bindable(port):
        return _holder_from_ss(port) or PortHolder(None)
    return None


def _bindable(port: int) -> bool:
    """Can our service bind 127.0.0.1:port? (SO_REUSEADDR, as servers set it: TIME_WAIT is fine.)"""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def check_ports(ports: Ports, only: Optional[List[str]] = None) -> None:
    """Raise PortsBusy, naming every problem, unless every port the stack will use is free.

    Checked before anything starts: a held port otherwise lets another program answer our health
    check, and our server fails only later, behind a stack that claimed to be running."""
    names = only or list(PORT_OWNERS)
    problems = []
    seen: Dict[int, str] = {}
    for name in names:
        port = getattr(ports, name)
        move = f"set {PORT_ENV[name]}=<another port> (or pass --{name}-port)"
        if port in seen:
            problems.append(f"port {port} is given to both the {PORT_OWNERS[seen[port]]} and the "
                            f"{PORT_OWNERS[name]}: {move}")
            continue
        seen[port] = name
        holder = port_holder(port)
        if holder is not None:
            problems.append(f"port {port}, wanted by the {PORT_OWNERS[name]}, is held by "
                            f"{holder.describe()}: stop that process, or {move}")
    if problems:
        raise PortsBusy("\n  ".join(["a port it needs is not free, so nothing was started:",
                                      *problems]))


# supervisord runs every program. A program that dies within `startsecs` of a start counts as a
# failed start and is tried again after 1, 2, 3 s (back-off, `startretries`), then given up (FATAL);
# one that ran longer and dies is started again at once (`autorestart`); the others keep serving.
STARTSECS = {"rasa": 60}  # Rasa stays up while it loads the model: a crash then is a failed start
DEFAULT_STARTSECS = 10
START_RETRIES = 3
STOP_WAIT_SECONDS = 10  # SIGTERM to the program's process group, SIGKILL after this


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
    program: str = ""  # supervisord program name: the service's key in build_services
    supervisor: Optional["Supervisor"] = field(default=None, repr=False)

    def _control(self) -> "Supervisor":
        if self.supervisor is None:
            raise RuntimeError(f"{self.name} is not part of a started stack")
        return self.supervisor

    @property
    def process(self) -> Optional[RunningProcess]:
        pid = self._control().info(self.program)["pid"]
        return RunningProcess(pid) if pid else None

    def start(self, env: Optional[Dict[str, str]] = None) -> None:
        """Start it again after stop(); the environment is the stack's (supervisord's)."""
        self._control().start_program(self.program)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = self._control().info(self.program)
            if info["statename"] == "FATAL":
                raise RuntimeError(f"{self.name} kept exiting right after its start and was given "
                                   f"up ({info['spawnerr'] or info['description']}); see "
                                   f"{self.log_path}:\n{tail(self.log_path)}")
            if info["statename"] == "STOPPED":
                raise RuntimeError(f"{self.name} is stopped")
            try:
                if httpx.get(self.health_url, timeout=2).status_code == 200:
                    self._check_answered_by_us(info)
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f}s; see {self.log_path}:\n"
                           f"{tail(self.log_path)}")

    def _check_answered_by_us(self, info: Dict[str, object]) -> None:
        """Any 200 is not enough: a program that took the port after our check would answer too.
        Fails only when the listener is positively someone else's, never on a guess."""
        port = int(self.health_url.split(":")[2].split("/")[0])
        holder = port_holder(port)
        if holder is None or holder.pid is None or not info["pid"]:
            return
        if holder.pid != info["pid"] and holder.pid not in _descendants(int(info["pid"])):
            raise PortsBusy(f"{self.name}'s port {port} is answered by {holder.describe()}, not by "
                            f"the {self.name} (pid {info['pid']}); see {self.log_path}:\n"
                            f"{tail(self.log_path)}")

    def stop(self) -> None:
        """Stop it and leave it stopped (supervisord restarts only what exits by itself)."""
        self._control().stop_program(self.program)


def _descendants(root: int) -> set:
    children: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                data = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(data[data.rindex(")") + 2:].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            found.add(pid)
            todo.append(pid)
    return found


LOG_TAIL_LINES = 15  # enough to show a traceback's end without burying the message


def tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class _UnixConnection(UnixStreamHTTPConnection):
    def connect(self) -> None:  # supervisor's own never times out
        super().connect()
        self.sock.settimeout(STOP_WAIT_SECONDS * 6)


class Supervisor:
    """One supervisord in the foreground (`-n`) running the stack's programs, controlled over its
    unix socket (XML-RPC, what `supervisorctl -c <conf>` uses). Its config, socket and pidfile live in
    a private temporary directory, so several stacks (tests, `make run`) never share a socket.

    Nothing outlives it: supervisord gets SIGTERM when the process that started it dies (it then
    stops its programs), and every program gets SIGKILL when supervisord dies (`bot.pdeathsig`).
    The kernel ties that signal to the *thread* that started supervisord: start from the main one."""

    def __init__(self, services: Dict[str, Service], env: Dict[str, str], log_dir: Path) -> None:
        self.services = services
        self.env = env
        self.log_path = log_dir / "supervisord.log"
        self.run_dir = Path(tempfile.mkdtemp(prefix="bot-supervisor-"))  # 0700; short socket path
        self.conf_path = self.run_dir / "supervisord.conf"
        self.socket_path = self.run_dir / "supervisor.sock"
        self.pidfile = self.run_dir / "supervisord.pid"
        self.process: Optional[subprocess.Popen] = None
        self._stopped = False
        # Per start, never stored elsewhere: the socket answers only whoever can read the config.
        self._password = secrets.token_urlsafe(24)

    def config(self) -> str:
        def value(text: object) -> str:  # supervisord expands %(name)s in every value
            return str(text).replace("%", "%%")

        python = sys.executable
        lines = [
            "[unix_http_server]", f"file={value(self.socket_path)}", "chmod=0700",
            "username=bot", f"password={value(self._password)}", "",
            "[supervisord]", "nodaemon=true", "silent=true", "loglevel=info",
            f"logfile={value(self.log_path)}", "logfile_maxbytes=10MB", "logfile_backups=3",
            f"pidfile={value(self.pidfile)}", f"childlogdir={value(self.run_dir)}",
            # as root (containers) say so, or supervisord logs a warning about not dropping privileges
            *(["user=root"] if os.getuid() == 0 else []), "",
            "[rpcinterface:supervisor]",
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
            "[supervisorctl]", f"serverurl=unix://{value(self.socket_path)}",
            "username=bot", f"password={value(self._password)}", "",
        ]
        for priority, (program, service) in enumerate(self.services.items(), start=1):
            command = [python, "-m", "bot.pdeathsig", "--signal", "KILL",
                       "--parent-pidfile", str(self.pidfile), "--", *service.command]
            lines += [
                f"[program:{program}]",
                f"command={value(shlex.join(command))}",
                f"directory={value(ROOT)}",
                f"priority={priority * 10}",  # started in this order, stopped in reverse
                "autostart=true", "autorestart=true",
                f"startsecs={STARTSECS.get(program, DEFAULT_STARTSECS)}",
                f"startretries={START_RETRIES}",
                "stopsignal=TERM", f"stopwaitsecs={STOP_WAIT_SECONDS}",
                "stopasgroup=true", "killasgroup=true",
                "redirect_stderr=true", f"stdout_logfile={value(service.log_path)}",
                "stdout_logfile_maxbytes=50MB", "stdout_logfile_backups=5", "",
            ]
        return "\n".join(lines)

    def rpc(self) -> xmlrpc.client.ServerProxy:
        transport = SupervisorTransport("bot", self._password, f"unix://{self.socket_path}")
        transport._get_connection = lambda: _connection(self.socket_path)
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)

    def _call(self, method: str, *args: object) -> object:
        if self.process is None or self.process.poll() is not None:
            raise RuntimeError(f"supervisord is not running; see {self.log_path}")
        try:
            return getattr(self.rpc().supervisor, method)(*args)
        except (OSError, http.client.HTTPException) as error:
            raise RuntimeError(f"supervisord does not answer ({error}); see {self.log_path}")

    def start(self, timeout: float = 30) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        for service in self.services.values():
            service.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.conf_path.touch(mode=0o600)
        self.conf_path.write_text(self.config())
        stderr = open(self.run_dir / "supervisord.stderr", "wb")
        # Own session: a Ctrl-C or a process-group signal reaches only our caller, which stops
        # supervisord once, in order. If the caller dies, supervisord gets SIGTERM and stops too.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.pdeathsig", "--signal", "TERM", "--parent-pid",
             str(os.getpid()), "--", sys.executable, "-m", "supervisor.supervisord", "-n",
             "-c", str(self.conf_path)],
            cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=stderr, start_new_session=True)
        stderr.close()
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"supervisord exited with {self.process.returncode}:\n"
                                   f"{tail(self.run_dir / 'supervisord.stderr')}\n"
                                   f"{tail(self.log_path, 10)}")
            try:
                if self.rpc().supervisor.getState()["statename"] == "RUNNING":
                    return
            except (OSError, http.client.HTTPException):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"supervisord did not answer within {timeout:.0f}s; "
                                   f"see {self.log_path}")
            time.sleep(0.1)

    def info(self, program: str) -> Dict[str, object]:
        return self._call("getProcessInfo", program)

    def all_info(self) -> Dict[str, Dict[str, object]]:
        return {info["name"]: info for info in self._call("getAllProcessInfo")}

    def start_program(self, program: str) -> None:
        try:
            self._call("startProcess", program, False)
        except xmlrpc.client.Fault as fault:
            if fault.faultCode != Faults.ALREADY_STARTED:
                raise

    def stop_program(self, program: str) -> None:
        try:
            self._call("stopProcess", program, True)
        except xmlrpc.client.Fault as fault:
            if fault.faultCode != Faults.NOT_RUNNING:
                raise

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM: supervisord stops the programs in reverse start order, then exits. Idempotent,
        and a Ctrl-C or signal exit raised meanwhile is held back until everything is stopped."""
        if self._stopped:
            return
        interrupted: Optional[BaseException] = None
        while True:
            try:
                self._terminate()
                break
            except Exception:
                raise
            except BaseException as exc:  # KeyboardInterrupt, SystemExit: finish stopping first
                interrupted = interrupted or exc
        self._stopped = True
        if interrupted is not None:
            raise interrupted

    def _terminate(self) -> None:
        if self.running:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_WAIT_SECONDS * (len(self.services) + 1))
            except subprocess.TimeoutExpired:
                self.process.kill()  # its programs get SIGKILL through their parent-death signal
                self.process.wait()
        shutil.rmtree(self.run_dir, ignore_errors=True)


def _connection(socket_path: Path) -> _UnixConnection:
    connection = _UnixConnection("localhost")
    connection.socketfile = str(socket_path)
    return connection


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
        # Rasa's accept queue (rasa.core.run reads it; default 100): a burst of 200 conversations
        # overflowed it and clients waited a minute for a TCP connection.
        "SANIC_BACKLOG": os.environ.get("SANIC_BACKLOG", "1024"),
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
            # rasa-sdk answering only calls with ACTION_SERVER_TOKEN, on loopback unless
            # ACTION_SERVER_HOST says otherwise (bot/action_server.py)
            [python, "-m", "bot.action_server", "--port", str(ports.actions)],
            f"http://127.0.0.1:{ports.actions}/health", log_dir / "actions.log"),
        "rasa": Service(
            "Rasa server",
            # `rasa run` whose HTTP API is open only with RASA_API_TOKEN, read from the
            # environment so that `ps` does not show it.
            [python, "-m", "bot.rasa_server", "--model", str(model), "--port", str(ports.rasa),
             "--interface", "127.0.0.1", "--credentials", str(ROOT / "credentials.yml"),
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
    check_secrets(env)  # a missing or public secret stops the start here, naming the variable
    services = build_services(ports, log_dir, model or latest_model(), env)
    names = only or list(services)
    check_ports(ports, names)
    selected = {name: services[name] for name in names}
    supervisor = Supervisor(selected, env, log_dir)
    for name, service in selected.items():
        service.program, service.supervisor = name, supervisor
    stack = Stack(ports=ports, env=env, services=selected, supervisor=supervisor)
    timeouts = {"wallet": 60, "actions": 90, "rasa": 240, "web": 60}
    try:
        supervisor.start()  # supervisord starts every program at once, in priority order
        for name in names:
            selected[name].wait_ready(timeouts[name])
    except BaseException:
        stack.stop()
        raise
    return stack


def latest_model() -> Path:
    models = sorted(MODELS.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError("no trained model in models/: run `python -m bot train` first")
    return models[-1]
