"""`python -m bot doctor`: is this machine ready for `make run` / `make test`? Each problem comes
with the command that fixes it; exit 1 when one blocks the start.

Standard library only: `make run` runs it (`--quick`) with the system's Python 3.10 before the
virtual env exists, so a held port or a full disk stops the run before minutes of installing.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from bot import console
from bot.ports import PORT_ENV, PORT_OWNERS, configured_ports, port_holder
from bot.settings import KNOWN_DEMO_VALUES, ROOT, SECRET_NAMES, SECRETS_FILE, _parse_env_file

VENV = ROOT / ".venv"
WIDGET_DIR = ROOT / "bot" / "web"
CHROMIUM = Path("/usr/bin/chromium")  # what tests/browser/conftest.py drives
GB = 1024 ** 3
# .venv is about 3 GB (TensorFlow); training and pip's cache need room beside it.
DISK_NEEDED_FRESH_GB = 4.0
DISK_NEEDED_GB = 1.0
NEW_SECRET = "\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')\""


@dataclass
class Finding:
    ok: bool
    what: str
    fix: str = ""
    blocking: bool = False  # a problem that stops `make run`; else a note

    @property
    def label(self) -> str:
        return "ok  " if self.ok else ("FAIL" if self.blocking else "note")


def problem(what: str, fix: str, blocking: bool) -> Finding:
    return Finding(False, what, fix, blocking)


def _run(command: List[str]) -> Tuple[int, str]:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as error:
        return 1, str(error)
    return done.returncode, (done.stdout + done.stderr).strip()


def check_python() -> List[Finding]:
    code, found = _run(["bash", str(ROOT / "scripts" / "find_python310.sh")])
    if code != 0:
        return [problem("no Python 3.10 (Rasa 3.6 needs it)", "pyenv install 3.10 (or apt-get "
                        "install -y python3.10), or set PYTHON310=/path/to/python3.10", True)]
    findings = [Finding(True, f"Python 3.10: {found}")]
    config = VENV / "pyvenv.cfg"
    if config.exists():
        version = re.search(r"^version\w*\s*=\s*(\S+)", config.read_text(), re.M)
        if not version or not version.group(1).startswith("3.10."):
            findings.append(problem(f".venv was made with Python {version.group(1) if version else '?'}"
                                    ", not 3.10", "rm -rf .venv && make run", True))
    return findings


def check_node() -> List[Finding]:
    installed = any(WIDGET_DIR.glob("node_modules/.installed-*"))
    need = not installed  # npm is needed only to install the widget
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        missing = " and ".join(name for name, path in (("node", node), ("npm", npm)) if not path)
        return [problem(f"no {missing} on PATH: the website widget "
                        + ("cannot be installed" if need else "is installed, but cannot be updated"),
                        "apt-get install -y nodejs npm   # Node.js 20, or from https://nodejs.org",
                        need)]
    code, version = _run([node, "--version"])
    major = re.match(r"v(\d+)", version)
    if code != 0 or not major or int(major.group(1)) < 18:
        return [problem(f"Node.js {version or '?'} is too old for the widget's lock file (needs 20)",
                        "install Node.js 20: https://nodejs.org/en/download", need)]
    return [Finding(True, f"Node.js {version}, npm (website widget"
                          + (", installed)" if installed else ", installed by the first run)"))]


def check_browser() -> List[Finding]:
    findings = []
    if CHROMIUM.exists():
        findings.append(Finding(True, f"Chromium {CHROMIUM} (browser tests)"))
    else:
        findings.append(problem(f"no {CHROMIUM}: the browser tests (tests/browser) are skipped",
                                "apt-get install -y chromium", False))
    code, fonts = _run(["fc-list", ":lang=zh", "family"])
    if code == 0 and fonts:
        findings.append(Finding(True, f"CJK font: {fonts.splitlines()[0].split(',')[0]}"))
    else:
        findings.append(problem("no CJK font: Chinese shows as boxes in the browser tests' "
                                "screenshots", "apt-get install -y fonts-wqy-microhei", False))
    return findings


def _next_free(port: int) -> Optional[int]:
    for candidate in range(port + 1, min(port + 200, 65535)):
        if port_holder(candidate) is None:
            return candidate
    return None


def check_ports(env: Dict[str, str]) -> List[Finding]:
    try:
        ports = configured_ports(env=env)
    except ValueError as error:
        return [problem(str(error), "export <VARIABLE>=<a number 1-65535> (or unset it)", True)]
    findings = []
    for name, variable in PORT_ENV.items():
        port = getattr(ports, name)
        holder = port_holder(port)
        if holder is None:
            continue
        free = _next_free(port)
        move = f"export {variable}={free}" if free else f"export {variable}=<a free port>"
        stop = f"kill {holder.pid}" if holder.pid else "sudo ss -ltnp   # find the holder"
        findings.append(problem(f"port {port} ({PORT_OWNERS[name]}) is held by "
                                f"{holder.describe()}", f"{stop}   # or move ours: {move}", True))
    if not findings:
        shown = ", ".join(str(getattr(ports, name)) for name in PORT_ENV)
        findings.append(Finding(True, f"ports {shown} free"))
    return findings


def check_disk() -> List[Finding]:
    fresh = not any(VENV.glob(".installed-*"))
    needed = DISK_NEEDED_FRESH_GB if fresh else DISK_NEEDED_GB
    free = shutil.disk_usage(ROOT).free / GB
    if free < needed:
        why = "the virtual env (TensorFlow, ~3 GB) and a model" if fresh else "training and logs"
        return [problem(f"{free:.1f} GB free on {ROOT}'s disk; {why} need {needed:.0f} GB",
                        "rm -rf ~/.cache/pip var/logs/*.log.*   # or free space elsewhere", True)]
    return [Finding(True, f"disk: {free:.0f} GB free")]


def check_secrets(env: Dict[str, str], demo: bool) -> List[Finding]:
    stored = _parse_env_file(SECRETS_FILE.read_text()) if SECRETS_FILE.exists() else {}
    findings = []
    for name in SECRET_NAMES:
        value = (env.get(name) or "").strip()
        if value and value.lower() in KNOWN_DEMO_VALUES:
            findings.append(problem(f"{name} is a public demo value (in the environment)",
                                    f"unset {name}   # or: export {name}={NEW_SECRET}", True))
        elif not value and not demo:
            findings.append(problem(f"{name} is not set ({SECRET_NAMES[name]}); outside demo mode "
                                    "it must be", f"export {name}={NEW_SECRET}", True))
        elif not value and stored.get(name, "").lower() in KNOWN_DEMO_VALUES:
            findings.append(problem(f"{name} in {SECRETS_FILE.relative_to(ROOT)} is a public demo "
                                    "value", f"sed -i '/^{name}=/d' {SECRETS_FILE.relative_to(ROOT)}"
                                    "   # a new one is generated on the next start", True))
    if not findings:
        where = ("the environment and " if any(env.get(n) for n in SECRET_NAMES) else "") + (
            str(SECRETS_FILE.relative_to(ROOT)) if stored else
            f"{SECRETS_FILE.relative_to(ROOT)} (generated on the first start)")
        findings.append(Finding(True, f"secrets: {len(SECRET_NAMES)} from {where}" if demo else
                                f"secrets: all {len(SECRET_NAMES)} set in the environment"))
    return findings


def check_model() -> List[Finding]:
    from bot.training import model_status
    up_to_date, why = model_status()
    return [Finding(True, "Rasa model up to date" if up_to_date else
                    f"Rasa model: {why}; the next start trains it (about 4 min)")]


# Scale-out (endpoints.scale.yml): what each server is, where the endpoints say it is, and how
# to install and start it on Debian/Ubuntu.
SCALE_SERVERS = [
    ("PostgreSQL (tracker store)", "TRACKER_DB_HOST", "TRACKER_DB_PORT", 5432,
     ["postgres", "pg_ctl", "psql"], "postgresql"),
    ("Redis (lock store)", "REDIS_HOST", "REDIS_PORT", 6379, ["redis-server"], "redis-server"),
    ("RabbitMQ (event broker)", "RABBITMQ_HOST", "RABBITMQ_PORT", 5672, ["rabbitmq-server"],
     "rabbitmq-server"),
]


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _which(names: List[str]) -> Optional[str]:
    extra = os.pathsep.join(["/usr/sbin", "/usr/local/sbin", "/usr/lib/postgresql"])
    return next((found for name in names
                 for found in [shutil.which(name) or shutil.which(name, path=extra)] if found), None)


def check_scale_out(env: Dict[str, str], needed: bool) -> List[Finding]:
    findings = []
    for what, host_var, port_var, default_port, binaries, package in SCALE_SERVERS:
        host = re.sub(r"^\w+://", "", env.get(host_var) or "127.0.0.1").split("/")[0]
        host, _, port_text = host.partition(":")
        port = int(env.get(port_var) or port_text or default_port)
        if _reachable(host, port):
            findings.append(Finding(True, f"{what} reachable at {host}:{port}"))
            continue
        local = host in ("127.0.0.1", "localhost", "::1")
        if local and not _which(binaries):
            fix = f"apt-get install -y {package} && service {package} start"
        elif local:
            fix = f"service {package} start"
        else:
            fix = f"check that {host}:{port} is up and reachable from here ({host_var}, {port_var})"
        findings.append(problem(f"{what} not reachable at {host}:{port}", fix, needed))
    nginx = _which(["nginx"])
    findings.append(Finding(True, f"nginx {nginx} (load balancer)") if nginx else problem(
        "no nginx (the sticky load balancer in front of several Rasa processes)",
        "apt-get install -y nginx", needed))
    if not needed:
        for finding in findings:
            finding.what += "  [scale-out only]" if not finding.ok else ""
    return findings


def diagnose(quick: bool, ports: bool, demo: bool,
             env: Optional[Dict[str, str]] = None) -> List[Tuple[str, List[Finding]]]:
    env = dict(os.environ if env is None else env)
    scale = "scale" in env.get("RASA_ENDPOINTS", "")  # endpoints.scale.yml selected: all needed
    checks: List[Tuple[str, Callable[[], List[Finding]]]] = [
        ("Python", check_python), ("Node/npm", check_node), ("browser tests", check_browser),
        ("disk", check_disk), ("secrets", lambda: check_secrets(env, demo)),
    ]
    if ports:
        checks.insert(3, ("ports", lambda: check_ports(env)))
    if not quick:
        checks.append(("model", check_model))
    if scale or not quick:
        checks.append(("scale-out", lambda: check_scale_out(env, scale)))
    return [(name, check()) for name, check in checks]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot doctor",
                                     description=__doc__.split("\n\n")[0].replace("\n", " "))
    parser.add_argument("--quick", action="store_true",
                        help="what `make run` runs first: one line unless something is wrong")
    parser.add_argument("--no-ports", dest="ports", action="store_false",
                        help="skip the port checks (`make test` uses free ports)")
    parser.add_argument("--no-demo", dest="demo", action="store_false",
                        help="judge secrets as `bot run --no-demo` does (all set in the environment)")
    args = parser.parse_args(argv)
    # Like `bot run`: demo mode (secrets generated per install) unless --no-demo.
    results = diagnose(args.quick, args.ports, args.demo)
    findings = [finding for _name, group in results for finding in group]
    blocking = [f for f in findings if not f.ok and f.blocking]
    notes = [f for f in findings if not f.ok and not f.blocking]
    if args.quick:
        _print_quick(blocking, notes)
    else:
        _print_full(findings, blocking)
    return 1 if blocking else 0


def _print_quick(blocking: List[Finding], notes: List[Finding]) -> None:
    verdict = (f"{len(blocking)} problem{'s' * (len(blocking) != 1)} to fix first" if blocking
               else "ok")
    console.step(console.CHECKS, f"checks (python -m bot doctor): {verdict}")
    for finding in blocking + notes:
        console.detail(f"{finding.label}  {finding.what}")
        console.detail(f"      fix: {finding.fix}")
    if blocking:
        console.detail("nothing was started; fix the above and run it again")


def _print_full(findings: List[Finding], blocking: List[Finding]) -> None:
    print(f"医保支付助手 doctor: this machine for `make run` / `make test` ({ROOT})")
    for finding in findings:
        print(f"  {finding.label}  {finding.what}")
        if finding.fix:
            print(f"          fix: {finding.fix}")
    if blocking:
        print(f"{len(blocking)} problem{'s' * (len(blocking) != 1)} block `make run` (FAIL above); "
              "notes do not.")
    else:
        print("Nothing blocks `make run`" + ("; notes above are optional." if any(
            not f.ok for f in findings) else "."))


if __name__ == "__main__":
    sys.exit(main())
