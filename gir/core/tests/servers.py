"""A real server that a test needs, in its own process on 127.0.0.1 (the S3 store, the
identity provider): a free port, and the process started, awaited and stopped."""

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server_process(
    command: list[str], *, name: str, ready_url: str, log_path: Path, start_seconds: float, **popen: Any
) -> Iterator[subprocess.Popen[bytes]]:
    """Start `command` with its output in `log_path`, wait until `ready_url` answers 200
    (failing the test with the log when it stops or takes longer than `start_seconds`),
    and stop it at the end."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **popen)  # noqa: S603
    try:
        deadline = time.monotonic() + start_seconds
        while True:
            if process.poll() is not None:
                pytest.fail(f"{name} stopped:\n{log_path.read_text()}")
            try:
                if requests.get(ready_url, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
