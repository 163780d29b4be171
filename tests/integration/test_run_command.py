"""`python -m bot run` (what `make run` starts): everything comes up, URLs are printed, and a
SIGTERM stops every child process."""
from __future__ import annotations

import signal
import subprocess
import sys
import time

import httpx

from bot.processes import Ports
from bot.settings import ROOT, base_env


def test_run_starts_everything_prints_urls_and_stops_cleanly(tmp_path):
    ports = Ports.free()
    log = open(tmp_path / "run.log", "w+")
    env = base_env(WALLET_DATABASE_URL=f"sqlite:///{tmp_path / 'wallet.db'}",
                   TRACKER_DB=str(tmp_path / "tracker.db"))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--wallet-port", str(ports.wallet),
         "--actions-port", str(ports.actions), "--rasa-port", str(ports.rasa),
         "--web-port", str(ports.web)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while "Press Ctrl-C to stop." not in (tmp_path / "run.log").read_text():
            assert process.poll() is None, (tmp_path / "run.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "bot run did not come up"
            time.sleep(1)
        printed = (tmp_path / "run.log").read_text()
        for url in (f"http://127.0.0.1:{ports.web}", f"/webhooks/wechat/webhook",
                    f"http://127.0.0.1:{ports.wallet}/docs"):
            assert url in printed
        # demo mode is on for `make run`: the personas can sign in
        session = httpx.post(f"http://127.0.0.1:{ports.wallet}/api/v1/demo/session",
                             json={"persona": "chen_region"}, timeout=10)
        assert session.status_code == 200
        reply = httpx.post(f"http://127.0.0.1:{ports.rasa}/webhooks/rest/webhook", timeout=60,
                           json={"sender": "run-test", "message": "付款失败了",
                                 "metadata": {"token": session.json()["token"]}})
        assert "深圳市" in str(reply.json())
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    for port in (ports.wallet, ports.actions, ports.rasa, ports.web):
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            alive = True
        except httpx.HTTPError:
            alive = False
        assert not alive, f"port {port} still answers after SIGTERM"
