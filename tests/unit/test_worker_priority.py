"""A worker lowers the priority of what it started, Chromium's own session included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]

# Run in a process of its own: lowering "every process this one started" in the test
# process would lower the servers other tests started.
SCRIPT = """
import os, subprocess, sys
from assessment.tasks.priority import lower_descendants
# A child in a session of its own, as the chart exporter starts Chromium.
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                         start_new_session=True)
try:
    assert lower_descendants(7) == 1
    with open(f"/proc/{child.pid}/autogroup") as autogroup:
        print(os.getpriority(os.PRIO_PROCESS, child.pid), autogroup.read().split()[-1])
finally:
    child.kill()
"""


def test_a_process_the_worker_started_in_its_own_session_is_lowered_with_its_autogroup() -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", SCRIPT], cwd=PROJECT, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    niceness, autogroup_nice = result.stdout.split()
    assert niceness == "7"
    # Autogroups exist where the kernel has them (Debian's does); else only niceness.
    if Path("/proc/self/autogroup").exists():
        assert autogroup_nice == "7"
