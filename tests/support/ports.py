"""Free ports for test servers, chosen outside the kernel's ephemeral range.

A port the kernel hands out for ``bind(0)`` lies in the ephemeral range, which outgoing
connections (to PostgreSQL, Redis, another server) also draw from. Rasa takes a minute or more
to bind, so such a port is often taken by a client socket by then: CI once lost a whole module
to "address already in use". Ports below the range are never given to client sockets, and the
set below keeps one test run from handing the same port out twice.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
_LOWEST = 20000
_handed_out: set[int] = set()


def _ephemeral_start() -> int:
    try:
        return int(_RANGE_FILE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports_in_a_row(count: int) -> int:
    """The first of ``count`` consecutive free ports (a launcher adds offsets to a base)."""
    highest = _ephemeral_start() - count
    for _ in range(500):
        base = random.randint(_LOWEST, highest)
        wanted = set(range(base, base + count))
        if wanted & _handed_out or not all(_bindable(port) for port in wanted):
            continue
        _handed_out.update(wanted)
        return base
    raise RuntimeError(f"no {count} free ports in a row between {_LOWEST} and {highest}")


def free_port() -> int:
    """A free port no other test of this run was given."""
    return free_ports_in_a_row(1)
