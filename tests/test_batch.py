"""Batch review: every row accounted for, in order, in any format, with any number of workers."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from policy_check.cli import main

from .conftest import PROFILES

INSULT = "My line manager Dave is a useless idiot"
PHONE = "Ring Mrs Jones on 07700 900123, she is in a right state about her benefits"
TENDRING = str(PROFILES / "tendring.yaml")


def batch(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, ["batch", *args, "--org", TENDRING], input=input, catch_exceptions=False)


def jsonl_file(tmp_path, rows: list) -> str:
    path = tmp_path / "posts.jsonl"
    path.write_bytes(b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in rows))
    return str(path)


def test_every_kind_of_broken_row_is_reported_in_its_place(tmp_path):
    rows = [
        {"id": "ok1", "text": INSULT},
        b"{not json",
        {"id": "no-text", "platform": "x"},
        {"id": "number", "text": 12345},
        {"id": "huge", "text": "word " * 10_000},
        b'{"id": "bytes", "text": "caf\xe9 \xff"}',
        {"id": "bad-date", "text": "hello", "posted_at": "yesterday-ish"},
        b"[1, 2]",
        {"id": "ok2", "text": "Lovely day at the beach"},
    ]
    result = batch(jsonl_file(tmp_path, rows))
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["ok1", "2", "no-text", "number", "huge", "6", "bad-date", "8", "ok2"]
    assert out[0]["verdict"] == "breach" and out[-1]["verdict"] == "clear"
    errors = {o["id"]: o["error"] for o in out if "error" in o}
    assert "not valid JSON" in errors["2"]
    assert "no 'text'" in errors["no-text"]
    assert "text" in errors["number"] and "string" in errors["number"]
    assert "20000" in errors["huge"]
    assert "UTF-8" in errors["6"]
    assert "posted_at" in errors["bad-date"]
    assert "JSON object" in errors["8"]
    assert "posts read: 9; errors: 7" in result.stderr


def test_csv_from_a_spreadsheet_with_a_bom_tabs_and_its_own_column_names(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("\ufeffPost ID\tMessage\tNetwork\n7\t" .encode("utf-8") + INSULT.encode() + b"\tTwitter\n8\tNice walk\tfacebook\n")
    result = batch(str(path), "--column", "text=Message", "--column", "id=Post ID", "--column", "platform=Network")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["id"], o["verdict"]) for o in out] == [("7", "breach"), ("8", "clear")]


def test_standard_input_is_read_with_a_dash():
    data = (json.dumps({"id": "s", "text": INSULT}) + "\n").encode()
    out = batch("-", input=data).stdout.splitlines()
    assert json.loads(out[0])["id"] == "s"


def test_two_workers_give_exactly_the_output_of_one(tmp_path):
    rows = [{"id": str(i), "text": [INSULT, "Sunny day", PHONE, "my boss is a pillock"][i % 4]} for i in range(1200)]
    rows[500] = b"{broken"
    source = jsonl_file(tmp_path, rows)
    one = batch(source, "--workers", "1").stdout
    two = batch(source, "--workers", "2").stdout
    assert one == two
    assert len(one.splitlines()) == 1200


def test_csv_output_has_one_row_per_finding_with_the_clause(tmp_path):
    result = batch(jsonl_file(tmp_path, [{"id": "a", "text": INSULT}, {"id": "b", "text": "hi"}]), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    insult = next(r for r in rows if r["id"] == "a" and r["topic"] == "colleague-conduct")
    assert insult["clause_id"] == "6.1" and insult["clause_title"] == "Respect for colleagues"
    assert insult["words"] == "useless idiot" and insult["row"] == "1"
    assert [r["verdict"] for r in rows if r["id"] == "b"] == ["clear"]


def test_html_review_is_self_contained_escaped_and_riskiest_first(tmp_path):
    rows = [
        {"id": "clean", "text": "Sunny day"},
        {"id": "xss", "text": "<script>alert(1)</script> my boss is a useless idiot <img src=x onerror=alert(2)>"},
    ]
    result = batch(jsonl_file(tmp_path, rows), "--format", "html")
    page = result.stdout
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "http://" not in page and "https://" not in page  # nothing to fetch
    assert "<img" not in page and "<link" not in page and "<script src" not in page
    assert "default-src 'none'" in page
    assert page.index('data-verdict="breach"') < page.index('data-verdict="clear"')
    assert "<mark" in page and "Clause 6.1, Respect for colleagues" in page


def test_redact_masks_personal_data_in_every_output(tmp_path):
    source = jsonl_file(tmp_path, [{"id": "p", "text": PHONE}])
    for fmt in ("jsonl", "csv", "html"):
        out = batch(source, "--format", fmt, "--redact").stdout
        assert "07700 900123" not in out, fmt
        assert "█" in out, fmt


def test_fail_on_exits_1_when_any_post_reaches_it(tmp_path):
    source = jsonl_file(tmp_path, [{"text": "hi"}, {"text": INSULT}])
    assert batch(source, "--fail-on", "breach").exit_code == 1
    assert batch(jsonl_file(tmp_path, [{"text": "hi"}]), "--fail-on", "advice").exit_code == 0


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_resume_carries_on_from_where_the_output_stops(tmp_path, fmt):
    rows = [{"id": f"p{i}", "text": INSULT if i % 3 == 0 else "Sunny day"} for i in range(30)]
    source = jsonl_file(tmp_path, rows)
    whole = tmp_path / f"whole.{fmt}"
    batch(source, "--format", fmt, "--output", str(whole))
    expected = whole.read_bytes()
    # An interrupted run: the first 11 posts and half a line of the 12th.
    cut = tmp_path / f"cut.{fmt}"
    lines = expected.splitlines(keepends=True)
    keep = 11 if fmt == "jsonl" else 1 + sum(1 for line in lines[1:] if int(line.split(b",")[0]) <= 11)
    cut.write_bytes(b"".join(lines[:keep]) + lines[keep][:10])
    result = batch(source, "--format", fmt, "--output", str(cut), "--resume")
    assert result.exit_code == 0
    assert cut.read_bytes() == expected
    # The last post that looks whole may have lost rows, so CSV checks it again.
    assert f"resumed after {11 if fmt == 'jsonl' else 10} posts" in result.stderr


def test_resume_needs_an_output_file(tmp_path):
    result = CliRunner().invoke(main, ["batch", jsonl_file(tmp_path, [{"text": "x"}]), "--resume"])
    assert result.exit_code == 2 and "--output" in result.output
