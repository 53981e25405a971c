"""Secrets at rest: what `integration add` stores is sealed with a key outside the database, and a
missing, wrong or unusable key file is refused with its name, changing nothing."""
import base64
import hashlib
import json
import os
import sqlite3
import stat
from contextlib import closing

from test_commands import add_autotask, add_connectwise, add_halo, psalink, sandbox  # noqa: F401  (the fixture)


def database_files(db):
    return [path for path in (db, db + "-wal", db + "-shm") if os.path.exists(path)]


def fingerprint(db):
    """The database's content. Not its bytes: the last connection to close folds the write-ahead
    log into the file, which rewrites bytes without changing what the file holds."""
    with closing(sqlite3.connect(db)) as connection:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()


def configured(db, sandbox):  # noqa: F811
    for add in (add_halo, add_connectwise, add_autotask):
        result = add(db, sandbox)
        assert result.returncode == 0, result.stderr
    c = sandbox["credentials"]
    return [c["haloClientSecret"], c["connectWisePrivateKey"], c["autotaskSecret"]]


def write_key(path, raw, mode=0o600):
    with open(path, "w") as file:
        file.write(base64.b64encode(raw).decode() + "\n")
    os.chmod(path, mode)


def test_no_secret_is_readable_in_the_database_or_its_log(db, sandbox):  # noqa: F811
    secrets = configured(db, sandbox)
    key = os.path.join(os.path.dirname(db), "psalink.key")
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    for path in database_files(db):
        content = open(path, "rb").read()
        for secret in secrets:
            assert secret.encode() not in content, f"a secret is readable in {os.path.basename(path)}"
    # psalink itself still reads them: the integrations validate against the sandbox.
    for name in ("Halo Sandbox", "CW Sandbox", "AT Sandbox"):
        validated = psalink(db, "integration", "validate", name, "--json")
        assert validated.returncode == 0, validated.stderr


def test_a_wrong_key_is_refused_and_nothing_changes(db, sandbox, tmp_path):  # noqa: F811
    configured(db, sandbox)
    other = tmp_path / "other.key"
    write_key(other, os.urandom(32))
    before = fingerprint(db)
    result = psalink(db, "integration", "list", env={"PSALINK_KEY_FILE": str(other)})
    assert result.returncode == 1
    assert "encrypted with another key" in result.stderr and str(other) in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert fingerprint(db) == before


def test_a_missing_key_is_named_and_no_new_key_is_made(db, sandbox, tmp_path):  # noqa: F811
    configured(db, sandbox)
    key = os.path.join(os.path.dirname(db), "psalink.key")
    kept = tmp_path / "kept.key"
    os.rename(key, kept)
    before = fingerprint(db)
    result = psalink(db, "integration", "list")
    assert result.returncode == 1 and key in result.stderr and "PSALINK_KEY_FILE" in result.stderr
    assert not os.path.exists(key) and fingerprint(db) == before
    # Kept elsewhere and named, it opens the database.
    moved = psalink(db, "integration", "list", "--json", env={"PSALINK_KEY_FILE": str(kept)})
    assert moved.returncode == 0, moved.stderr
    assert len(json.loads(moved.stdout)["integrations"]) == 3


def test_an_unusable_key_file_is_refused(db, sandbox):  # noqa: F811
    configured(db, sandbox)
    key = os.path.join(os.path.dirname(db), "psalink.key")
    os.chmod(key, 0o644)
    before = fingerprint(db)
    result = psalink(db, "integration", "list")
    assert result.returncode == 1 and f"chmod 600 {key}" in result.stderr
    assert fingerprint(db) == before
    os.chmod(key, 0o600)
    with open(key, "w") as file:
        file.write("not a key\n")
    result = psalink(db, "integration", "list")
    assert result.returncode == 1 and "is not a psalink secrets key" in result.stderr
    assert fingerprint(db) == before


def test_an_export_with_secrets_says_they_are_in_clear(db, sandbox, tmp_path):  # noqa: F811
    secrets = configured(db, sandbox)
    output = tmp_path / "configuration.json"
    result = psalink(db, "export", "--include-secrets", "--output", str(output))
    assert result.returncode == 0 and "in clear" in result.stdout
    assert stat.S_IMODE(os.stat(output).st_mode) == 0o600
    assert all(secret in output.read_text() for secret in secrets)
    to_stdout = psalink(db, "export", "--include-secrets")
    assert "in clear" in to_stdout.stderr


def test_doctor_names_the_key_and_fails_on_a_wrong_one(db, sandbox, tmp_path):  # noqa: F811
    configured(db, sandbox)
    key = os.path.join(os.path.dirname(db), "psalink.key")
    checks = json.loads(psalink(db, "doctor", "--json").stdout)["checks"]
    (secrets_key,) = [check for check in checks if check["name"] == "secrets key"]
    assert secrets_key["status"] == "warn" and key in secrets_key["detail"] and "backup" in secrets_key["detail"]
    kept = tmp_path / "kept.key"
    os.rename(key, kept)
    os.chmod(tmp_path, 0o700)
    named = json.loads(psalink(db, "doctor", "--json", env={"PSALINK_KEY_FILE": str(kept)}).stdout)["checks"]
    assert [check["status"] for check in named if check["name"] == "secrets key"] == ["ok"]
    other = tmp_path / "other.key"
    write_key(other, os.urandom(32))
    refused = psalink(db, "doctor", env={"PSALINK_KEY_FILE": str(other)})
    assert refused.returncode == 1
    assert refused.stdout.startswith("fail  secrets key") and "another key" in refused.stdout
