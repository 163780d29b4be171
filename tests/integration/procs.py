"""Processes and ports straight from /proc, for the tests that start and stop real programs
(test_supervision, test_honest_start)."""
from __future__ import annotations

import socket
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple


def proc_stat(pid: int) -> Optional[Tuple[int, str, str]]:
    """(parent pid, start time, state) of a process, None if it is gone."""
    try:
        data = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = data[data.rindex(")") + 2:].split()  # fields 3.. of proc(5)
    return int(fields[1]), fields[19], fields[0]


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def descendants(root: int) -> Dict[int, str]:
    """Every process below `root`: pid -> start time (so a reused pid is not mistaken for it)."""
    children: Dict[int, List[Tuple[int, str]]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = proc_stat(int(entry.name))
            if stat:
                children[stat[0]].append((int(entry.name), stat[1]))
    found: Dict[int, str] = {}
    todo = [root]
    while todo:
        for pid, started in children[todo.pop()]:
            found[pid] = started
            todo.append(pid)
    return found


def still_running(processes: Dict[int, str]) -> Dict[int, str]:
    """The ones of `processes` that still run (zombies count as gone): pid -> command line."""
    alive = {}
    for pid, started in processes.items():
        stat = proc_stat(pid)
        if stat and stat[1] == started and stat[2] != "Z":
            alive[pid] = cmdline(pid)
    return alive


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT does not count
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> float:
    """Seconds it took until `condition()` was true; fails after `timeout`."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, f"{what} not within {timeout:.0f}s"
        time.sleep(0.2)
    return time.monotonic() - started
