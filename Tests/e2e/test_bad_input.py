"""Bad input: each case gives one clear line on standard error and a non-zero status."""
import os
import subprocess

import pytest

from terminal import Terminal


def one_line(stderr):
    lines = stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("psalink: ")
    assert "Fatal error" not in lines[0] and "Stack" not in lines[0]
    return lines[0]


def run_in_terminal(args, env):
    t = Terminal(args, env=env)
    try:
        status = t.wait_exit()
        return status, t.raw.decode(errors="replace")
    finally:
        t.close()


def test_no_terminal_on_stdin(run, db):
    result = run("--db", db, env={"TERM": "xterm-256color"})
    assert result.returncode == 1
    assert "interactive terminal" in one_line(result.stderr)


@pytest.mark.parametrize(
    "term,expected",
    [(None, "TERM is not set"), ("dumb", "TERM=dumb cannot move the cursor"),
     ("bogus-term", "unknown terminal type TERM=bogus-term")],
)
def test_unusable_term(db, term, expected):
    status, output = run_in_terminal(["--db", db], env={"TERM": term})
    assert status == 1
    assert expected in output
    assert "\x1b[?1049h" not in output  # never entered the full-screen mode


def test_corrupt_database(db):
    os.makedirs(os.path.dirname(db))
    garbage = os.urandom(8192)
    with open(db, "wb") as f:
        f.write(garbage)
    status, output = run_in_terminal(["--db", db], env={})
    assert status == 1
    assert db in output
    with open(db, "rb") as f:
        assert f.read() == garbage


def test_database_of_another_application(db):
    import sqlite3

    os.makedirs(os.path.dirname(db))
    connection = sqlite3.connect(db)
    connection.execute("create table photos (id integer primary key, path text)")
    connection.commit()
    connection.close()
    before = open(db, "rb").read()
    status, output = run_in_terminal(["--db", db], env={})
    assert status == 1
    assert "not a psalink database" in output
    assert open(db, "rb").read() == before


def test_database_folder_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    status, output = run_in_terminal(["--db", str(blocker / "sub" / "psalink.sqlite")], env={})
    assert status == 1
    assert str(blocker / "sub") in output


def test_unknown_option_is_a_usage_error(run):
    result = run("--frobnicate")
    assert result.returncode == 2
    assert "--frobnicate" in result.stderr.decode()


def test_version_and_help(run):
    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.decode().strip()[0].isdigit()
    help = run("--help")
    assert help.returncode == 0
    for text in ("--db", "--theme", "PSALINK_DB", "PSALINK_THEME", "NO_COLOR"):
        assert text in help.stdout.decode()


def test_shell_completion_script(run):
    result = run("--generate-completion-script", "bash")
    assert result.returncode == 0
    assert "psalink" in result.stdout.decode()
