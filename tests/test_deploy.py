"""The production profile passes Django's deployment checks; the committed API schema is current."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safepath.manage", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFEPATH_", "DJANGO_"))}
    keyring = tmp_path / "keyring.json"
    from safepath.core.crypto import KeyRing

    keyring.write_text(KeyRing.generate().to_json())
    env.update(
        DJANGO_SETTINGS_MODULE="safepath.config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="safepath.example.vn",
        DATABASE_URL=os.environ.get("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}"),
        SAFEPATH_KEYRING_FILE=str(keyring),
        SAFEPATH_VAR_DIR=str(tmp_path),
    )
    return env


def test_check_deploy_reports_nothing(tmp_path):
    result = _run("check", "--deploy", "--fail-level", "WARNING", env=_production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "SAFEPATH_KEYRING_FILE", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_secrets(tmp_path, missing):
    env = _production_env(tmp_path)
    del env[missing]
    result = _run("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr or "SAFEPATH_KEYRING" in result.stderr


def test_committed_openapi_schema_is_current(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "safepath.config.settings.test"}
    out = tmp_path / "openapi.yaml"
    result = _run("spectacular", "--lang", "en", "--validate", "--fail-on-warn", "--file", str(out), env=env)
    assert result.returncode == 0, result.stderr
    committed = (ROOT / "docs" / "openapi.yaml").read_text()
    assert out.read_text() == committed, "The API changed: run `make schema` and commit docs/openapi.yaml"
