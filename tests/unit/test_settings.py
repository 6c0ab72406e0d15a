"""Settings from the environment: friendly spellings, and a clear answer to a wrong value."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wizamart.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_extra_module_folders_are_separated_like_path(monkeypatch):
    monkeypatch.setenv("WIZAMART_EXTRA_MODULES_DIRS", f"/srv/a{os.pathsep} /srv/b {os.pathsep}")
    assert load_settings().extra_modules_dirs == [Path("/srv/a"), Path("/srv/b")]


def test_extra_module_folders_may_be_a_json_list(monkeypatch):
    monkeypatch.setenv("WIZAMART_EXTRA_MODULES_DIRS", json.dumps(["/srv/a", "/srv/b"]))
    assert load_settings().extra_modules_dirs == [Path("/srv/a"), Path("/srv/b")]


def test_a_wrong_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("WIZAMART_SESSION_COOKIE_SECURE", "maybe")
    with pytest.raises(ConfigError) as refused:
        load_settings()
    assert "WIZAMART_SESSION_COOKIE_SECURE" in str(refused.value)


def test_start_up_with_a_wrong_value_prints_it_without_a_traceback():
    env = {**os.environ, "WIZAMART_EXTRA_MODULES_DIRS": "[not json", "WIZAMART_ENV": "testing"}
    done = subprocess.run(
        [sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Configuration error")
    assert "Traceback" not in done.stderr
