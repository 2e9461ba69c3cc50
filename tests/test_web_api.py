"""The web service's API: the contract's report, clear refusals, privacy, and `policy-check serve`."""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time
import warnings

import httpx
import pytest
from click.testing import CliRunner

with warnings.catch_warnings():
    # Starlette suggests a successor to httpx for its test client; httpx is what we have.
    warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient.*")
    from fastapi.testclient import TestClient

from policy_check.cli.check import check as check_command
from policy_check.cli.serve import serve
from policy_check.web import create_app
from policy_check.web.server import make_server

from .conftest import PROFILES

INSULT = "My manager Dave is a useless idiot"
#: A string that must never reach a log: if it shows up, post text leaked.
SECRET = "Zanzibar-7731 my manager Dave is a useless idiot"


@pytest.fixture(scope="module")
def client(checker):
    return TestClient(create_app(checker))


def post_json(client: TestClient, body: object, **kwargs):
    return client.post("/api/check", json=body, **kwargs)


# --- The contract --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "post",
    [
        {"text": INSULT},
        {"id": "h001", "text": INSULT, "platform": "x"},
        {"text": "Lovely evening at the beach", "platform": "instagram"},
        {"text": INSULT, "posted_at": "2025-03-04T10:15:00+00:00", "politically_restricted": True},
        {"text": "🙂🙂 " + INSULT, "unknown_field": "ignored"},
    ],
)
def test_the_answer_is_the_checkers_report_exactly(client, checker, post):
    response = post_json(client, post)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == checker.check(post).model_dump(mode="json")


def test_the_report_has_the_contract_shape(client):
    report = post_json(client, {"id": "h001", "text": INSULT}).json()
    assert report["id"] == "h001"
    assert report["verdict"] in ("clear", "advice", "review", "breach")
    assert 0 <= report["score"] <= 1
    assert set(report["policy"]) >= {"id", "version"}
    assert report["findings"]
    for finding in report["findings"]:
        assert set(finding) >= {"rule", "topic", "clause", "severity", "score", "spans", "message", "guidance"}
        assert set(finding["clause"]) >= {"id", "title"}
        assert finding["severity"] in ("advice", "review", "breach")
        for span in finding["spans"]:
            assert INSULT[span["start"] : span["end"]] == span["text"]


def test_an_insult_to_a_manager_cites_clause_6_1(client):
    report = post_json(client, {"text": INSULT}).json()
    assert report["verdict"] == "breach"
    finding = next(f for f in report["findings"] if f["topic"] == "colleague-conduct")
    assert finding["clause"]["id"] == "6.1"
    assert finding["clause"]["title"] == "Respect for colleagues"
    assert [s["text"] for s in finding["spans"]] == ["useless idiot"]


def test_the_page_and_the_command_give_the_same_findings(tendring):
    client = TestClient(create_app(tendring))
    text = "My line manager Dave at Tendring Council is a useless idiot"
    from_web = client.post("/api/check", json={"text": text, "platform": "x"}).json()
    result = CliRunner().invoke(
        check_command,
        [text, "--org", str(PROFILES / "tendring.yaml"), "--platform", "x", "--format", "json"],
        catch_exceptions=False,
    )
    from_command = json.loads(result.stdout)
    assert from_web["findings"] == from_command["findings"]
    assert (from_web["verdict"], from_web["score"], from_web["policy"]) == (
        from_command["verdict"],
        from_command["score"],
        from_command["policy"],
    )


def test_a_version_can_be_asked_for(client, checker):
    response = client.post("/api/check", params={"version": "2022-04"}, json={"text": INSULT})
    assert response.status_code == 200
    assert response.json() == checker.check({"text": INSULT}, version="2022-04").model_dump(mode="json")


# --- Refusals: 4xx with {"error": ...}, never a 500, never quoting the post ------------------

JSON = {"content-type": "application/json"}

