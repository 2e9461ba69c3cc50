"""Building small packs in a temporary folder, the way a pack author would."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

PACK_DIR = Path(__file__).resolve().parent.parent / "rules" / "model-council"


def minimal_pack(tmp_path: Path, rules_yaml: str, evidence_yaml: str | None = None) -> Path:
    """A pack with the model council's versions and profiles and only the given rules."""
    root = tmp_path / "pack"
    (root / "rules").mkdir(parents=True)
    (root / "evidence").mkdir()
    shutil.copy(PACK_DIR / "pack.yaml", root / "pack.yaml")
    shutil.copytree(PACK_DIR / "versions", root / "versions")
    shutil.copytree(PACK_DIR / "profiles", root / "profiles")
    shutil.copy(PACK_DIR / "evidence" / "shared.yaml", root / "evidence" / "shared.yaml")
    (root / "rules" / "new.yaml").write_text(textwrap.dedent(rules_yaml), encoding="utf-8")
    if evidence_yaml is not None:
        (root / "evidence" / "new.yaml").write_text(textwrap.dedent(evidence_yaml), encoding="utf-8")
    return root
