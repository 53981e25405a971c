"""The three tabs of the wizard, walked at 80x24 against `psalink sandbox` for each system, then
checked through the `--json` commands that read the same store."""
import json

import pytest

from test_commands import add_halo, psalink, sandbox  # noqa: F401  (the fixture)

TAB, BACKTAB, ENTER, ESC, DOWN = "\t", "\x1b[Z", "\r", "\x1b", "\x1bOB"
CTRL_N, CTRL_R, CTRL_S = "\x0e", "\x12", "\x13"
SPACE = " "

ACCOUNTS = [
    ("acc-1", "Contoso", "1e3500cc-d08f-42c8-8678-ce352b7de55e"),
    ("acc-2", "Fabrikam", "5b2c7a1e-8f3d-4e6a-9c0b-2d4f6a8e1c3b"),
    ("acc-3", "Litware", "c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f"),
]
SYSTEM_TITLES = {"halo": "HaloPSA", "connectwise": "ConnectWise PSA", "autotask": "Datto Autotask PSA"}


def import_accounts(db, tmp_path):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name,tenantId\r\n" + "".join(f"{i},{n},{t}\r\n" for i, n, t in ACCOUNTS))
    imported = psalink(db, "accounts", "import", str(accounts))
    assert imported.returncode == 0, imported.stderr


def fill_credentials(t, system, sandbox):  # noqa: F811
    """Types the Credentials tab of a new integration, as an admin would."""
    c = sandbox["credentials"]
    t.send(f"{system} wizard")
    if system != "halo":
        t.send(BACKTAB + ENTER)
        t.wait_for(SYSTEM_TITLES["autotask"])
        t.send(system[:4] + ENTER)
        t.send(TAB)
    if system == "halo":
        fields = [sandbox["haloURL"], c["haloClientID"], c["haloClientSecret"], c["haloTenant"]]
    elif system == "connectwise":
        fields = [sandbox["connectWiseSite"], c["connectWiseCompany"], c["connectWisePublicKey"],
                  c["connectWisePrivateKey"], c["connectWiseClientID"]]
    else:
        fields = [c["autotaskUsername"], c["autotaskSecret"], c["autotaskIntegrationCode"],
                  sandbox["autotaskZoneDiscoveryURL"]]
    for value in fields:
        t.send(TAB + value)
    t.settle()


# What the admin types into each Ticket Settings row, in the tab's order; None leaves a row unset.
SETTINGS = {
    "halo": [("ticket-type", "incident"), ("open-status", "new"), ("resolved-status", "resolved"),
             ("cancelled-status", "cancelled"), ("priority.default", "medium"), ("priority.informational", None),
             ("priority.low", None), ("priority.medium", None), ("priority.high", None),
             ("priority.critical", "critical"), ("category", "monitoring"), ("impact", "single user"),
             ("urgency", None), ("reopen-window", "30m")],
    "connectwise": [("board", "service desk"), ("ticket-type", "incident"), ("open-status", "new"),
                    ("resolved-status", "closed"), ("cancelled-status", "cancelled"),
                    ("priority.default", "normal response"), ("priority.informational", None),
                    ("priority.low", None), ("priority.medium", None), ("priority.high", None),
                    ("priority.critical", "emergency"), ("reopen-window", "24h")],
    "autotask": [("queue", "monitoring alert"), ("ticket-type", "alert"), ("open-status", "new"),
                 ("resolved-status", "complete"), ("cancelled-status", "complete"), ("priority.default", "medium"),
                 ("priority.informational", None), ("priority.low", None), ("priority.medium", None),
                 ("priority.high", None), ("priority.critical", "critical"), ("category", None), ("issue-type", None),
                 ("sub-issue-type", None), ("source", None), ("reopen-window", "7d")],
}


def choose_setting(t, text):
    """Types a name at a closed dropdown (which opens it with that search) and takes the first match.
    Right after the tab opens, or after a board or ticket type changed, the lists may still be
    loading; the dropdown then stays closed and the admin types again."""
    for _ in range(50):
        t.send(text)
        t.settle()
        if f"› {text}" in t.text:
            t.send(ENTER)
            t.settle()
            return
        t.pump(0.1)
    raise AssertionError(f"the list for {text!r} did not open:\n{t.text}")


def fill_settings(t, system):
    for key, text in SETTINGS[system]:
        if key == "reopen-window":
            t.send(text + ENTER)
        elif text:
            choose_setting(t, text)
        t.send(DOWN)


def settings_show(db, name):
    result = psalink(db, "settings", "show", name, "--json")
    assert result.returncode == 0, result.stderr
    return {entry["key"]: entry for entry in json.loads(result.stdout)["settings"]}


def mapping_list(db, name):
    result = psalink(db, "mapping", "list", name, "--json")
    assert result.returncode == 0, result.stderr
    return {entry["accountId"]: entry for entry in json.loads(result.stdout)["accounts"]}