BAD_REQUESTS = {
    "no text": (dict(json={"platform": "x"}), 422),
    "null text": (dict(json={"text": None}), 422),
    "blank text": (dict(json={"text": "   \n "}), 422),
    "number text": (dict(json={"text": 42}), 422),
    "list text": (dict(json={"text": [SECRET]}), 422),
    "not an object": (dict(json=[SECRET]), 422),
    "bad platform": (dict(json={"text": SECRET, "platform": "myspace"}), 422),
    "bad date": (dict(json={"text": SECRET, "posted_at": "next tuesday"}), 422),
    "bad flag": (dict(json={"text": SECRET, "politically_restricted": "yes"}), 422),
    "too long": (dict(json={"text": "a" * 20_001}), 422),
    "unknown version": (dict(json={"text": SECRET}, params={"version": "1999-01"}), 422),
    "invalid json": (dict(content=b'{"text": "' + SECRET.encode() + b'"', headers=JSON), 400),
    "not utf-8": (dict(content=b'{"text": "\xff\xfe"}', headers=JSON), 400),
    "empty body": (dict(content=b"", headers=JSON), 400),
    "deep nesting": (dict(content=b"[" * 50_000 + b"]" * 50_000, headers=JSON), 413),
    "oversized": (dict(json={"text": SECRET + "x" * 70_000}), 413),
    "oversized, chunked": (dict(content=iter([b'{"text": "', b"x" * 70_000, b'"}']), headers=JSON), 413),
    "text/plain": (dict(content=SECRET.encode(), headers={"content-type": "text/plain"}), 415),
    "form": (dict(data={"text": SECRET}), 415),
    "no content type": (dict(content=json.dumps({"text": SECRET}).encode()), 415),
}


@pytest.mark.parametrize("kwargs,status", BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys())
def test_bad_requests_get_a_clear_4xx_message(client, kwargs, status):
    response = client.post("/api/check", **kwargs)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"], str) and len(body["error"]) > 10
    assert "Zanzibar" not in body["error"]  # the post is never echoed back


def test_the_body_limit_is_the_one_given(checker):
    small = TestClient(create_app(checker, max_body_bytes=200))
    assert small.post("/api/check", json={"text": "x" * 150}).status_code == 200
    refused = small.post("/api/check", json={"text": "x" * 250})
    assert refused.status_code == 413 and "200" in refused.json()["error"]


def test_nested_json_under_the_limit_is_refused_cleanly(client):
    response = client.post("/api/check", content=b"[" * 30_000 + b"]" * 30_000, headers=JSON)
    assert response.status_code in (400, 422)
    assert "error" in response.json()


def test_wrong_methods_and_addresses_answer_in_json(client):
    assert client.get("/api/check").status_code == 405
    assert "error" in client.get("/api/check").json()
    assert client.get("/api/nothing-here").status_code == 404
    assert "error" in client.get("/api/nothing-here").json()


# --- Headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path,kwargs",
    [
        ("post", "/api/check", {"json": {"text": INSULT}}),
        ("post", "/api/check", {"json": {"text": 5}}),
        ("post", "/api/check", {"content": b"nope", "headers": {"content-type": "text/plain"}}),
        ("get", "/", {}),
        ("get", "/static/app.js", {}),
        ("get", "/static/app.css", {}),
        ("get", "/api/clauses/6.1", {}),
        ("get", "/clauses/6.1", {}),
        ("get", "/healthz", {}),
        ("get", "/no-such-page", {}),
    ],
)
def test_every_response_carries_the_security_headers(client, method, path, kwargs):
    response = getattr(client, method)(path, **kwargs)
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"


