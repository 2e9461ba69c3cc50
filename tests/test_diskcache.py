"""What start-up skips only saves work: cached or not, every report is the same, and the
collector paused while building is running again once the checker is built."""

from __future__ import annotations

import gc
import shutil

from policy_check import Checker
from policy_check.pack.cache import cached_pack
from policy_check.ruletest import example_cases

from .conftest import PACK_DIR


def _reports(checker: Checker, posts: list) -> list[str]:
    return [r.model_dump_json() for r in checker.check_many(posts)]


def test_a_checker_built_from_the_cache_reports_exactly_what_a_fresh_one_does(tmp_path, monkeypatch, pack):
    posts = [case.example.as_post() for case in example_cases(pack)]
    posts += ["My manager Dave is a useless idiot", "f***ing c0uncil", "Call Jo on 07700 900123"]
    monkeypatch.setenv("POLICY_CHECK_CACHE", "off")
    fresh = _reports(Checker(PACK_DIR, "eastbrook"), posts)

    monkeypatch.setenv("POLICY_CHECK_CACHE", str(tmp_path / "cache"))
    Checker(PACK_DIR, "eastbrook")  # compiles and stores
    stored = sorted(p.name.split("-")[0] for p in (tmp_path / "cache").glob("*.pickle"))
    assert "phrases" in stored
    assert _reports(Checker(PACK_DIR, "eastbrook"), posts) == fresh


def test_an_edited_pack_misses_the_cache_and_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICY_CHECK_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "pack"
    shutil.copytree(PACK_DIR, folder)
    assert Checker(folder, "eastbrook").check("what a load of tosh").verdict == "clear"

    insults = folder / "evidence" / "insults.yaml"
    insults.write_text(insults.read_text(encoding="utf-8").replace("      - moron\n", "      - moron\n      - tosh merchant\n"), encoding="utf-8")
    edited = Checker(cached_pack(folder), "eastbrook")
    assert edited.check("My manager is a tosh merchant").verdict != "clear"
    assert len(list((tmp_path / "cache").glob("phrases-*.pickle"))) == 2


def test_building_a_checker_leaves_the_collector_as_it_found_it(pack):
    """The collector pauses while a checker is built (start-up), and only then."""
    assert gc.isenabled()
    Checker(pack, "eastbrook")
    assert gc.isenabled()
    gc.disable()
    try:
        Checker(pack, "eastbrook")
        assert not gc.isenabled()
    finally:
        gc.enable()
