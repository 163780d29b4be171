"""Which ports our processes need, and who holds one that is taken (pid and command line).

Standard library only: `python -m bot doctor` runs before the virtual env exists.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Ports:
    wallet: int = 8000
    actions: int = 5055
    rasa: int = 5005
    web: int = 8080

    @classmethod
    def free(cls) -> "Ports":
        return cls(wallet=free_port(), actions=free_port(), rasa=free_port(), web=free_port())


# Which of our services wants each port, and the variable (or `bot run` flag) that moves it.
PORT_OWNERS = {"wallet": "wallet backend", "actions": "action server", "rasa": "Rasa server",
               "web": "website"}
PORT_ENV = {"wallet": "WALLET_PORT", "actions": "ACTIONS_PORT", "rasa": "RASA_PORT",
            "web": "WEB_PORT"}


def configured_ports(flags: Optional[Dict[str, Optional[int]]] = None,
                     env: Optional[Dict[str, str]] = None) -> Ports:
    """Each port from its --<name>-port flag, else its *_PORT variable, else the default.
    ValueError naming the variable when one is not a port number. (`make run` passes no flags.)"""
    env = os.environ if env is None else env
    chosen = {}
    for name, variable in PORT_ENV.items():
        flag = (flags or {}).get(name)
        value = str(flag) if flag is not None else env.get(variable, "").strip()
        if not value:
            continue
        if not value.isdigit() or not 0 < int(value) < 65536:
            raise ValueError(f"{variable}={value!r} is not a port number (1-65535)")
        chosen[name] = int(value)
    return Ports(**chosen)


class PortsBusy(RuntimeError):
    """A port the stack needs is taken; the message names the holder and how to move the port."""


@dataclass(frozen=True)
class PortHolder:
    pid: Optional[int]  # None: something listens but its process is not visible to this user
    command: str = ""

    def describe(self) -> str:
        if self.pid is None:
            return "a process this user cannot see (try `sudo ss -ltnp`)"
        command = " ".join(self.command.split())  # one line, however it was started
        if len(command) > 160:  # the program and its last arguments say the most
            command = command[:100] + " … " + command[-57:]
        return f"pid {self.pid} ({command or 'command line unreadable'})"


def _listening_inodes(port: int) -> set:
    """Socket inodes listening on `port` at any local address, from /proc/net/tcp{,6}."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(fields[9])
    return inodes


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.rstrip(b"\0").replace(b"\0", b" ").decode(errors="replace")


def _holder_from_ss(port: int) -> Optional[PortHolder]:
    """`ss -ltnp` may see owners /proc/<pid>/fd does not show us (other users, with privileges)."""
    if shutil.which("ss") is None:
        return None
    try:
        out = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True,
                             text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"pid=(\d+)", out)
    if match:
        pid = int(match.group(1))
        return PortHolder(pid, _cmdline(pid))
    return None


def port_holder(port: int) -> Optional[PortHolder]:
    """Who listens on `port` (pid and command line), or None when nobody does."""
    inodes = _listening_inodes(port)
    if inodes:
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                for fd in (proc / "fd").iterdir():
                    link = os.readlink(fd)
                    if link.startswith("socket:[") and link[8:-1] in inodes:
                        return PortHolder(int(proc.name), _cmdline(int(proc.name)))
            except OSError:
                continue  # gone, or another user's process
    if inodes or not _bindable(port):
        return _holder_from_ss(port) or PortHolder(None)
    return None


def _bindable(port: int) -> bool:
    """Can our service bind 127.0.0.1:port? (SO_REUSEADDR, as servers set it: TIME_WAIT is fine.)"""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def check_ports(ports: Ports, only: Optional[List[str]] = None) -> None:
    """Raise PortsBusy, naming every problem, unless every port the stack will use is free.

    Checked before anything starts: a held port otherwise lets another program answer our health
    check, and our server fails only later, behind a stack that claimed to be running."""
    names = only or list(PORT_OWNERS)
    problems = []
    seen: Dict[int, str] = {}
    for name in names:
        port = getattr(ports, name)
        move = f"set {PORT_ENV[name]}=<another port> (or pass --{name}-port)"
        if port in seen:
            problems.append(f"port {port} is given to both the {PORT_OWNERS[seen[port]]} and the "
                            f"{PORT_OWNERS[name]}: {move}")
            continue
        seen[port] = name
        holder = port_holder(port)
        if holder is not None:
            problems.append(f"port {port}, wanted by the {PORT_OWNERS[name]}, is held by "
                            f"{holder.describe()}: stop that process, or {move}")
    if problems:
        raise PortsBusy("\n  ".join(["a port it needs is not free, so nothing was started:",
                                      *problems]))


def descendants(root: int) -> set:
    children: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                data = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(data[data.rindex(")") + 2:].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            found.add(pid)
            todo.append(pid)
    return found