def test_the_page_and_its_assets_are_served_locally(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert 'name="viewport"' in html and 'aria-live="polite"' in html
    assert "<script>" not in html  # no inline script: the CSP would block it anyway
    assert "http://" not in html and "https://" not in html  # no CDN, no external fonts
    for asset in ("/static/app.js", "/static/app.css", "/static/favicon.svg"):
        assert asset in html
        assert client.get(asset).status_code == 200
    script = client.get("/static/app.js").text
    assert not re.search(r"\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write", script)


# --- Privacy: post text never reaches a log ---------------------------------------------------


def _requests_carrying_the_secret(base: str, send) -> None:
    send(f"{base}/api/check", json={"text": SECRET})
    send(f"{base}/api/check", json={"text": SECRET, "platform": "myspace"})
    send(f"{base}/api/check", content=b'{"text": "' + SECRET.encode(), headers=JSON)
    send(f"{base}/api/check", content=SECRET.encode(), headers={"content-type": "text/plain"})
    send(f"{base}/api/check", json={"text": SECRET + "x" * 70_000})


def test_post_text_is_not_logged_by_the_app(client, caplog):
    caplog.set_level(logging.DEBUG)
    _requests_carrying_the_secret("", client.post)
    assert "Zanzibar" not in caplog.text


def test_a_failing_check_is_logged_without_the_post(checker, caplog, monkeypatch):
    class Boom(RuntimeError):
        pass

    def explode(*args, **kwargs):
        raise Boom(f"could not handle {args[0].text}")

    app = create_app(checker)
    monkeypatch.setattr(checker, "check", explode)
    caplog.set_level(logging.DEBUG)
    response = TestClient(app).post("/api/check", json={"text": SECRET})
    assert response.status_code == 500
    assert "Zanzibar" not in response.text
    assert "Boom" in caplog.text and "Zanzibar" not in caplog.text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_post_text_is_not_logged_by_uvicorn(checker, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    port = free_port()
    server = make_server(create_app(checker), "127.0.0.1", port)
    assert server.config.access_log is False
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        with httpx.Client() as http:
            _requests_carrying_the_secret(f"http://127.0.0.1:{port}", http.post)
            assert http.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
    finally:
        server.should_exit = True
        thread.join(10)
    out, err = capfd.readouterr()
    assert "Zanzibar" not in caplog.text + out + err


# --- Clauses, health and the schema ------------------------------------------------------------


def test_a_clause_is_given_in_full(client):
    clause = client.get("/api/clauses/6.1").json()
    assert clause["id"] == "6.1" and clause["title"] == "Respect for colleagues"
    assert len(clause["text"]) > 100
    assert clause["policy"]["version"]
    assert client.get(f"/api/clauses/{clause['ref']}").json() == clause


def test_a_clause_of_an_older_version(client, pack):
    old = pack.versions[0]
    clause = client.get("/api/clauses/6.1", params={"version": old.version}).json()
    assert clause["policy"]["version"] == old.version
    assert clause["text"] == pack.find_clause(old, "6.1").text.strip()


def test_the_clause_text_fits_the_councils_profile(checker, pack):
    client = TestClient(create_app(checker))  # Eastbrook: own time, own devices
    expected = pack.clauses(pack.current, checker.profile)
    shown = client.get("/api/clauses/3.1").json()
    assert shown["ref"] in expected and shown["ref"] == next(r for r, c in expected.items() if c.id == "3.1")


def test_unknown_clauses_and_versions_are_404_with_a_message(client):
    for path, params in (("/api/clauses/99.9", {}), ("/api/clauses/6.1", {"version": "1999-01"})):
        response = client.get(path, params=params)
        assert response.status_code == 404 and response.json()["error"]
    assert client.get("/clauses/99.9").status_code == 404


def test_every_finding_links_to_a_clause_page(client):
    report = post_json(client, {"text": INSULT}).json()
    for finding in report["findings"]:
        page = client.get(f"/clauses/{finding['clause']['ref']}", params={"version": report["policy"]["version"]})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert finding["clause"]["title"] in page.text
        assert "<script" not in page.text


def test_health(client):
    assert client.get("/healthz").json()["status"] == "ok"


def test_the_openapi_schema_describes_the_check(client):
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/api/check"]["post"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Report")
    assert "text" in operation["requestBody"]["content"]["application/json"]["schema"]["properties"]
    for status in ("400", "413", "415", "422"):
        assert status in operation["responses"]
    assert "Report" in schema["components"]["schemas"]
    assert "/api/clauses/{clause_id}" in schema["paths"]
    assert client.get("/docs").status_code == 404  # the docs page would load scripts from a CDN


# --- policy-check serve -------------------------------------------------------------------------


class FakeServer:
    def __init__(self, app, host, port, **kwargs):
        self.app, self.host, self.port, self.kwargs = app, host, port, kwargs
        self.ran = False

    def run(self):
        self.ran = True


@pytest.fixture
def fake_servers(monkeypatch):
    made: list[FakeServer] = []

    def make(app, host, port, **kwargs):
        made.append(FakeServer(app, host, port, **kwargs))
        return made[-1]

    monkeypatch.setattr("policy_check.web.server.make_server", make)
    return made


def test_serve_listens_on_localhost_by_default(fake_servers):
    result = CliRunner().invoke(serve, [], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (server,) = fake_servers
    assert (server.host, server.port, server.ran) == ("127.0.0.1", 8000, True)
    assert "http://127.0.0.1:8000/" in result.output
    assert TestClient(server.app).post("/api/check", json={"text": INSULT}).json()["verdict"] == "breach"


def test_serve_takes_host_port_org_and_pack(fake_servers, pack):
    result = CliRunner().invoke(
        serve,
        ["--host", "0.0.0.0", "--port", "8123", "--org", str(PROFILES / "tendring.yaml"), "--pack", str(pack.root)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    (server,) = fake_servers
    assert (server.host, server.port) == ("0.0.0.0", 8123)
    assert "Warning" in result.output and "Tendring" in result.output


def test_serve_reports_a_bad_profile_clearly(tmp_path, fake_servers):
    bad = tmp_path / "org.yaml"
    bad.write_text("aliases: [just, aliases]\n", encoding="utf-8")
    result = CliRunner().invoke(serve, ["--org", str(bad)])
    assert result.exit_code == 2 and "Error" in result.output
    assert not fake_servers


def test_the_server_never_writes_an_access_log(checker):
    assert make_server(create_app(checker), "127.0.0.1", 0).config.access_log is False
