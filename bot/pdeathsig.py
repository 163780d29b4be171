"""Run a command that dies with its parent (Linux `PR_SET_PDEATHSIG`), then exec it.

    python -m bot.pdeathsig [--signal KILL] [--parent-pid PID | --parent-pidfile PATH] -- cmd args...

supervisord has no pre-exec hook, so each program it runs starts through this shim: if supervisord
dies (even by `kill -9`) the kernel signals the program, and nothing is left holding a port. The
setting survives `execve`, so the pid supervisord sees is the program's own. Kept import-light: it
runs once per program start.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import signal
import sys
from pathlib import Path
from typing import List, Optional

PR_SET_PDEATHSIG = 1


def set_parent_death_signal(signum: int) -> None:
    """Ask the kernel to send `signum` to this process when the thread that forked it exits."""
    if not sys.platform.startswith("linux"):
        raise OSError("PR_SET_PDEATHSIG needs Linux")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"prctl(PR_SET_PDEATHSIG): {os.strerror(errno)}")


def _expected_parent(args: argparse.Namespace) -> Optional[int]:
    if args.parent_pid:
        return args.parent_pid
    if args.parent_pidfile:
        try:
            return int(Path(args.parent_pidfile).read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return -1  # no (readable) pidfile: the parent is gone or never started
    return None


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.pdeathsig", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--signal", default="KILL",
                        help="signal name sent when the parent dies (default KILL)")
    parser.add_argument("--parent-pid", type=int, help="exit at once unless this is the parent")
    parser.add_argument("--parent-pidfile", help="same, with the parent's pid read from a file")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given (put it after --)")
    try:
        signum = int(getattr(signal, "SIG" + args.signal.upper().removeprefix("SIG")))
    except AttributeError:
        parser.error(f"unknown signal {args.signal!r}")
    set_parent_death_signal(signum)
    # The parent may have died before prctl took effect; then no signal will ever come.
    expected = _expected_parent(args)
    if expected is not None and os.getppid() != expected:
        sys.stderr.write(f"bot.pdeathsig: parent {expected} is gone, not starting {command[0]}\n")
        sys.exit(1)
    # Python ignores SIGPIPE (and SIGXFSZ); give the command the default dispositions back.
    for name in ("SIGPIPE", "SIGXFZ", "SIGXFSZ"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    sys.stdout.flush()
    try:
        os.execvp(command[0], command)
    except OSError as error:
        sys.stderr.write(f"bot.pdeathsig: cannot run {command[0]}: {error}\n")
        sys.exit(127)


if __name__ == "__main__":
    main()
