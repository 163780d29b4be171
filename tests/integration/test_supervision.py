"""Supervision (README "When something fails"): a crashed process comes back by itself while the
others keep serving, and nothing outlives `bot run` (kill -9, or SIGTERM twice to `make run`'s
process group). Real processes, found and checked through /proc; ports checked by binding them."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Dict, List

import httpx
import pytest

from bot.cli import _watch
from bot.processes import Ports, Stack, latest_model, start_stack
from bot.settings import ROOT, base_env
from bot.wallet_api import SyncWalletClient, WalletApiSettings
from tests.integration.procs import cmdline, descendants, port_free, still_running, wait_until

START_TIMEOUT = 300  # Rasa loads its model in 1-2 minutes on a busy 2-core machine
BACK_WITHIN = 60     # a crashed action server answers again within this many seconds
GONE_WITHIN = 20     # after kill -9 of `bot run`, every child is gone within this many seconds


# --- processes and ports, straight from /proc ------------------------------------------------

def all_ports(ports: Ports) -> List[int]:
    return [ports.wallet, ports.actions, ports.rasa, ports.web]


def healthy(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class Probe(threading.Thread):
    """Asks URLs every 0.2 s until stopped; every failure is kept."""

    def __init__(self, urls: List[str]) -> None:
        super().__init__(daemon=True)
        self.urls, self.failures, self.answers = urls, [], 0
        self.done = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=5) as client:
            while not self.done.is_set():
                for url in self.urls:
                    try:
                        status = client.get(url).status_code
                        if status == 200:
                            self.answers += 1
                        else:
                            self.failures.append(f"{url}: HTTP {status}")
                    except httpx.HTTPError as error:
                        self.failures.append(f"{url}: {error!r}")
                self.done.wait(0.2)

    def stop(self) -> None:
        self.done.set()
        self.join(10)


def diagnosis_works(rasa_url: str, wallet_url: str) -> bool:
    """A signed-in conversation whose answer needs the action server and the wallet."""
    try:
        token = SyncWalletClient(WalletApiSettings(wallet_url=wallet_url, service_key=None,
                                                   timeout_seconds=10)).demo_session("chen_region")["token"]
        reply = httpx.post(f"{rasa_url}/webhooks/rest/webhook", timeout=60,
                           json={"sender": f"supervision-{time.monotonic_ns()}",
                                 "message": "付款失败了", "metadata": {"token": token}})
        return reply.status_code == 200 and "深圳市" in str(reply.json())
    except httpx.HTTPError:
        return False


# --- `bot run` as `make run` starts it ----------------------------------------------------------

class Product:
    """`python -m bot run` on free ports, started by GNU make in a process group of its own,
    exactly like `make run` in a terminal or under a service manager."""

    def __init__(self, tmp: Path, through_make: bool = True, *extra: str) -> None:
        self.tmp, self.ports = tmp, Ports.free()
        self.log_path = tmp / "run.log"
        command = [sys.executable, "-m", "bot", "run", "--wallet-port", str(self.ports.wallet),
                   "--actions-port", str(self.ports.actions), "--rasa-port", str(self.ports.rasa),
                   "--web-port", str(self.ports.web), "--log-dir", str(tmp / "logs"), *extra]
        if through_make:
            (tmp / "Makefile").write_text("run:\n\t" + " ".join(command) + "\n")
            command = ["make", "-f", str(tmp / "Makefile"), "run"]
        env = base_env(WALLET_DATABASE_URL=f"sqlite:///{tmp / 'wallet.db'}",
                       TRACKER_DB=str(tmp / "tracker.db"))
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=open(self.log_path, "w"),
                                        stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_printed(self, text: str, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            assert self.process.poll() is None, self.output[-3000:]
            assert time.monotonic() < deadline, f"{text!r} not printed:\n{self.output[-3000:]}"
            time.sleep(0.5)

    def bot_run_pid(self) -> int:
        if "make" not in cmdline(self.process.pid):
            return self.process.pid
        for pid in descendants(self.process.pid):
            if "-m bot run" in cmdline(pid):
                return pid
        raise AssertionError("no `bot run` under make")

    def supervisorctl(self, *args: str) -> str:
        conf = re.search(r"supervisorctl -c (\S+) status", self.output).group(1)
        return subprocess.run([sys.executable, "-m", "supervisor.supervisorctl", "-c", conf, *args],
                              capture_output=True, text=True, timeout=30).stdout.strip()

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(30)


@pytest.fixture(scope="module")
def product(tmp_path_factory):
    running = Product(tmp_path_factory.mktemp("run"))
    try:
        running.wait_printed("Press Ctrl-C to stop.")
        yield running
    finally:
        running.kill()  # only if a test failed before stopping it


def test_run_starts_everything_and_prints_the_urls(product):
    printed = product.output
    for url in (f"http://127.0.0.1:{product.ports.web}", "/webhooks/wechat/webhook",
                f"http://127.0.0.1:{product.ports.wallet}/docs", "supervisorctl -c "):
        assert url in printed
    # demo mode is on for `make run`: personas sign in, and a diagnosis goes through every process
    assert diagnosis_works(f"http://127.0.0.1:{product.ports.rasa}",
                           f"http://127.0.0.1:{product.ports.wallet}")
    assert "RUNNING" in product.supervisorctl("status", "actions")


def test_killed_action_server_comes_back_while_the_rest_keeps_serving(product):
    ports = product.ports
    rasa_url, wallet_url = f"http://127.0.0.1:{ports.rasa}", f"http://127.0.0.1:{ports.wallet}"
    old_pid = int(product.supervisorctl("pid", "actions"))
    assert f"{ports.actions}" in cmdline(old_pid)  # the program itself, not a wrapper
    probe = Probe([f"{wallet_url}/healthz", f"{rasa_url}/", f"http://127.0.0.1:{ports.web}/healthz"])
    probe.start()
    try:
        os.kill(old_pid, signal.SIGKILL)
        back = wait_until(lambda: diagnosis_works(rasa_url, wallet_url), BACK_WITHIN,
                          "a conversation through the restarted action server")
        print(f"action server answered again {back:.1f}s after kill -9")
        # a fast restart leaves few probe rounds: keep probing long enough to mean something
        wait_until(lambda: probe.answers > 10, 10, "probe answers")
    finally:
        probe.stop()
    assert probe.failures == [], probe.failures[:5]  # wallet, Rasa and website never stopped
    assert probe.answers > 10
    assert int(product.supervisorctl("pid", "actions")) not in (0, old_pid)
    assert product.process.poll() is None, product.output[-2000:]
    product.wait_printed("action server exited unexpectedly", 10)
    product.wait_printed("action server is running again", 30)


def test_sigterm_twice_to_the_make_run_process_group_stops_everything(product):
    processes = descendants(product.process.pid)
    assert len(processes) >= 6, processes  # bot run, supervisord and the four programs
    # What a service manager does to `make run`; make forwards it to `bot run` once more.
    started = time.monotonic()
    os.killpg(product.process.pid, signal.SIGTERM)
    time.sleep(0.3)
    if product.process.poll() is None:
        os.killpg(product.process.pid, signal.SIGTERM)
    product.process.wait(90)
    wait_until(lambda: not still_running(processes), 15, "every process gone")
    print(f"make run stopped, nothing left, {time.monotonic() - started:.1f}s after SIGTERM")
    assert [p for p in all_ports(product.ports) if not port_free(p)] == []
    assert "no process left running" in product.output, product.output[-2000:]
    assert "Traceback" not in product.output, product.output[-3000:]


def test_kill_9_of_bot_run_leaves_no_process_and_no_port(tmp_path):
    # The model `make run` trained above: no second training check (minutes on a busy machine).
    running = Product(tmp_path, False, "--model", str(latest_model()))
    processes: Dict[int, str] = {}
    try:
        # Every program is spawned at once; the three quick ones answering means all four run
        # (Rasa may still be loading its model: it does not matter to whom it belongs).
        ports = running.ports

        def up() -> bool:
            assert running.process.poll() is None, running.output[-3000:]
            return all(healthy(f"http://127.0.0.1:{port}/{path}") for port, path in
                       ((ports.wallet, "healthz"), (ports.actions, "health"),
                        (ports.web, "healthz")))

        wait_until(up, START_TIMEOUT, "wallet, action server and website")
        processes = descendants(running.process.pid)
        assert len(processes) >= 5, processes  # supervisord and the four programs
        os.kill(running.process.pid, signal.SIGKILL)
        running.process.wait(10)
        gone = wait_until(lambda: not still_running(processes), GONE_WITHIN, "every child gone")
        print(f"every child of the killed bot run gone after {gone:.1f}s")
        wait_until(lambda: all(port_free(p) for p in all_ports(ports)), 5, "every port free")
    finally:
        running.kill()
        for pid in still_running(processes):  # only if the test failed: leave nothing behind
            os.kill(pid, signal.SIGKILL)


# --- the supervision itself, on a small stack (no Rasa), in this process -----------------------

@pytest.fixture
def small_stack(tmp_path):
    ports = Ports.free()
    stack = start_stack(ports, log_dir=tmp_path / "logs", only=["wallet", "web"],
                        WALLET_DATABASE_URL=f"sqlite:///{tmp_path / 'wallet.db'}",
                        WALLET_DEMO_MODE="true")
    yield stack
    stack.stop()


def test_crashed_program_is_restarted_and_the_other_keeps_serving(small_stack: Stack):
    web = small_stack.services["web"]
    old = web.process.pid
    assert "bot.web" in cmdline(old)  # the program itself, not a wrapper
    probe = Probe([f"{small_stack.wallet_url}/healthz"])
    probe.start()
    try:
        os.kill(old, signal.SIGKILL)
        wait_until(lambda: getattr(web.process, "pid", old) != old, 10, "a new website")
        web.wait_ready(30)
    finally:
        probe.stop()
    assert probe.failures == [] and probe.answers > 0


def test_program_failing_at_start_is_retried_with_back_off_then_reported(small_stack: Stack):
    """A taken port: the wallet exits at once on every start. supervisord tries 1 + 3 times,
    waiting 1, 2, 3 s between, then gives up, and `bot run`'s watcher reports it as an error."""
    wallet = small_stack.services["wallet"]
    wallet.stop()
    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    holder.bind(("127.0.0.1", small_stack.ports.wallet))
    holder.listen()
    try:
        started = time.monotonic()
        wallet.start()
        with pytest.raises(RuntimeError, match="kept exiting"):
            wallet.wait_ready(60)
        elapsed = time.monotonic() - started
        error = _watch(small_stack)  # returns at once: a program supervisord gave up on
        assert "wallet backend" in error and str(wallet.log_path) in error
    finally:
        holder.close()
    log = (wallet.log_path.parent / "supervisord.log").read_text()
    since_stop = log[log.rindex("stopped: wallet"):]
    assert since_stop.count("spawned: 'wallet'") == 4, since_stop
    assert "gave up: wallet entered FATAL state" in since_stop
    assert elapsed >= 1 + 2 + 3, elapsed  # the back-off delays between the tries
    assert healthy(f"{small_stack.web_url}/healthz")  # the website kept serving meanwhile


def test_killed_supervisord_takes_every_program_with_it(small_stack: Stack):
    supervisord = small_stack.supervisor.process.pid
    processes = descendants(supervisord)
    assert len(processes) == 2, processes
    os.kill(supervisord, signal.SIGKILL)
    wait_until(lambda: not still_running(processes), 5, "both programs gone")
    # A killed process's sockets close as the kernel tears it down, a moment after it is gone.
    wait_until(lambda: port_free(small_stack.ports.wallet) and port_free(small_stack.ports.web), 10,
               "both ports free")
    assert "supervisord exited" in _watch(small_stack)  # `bot run` stops with an error then


def test_shim_refuses_to_start_when_its_parent_is_already_gone(tmp_path):
    marker = tmp_path / "started"
    result = subprocess.run(
        [sys.executable, "-m", "bot.pdeathsig", "--parent-pid", "1", "--", "touch", str(marker)],
        cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "parent 1 is gone" in result.stderr
    assert not marker.exists()
    ok = subprocess.run(
        [sys.executable, "-m", "bot.pdeathsig", "--parent-pid", str(os.getpid()), "--",
         "touch", str(marker)], cwd=ROOT, timeout=30)
    assert ok.returncode == 0 and marker.exists()
