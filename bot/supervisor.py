"""supervisord for the product's processes (`bot.processes`): its config, control socket and stop."""
from __future__ import annotations

import http.client
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Optional

from supervisor.xmlrpc import Faults, SupervisorTransport, UnixStreamHTTPConnection

from bot.health import INSTANCE_ENV
from bot.settings import ROOT

if TYPE_CHECKING:
    from bot.processes import Service

# supervisord runs every program. A program that dies within `startsecs` of a start counts as a
# failed start and is tried again after 1, 2, 3 s (back-off, `startretries`), then given up (FATAL);
# one that ran longer and dies is started again at once (`autorestart`); the others keep serving.
STARTSECS = {"rasa": 60}  # Rasa stays up while it loads the model: a crash then is a failed start
DEFAULT_STARTSECS = 10
START_RETRIES = 3
STOP_WAIT_SECONDS = 10  # SIGTERM to the program's process group, SIGKILL after this


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
                f"priority={priority * 10}",  # all started at once in this order, stopped in reverse
                "autostart=true", "autorestart=true",
                f"startsecs={STARTSECS.get(program, DEFAULT_STARTSECS)}",
                f"startretries={START_RETRIES}",
                "stopsignal=TERM", f"stopwaitsecs={STOP_WAIT_SECONDS}",
                "stopasgroup=true", "killasgroup=true",
                # which instance /healthz must name: a stale or foreign server cannot pass for it
                f'environment={INSTANCE_ENV}="{value(service.instance)}"',
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
            raise RuntimeError(f"supervisord does not answer ({error}); see {self.log_path}") from error

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
