"""Adding an integration in the wizard, against `psalink sandbox`, as a new admin would."""
import json

from test_commands import psalink, sandbox  # noqa: F401  (the fixture)

TAB, BACKTAB, ENTER, CTRL_S, ESC = "\t", "\x1b[Z", "\r", "\x13", "\x1b"


def test_add_autotask_in_the_wizard(tui, db, sandbox):  # noqa: F811
    c = sandbox["credentials"]
    t = tui(rows=24, cols=80)
    t.wait_for("PSA Integrations")
    t.send("a")
    t.wait_for("Add PSA integration")
    t.send("Autotask sandbox")
    t.send(BACKTAB + ENTER)
    t.wait_for("Datto Autotask PSA")
    t.send("autotask" + ENTER)
    t.wait_for("API user name")
    t.send(TAB + TAB + c["autotaskUsername"] + TAB + c["autotaskSecret"] + TAB + c["autotaskIntegrationCode"] + TAB
           + sandbox["autotaskZoneDiscoveryURL"])
    t.wait_for(sandbox["autotaskZoneDiscoveryURL"][-12:])
    assert c["autotaskSecret"] not in t.text
    t.send(CTRL_S)
    t.wait_for("Saved Datto Autotask PSA integration \"Autotask sandbox\"")
    t.send(ESC)
    t.wait_for("PSA Integrations")
    row = t.screen.display[t.row_of("Autotask sandbox")]
    assert "● OK" in row and "(Default)" in row
    assert c["autotaskSecret"].encode() not in t.raw
    t.send("q")
    assert t.wait_exit() == 0
    listed = json.loads(psalink(db, "integration", "list", "--json").stdout)["integrations"]
    assert [(i["name"], i["system"], i["health"]) for i in listed] == [("Autotask sandbox", "autotask", "ok")]


def test_wrong_secret_is_shown_beside_it_and_nothing_is_saved(tui, db, sandbox):  # noqa: F811
    c = sandbox["credentials"]
    t = tui(rows=24, cols=80)
    t.wait_for("PSA Integrations")
    t.send("a")
    t.wait_for("Server URL")
    t.send("Halo" + TAB + sandbox["haloURL"] + TAB + c["haloClientID"] + TAB + "wrong-secret" + CTRL_S)
    t.wait_for("rejected the credentials (401)")
    secret_row = t.row_of("Client Secret")
    assert "401" in t.screen.display[secret_row + 1]
    t.send(ESC)
    t.wait_for("Discard this integration?")
    t.send("y")
    t.wait_for("No PSA integration yet.")
    t.send("q")
    assert t.wait_exit() == 0
    assert json.loads(psalink(db, "integration", "list", "--json").stdout) == {"integrations": []}
