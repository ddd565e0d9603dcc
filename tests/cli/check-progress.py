#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`logistic-lab train` (and sweep, landscape) shows a progress line on a terminal and only there.

Usage: check-progress.py LOGISTIC_LAB

With stderr on a pseudo-terminal: a line "iteration 0 of 40 (0 %) ..." drawn
from the start of the row, and cleared at the end ("\\r\\033[K"), so what the
terminal keeps is the results alone; nothing else on stderr. With --quiet, or
with stderr a pipe: not one byte on stderr. stdout is the same in all three.
"""

import os
import pty
import subprocess
import sys
import tempfile

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run_on_terminal(program, *args):
    """(stdout, what the terminal received on stderr, exit status)."""
    controller, terminal = pty.openpty()
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    process = subprocess.Popen([program, *args], stdout=subprocess.PIPE, stderr=terminal, env=env)
    os.close(terminal)
    received = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # EIO: the program closed its side
            break
        if not chunk:
            break
        received += chunk
    out = process.stdout.read()
    status = process.wait()
    os.close(controller)
    return out, received, status


def main():
    program = sys.argv[1]
    args = ["train", "--iterations", "40", "--record-every", "20"]

    out, shown, status = run_on_terminal(program, *args)
    check(status == 0, f"on a terminal: exit status {status}")
    check(shown.startswith(b"\riteration 0 of 40 (0 %)"), f"on a terminal: no progress line first: {shown!r}")
    check(shown.endswith(b"\r\x1b[K"), f"on a terminal: the line is not cleared at the end: {shown!r}")
    check(out.startswith(b"Training a model with learning rate: 0.5\n"), f"stdout: {out[:80]!r}")
    # What remains after every "\r...\033[K" rewrite and the final clear: nothing.
    kept = shown.replace(b"\x1b[K", b"").split(b"\r")[-1]
    check(kept == b"", f"on a terminal: left behind {kept!r}")

    quiet_out, quiet_shown, status = run_on_terminal(program, *args, "--quiet")
    check(status == 0 and quiet_shown == b"", f"--quiet on a terminal: {status}, {quiet_shown!r}")
    check(quiet_out == out, "--quiet changed stdout")

    piped = subprocess.run([program, *args], capture_output=True, timeout=120)
    check(piped.returncode == 0 and piped.stderr == b"", f"stderr piped: {piped.returncode}, {piped.stderr!r}")
    check(piped.stdout == out, "a piped stderr changed stdout")

    # sweep counts learning rates; landscape iterations, as train.
    out, shown, status = run_on_terminal(program, "sweep", "--count", "3", "--iterations", "20")
    check(status == 0 and shown.startswith(b"\rlearning rate 0 of 3 (0 %)") and shown.endswith(b"\r\x1b[K"),
          f"sweep on a terminal: {status}, {shown!r}")
    with tempfile.TemporaryDirectory(prefix="ll-progress-") as folder:
        surface = os.path.join(folder, "surface.npz")
        out, shown, status = run_on_terminal(program, "landscape", "--iterations", "40", "--grid", "5",
                                             "--output", surface)
        check(status == 0 and shown.startswith(b"\riteration 0 of 40 (0 %)") and shown.endswith(b"\r\x1b[K"),
              f"landscape on a terminal: {status}, {shown!r}")
        out, shown, status = run_on_terminal(program, "landscape", "--iterations", "40", "--grid", "5",
                                             "--output", surface, "--quiet")
        check(status == 0 and shown == b"", f"landscape --quiet on a terminal: {status}, {shown!r}")

    for message in failures:
        print("FAIL:", message)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
