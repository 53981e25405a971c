"""`psalink mapping automatch` and the Auto Match review in the wizard, against `psalink sandbox`."""
import json
import sqlite3

from test_commands import add_halo, psalink, sandbox  # noqa: F401  (the fixture)

NAME = "Halo Sandbox"
ENTER, ESC, CTRL_N, CTRL_S = "\r", "\x1b", "\x0e", "\x13"


def unique_companies(db, count):
    """Active companies whose name no other cached company shares, with their domains."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT company_id, name, domains FROM psa_company WHERE is_active = 1 AND is_msp = 0 AND name IN "
            "(SELECT name FROM psa_company GROUP BY name HAVING COUNT(*) = 1) ORDER BY company_id LIMIT ?",
            (count,)).fetchall()
    assert len(rows) == count
    return rows


def linked_company(db):
    """A company that HaloPSA's Microsoft 365 integration links to a tenant."""
    with sqlite3.connect(db) as connection:
        row = connection.execute("SELECT company_id, tenant_ids FROM psa_company WHERE tenant_ids <> '' AND "
                                 "is_active = 1 ORDER BY company_id DESC LIMIT 1").fetchone()
    assert row, "the sandbox links some HaloPSA clients to tenants"
    return row[0], row[1].split()[0]


def configured(db, sandbox, tmp_path):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    assert psalink(db, "companies", "refresh", NAME).returncode == 0
    (exact_id, exact_name, _), (domain_id, _, domain), (manual_id, manual_name, _) = unique_companies(db, 3)
    assert domain, "the sandbox gives HaloPSA clients a website"
    tenant_company, tenant = linked_company(db)
    accounts = tmp_path / "accounts.json"
    accounts.write_text(json.dumps([
        {"id": "exact", "name": exact_name.upper(), "tenantId": "1e3500cc-d08f-42c8-8678-ce352b7de55e"},
        {"id": "domain", "name": "Renamed Since", "tenantId": "5b2c7a1e-8f3d-4e6a-9c0b-2d4f6a8e1c3b",
         "domain": "www." + domain},
        {"id": "tenant", "name": "Nothing Like Its PSA Name", "tenantId": tenant},
        {"id": "absent", "name": "Quite Unknown Trading Post", "tenantId": "c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f"},
        {"id": "manual", "name": manual_name, "tenantId": "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"},
    ]))
    assert psalink(db, "accounts", "import", str(accounts)).returncode == 0
    # A manual mapping to another company: Auto Match must leave it alone.
    assert psalink(db, "mapping", "set", NAME, "--account", "manual", "--company", exact_id).returncode == 0
    return exact_id, domain_id, tenant_company


def mapping_statuses(db):
    listed = json.loads(psalink(db, "mapping", "list", NAME, "--json").stdout)["accounts"]
    return {a["accountId"]: (a["status"], a["companyId"], a["method"]) for a in listed}


