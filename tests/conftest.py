"""Shared fixtures: the bundled pack and checkers built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_check import Checker, load_pack
from policy_check.checker import default_pack_path

ROOT = Path(__file__).resolve().parent.parent
PACK_DIR = ROOT / "rules" / "model-council"
PROFILES = PACK_DIR / "profiles"


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
