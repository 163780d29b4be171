"""`python -m bot doctor` (issue 17): each problem named with the command that fixes it, a
non-zero exit only for what blocks `make run`. Real subprocesses, real ports, real environments."""
from __future__ import annotations

import os
import subprocess
import sys

from bot import doctor
from bot.ports import Ports, free_port
from bot.settings import ROOT, SECRET_NAMES
from tests.conftest import HOLDER_MARKER


def run_doctor(*args: str, **env: str) -> subprocess.CompletedProcess:
    ports = Ports.free()  # never the developer's running `make run`
    base = {**os.environ, "WALLET_PORT": str(ports.wallet), "ACTIONS_PORT": str(ports.actions),
            "RASA_PORT": str(ports.rasa), "WEB_PORT": str(ports.web)}
    for name in SECRET_NAMES:
        base.pop(name, None)  # tests/conftest.py filled them in for this process
    base.update(env)
    base = {key: value for key, value in base.items() if value is not None}
    return subprocess.run([sys.executable, "-m", "bot", "doctor", *args], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=60)


def test_held_port_is_blocking_and_names_holder_and_fix(held_port):
    port, pid = held_port
    result = run_doctor("--quick", RASA_PORT=str(port))
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert f"port {port} (Rasa server) is held by pid {pid}" in out and HOLDER_MARKER in out, out
    assert f"fix: kill {pid}" in out and "export RASA_PORT=" in out, out
    assert out.startswith("[1/7] checks (python -m bot doctor): 1 problem to fix first"), out
    assert "Traceback" not in result.stderr


def test_ports_not_checked_for_tests(held_port):
    port, _pid = held_port
    result = run_doctor("--quick", "--no-ports", RASA_PORT=str(port))
    assert result.returncode == 0, result.stdout
    assert str(port) not in result.stdout


def test_missing_secret_outside_demo_mode_is_blocking_with_the_export_to_run():
    secrets = {name: f"test-{name.lower()}-0123456789" for name in SECRET_NAMES}
    del secrets["RASA_API_TOKEN"]
    result = run_doctor("--no-ports", "--no-demo", **secrets)
    assert result.returncode == 1, result.stdout
    assert "FAIL  RASA_API_TOKEN is not set" in result.stdout, result.stdout
    assert "fix: export RASA_API_TOKEN=\"$(python3 -c 'import secrets; " in result.stdout
    assert "WALLET_SERVICE_KEY" not in result.stdout  # the ones that are set are not reported
    # the same environment for `make run` (demo mode, even with WALLET_DEMO_MODE=false set, as
    # `bot run` turns it on): generated per install, nothing to fix
    demo = run_doctor("--quick", "--no-ports", WALLET_DEMO_MODE="false", **secrets)
    assert demo.returncode == 0 and "RASA_API_TOKEN" not in demo.stdout, demo.stdout


def test_public_demo_secret_is_blocking_in_every_mode():
    result = run_doctor("--quick", "--no-ports", WALLET_SERVICE_KEY="demo-service-key")
    assert result.returncode == 1, result.stdout
    assert "WALLET_SERVICE_KEY is a public demo value" in result.stdout
    assert "fix: unset WALLET_SERVICE_KEY" in result.stdout


def test_missing_node_is_named_with_the_install_command(tmp_path):
    """Without node/npm on PATH: blocking only while the widget still has to be installed."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "fc-list"):  # what the other checks use; no node, no npm
        found = subprocess.run(["bash", "-c", f"command -v {tool}"], capture_output=True,
                               text=True).stdout.strip()
        if found:
            (bin_dir / tool).symlink_to(found)
    result = run_doctor("--quick", "--no-ports", PATH=str(bin_dir), PYTHON310=sys.executable)
    installed = any((ROOT / "bot" / "web").glob("node_modules/.installed-*"))
    assert result.returncode == (0 if installed else 1), result.stdout
    assert "no node and npm on PATH" in result.stdout, result.stdout
    assert "fix: apt-get install -y nodejs npm" in result.stdout
    assert ("note" if installed else "FAIL") + "  no node and npm" in result.stdout


def test_scale_out_servers_are_required_only_when_selected():
    unreachable = str(free_port())
    selected = run_doctor("--quick", "--no-ports", RASA_ENDPOINTS="endpoints.scale.yml",
                          REDIS_HOST="127.0.0.1", REDIS_PORT=unreachable)
    assert selected.returncode == 1, selected.stdout
    assert f"FAIL  Redis (lock store) not reachable at 127.0.0.1:{unreachable}" in selected.stdout
    assert "redis-server" in selected.stdout.split(f"127.0.0.1:{unreachable}", 1)[1], selected.stdout
    # the full report shows it as a note when the embedded stores are in use
    embedded = run_doctor("--no-ports", REDIS_PORT=unreachable, RASA_ENDPOINTS=None)
    assert f"note  Redis (lock store) not reachable at 127.0.0.1:{unreachable}" in embedded.stdout
    assert "[scale-out only]" in embedded.stdout


def test_runs_on_the_standard_library_alone():
    """`make run` runs it before the virtual env exists: nothing outside the standard library
    (-S: no site-packages at all)."""
    bare = subprocess.run([sys.executable, "-S", "-m", "bot", "doctor", "--quick", "--no-ports"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={k: v for k, v in os.environ.items() if k not in SECRET_NAMES})
    assert bare.returncode == 0, bare.stdout + bare.stderr
    assert bare.stdout.splitlines()[0] == "[1/7] checks (python -m bot doctor): ok"


def test_full_disk_is_blocking_with_what_to_delete(monkeypatch):
    usage = type("Usage", (), {"free": int(0.2 * doctor.GB), "total": 0, "used": 0})
    monkeypatch.setattr(doctor.shutil, "disk_usage", lambda _path: usage)
    [finding] = doctor.check_disk()
    assert not finding.ok and finding.blocking
    assert "0.2 GB free" in finding.what and "rm -rf ~/.cache/pip" in finding.fix


def test_wrong_python_in_the_virtual_env_is_blocking(monkeypatch, tmp_path):
    venv = tmp_path / ".venv"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.11.2\n")
    monkeypatch.setattr(doctor, "VENV", venv)
    findings = doctor.check_python()
    wrong = [f for f in findings if not f.ok]
    assert wrong and wrong[0].blocking and "3.11.2" in wrong[0].what
    assert wrong[0].fix == "rm -rf .venv && make run"


def test_every_finding_that_is_a_problem_has_a_fix():
    env = {"WALLET_SERVICE_KEY": "demo", "RASA_ENDPOINTS": "endpoints.scale.yml",
           "REDIS_PORT": str(free_port())}
    for _name, findings in doctor.diagnose(quick=False, ports=False, demo=False, env=env):
        for finding in findings:
            assert finding.ok or finding.fix, finding
