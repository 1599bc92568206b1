"""A per-checkout SECRET_KEY for local and demo runs, created on first use under var/."""

import secrets
from pathlib import Path


def local_secret_key(var_dir: Path) -> str:
    path = Path(var_dir) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key
