"""`python -m bot ...`: set up, train, run everything, talk to the running assistant."""
from __future__ import annotations

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

from bot.settings import MODELS, ROOT, SPACY_MODEL, VAR, SecretError, base_env, check_secrets

if TYPE_CHECKING:
    from bot.processes import Stack

MODEL_NAME = "yibao"


def _fingerprint(paths: List[Path]) -> str:
    digest = hashlib.sha256()
    for base in paths:
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_spacy_pipeline() -> bool:
    """Build models/spacy_zh from data/lookup when its sources changed. True if rebuilt."""
    sources = [ROOT / "data" / "lookup", ROOT / "bot" / "nlu"]
    stamp = SPACY_MODEL / ".fingerprint"
    fingerprint = _fingerprint(sources)
    if stamp.exists() and stamp.read_text() == fingerprint:
        return False
    subprocess.run([sys.executable, "-m", "bot.nlu.spacy_pipeline", "--output", str(SPACY_MODEL)],
                   cwd=ROOT, env=base_env(), check=True)
    stamp.write_text(fingerprint)
    return True


def train(force: bool = False) -> Path:
    """Train once; Rasa itself skips training when data, config and domain are unchanged."""
    rebuilt = build_spacy_pipeline()
    command = [sys.executable, "-m", "rasa", "train", "--config", "config.yml",
               "--domain", "domain.yml", "--data", "data", "--out", str(MODELS),
               "--fixed-model-name", MODEL_NAME]
    # The spaCy pipeline lives outside the Rasa model, so its changes do not show in Rasa's
    # fingerprint: force a retrain when it was rebuilt.
    model = MODELS / f"{MODEL_NAME}.tar.gz"
    if force or rebuilt or not model.exists():
        command.append("--force")
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=base_env(), check=True)
    print(f"training step took {time.monotonic() - started:.0f}s", flush=True)
    return model


class _StopRequested(BaseException):
    """Raised once, by the first SIGTERM/SIGINT/SIGHUP, to leave whatever `run` is doing."""


class _Shutdown:
    """Signal handling for `run`: the first signal starts the shutdown, later ones are ignored.

    A SIGTERM to `make run`'s process group reaches us twice (make forwards it again); a handler
    that raised on every signal would abort the shutdown half way and leave processes behind."""

    def __init__(self) -> None:
        self.stopping = False
        self.signum: Optional[int] = None

    def install(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self.handle)

    def handle(self, signum: int, _frame: object) -> None:
        if self.stopping:
            return
        self.stopping, self.signum = True, signum
        raise _StopRequested()


def tail(path: Path) -> str:
    from bot.processes import tail as tail_lines
    return tail_lines(path)


def _watch(stack: "Stack") -> str:
    """Report what supervisord does (crash, restart) until it gives up on a program or dies itself;
    return that reason. Returns only on an error: a requested stop arrives as _StopRequested."""
    seen: dict = {}
    crashed: set = set()  # reported as exited, not yet running again
    while True:
        if not stack.supervisor.running:
            # it took every program with it (parent-death signal): its own log says why
            return (f"supervisord exited with {stack.supervisor.process.returncode}, and every "
                    f"process with it; last lines of {stack.supervisor.log_path}:\n"
                    f"{tail(stack.supervisor.log_path)}")
        try:
            infos = stack.supervisor.all_info()
        except RuntimeError:
            time.sleep(1)  # supervisord just died (seen on the next round) or is busy
            continue
        for program, info in infos.items():
            service = stack.services[program]
            state, before = info["statename"], seen.get(program)
            if state == "FATAL":
                return (f"{service.name} kept exiting right after its start and supervisord gave "
                        f"up on it ({info.get('spawnerr') or info.get('description')}); "
                        f"last lines of {service.log_path}:\n{tail(service.log_path)}")
            if before is not None:
                was = before["statename"]
                restarted = info["start"] != before["start"] and was != "STOPPED"
                if restarted or (was == "RUNNING" and state not in ("RUNNING", "STOPPED")):
                    if program not in crashed:
                        print(f"{service.name} exited unexpectedly; supervisord starts it again "
                              f"while the other processes keep serving (log: {service.log_path})",
                              file=sys.stderr, flush=True)
                    crashed.add(program)
                if state == "RUNNING" and program in crashed:
                    crashed.discard(program)
                    print(f"{service.name} is running again (pid {info['pid']})", flush=True)
                if state == "STOPPED" and was != "STOPPED":
                    print(f"{service.name} was stopped by an operator (supervisorctl)", flush=True)
            seen[program] = info
        time.sleep(1)