def test_automatch_proposes_then_applies_only_the_confident(db, sandbox, tmp_path):  # noqa: F811
    exact_id, domain_id, tenant_company = configured(db, sandbox, tmp_path)
    result = psalink(db, "mapping", "automatch", NAME, "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["integration"] == NAME
    proposals = {a["accountId"]: a for a in document["accounts"]}
    assert set(proposals) == {"exact", "domain", "tenant", "absent"}
    assert proposals["tenant"]["companyId"] == tenant_company and proposals["tenant"]["method"] == "tenant-id"
    assert proposals["tenant"]["confidence"] == 1
    assert proposals["exact"]["status"] == "proposed" and proposals["exact"]["companyId"] == exact_id
    assert proposals["exact"]["method"] == "name" and proposals["exact"]["confidence"] >= 0.9
    assert proposals["domain"]["status"] == "proposed" and proposals["domain"]["companyId"] == domain_id
    assert proposals["domain"]["method"] == "domain" and "won" in proposals["domain"]["reason"]
    assert proposals["absent"]["status"] in ("unmapped", "needs-review") and proposals["absent"]["verdict"] != "confident"
    # Proposing saves nothing.
    assert mapping_statuses(db)["exact"][0] == "unmapped"

    applied = psalink(db, "mapping", "automatch", NAME, "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "3 confident" in applied.stdout and "saved" in applied.stdout
    statuses = mapping_statuses(db)
    assert statuses["exact"] == ("mapped", exact_id, "name")
    assert statuses["domain"] == ("mapped", domain_id, "domain")
    assert statuses["tenant"] == ("mapped", tenant_company, "tenant-id")
    assert statuses["absent"][0] == "unmapped"
    assert statuses["manual"] == ("mapped", exact_id, "manual")


def test_a_tenant_domain_as_the_account_name_is_matched_by_its_label(db, sandbox, tmp_path):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    assert psalink(db, "companies", "refresh", NAME).returncode == 0
    with sqlite3.connect(db) as connection:
        company_id, name = connection.execute(
            "SELECT company_id, name FROM psa_company WHERE is_active = 1 AND is_msp = 0 "
            "AND name NOT GLOB '*[^A-Za-z ]*' AND name LIKE '% %' "
            "AND name IN (SELECT name FROM psa_company GROUP BY name HAVING COUNT(*) = 1) "
            "ORDER BY company_id LIMIT 1").fetchone()
    label = name.lower().replace(" ", "")
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        "id,name,tenantId\n"
        f"label,{label}.onmicrosoft.com,1e3500cc-d08f-42c8-8678-ce352b7de55e\n"
        "nodot,contoso,5b2c7a1e-8f3d-4e6a-9c0b-2d4f6a8e1c3b\n"
        "suffix,contoso.notasuffix,c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f\n"
        "empty,contoso..com,0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9\n")
    assert psalink(db, "accounts", "import", str(accounts)).returncode == 0
    result = psalink(db, "mapping", "automatch", NAME, "--json")
    assert result.returncode == 0, result.stderr
    proposals = {a["accountId"]: a for a in json.loads(result.stdout)["accounts"]}
    found = proposals["label"]
    assert found["method"] == "domain-label" and f"domain label {label}" in found["reason"]
    # The company whose name and legal form the label spells comes first; the candidates speak
    # the same JSON as the mapping beside them.
    assert found["companyId"] == company_id, found
    assert found["candidates"][0]["companyId"] == company_id
    assert found["verdict"] == "confident" or found["runnerUp"]["companyId"] != company_id
    assert proposals["suffix"]["verdict"] == "no-match" and ".notasuffix" in proposals["suffix"]["reason"]
    assert proposals["empty"]["verdict"] == "no-match" and "empty label" in proposals["empty"]["reason"]
    assert proposals["nodot"]["method"] != "domain-label"


def test_automatch_without_cached_companies_says_how_to_fill_the_cache(db, sandbox, tmp_path):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name,tenantId\na1,Contoso,1e3500cc-d08f-42c8-8678-ce352b7de55e\n")
    assert psalink(db, "accounts", "import", str(accounts)).returncode == 0
    result = psalink(db, "mapping", "automatch", NAME)
    assert result.returncode == 1
    assert "companies refresh" in result.stderr and "Traceback" not in result.stderr


def test_review_in_the_wizard_accepts_the_confident_then_saves(tui, db, sandbox, tmp_path):  # noqa: F811
    exact_id, domain_id, _ = configured(db, sandbox, tmp_path)
    t = tui(rows=24, cols=80)
    t.wait_for(NAME)
    t.send(ENTER)
    t.wait_for("1 Credentials")
    t.send(CTRL_N)
    t.wait_for("PSA companies:")
    t.send("a")
    t.wait_for("Auto Match: 3 confident")
    t.send("c")
    t.wait_for("Accepted 3 proposals")
    t.send(ESC)
    t.wait_until_gone("Proposed customer")
    t.send(CTRL_S)
    t.wait_for("Saved the account mapping")
    statuses = mapping_statuses(db)
    assert statuses["exact"] == ("mapped", exact_id, "name")
    assert statuses["domain"] == ("mapped", domain_id, "domain")
    assert statuses["manual"][2] == "manual"
    t.send(ESC)
    t.wait_for("PSA Integrations")
    t.send("q")
    assert t.wait_exit() == 0
