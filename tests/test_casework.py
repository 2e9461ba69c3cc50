"""Casework: the version in force, the clause quoted as it stood, and a reproducible record."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from policy_check import Checker, load_pack
from policy_check.casework import build_extract, read_extracts
from policy_check.cli import main
from policy_check.post import parse_post

from policy_check.checker import default_pack_path

from .conftest import PROFILES

INSULT = "My line manager Dave at Tendring Council is a useless idiot"
TENDRING = str(PROFILES / "tendring.yaml")


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _post(posted_at: str) -> object:
    return parse_post({"id": "c1", "text": INSULT, "posted_at": posted_at, "platform": "facebook"})


def test_a_2023_post_and_a_2025_post_cite_different_versions_and_quote_each_versions_text(tendring, pack):
    old = build_extract(tendring, _post("2023-05-02T19:00:00+01:00"))
    new = build_extract(tendring, _post("2025-06-02T19:00:00+01:00"))
    assert old.report.policy.version == "2022-04" and new.report.policy.version == "2025-01"
    clause_2022 = pack.find_clause(pack.version("2022-04"), "respect-for-colleagues")
    clause_2025 = pack.find_clause(pack.version("2025-01"), "respect-for-colleagues")
    assert clause_2022.text != clause_2025.text, "the model policy revises clause 6.1 in 2025"
    from policy_check.render.casework import render_markdown

    old_md, new_md = render_markdown(old), render_markdown(new)
    first_line_2025_only = next(
        line for line in clause_2025.text.splitlines() if line.strip() and line not in clause_2022.text
    )
    assert first_line_2025_only.strip() in new_md and first_line_2025_only.strip() not in old_md
    assert "version 2022-04" in old_md and "version 2025-01" in new_md


def test_rerunning_a_stored_extract_reproduces_its_fingerprint(tmp_path):
    path = tmp_path / "case.md"
    cli("casework", INSULT, "--posted-at", "2023-05-02T19:00:00+01:00", "--org", TENDRING, "--output", str(path))
    (stored,) = read_extracts(path.read_text(encoding="utf-8"))
    assert stored.input.post["text"] == INSULT
    result = cli("verify", str(path), "--org", TENDRING)
    assert result.exit_code == 0 and "reproduced" in result.stdout


def test_an_altered_extract_is_not_reproduced(tmp_path):
    path = tmp_path / "case.md"
    cli("casework", INSULT, "--org", TENDRING, "--output", str(path))
    text = path.read_text(encoding="utf-8")
    stored_report_sha = json.loads(text.split("policy-check:fingerprint ")[1].split(" -->")[0])["report_sha256"]
    path.write_text(text.replace(stored_report_sha, "0" * 64), encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(path), "--org", TENDRING])
    assert result.exit_code == 1 and "report_sha256" in result.stdout


def test_a_changed_pack_changes_the_fingerprint(tmp_path, tendring):
    copy = tmp_path / "pack"
    shutil.copytree(default_pack_path(), copy)
    version = copy / "versions" / "2025-01.yaml"
    version.write_text(version.read_text(encoding="utf-8").replace("Treat colleagues", "Treat all colleagues", 1), encoding="utf-8")
    changed = Checker(load_pack(copy), TENDRING)
    post = _post("2025-06-02T19:00:00+01:00")
    assert build_extract(changed, post).fingerprint.digest != build_extract(tendring, post).fingerprint.digest


def test_html_extract_is_printable_escaped_and_carries_the_fingerprint():
    nasty = INSULT + " --> <script>alert(1)</script>"
    result = cli("casework", nasty, "--org", TENDRING, "--format", "html")
    page = result.stdout
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "@media print" in page and "<mark>useless idiot</mark>" in page
    (stored,) = read_extracts(page)
    assert stored.input.post["text"] == nasty


def test_redacted_extracts_mask_personal_data_and_store_no_input(tmp_path):
    text = "Mrs Patel at 14 Mill Lane CO15 1AB is off sick with depression, ring her on 07700 900123"
    result = cli("casework", text, "--org", TENDRING, "--redact")
    assert "07700 900123" not in result.stdout and "█" in result.stdout
    (stored,) = read_extracts(result.stdout)
    assert stored.input is None


def test_explain_shows_a_clause_as_it_stood_in_an_older_version():
    old = cli("explain", "respect-for-colleagues", "--version", "2022-04").stdout
    assert "version 2022-04" in old and "6.1" in old


def test_policy_diff_shows_what_the_2025_revision_changed():
    out = cli("policy", "diff", "2022-04", "2025-01").stdout
    assert "+ added 4.3" in out and "professional-networking" in out
    assert "renumbered 4.3 -> 4.4" in out
    assert "Unchanged:" in out


def test_every_command_warns_when_the_pack_is_past_its_review_date(tmp_path):
    copy = tmp_path / "pack"
    shutil.copytree(default_pack_path(), copy)
    for path in (copy / "versions").glob("*.yaml"):
        path.write_text(
            "\n".join("review_due: 2020-01-01" if l.startswith("review_due:") else l for l in path.read_text(encoding="utf-8").splitlines()) + "\n",
            encoding="utf-8",
        )
    for args in (["check", "hello"], ["explain", "6.1"], ["policy", "versions"]):
        result = CliRunner().invoke(main, [*args, "--pack", str(copy)])
        assert "was due for review on 2020-01-01" in result.stderr, args
