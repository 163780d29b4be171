"""`python -m bot ...`: set up, train, run everything, talk to the running assistant."""
from __future__ import annotations

import argparse
import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import List, Optional

from bot.settings import MODELS, ROOT, SPACY_MODEL, VAR, base_env

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


def _exit_on(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def run(args: argparse.Namespace) -> None:
    from bot.processes import Ports, start_stack

    # A SIGTERM (service manager, `timeout`, CI) must stop the children too, like Ctrl-C does.
    signal.signal(signal.SIGTERM, _exit_on)
    signal.signal(signal.SIGHUP, _exit_on)

    model = train()
    ports = Ports(wallet=args.wallet_port, actions=args.actions_port, rasa=args.rasa_port,
                  web=args.web_port)
    overrides = {"WALLET_DEMO_MODE": "true" if args.demo else "false"}
    print("starting wallet backend, action server and Rasa server…", flush=True)
    stack = start_stack(ports, model=model, **overrides)
    print(f"""
医保支付助手 is running (logs in {VAR / 'logs'}):
  wallet backend     {stack.wallet_url}   (API docs: {stack.wallet_url}/docs)
  action server      {stack.actions_url}
  Rasa REST channel  {stack.rasa_url}/webhooks/rest/webhook
  website + widget   {stack.web_url}   (sign in as a demo persona, chat bottom right)
{f"  demo SMS inbox     {stack.env['DEMO_SMS_URL']}   (codes for 「手机验证」 in the chat){chr(10)}" if stack.env.get("DEMO_SMS_URL") else ""}  WeChat webhook     {stack.rasa_url}/webhooks/wechat/webhook   (公众号 message push; token $WECHAT_TOKEN)
  operator shell     .venv/bin/python -m bot shell --persona chen_region --rasa-url {stack.rasa_url} --wallet-url {stack.wallet_url}
Press Ctrl-C to stop.""", flush=True)
    try:
        while all(s.process and s.process.poll() is None for s in stack.services.values()):
            time.sleep(1)
        for service in stack.services.values():
            if service.process and service.process.poll() is not None:
                print(f"{service.name} stopped unexpectedly; see {service.log_path}", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_train = sub.add_parser("train", help="build the spaCy pipeline and train the Rasa model")
    p_train.add_argument("--force", action="store_true")
    p_run = sub.add_parser("run", help="start every process of the product")
    p_run.add_argument("--wallet-port", type=int, default=8000)
    p_run.add_argument("--actions-port", type=int, default=5055)
    p_run.add_argument("--rasa-port", type=int, default=5005)
    p_run.add_argument("--web-port", type=int, default=8080)
    p_run.add_argument("--no-demo", dest="demo", action="store_false",
                       help="turn off demo sign-in (POST /api/v1/demo/session)")
    p_bench = sub.add_parser("bench", help="measure turn latencies through the whole stack")
    p_bench.add_argument("--rounds", type=int, default=5)
    p_shell = sub.add_parser("shell", help="chat with the running assistant as a persona")
    from bot.shell import add_arguments as add_shell_arguments
    add_shell_arguments(p_shell)
    args = parser.parse_args(argv)
    if args.command == "train":
        train(force=args.force)
    elif args.command == "run":
        run(args)
    elif args.command == "bench":
        from bot.bench import main as bench_main
        train()
        bench_main(args.rounds)
    elif args.command == "shell":
        from bot.shell import main as shell_main
        sys.exit(shell_main(args))


if __name__ == "__main__":
    main()
