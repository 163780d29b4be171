"""An honest start (issue 17): a held port stops `python -m bot run` in seconds, before anything
starts, naming the holder; a program supervisord gives up on ends the run with a non-zero exit,
naming it and showing its log. Real processes on real ports."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import List

import pytest

from bot.cli import _watch
from bot.processes import Ports, PortsBusy, Service, latest_model, start_stack
from bot.settings import ROOT, base_env
from tests.conftest import HOLDER_MARKER
from tests.integration.procs import descendants, port_free, wait_until


def bot_run(tmp: Path, ports: Ports, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "bot", "run", "--wallet-port", str(ports.wallet),
               "--actions-port", str(ports.actions), "--rasa-port", str(ports.rasa),
               "--web-port", str(ports.web), "--log-dir", str(tmp / "logs"),
               "--model", str(latest_model()), *extra]
    env = base_env(WALLET_DATABASE_URL=f"sqlite:///{tmp / 'wallet.db'}",
                   TRACKER_DB=str(tmp / "tracker.db"))
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def finish(process: subprocess.Popen, timeout: float) -> str:
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        raise AssertionError(f"`bot run` still running after {timeout:.0f}s:\n{output[-3000:]}") from None
    return output


def test_held_port_stops_the_start_at_once_naming_the_holder(tmp_path, held_port):
    port, pid = held_port
    ports = Ports.free()
    ports.rasa = port
    started = time.monotonic()
    process = bot_run(tmp_path, ports)
    output = finish(process, 30)
    elapsed = time.monotonic() - started
    assert process.returncode != 0, output
    assert elapsed < 15, elapsed  # no training, no start, no health-check wait
    assert f"pid {pid}" in output and HOLDER_MARKER in output, output  # the holder, by name
    assert "Rasa server" in output and "RASA_PORT" in output, output  # whose port, how to move it
    assert "is running" not in output and "Traceback" not in output, output
    # nothing of ours was started: no log written, our other ports free, the holder untouched
    assert not (tmp_path / "logs").exists(), list((tmp_path / "logs").rglob("*"))
    assert all(port_free(p) for p in (ports.wallet, ports.actions, ports.web))
    assert not port_free(port)


def test_port_given_to_two_services_is_refused(tmp_path):
    ports = Ports.free()
    ports.web = ports.wallet
    process = bot_run(tmp_path, ports)
    output = finish(process, 30)
    assert process.returncode != 0, output
    assert f"port {ports.wallet} is given to both the wallet backend and the website" in output
    assert "WEB_PORT" in output and not (tmp_path / "logs").exists()


def test_port_variables_move_the_ports(tmp_path, held_port):
    """`make run` passes no flags: RASA_PORT etc. are how a newcomer moves a port."""
    port, pid = held_port
    ports = Ports.free()
    env = base_env(RASA_PORT=str(port), WALLET_PORT=str(ports.wallet),
                   ACTIONS_PORT=str(ports.actions), WEB_PORT=str(ports.web))
    result = subprocess.run([sys.executable, "-m", "bot", "run", "--model", str(latest_model()),
                             "--log-dir", str(tmp_path / "logs")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0, result.stdout + result.stderr
    assert f"port {port}, wanted by the Rasa server, is held by pid {pid}" in result.stderr
    bad = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=ROOT,
                         env=base_env(RASA_PORT="fifty"), capture_output=True, text=True,
                         timeout=30)
    assert bad.returncode != 0 and "RASA_PORT='fifty' is not a port number" in bad.stderr


def test_start_stack_refuses_a_held_port_before_starting(tmp_path, held_port):
    port, pid = held_port
    ports = Ports.free()
    ports.web = port
    with pytest.raises(PortsBusy, match=f"website, is held by pid {pid}"):
        start_stack(ports, log_dir=tmp_path / "logs", only=["wallet", "web"],
                    WALLET_DATABASE_URL=f"sqlite:///{tmp_path / 'wallet.db'}",
                    WALLET_DEMO_MODE="true")
    assert not (tmp_path / "logs").exists()


def test_given_up_program_is_named_with_its_log_and_the_rest_stopped(tmp_path):
    """The wallet keeps failing at its start (its port taken after it ran): supervisord gives up,
    and the watcher `bot run` uses reports which program, with the last lines of its log."""
    ports = Ports.free()
    stack = start_stack(ports, log_dir=tmp_path / "logs", only=["wallet", "web"],
                        WALLET_DATABASE_URL=f"sqlite:///{tmp_path / 'wallet.db'}",
                        WALLET_DEMO_MODE="true")
    sockets: List[socket.socket] = []
    try:
        wallet = stack.services["wallet"]
        wallet.stop()
        holder = socket.socket()
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        holder.bind(("127.0.0.1", ports.wallet))
        holder.listen()
        sockets.append(holder)
        wallet.start()
        error = _watch(stack)  # returns once supervisord gave up on the wallet
        assert error.startswith("wallet backend kept exiting"), error
        log_tail = wallet.log_path.read_text(errors="replace").splitlines()[-15:]
        assert log_tail and "\n".join(log_tail) in error  # the log's last lines, shown
        assert "address already in use" in error.lower(), error
        programs = descendants(stack.supervisor.process.pid)
    finally:
        stack.stop()
        for sock in sockets:
            sock.close()
    assert not stack.supervisor.running
    wait_until(lambda: all(not Path(f"/proc/{pid}").exists() for pid in programs), 15,
               "the website stopped with the rest")


def test_health_check_answered_by_another_program_is_not_ready(tmp_path):
    """Our program runs, but another one took its port first and answers 200: not ready."""
    port = Ports.free().rasa
    other = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                              "127.0.0.1"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    ours = subprocess.Popen(["sleep", "60"])  # stands for our program (not the listener's parent)

    class Supervisor:
        def info(self, program):
            return {"statename": "RUNNING", "pid": ours.pid, "spawnerr": "", "description": ""}

    service = Service("Rasa server", [], f"http://127.0.0.1:{port}/", tmp_path / "rasa.log",
                      expect={"version": "3.6.21"}, program="rasa", supervisor=Supervisor())
    try:
        wait_until(lambda: not port_free(port), 10, "the other program listening")
        with pytest.raises(PortsBusy, match=f"answered by pid {other.pid} .*http.server"):
            service.wait_ready(20)
    finally:
        for process in (other, ours):
            process.kill()
            process.wait(10)


IMPOSTOR = """
import http.server, json, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"status": "ok", "service": sys.argv[2], "instance": sys.argv[3]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


@pytest.mark.parametrize("service_name,instance,ready", [
    ("yibao-website", "ours", True),
    ("yibao-website", "an-older-instance", False),
    ("some-other-service", "ours", False)])
def test_health_answer_must_name_this_service_and_instance(tmp_path, service_name, instance, ready):
    """The listener is the program supervisord reports (no foreign pid to catch): ready only when
    its /healthz names this service and the instance given to it; else a stale or foreign server."""
    port = Ports.free().web
    server = subprocess.Popen([sys.executable, "-c", IMPOSTOR, str(port), service_name, instance],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    class Supervisor:
        def info(self, program):
            return {"statename": "RUNNING", "pid": server.pid, "spawnerr": "", "description": ""}

    service = Service("website", [], f"http://127.0.0.1:{port}/healthz", tmp_path / "web.log",
                      expect={"service": "yibao-website", "instance": "ours"}, instance="ours",
                      program="web", supervisor=Supervisor())
    try:
        wait_until(lambda: not port_free(port), 10, "the server listening")
        if ready:
            service.wait_ready(20)
        else:
            with pytest.raises(PortsBusy, match="not the website started here .*WEB_PORT"):
                service.wait_ready(20)
    finally:
        server.kill()
        server.wait(10)