def run(args: argparse.Namespace) -> None:
    """Start everything under supervisord, report until stopped; exit 1 if it stopped on an error."""
    from bot.processes import Ports, PortsBusy, check_ports, start_stack

    # `make run` passes no flags: these variables move a port that another program holds.
    ports = Ports(wallet=_port(args.wallet_port, "WALLET_PORT", 8000),
                  actions=_port(args.actions_port, "ACTIONS_PORT", 5055),
                  rasa=_port(args.rasa_port, "RASA_PORT", 5005),
                  web=_port(args.web_port, "WEB_PORT", 8080))
    # Before training (minutes) and any start: a held port fails in seconds, naming its holder.
    try:
        check_ports(ports)
    except PortsBusy as busy:
        print(f"医保支付助手 not started: {busy}", file=sys.stderr, flush=True)
        sys.exit(1)
    # SIGTERM (service manager, `timeout`, CI), SIGHUP and Ctrl-C all stop every child, once.
    shutdown = _Shutdown()
    shutdown.install()
    stack = None
    error = ""
    try:
        if args.model is not None and not args.model.is_file():
            raise RuntimeError(f"no model file {args.model}")
        model = args.model or train()
        overrides = {"WALLET_DEMO_MODE": "true" if args.demo else "false"}
        print("starting wallet backend, action server, Rasa server and website…", flush=True)
        stack = start_stack(ports, log_dir=args.log_dir, model=model, **overrides)
        print(f"""
医保支付助手 is running (logs in {args.log_dir}):
  wallet backend     {stack.wallet_url}   (API docs: {stack.wallet_url}/docs)
  action server      {stack.actions_url}
  Rasa REST channel  {stack.rasa_url}/webhooks/rest/webhook
  website + widget   {stack.web_url}   (sign in as a demo persona, chat bottom right)
{f"  demo SMS inbox     {stack.env['DEMO_SMS_URL']}   (codes for 「手机验证」 in the chat){chr(10)}" if stack.env.get("DEMO_SMS_URL") else ""}  WeChat webhook     {stack.rasa_url}/webhooks/wechat/webhook   (公众号 message push; token $WECHAT_TOKEN)
  operator shell     .venv/bin/python -m bot shell --persona chen_region --rasa-url {stack.rasa_url} --wallet-url {stack.wallet_url}
  process status     .venv/bin/supervisorctl -c {stack.supervisor.conf_path} status
A crashed process is started again by itself. Press Ctrl-C to stop.""", flush=True)
        error = _watch(stack)
    except _StopRequested:
        pass
    except (RuntimeError, subprocess.CalledProcessError) as failure:
        error = str(failure)
    finally:
        shutdown.stopping = True  # from here on, signals cannot interrupt the shutdown
        if stack is not None:
            print("stopping every process…", flush=True)
            stack.stop()
    if error:
        print(f"医保支付助手 stopped because of an error: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
    print(f"医保支付助手 stopped ({signal.Signals(shutdown.signum).name}); no process left running."
          if shutdown.signum else "医保支付助手 stopped.", flush=True)


def _port(flag: Optional[int], variable: str, default: int) -> int:
    """The --*-port flag, else the environment variable, else the default."""
    if flag is not None:
        return flag
    value = os.environ.get(variable, "").strip()
    if not value:
        return default
    if not value.isdigit() or not 0 < int(value) < 65536:
        sys.exit(f"医保支付助手 not started: {variable}={value!r} is not a port number (1-65535)")
    return int(value)


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_train = sub.add_parser("train", help="build the spaCy pipeline and train the Rasa model")
    p_train.add_argument("--force", action="store_true")
    p_run = sub.add_parser("run", help="start every process of the product")
    p_run.add_argument("--wallet-port", type=int, help="default $WALLET_PORT, else 8000")
    p_run.add_argument("--actions-port", type=int, help="default $ACTIONS_PORT, else 5055")
    p_run.add_argument("--rasa-port", type=int, help="default $RASA_PORT, else 5005")
    p_run.add_argument("--web-port", type=int, help="default $WEB_PORT, else 8080")
    p_run.add_argument("--no-demo", dest="demo", action="store_false",
                       help="turn off demo sign-in (POST /api/v1/demo/session)")
    p_run.add_argument("--model", type=Path,
                       help="serve this trained model (.tar.gz) instead of training first")
    p_run.add_argument("--log-dir", type=Path, default=VAR / "logs",
                       help="one log file per process, plus supervisord.log (default var/logs)")
    p_bench = sub.add_parser("bench", help="measure turn latencies through the whole stack")
    p_bench.add_argument("--rounds", type=int, default=5)
    p_purge = sub.add_parser("purge", help="delete stored conversations older than the retention period")
    p_purge.add_argument("--older-than-days", type=int, default=None,
                         help="default: $TRACKER_RETENTION_DAYS, else 30")
    p_purge.add_argument("--endpoints", default=None, help="default: $RASA_ENDPOINTS, else endpoints.yml")
    p_shell = sub.add_parser("shell", help="chat with the running assistant as a persona")
    from bot.shell import add_arguments as add_shell_arguments
    add_shell_arguments(p_shell)
    args = parser.parse_args(argv)
    if args.command == "train":
        train(force=args.force)
    elif args.command == "run":
        # Secrets first: a public or missing one stops `make run` before any training or start.
        try:
            check_secrets(base_env(WALLET_DEMO_MODE="true" if args.demo else "false"))
        except SecretError as error:
            sys.exit(f"医保支付助手 not started: {error}")
        run(args)
    elif args.command == "bench":
        from bot.bench import main as bench_main
        train()
        bench_main(args.rounds)
    elif args.command == "purge":
        from bot.retention import main as purge_main
        purge_main(args.older_than_days, args.endpoints)
    elif args.command == "shell":
        from bot.shell import main as shell_main
        sys.exit(shell_main(args))


if __name__ == "__main__":
    main()
