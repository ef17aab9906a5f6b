"""Start and stop a real gunicorn on a free loopback port, its stderr kept in a file.

A pipe would fill up and block the server once nobody reads it; a file never does, and
it is there to read when something went wrong.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
CONFIG = PROJECT_ROOT / "gunicorn.conf.py"
APP = "assessment:create_app()"
BARE_APP = "bench.load.bare_app:app"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerError(RuntimeError):
    """Gunicorn did not start or stop as expected; the message quotes its log."""


class Gunicorn:
    """One gunicorn master and its workers, with the project's gunicorn.conf.py."""

    def __init__(
        self,
        app: str,
        log_path: Path,
        environ: Mapping[str, str],
        *,
        workers: int = 2,
        ready_path: str = "/",
    ) -> None:
        self.app = app
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.ready_path = ready_path
        self.environ = {
            **os.environ,
            # What production insists on, for a server that sends no mail: links are
            # built for this host, and messages stay in the outbox.
            "SERVER_NAME": f"127.0.0.1:{self.port}",
            "MAIL_OUTBOX_IN_PRODUCTION": "true",
            **environ,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ERROR_LOG": "-",
            # Benchmarks and fault tests must not see workers recycled on a schedule.
            "GUNICORN_MAX_REQUESTS": "0",
            "PYTHONPATH": str(PROJECT_ROOT),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120.0) -> Gunicorn:
        """Start the server and wait until it answers, or raise with its log."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [str(GUNICORN), "--config", str(CONFIG), "--chdir", str(PROJECT_ROOT), self.app],
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
                env=self.environ,
                cwd=PROJECT_ROOT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn exited at start-up:\n{self.log()}")
            if self._answers() and len(self.worker_pids()) == self.workers:
                return self
            time.sleep(0.2)
        self.stop()
        raise ServerError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log()}")

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", self.ready_path)
            return connection.getresponse().status < 500
        except OSError:
            return False
        finally:
            connection.close()

    def worker_pids(self) -> list[int]:
        """The pids of the master's current workers."""
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def wait_for_workers(self, timeout: float = 20.0) -> list[int]:
        """Wait until the master has its full set of workers again; return their pids."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if len(pids) == self.workers:
                return pids
            time.sleep(0.1)
        raise ServerError(f"gunicorn has {self.worker_pids()} workers:\n{self.log()}")

    def kill_worker(self) -> int:
        """SIGKILL one worker (as the kernel's OOM killer would); return its pid."""
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def log(self) -> str:
        """The server's log so far (stdout and stderr)."""
        try:
            return self.log_path.read_text(errors="replace")[-20_000:]
        except OSError:
            return ""

    def stop(self, timeout: float = 20.0) -> None:
        """Stop gracefully (SIGTERM), then forcefully if it does not stop in time."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
