"""The integration and companies commands against `psalink sandbox`, as an admin scripts them."""
import json
import os
import subprocess

import pytest

from conftest import running_sandbox
from terminal import BIN


@pytest.fixture(scope="module")
def sandbox():
    yield from running_sandbox(1200)


def psalink(db, *args, env=None, stdin=subprocess.DEVNULL):
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8",
                   "PSALINK_DB": db}
    environment.update(env or {})
    return subprocess.run([BIN, *args], env=environment, stdin=stdin, capture_output=True, text=True, timeout=60)


def add_halo(db, sandbox, name="Halo Sandbox", secret=None):
    c = sandbox["credentials"]
    return psalink(db, "integration", "add", "--system", "halo", "--name", name, "--url", sandbox["haloURL"],
                   "--client-id", c["haloClientID"], "--client-secret-env", "HALO_SECRET", "--tenant", c["haloTenant"],
                   "--json", env={"HALO_SECRET": secret or c["haloClientSecret"]})


def add_connectwise(db, sandbox, name="CW Sandbox", private_key=None):
    c = sandbox["credentials"]
    return psalink(db, "integration", "add", "--system", "connectwise", "--name", name, "--site",
                   sandbox["connectWiseSite"], "--company", c["connectWiseCompany"], "--public-key",
                   c["connectWisePublicKey"], "--private-key-env", "CW_KEY", "--client-id", c["connectWiseClientID"],
                   "--json", env={"CW_KEY": private_key or c["connectWisePrivateKey"]})


def add_autotask(db, sandbox, name="AT Sandbox", secret=None):
    c = sandbox["credentials"]
    return psalink(db, "integration", "add", "--system", "autotask", "--name", name, "--username",
                   c["autotaskUsername"], "--secret-env", "AT_SECRET", "--integration-code",
                   c["autotaskIntegrationCode"], "--zone-discovery-url", sandbox["autotaskZoneDiscoveryURL"], "--json",
                   env={"AT_SECRET": secret or c["autotaskSecret"]})


ADDERS = {"halo": add_halo, "connectwise": add_connectwise, "autotask": add_autotask}
SECRETS = {"halo": "haloClientSecret", "connectwise": "connectWisePrivateKey", "autotask": "autotaskSecret"}


@pytest.mark.parametrize("system", ["halo", "connectwise", "autotask"])
def test_add_validate_refresh_list_remove(db, sandbox, system):
    added = ADDERS[system](db, sandbox)
    assert added.returncode == 0, added.stderr
    integration = json.loads(added.stdout)["integration"]
    assert integration["system"] == system and integration["isDefault"] and integration["health"] == "ok"
    name = integration["name"]

    validated = psalink(db, "integration", "validate", name, "--json")
    assert validated.returncode == 0, validated.stderr
    assert json.loads(validated.stdout)["integration"]["health"] == "ok"

    refreshed = psalink(db, "companies", "refresh", name, "--json")
    assert refreshed.returncode == 0, refreshed.stderr
    summary = json.loads(refreshed.stdout)
    assert summary["integration"] == name and summary["count"] == 1200 and summary["requests"] >= 1

    listed = json.loads(psalink(db, "integration", "list", "--json").stdout)
    assert [i["name"] for i in listed["integrations"]] == [name]
    secret = sandbox["credentials"][SECRETS[system]]
    for result in (added, validated, refreshed):
        assert secret not in result.stdout + result.stderr

    removed = psalink(db, "integration", "remove", name, "--yes")
    assert removed.returncode == 0, removed.stderr
    assert json.loads(psalink(db, "integration", "list", "--json").stdout) == {"integrations": []}


@pytest.mark.parametrize("system", ["halo", "connectwise", "autotask"])
def test_wrong_secret_saves_nothing_and_says_why(db, sandbox, system):
    result = ADDERS[system](db, sandbox, secret="wrong-secret") if system != "connectwise" else \
        add_connectwise(db, sandbox, private_key="wrong-secret")
    assert result.returncode == 1
    assert "nothing was saved" in result.stderr
    assert "401" in result.stderr or "rejected" in result.stderr
    assert "wrong-secret" not in result.stderr + result.stdout
    assert json.loads(psalink(db, "integration", "list", "--json").stdout) == {"integrations": []}


def test_default_moves_and_duplicate_names_are_refused(db, sandbox):
    assert add_halo(db, sandbox, name="First").returncode == 0
    assert add_autotask(db, sandbox, name="Second").returncode == 0
    duplicate = add_halo(db, sandbox, name="first")
    assert duplicate.returncode == 1 and "already exists" in duplicate.stderr
    assert psalink(db, "integration", "set-default", "Second").returncode == 0
    listed = {i["name"]: i["isDefault"] for i in json.loads(psalink(db, "integration", "list", "--json").stdout)["integrations"]}
    assert listed == {"First": False, "Second": True}
    removed = psalink(db, "integration", "remove", "Second", "--yes")
    assert "\"First\" is now the default" in removed.stdout
    unknown = psalink(db, "integration", "validate", "Nope")
    assert unknown.returncode == 1 and "no integration is named" in unknown.stderr


@pytest.mark.parametrize(
    "args,expected",
    [
        (["--url", "https://halo.example.com/api"], "--url: must not end with /api"),
        (["--url", "http://halo.example.com"], "--url: must use https"),
        (["--url", "https://user:pw@halo.example.com"], "--url: must not contain a user name"),
        (["--url", "https://halo.example.com/?x=1"], "--url: must not contain a query"),
        (["--url", "   "], "--url: is empty"),
    ],
)
def test_bad_halo_url_is_named(db, args, expected):
    result = psalink(db, "integration", "add", "--system", "halo", "--name", "X", *args, "--client-id", "id",
                     "--client-secret-env", "S", env={"S": "s"})
    assert result.returncode == 1
    assert expected in result.stderr


def test_options_of_another_system_are_a_usage_error(db):
    result = psalink(db, "integration", "add", "--system", "halo", "--name", "X", "--url", "https://h.example.com",
                     "--client-id", "id", "--client-secret-env", "S", "--site", "x")
    assert result.returncode == 2
    assert "--site" in result.stderr


def test_missing_secret_without_a_terminal(db):
    result = psalink(db, "integration", "add", "--system", "autotask", "--name", "X", "--username", "u",
                     "--integration-code", "c")
    assert result.returncode == 1
    assert "--secret-env VAR or --secret-file PATH" in result.stderr


def test_unknown_connectwise_company_is_named(db, sandbox):
    c = sandbox["credentials"]
    result = psalink(db, "integration", "add", "--system", "connectwise", "--name", "CW", "--site",
                     sandbox["connectWiseSite"], "--company", "no-such-company", "--public-key",
                     c["connectWisePublicKey"], "--private-key-env", "K", "--client-id", c["connectWiseClientID"],
                     env={"K": c["connectWisePrivateKey"]})
    assert result.returncode == 1
    assert "no-such-company" in result.stderr


def test_unreachable_host_is_named(db):
    result = psalink(db, "integration", "add", "--system", "halo", "--name", "X", "--url",
                     "https://psalink-test.invalid", "--client-id", "id", "--client-secret-env", "S", env={"S": "s"})
    assert result.returncode == 1
    assert "psalink-test.invalid" in result.stderr
