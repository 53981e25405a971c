"""End-to-end: the built binary on a pseudo-terminal, the screen read with pyte."""
import os
import signal
import sqlite3
import stat

import pytest

RESTORE = b"\x1b[?1049l"  # xterm's rmcup: leave the alternate screen


@pytest.mark.parametrize("rows,cols", [(24, 80), (43, 132)])
def test_home_starts_and_quits_with_q(tui, rows, cols):
    t = tui(rows=rows, cols=cols)
    t.wait_for("PSA Integrations")
    t.wait_for("No PSA integration yet.")
    assert "Quit" in t.screen.display[rows - 1]
    assert "psalink" in t.screen.display[0]
    t.send("q")
    assert t.wait_exit() == 0
    assert RESTORE in t.raw


def test_ctrl_c_quits_with_status_zero(tui):
    t = tui()
    t.wait_for("PSA Integrations")
    t.send("\x03")
    assert t.wait_exit() == 0
    assert RESTORE in t.raw


def test_help_overlay_lists_every_key_and_closes(tui):
    t = tui()
    t.wait_for("PSA Integrations")
    t.send("?")
    t.wait_for("Keys")
    for text in ("Help: every key", "Reload the list", "Quit", "Move the highlight", "Esc, ? or q closes"):
        assert text in t.text
    t.send("\x1b")
    t.wait_until_gone("Esc, ? or q closes")
    t.wait_for("No PSA integration yet.")
    t.send("q")
    assert t.wait_exit() == 0


def test_resize_to_tiny_shows_notice_and_back(tui):
    t = tui(rows=24, cols=80)
    t.wait_for("No PSA integration yet.")
    t.resize(43, 132)
    t.wait_for("PSA Integrations")
    assert len(t.screen.display[0]) == 132
    t.resize(20, 60)
    t.wait_for("Terminal too small: 60x20")
    t.wait_for("needs at least 80x24")
    t.resize(30, 100)
    t.wait_for("No PSA integration yet.")
    t.wait_until_gone("Terminal too small")
    t.send("q")
    assert t.wait_exit() == 0


def test_starting_tiny_shows_notice_and_q_quits(tui):
    t = tui(rows=10, cols=40)
    t.wait_for("too small: 40x10")
    t.send("q")
    assert t.wait_exit() == 0
    assert RESTORE in t.raw


def test_sigterm_restores_the_terminal(tui):
    t = tui()
    t.wait_for("PSA Integrations")
    t.kill(signal.SIGTERM)
    assert t.wait_exit() == 128 + signal.SIGTERM
    assert RESTORE in t.raw


def test_database_created_private(tui, db):
    t = tui()
    t.wait_for("PSA Integrations")
    t.send("q")
    assert t.wait_exit() == 0
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(db)).st_mode) == 0o700


def test_c_locale_over_ssh_still_draws_unicode(tui):
    t = tui(env={"LANG": None, "LC_ALL": "C"})
    t.wait_for("No PSA integration yet.")
    assert "psalink · PSA Integrations" in t.screen.display[0]
    t.send("q")
    assert t.wait_exit() == 0


def test_no_color_shows_focus_in_reverse(tui):
    t = tui(env={"NO_COLOR": "1"})
    t.wait_for("PSA Integrations")
    t.send("?")
    t.wait_for("Keys")
    colored = [c for line in t.screen.buffer.values() for c in line.values() if c.fg != "default" or c.bg != "default"]
    assert colored == []
    t.send("q")
    t.wait_until_gone("Keys")
    t.send("q")
    assert t.wait_exit() == 0


def test_malformed_theme_falls_back_with_a_notice(tui, tmp_path):
    theme = tmp_path / "broken.json"
    theme.write_text('{\n  "roles": {\n    "focus": { "fg": "purple" }\n  }\n}\n')
    t = tui(args=["--theme", str(theme)])
    t.wait_for("PSA Integrations")
    t.wait_for("using the default theme")
    assert "broken.json:3," in t.text and "field roles.focus.fg" in t.text
    t.send("q")
    assert t.wait_exit() == 0


def test_theme_from_environment_by_name(tui):
    t = tui(env={"PSALINK_THEME": "high-contrast"})
    t.wait_for("PSA Integrations")
    assert "theme" not in t.text
    t.send("q")
    assert t.wait_exit() == 0


def test_crash_signal_still_restores_the_terminal(tui):
    t = tui()
    t.wait_for("PSA Integrations")
    t.kill(signal.SIGSEGV)
    assert t.wait_exit() == -signal.SIGSEGV
    assert RESTORE in t.raw.split(b"PSA Integrations", 1)[1]
