import json
import os
import subprocess

import pytest

from terminal import BIN, Terminal


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "data" / "psalink.sqlite")


@pytest.fixture
def tui(db):
    started = []

    def start(args=(), rows=24, cols=80, env=None, with_db=True):
        arguments = (["--db", db] if with_db else []) + list(args)
        terminal = Terminal(arguments, rows=rows, cols=cols, env=env)
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.close()


@pytest.fixture
def run():
    """psalink without a terminal: returns the completed process."""

    def invoke(*args, env=None, stdin=subprocess.DEVNULL):
        environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}
        environment.update(env or {})
        return subprocess.run([BIN, *args], env=environment, stdin=stdin, capture_output=True, timeout=30)

    return invoke


def running_sandbox(companies):
    """`psalink sandbox` on a free port with `companies` companies: yields its JSON line (URLs and
    credentials), then stops it and checks that it exited cleanly."""
    process = subprocess.Popen([BIN, "sandbox", "--port", "0", "--companies", str(companies)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    assert line, process.stderr.read()
    yield json.loads(line)
    process.terminate()
    assert process.wait(timeout=10) == 0