@pytest.mark.parametrize("system", ["halo", "connectwise", "autotask"])
def test_all_three_tabs_in_the_wizard(tui, db, sandbox, tmp_path, system):  # noqa: F811
    import_accounts(db, tmp_path)
    name = f"{system} wizard"
    t = tui(rows=24, cols=80)
    t.wait_for("PSA Integrations")
    t.send("a")
    t.wait_for("1 Credentials")
    fill_credentials(t, system, sandbox)
    t.send(CTRL_S)
    t.wait_for(f"Saved {SYSTEM_TITLES[system]} integration \"{name}\"")

    # Account Mapping: the companies come from the PSA the first time (the cache is empty).
    t.send(CTRL_N)
    t.wait_for("PSA companies: 1,200")
    assert "Contoso" in t.text and "Litware" in t.text
    t.send(ENTER)
    t.wait_for("type to search")
    t.send("woodgrove")
    t.wait_for("› woodgrove")
    t.send(ENTER)
    t.wait_for("manual")
    t.send(DOWN + SPACE)
    t.send("m")
    t.wait_for("type to search")
    t.send("services (msp)")
    t.wait_for("› services (msp)")
    t.send(ENTER + "u")
    t.wait_for("unmapped accounts go to it")
    t.send(CTRL_S)
    t.wait_for("Saved the account mapping")

    stored = mapping_list(db, name)
    assert stored["acc-1"]["status"] == "mapped" and stored["acc-1"]["method"] == "manual"
    assert "woodgrove" in stored["acc-1"]["companyName"].lower()
    assert stored["acc-2"]["status"] == "skipped" and stored["acc-3"]["status"] == "unmapped"
    msp = json.loads(psalink(db, "mapping", "msp-customer", name, "--json").stdout)
    assert msp["companyName"] == "Northwind IT Services (MSP)" and msp["fallbackForUnmapped"] is True

    # Ticket Settings: lists from the PSA; Save & Close returns home.
    t.send(CTRL_N)
    t.wait_for("1 Credentials")
    fill_settings(t, system)
    t.send(CTRL_S)
    t.wait_for(f"Saved \"{name}\"")
    assert "● OK" in t.screen.display[t.row_of(name)]
    settings = settings_show(db, name)
    for key, text in SETTINGS[system]:
        if text is None:
            assert settings[key]["status"] == "unset"
        else:
            assert settings[key]["status"] == "ok", settings[key]
            if key != "reopen-window":
                assert text in settings[key]["name"].lower(), settings[key]
    assert settings["reopen-window"]["value"] == dict(SETTINGS[system])["reopen-window"]

    # Editing shows what was saved, tab by tab.
    t.send(ENTER)
    t.wait_for(f"{name} (")
    t.send(CTRL_N)
    t.wait_for("Woodgrove")
    t.send(CTRL_N)
    t.wait_for(settings["open-status"]["name"])
    t.send(ESC)
    t.wait_for("PSA Integrations")
    t.send("q")
    assert t.wait_exit() == 0
    secret = {"halo": "haloClientSecret", "connectwise": "connectWisePrivateKey",
              "autotask": "autotaskSecret"}[system]
    assert sandbox["credentials"][secret].encode() not in t.raw


def test_edit_keeps_the_stored_secret_and_asks_before_discarding(tui, db, sandbox, tmp_path):  # noqa: F811
    assert add_halo(db, sandbox, name="Halo Sandbox").returncode == 0
    import_accounts(db, tmp_path)
    t = tui(rows=24, cols=80)
    t.wait_for("Halo Sandbox")
    t.send(ENTER)
    t.wait_for("Halo Sandbox (HaloPSA)")
    t.wait_for("(stored; type to replace)")
    assert sandbox["credentials"]["haloClientSecret"] not in t.text
    # A new name, checked with the PSA using the stored secret, then saved.
    t.send("\x7f" * 7 + "EU")
    t.wait_for("Halo EU")
    t.send(CTRL_S)
    t.wait_for("Saved HaloPSA integration \"Halo EU\"")
    listed = json.loads(psalink(db, "integration", "list", "--json").stdout)["integrations"]
    assert [(i["name"], i["health"]) for i in listed] == [("Halo EU", "ok")]

    # An unsaved change on a tab is not dropped silently.
    t.send(CTRL_N)
    # The companies come from the PSA (nothing is cached yet): wait until they are all in,
    # so that the load's own message does not replace the count of unsaved changes.
    t.wait_for("Loaded ")
    t.send(SPACE)
    t.wait_for("1 unsaved change")
    t.send(ESC)
    t.wait_for("Discard unsaved changes?")
    assert "Account Mapping" in t.text
    t.send(ESC)
    t.wait_until_gone("Discard unsaved changes?")
    t.send(ESC)
    t.wait_for("Discard unsaved changes?")
    t.send("y")
    t.wait_for("PSA Integrations")
    assert [entry["status"] for entry in mapping_list(db, "Halo EU").values()] == ["unmapped"] * 3
