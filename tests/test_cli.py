"""The `policy-check` command as a person and a script use it."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from policy_check.cli import main

from .conftest import PROFILES
from .helpers import minimal_pack
from .test_pack_authoring import NEW_EVIDENCE, NEW_RULE

DONE_WHEN = "My line manager Dave at Tendring Council is a useless idiot"
TENDRING = str(PROFILES / "tendring.yaml")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_check_prints_a_contract_report_as_json():
    result = run("check", DONE_WHEN, "--org", TENDRING, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["verdict"] == "breach"
    finding = next(f for f in report["findings"] if f["topic"] == "colleague-conduct")
    assert finding["clause"]["id"] and finding["spans"][0]["text"] == "useless idiot"


def test_check_reads_standard_input_when_no_text_is_given():
    result = run("check", "--org", TENDRING, "--format", "json", input=DONE_WHEN + "\n")
    report = json.loads(result.stdout)
    assert report["verdict"] == "breach"
    assert report["findings"][0]["spans"][0]["end"] <= len(DONE_WHEN)


def test_check_text_output_marks_the_words_and_cites_the_clause():
    result = run("check", DONE_WHEN, "--org", TENDRING)
    assert "Verdict: BREACH" in result.stdout
    assert "[useless idiot]" in result.stdout
    assert "Clause 6.1, Respect for colleagues" in result.stdout


def test_a_clean_post_is_clear_and_fail_on_passes():
    result = run("check", "Lovely evening at the beach", "--org", TENDRING, "--format", "json", "--fail-on", "advice")
    assert result.exit_code == 0 and json.loads(result.stdout)["verdict"] == "clear"


def test_fail_on_exits_1_when_the_verdict_reaches_it():
    assert run("check", DONE_WHEN, "--org", TENDRING, "--fail-on", "review").exit_code == 1


def test_a_bad_date_is_a_clear_usage_error_not_a_traceback():
    result = CliRunner().invoke(main, ["check", "hello", "--posted-at", "next tuesday"])
    assert result.exit_code == 2
    assert "posted_at" in result.output


def test_explain_shows_the_clause_text_and_its_rules():
    result = run("explain", "6.1")
    assert result.exit_code == 0
    assert "Respect for colleagues" in result.stdout
    assert "colleague-insult" in result.stdout


def test_explain_an_unknown_clause_lists_the_known_ones():
    result = CliRunner().invoke(main, ["explain", "99.9"])
    assert result.exit_code == 1 and "6.1" in result.output


def test_rules_validate_and_test_work_on_an_authors_pack(tmp_path):
    pack = str(minimal_pack(tmp_path, NEW_RULE, NEW_EVIDENCE))
    assert "OK" in run("rules", "validate", "--pack", pack).stdout
    result = run("rules", "test", "--pack", pack)
    assert result.exit_code == 0 and "6 passed, 0 failed" in result.stdout


def test_rules_validate_reports_a_broken_pack_without_a_traceback(tmp_path):
    pack = str(minimal_pack(tmp_path, NEW_RULE.replace("severity: advice", "severity: 7"), NEW_EVIDENCE))
    result = CliRunner().invoke(main, ["rules", "validate", "--pack", pack])
    assert result.exit_code == 2
    assert "rule 'cake-boast': field 'severity'" in result.output
    assert "Traceback" not in result.output


def test_batch_writes_one_report_per_line_in_input_order(tmp_path):
    source = tmp_path / "posts.jsonl"
    source.write_text(
        "\n".join([json.dumps({"id": "a", "text": DONE_WHEN}), "{broken", json.dumps({"id": "c", "text": "Nice day"})]) + "\n",
        encoding="utf-8",
    )
    result = run("batch", str(source), "--org", TENDRING)
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", "2", "c"]
    assert lines[0]["verdict"] == "breach" and "error" in lines[1] and lines[2]["verdict"] == "clear"


def test_the_installed_command_reads_standard_input():
    proc = subprocess.run(
        [sys.executable, "-m", "policy_check", "check", "--org", TENDRING, "--format", "json"],
        input=DONE_WHEN, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "breach"


def test_rules_evidence_shows_each_kind_found_with_its_words_and_the_outcome():
    result = run("rules", "evidence", "My manager is a w@nker")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.startswith("colleague-person") and "'My manager'" in line for line in lines)
    assert any(line.startswith("insult ") and "~'w@nker'" in line for line in lines)  # de-obfuscated
    assert lines[-1].startswith("-> breach:") and "colleague-conduct" in lines[-1]


def test_rules_evidence_lists_the_built_in_kinds_with_the_pack_s_own():
    result = run("rules", "evidence", "replying to @angrydad_tees about #bins at Eastbrook Council")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.startswith("HANDLE ") and "'@angrydad_tees'" in line for line in lines)
    assert any(line.startswith("HASHTAG ") and "'#bins'" in line for line in lines)
    assert any(line.startswith("EMPLOYER ") and "'Eastbrook Council'" in line for line in lines)
