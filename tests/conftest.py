"""Shared fixtures: the bundled pack and checkers built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_check import Checker, load_pack
from policy_check.checker import default_pack_path

ROOT = Path(__file__).resolve().parent.parent
PACK_DIR = ROOT / "rules" / "model-council"
PROFILES = PACK_DIR / "profiles"


@pytest.fixture(scope="session", autouse=True)
def private_disk_cache(tmp_path_factory):
    """Compiled packs go to a cache of the session's own, not the user's."""
    import os

    previous = os.environ.get("POLICY_CHECK_CACHE")
    os.environ["POLICY_CHECK_CACHE"] = str(tmp_path_factory.mktemp("policy-check-cache"))
    yield
    if previous is None:
        del os.environ["POLICY_CHECK_CACHE"]
    else:
        os.environ["POLICY_CHECK_CACHE"] = previous


@pytest.fixture(scope="session")
def pack():
    return load_pack(default_pack_path())


@pytest.fixture(scope="session")
def checker(pack) -> Checker:
    """The default pack with the Eastbrook profile (own time, own device)."""
    return Checker(pack, "eastbrook")


@pytest.fixture(scope="session")
def tendring(pack) -> Checker:
    return Checker(pack, PROFILES / "tendring.yaml")
