"""The home list over a database that already holds integrations."""
import sqlite3


def seed(db, tui):
    """Lets psalink create its database, then adds rows as a later psalink version would."""
    t = tui()
    t.wait_for("PSA Integrations")
    t.send("q")
    assert t.wait_exit() == 0
    rows = [
        ("halo", "Contoso Halo", 1, "ok", None, "2026-11-29 10:02:00.000"),
        ("connectwise", "Fabrikam CW", 0, "failing", "401: the private key was rejected", "2026-11-29 10:05:00.000"),
        ("autotask", "Evil\x1b[2JCorp\x07", 0, "unchecked", None, None),
    ]
    connection = sqlite3.connect(db)
    for system, name, default, health, reason, checked in rows:
        connection.execute(
            "insert into integration (system, display_name, display_name_key, credentials, is_default, health,"
            " health_reason, health_checked_at, created_at, updated_at)"
            " values (?, ?, ?, x'7b7d', ?, ?, ?, ?, '2026-11-29 09:00:00.000', '2026-11-29 09:00:00.000')",
            (system, name, name.lower(), default, health, reason, checked),
        )
    connection.commit()
    connection.close()


def test_list_shows_system_name_default_and_health(tui, db):
    seed(db, tui)
    t = tui(rows=24, cols=80)
    t.wait_for("Contoso Halo")
    contoso = t.screen.display[t.row_of("Contoso Halo")]
    assert "HaloPSA" in contoso and "(Default)" in contoso and "● OK" in contoso
    fabrikam = t.screen.display[t.row_of("Fabrikam CW")]
    assert "ConnectWise PSA" in fabrikam and "✗ failing" in fabrikam and "(Default)" not in fabrikam
    assert "Credentials valid (checked 2026-11-29 10:02 UTC)" in t.text
    t.send("\x1bOB\x1bOB")  # down twice (keypad mode): the details follow the highlight
    t.wait_for("401: the private key was rejected")
    t.send("q")
    assert t.wait_exit() == 0


def test_names_with_escape_sequences_are_shown_escaped(tui, db):
    seed(db, tui)
    t = tui(rows=24, cols=80)
    t.wait_for("Evil\\e[2JCorp\\x07")
    assert b"\x1b[2JCorp" not in t.raw
    assert b"Corp\x07" not in t.raw
    t.send("q")
    assert t.wait_exit() == 0


def click(x, y):
    """An xterm SGR (1006) mouse press and release at screen cell (x, y), as xterm-256color sends it."""
    return f"\x1b[<0;{x + 1};{y + 1}M\x1b[<0;{x + 1};{y + 1}m"


def test_mouse_click_highlights_a_row(tui, db):
    seed(db, tui)
    t = tui(rows=24, cols=80)
    t.wait_for("Fabrikam CW")
    t.send(click(10, t.row_of("Fabrikam CW")))
    t.wait_for("401: the private key was rejected")
    t.send("q")
    assert t.wait_exit() == 0
