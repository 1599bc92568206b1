"""The one place that reads the environment (HackSoft's config/env.py pattern)."""

from pathlib import Path

import environ

# src/safepath/config/env.py -> repository root
BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = Path(__file__).resolve().parents[1]

env = environ.Env()
_env_file = BASE_DIR / ".env"
if _env_file.exists():
    environ.Env.read_env(str(_env_file))
