"""`python -m bot ...`: set up, train, run everything, check the machine, talk to the assistant."""
from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

from bot import console
from bot.settings import VAR, SecretError, base_env, check_secrets
from bot.training import MODEL_NAME, train  # noqa: F401 (`python -m bot train`, bench)

if TYPE_CHECKING:
    from bot.processes import Service, Stack


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
    from bot.supervisor import tail as tail_lines
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
    from bot.ports import PortsBusy, check_ports, configured_ports
    from bot.processes import start_stack

    flags = {"wallet": args.wallet_port, "actions": args.actions_port, "rasa": args.rasa_port,
             "web": args.web_port}
    try:
        ports = configured_ports(flags)  # `make run` passes no flags: *_PORT variables move ports
    except ValueError as error:
        sys.exit(f"医保支付助手 not started: {error}")
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
    started = time.monotonic()
    try:
        if args.model is not None and not args.model.is_file():
            raise RuntimeError(f"no model file {args.model}")
        if args.model is not None:
            console.step(console.MODEL, f"Rasa model {args.model} (given with --model)")
        model = args.model or train()
        overrides = {"WALLET_DEMO_MODE": "true" if args.demo else "false"}
        console.step(console.PROCESSES, "wallet backend, action server, Rasa server and website: "
                                        f"starting together (logs: {_shown(args.log_dir)}/)")

        def ready(service: "Service", seconds: float) -> None:
            console.detail(f"{service.name:<15} ready in {seconds:5.1f}s")

        if args.scale:
            from bot.config import Settings
            from bot.scale import print_urls, start_scaled
            scaled = stack = start_scaled(args.scale, log_dir=args.log_dir, ports=ports,
                                          lb_port=args.lb_port or Settings.from_env().lb_port,
                                          model=model, **overrides)
            print_urls(scaled, time.monotonic() - started)
            error = _watch(scaled.core)
        else:
            stack = start_stack(ports, log_dir=args.log_dir, model=model, on_ready=ready, **overrides)
            _print_urls(stack, time.monotonic() - started)
            error = _watch(stack)
    except _StopRequested:
        pass
    except subprocess.CalledProcessError as failure:
        error = failure.output or str(failure)
    except RuntimeError as failure:
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


def _shown(path: Path) -> str:
    """A path as short as it can be said (relative to the working directory when inside it)."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _print_urls(stack: "Stack", seconds: float) -> None:
    sms = stack.env.get("DEMO_SMS_URL")
    lines = [
        f"医保支付助手 is running, ready {seconds:.0f}s after the start:",
        f"  website + widget   {stack.web_url}   (sign in as a demo persona, chat bottom right)",
        *([f"  demo SMS inbox     {sms}   (codes for 「手机验证」 in the chat)"] if sms else []),
        f"  wallet backend     {stack.wallet_url}   (API docs: {stack.wallet_url}/docs)",
        f"  action server      {stack.actions_url}",
        f"  Rasa REST channel  {stack.rasa_url}/webhooks/rest/webhook",
        f"  WeChat webhook     {stack.rasa_url}/webhooks/wechat/webhook   (公众号 message push; "
        "token $WECHAT_TOKEN)",
        f"  operator shell     .venv/bin/python -m bot shell --persona chen_region "
        f"--rasa-url {stack.rasa_url} --wallet-url {stack.wallet_url}",
        f"  process status     .venv/bin/supervisorctl -c {stack.supervisor.conf_path} status",
        "A crashed process is started again by itself. Press Ctrl-C to stop.",
    ]
    print("\n".join(lines), flush=True)


def main(argv: Optional[List[str]] = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["doctor"]:
        # Before anything else is imported: `make run` runs it with the system's Python 3.10,
        # before the virtual env (and the packages the other commands import) exists.
        from bot.doctor import main as doctor_main
        sys.exit(doctor_main(argv[1:]))
    if argv[:1] == ["bench"]:
        from bot.bench import main as bench_main  # its own options: `bench --help`
        if not {"-h", "--help"} & set(argv[1:]):
            train()
        bench_main(argv[1:])
        return
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("doctor", help="check this machine (Python, Node, ports, disk, secrets, …) "
                                  "and say how to fix each problem; see `doctor --help`")
    p_train = sub.add_parser("train", help="build the spaCy pipeline and train the Rasa model, "
                                           "if their inputs changed")
    p_train.add_argument("--force", action="store_true", help="train even if up to date")
    p_train.add_argument("--check", action="store_true",
                         help="only say whether training is due (exit 1 if it is); trains nothing")
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
    p_run.add_argument("--scale", type=int, metavar="N", default=0,
                       help="N Rasa servers behind nginx on PostgreSQL, Redis and RabbitMQ "
                            "(README: Deploying at scale)")
    p_run.add_argument("--lb-port", type=int, default=None,
                       help="nginx's port with --scale (default $LB_PORT, else 8088)")
    sub.add_parser("validate", help="Rasa's data validator with every warning explained "
                                    "(bot/validate.py); see `validate --help`")
    sub.add_parser("bench", help="measure start and turn latencies beside the stock starter; "
                                 "see `bench --help`")
    p_purge = sub.add_parser("purge", help="delete stored conversations older than the retention period")
    p_purge.add_argument("--older-than-days", type=int, default=None,
                         help="default: $TRACKER_RETENTION_DAYS, else 30")
    p_purge.add_argument("--endpoints", default=None, help="default: $RASA_ENDPOINTS, else endpoints.yml")
    p_shell = sub.add_parser("shell", help="chat with the running assistant as a persona")
    from bot.shell import add_arguments as add_shell_arguments
    add_shell_arguments(p_shell)
    p_report = sub.add_parser("report", help="build the operators' analytics report (HTML with charts)")
    from bot.report.__main__ import add_arguments as add_report_arguments
    add_report_arguments(p_report)
    args = parser.parse_args(argv)
    if args.command == "train":
        if args.check:
            from bot.training import check_main
            sys.exit(check_main())
        try:
            train(force=args.force)
        except subprocess.CalledProcessError as failure:
            sys.exit(failure.output or str(failure))
    elif args.command == "run":
        # Secrets first: a public or missing one stops `make run` before any training or start.
        try:
            check_secrets(base_env(WALLET_DEMO_MODE="true" if args.demo else "false"))
        except SecretError as error:
            sys.exit(f"医保支付助手 not started: {error}")
        run(args)
    elif args.command == "validate":
        from bot.validate import main as validate_main
        sys.exit(validate_main([]))
    elif args.command == "purge":
        from bot.retention import main as purge_main
        purge_main(args.older_than_days, args.endpoints)
    elif args.command == "shell":
        from bot.shell import main as shell_main
        sys.exit(shell_main(args))
    elif args.command == "report":
        from bot.report.__main__ import main as report_main
        sys.exit(report_main(args))


if __name__ == "__main__":
    main()
