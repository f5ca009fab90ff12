"""The REST API on the bundled example, in process (FastAPI's TestClient) on SQLite and, when
ACCORD_TEST_PG is set, PostgreSQL: reads, auth, problem+json on bad input with the store
unchanged, review corrections feeding situation and forecasts, jobs, export."""

from __future__ import annotations

import json
import warnings

import pytest

from accord.errors import InputError

with warnings.catch_warnings():  # starlette's note about httpx vs httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from tests._serve_live import EXAMPLE, ROOT

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ACTORS = "USA,IRN,ISR"


@pytest.fixture
def store(db_url):  # noqa: ANN001, ANN201
    from accord import api
    from accord.store import Store

    st = Store(db_url)
    rep = api.ingest([EXAMPLE / "briefing.txt"], db=st)
    assert rep.stored == 1 and rep.events and rep.events > 5
    yield st
    st.close()


def _client(store, **cfg) -> TestClient:  # noqa: ANN001
    from accord.server.app import Config, create_app

    return TestClient(create_app(Config(env_token=TOKEN, **cfg), store=store),
                      raise_server_exceptions=False)


@pytest.fixture
def client(store):  # noqa: ANN001, ANN201
    with _client(store) as c:
        yield c


def _problem(r, status: int) -> dict:  # noqa: ANN001
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["detail"]
    text = r.text
    assert "Traceback" not in text and "SELECT" not in text and "sqlalchemy" not in text
    return body


def test_reads_show_the_example(client):  # noqa: ANN001
    h = client.get("/api/health").json()
    assert h["status"] == "ok" and h["revision"] == "0004"
    paths = client.get("/api/openapi.json").json()["paths"]
    for p in ("/api/articles", "/api/events", "/api/situation", "/api/timeline",
              "/api/scenarios", "/api/simulate", "/api/backtest", "/api/jobs/{job_id}",
              "/api/forecasts", "/api/forecasts/explain", "/api/questions", "/api/score",
              "/api/review", "/api/events/{event_id}/review"):
        assert p in paths
    ev = client.get("/api/events", params={"actors": ACTORS}).json()
    assert ev["count"] == len(ev["events"]) > 5
    threat = [e for e in ev["events"] if e["type"] == "THREATEN"]
    assert threat and "armada" in threat[0]["evidence"]["sentence"]
    assert threat[0]["article"]["title"]
    # filters narrow, pagination pages
    assert {e["quad"] for e in client.get("/api/events", params={"quad": 4}).json()["events"]} == {4}
    conf = client.get("/api/events", params={"min_confidence": 0.9}).json()["events"]
    assert conf and all(e["confidence"] >= 0.9 for e in conf) and len(conf) < ev["count"]
    page = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert [e["id"] for e in page["events"]] == [e["id"] for e in
                                                 client.get("/api/events").json()["events"][2:4]]
    arts = client.get("/api/articles").json()
    assert arts["count"] == 1 and arts["articles"][0]["events"] >= ev["count"]
    art = client.get(f"/api/articles/{arts['articles'][0]['id']}").json()
    assert "White House" in art["text"] and art["events"]
    assert all(art["text"][e["evidence"]["start"]:e["evidence"]["end"]] for e in art["events"])
    sit = client.get("/api/situation", params={"actors": ACTORS}).json()
    assert sit["as_of"] == "2026-02-07" and sit["escalation"]["level"] >= 2
    tl = client.get("/api/timeline", params={"actors": ACTORS, "from": "2026-02-01"}).json()
    assert any(r["actor"] == "USA" and r["recipient"] == "IRN" for r in tl["rows"])
    net = client.get("/api/network").json()
    usa_irn = [link for link in net["links"] if (link["actor"], link["recipient"]) == ("USA", "IRN")]
    assert usa_irn and usa_irn[0]["score"] < 0  # a threat: conflict
    assert client.get("/api/review").json()["items"]


def test_writes_need_a_token(client, store):  # noqa: ANN001
    from accord.store import review

    writes = [("post", "/api/articles", {"json": {"text": "Iran and Oman met on Monday."}}),
              ("post", "/api/questions", {"json": {"id": "q1", "text": "Deal?"}}),
              ("post", "/api/forecasts", {"json": {"actors": ["USA", "IRN"]}}),
              ("post", "/api/simulate", {"json": {"scenario_id": "x"}}),
              ("post", "/api/backtest", {"json": {"actors": ["USA"]}}),
              ("post", "/api/scenarios", {"content": b"name: x"}),
              ("put", "/api/scenarios/x", {"content": b"name: x"}),
              ("delete", "/api/scenarios/x", {}),
              ("post", "/api/corrections/1/undo", {}),
              ("post", "/api/events/x.y/review", {"json": {"action": "reject"}})]
    before = store.counts()
    for method, path, kw in writes:
        r = getattr(client, method)(path, **kw)
        _problem(r, 401)
        assert r.headers["www-authenticate"] == "Bearer"
        r = getattr(client, method)(path, headers={"Authorization": "Bearer wrong"}, **kw)
        _problem(r, 401)
    assert store.counts() == before
    # a stored token works and names the author; the environment token works too
    tok = review.create_token(store, "ana")
    r = client.post("/api/questions", json={"id": "q1", "text": "A deal by June?"},
                    headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code == 201 and store.question("q1") is not None
    assert client.post("/api/questions", json={"id": "q2", "text": "Strike?"},
                       headers=AUTH).status_code == 201
    # only the hash is stored
    from sqlalchemy import text
    with store.engine.connect() as conn:
        stored = [r[0] for r in conn.execute(text("SELECT token_hash FROM api_tokens"))]
    assert tok not in stored and review.hash_token(tok) in stored
    # a revoked token is refused
    review.revoke_token(store, review.tokens(store)[0]["id"])
    _problem(client.post("/api/questions", json={"id": "q3", "text": "x"},
                         headers={"Authorization": f"Bearer {tok}"}), 401)


def test_private_guards_reads_and_cors_is_off_by_default(store):  # noqa: ANN001
    with _client(store, private=True) as c:
        _problem(c.get("/api/events"), 401)
        assert c.get("/api/events", headers=AUTH).status_code == 200
    with _client(store) as c:
        r = c.get("/api/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers
        assert r.headers["x-content-type-options"] == "nosniff"
        page = c.get("/")
        assert page.status_code == 200 and "vega-lite.min.js" in page.text
        assert c.get("/static/vendor/vega.min.js").status_code == 200
    with _client(store, cors=["https://desk.example"]) as c:
        r = c.get("/api/health", headers={"Origin": "https://desk.example"})
        assert r.headers["access-control-allow-origin"] == "https://desk.example"


def test_bad_input_is_problem_json_and_leaves_the_store(client, store):  # noqa: ANN001
    before = store.counts()
    body = _problem(client.post("/api/articles", json={"text": 5}, headers=AUTH), 422)
    assert "field 'text' must be a string" in body["detail"]
    _problem(client.post("/api/articles", content=b"{not json", headers={
        **AUTH, "content-type": "application/json"}), 422)
    _problem(client.post("/api/articles", content=b"hello", headers={
        **AUTH, "content-type": "text/html"}), 415)
    _problem(client.get("/api/events", params={"actors": "Narnia"}), 422)
    _problem(client.get("/api/events", params={"quad": 9}), 422)
    _problem(client.get("/api/situation", params={"actors": "USA", "as_of": "0001-01-02"}), 422)
    _problem(client.get("/api/articles/nope"), 404)
    _problem(client.post("/api/forecasts", json={"actors": []}, headers=AUTH), 422)
    _problem(client.post("/api/events/nope.abc/review", json={"action": "reject"},
                         headers=AUTH), 404)
    big = b'{"text": "' + b"a" * (11 * 1024 * 1024) + b'"}'
    _problem(client.post("/api/articles", content=big, headers={
        **AUTH, "content-type": "application/json"}), 413)
    chunks = (b"a" * (1024 * 1024) for _ in range(12))  # streamed: no Content-Length
    _problem(client.post("/api/articles", content=chunks, headers={
        **AUTH, "content-type": "application/x-ndjson"}), 413)
    assert store.counts() == before
    # the scenario validator of `accord scenario check`: 422 with the field path
    yaml_text = (EXAMPLE / "scenario.yaml").read_text(encoding="utf-8")
    bad = yaml_text.replace("salience: 0.", "salience: 1.", 1)
    body = _problem(client.post("/api/scenarios", content=bad.encode(), headers={
        **AUTH, "content-type": "application/yaml"}), 422)
    assert body["errors"][0]["field"].startswith("positions[") and "salience" in body["detail"]
    from accord.io.scenario_yaml import parse_scenario
    with pytest.raises(InputError) as cli_err:
        parse_scenario(bad, where="body")
    assert str(cli_err.value) == body["detail"]  # the CLI's message, word for word
    assert client.get("/api/scenarios").json()["scenarios"] == []
    # a JSONL batch: a bad line is reported, the good one stored
    lines = [json.dumps({"text": "Oman's foreign minister met Iran's foreign minister in "
                         "Muscat on Monday.", "date": "2026-02-09", "url": "https://e.org/1"}),
             json.dumps({"text": 7})]
    r = client.post("/api/articles", content="\n".join(lines).encode(),
                    headers={**AUTH, "content-type": "application/x-ndjson"})
    assert r.status_code == 201, r.text
    rep = r.json()
    assert rep["stored"] == 1 and rep["failed"] == 1
    assert rep["items"][1]["origin"] == "body:2" and "must be a string" in rep["items"][1]["error"]
    assert store.counts()["articles"] == before["articles"] + 1


def _outcomes(client) -> dict:  # noqa: ANN001
    r = client.post("/api/forecasts", json={"actors": ACTORS.split(","), "horizon_days": 30,
                                            "runs": 1000, "seed": 1}, headers=AUTH)
    assert r.status_code == 201, r.text
    return r.json()


def test_review_corrections_feed_situation_and_forecast(client, store, tmp_path,  # noqa: ANN001
                                                         monkeypatch):  # noqa: ANN001
    # the crisis model's own reading of a threat (the signal-hazard layer, which ignores
    # threats, is tested in test_signal_hazard.py)
    monkeypatch.setenv("ACCORD_SIGNAL_FIT", "none")
    f0 = _outcomes(client)
    s0 = client.get("/api/situation", params={"actors": ACTORS}).json()
    threat = next(e for e in client.get("/api/review", params={"all": True}).json()["items"]
                  if e["type"] == "THREATEN")
    r = client.post(f"/api/events/{threat['id']}/review", json={"action": "reject",
                                                                "note": "test"}, headers=AUTH)
    assert r.status_code == 201, r.text
    corr = r.json()
    assert corr["author"] == "ACCORD_TOKEN" and corr["created_at"]
    assert threat["id"] not in {e["id"] for e in client.get("/api/events").json()["events"]}
    assert threat["id"] in {e["id"] for e in client.get(
        "/api/events", params={"corrected": False}).json()["events"]}
    s1 = client.get("/api/situation", params={"actors": ACTORS}).json()
    # the deployment keeps the level at "mobilization"; the threat leaves its evidence and
    # the conflict index
    assert s1["escalation"]["level"] <= s0["escalation"]["level"]
    assert s1["escalation"]["index"] < s0["escalation"]["index"], (s0["escalation"],
                                                                   s1["escalation"])
    f1 = _outcomes(client)
    assert f1["inputs_hash"] != f0["inputs_hash"]
    assert f1["outcomes"]["strike"] < 0.8 * f0["outcomes"]["strike"]  # the threat drove it
    # the forecast record explains the move
    x = client.get("/api/forecasts/explain", params={"question": f1["question"],
                                                     "horizon": 30}).json()
    assert any(c["kind"] == "outcome" and c["name"] == "strike" for c in x["changes"])
    # undo restores the extraction's reading
    assert client.post(f"/api/corrections/{corr['id']}/undo", headers=AUTH).json()["undone_at"]
    assert client.get("/api/situation", params={"actors": ACTORS}).json()["escalation"] == \
        s0["escalation"]
    assert _outcomes(client)["outcomes"] == f0["outcomes"]
    # an edit re-types an event and can move it to other actors
    agree = next(e for e in client.get("/api/events").json()["events"] if e["type"] == "AGREE"
                 and e["factuality"] == "asserted")
    _problem(client.post(f"/api/events/{agree['id']}/review", json={
        "action": "edit", "type": "NOPE"}, headers=AUTH), 422)
    _problem(client.post(f"/api/events/{agree['id']}/review", json={
        "action": "edit", "type": "CONSULT", "mode": "nope"}, headers=AUTH), 422)
    r = client.post(f"/api/events/{agree['id']}/review", json={
        "action": "edit", "type": "REJECT", "actor": ["Oman"], "recipient": ["IRN"]},
        headers=AUTH)
    assert r.status_code == 201, r.text
    omn = client.get("/api/events", params={"actors": "OMN"}).json()["events"]
    assert [e["type"] for e in omn] == ["REJECT"] and omn[0]["quad"] == 3
    assert omn[0]["review"]["action"] == "edit"
    # export in the training formats: the CLI on the same store
    from tests._serve_live import accord

    from accord.nlp.evaluate_roles import read_roles
    from accord.nlp.train import read_quad_tsv

    client.post(f"/api/events/{threat['id']}/review", json={"action": "reject"}, headers=AUTH)
    strike = next(e for e in client.get("/api/events").json()["events"]
                  if e["type"] == "ASSAULT")
    client.post(f"/api/events/{strike['id']}/review", json={"action": "accept"}, headers=AUTH)
    quad = tmp_path / "quad.tsv"
    out = accord("--db", store.url, "events", "export", "--corrections", "--format", "quad",
                 "--out", str(quad))
    assert "wrote 3 sentence(s)" in out
    texts, labels = read_quad_tsv(quad)
    by_text = dict(zip(texts, labels, strict=True))
    assert by_text[threat["evidence"]["sentence"]] == 0  # rejected: no event in it
    assert by_text[agree["evidence"]["sentence"]] == 3  # re-typed as a rejection
    assert by_text[strike["evidence"]["sentence"]] == 4  # accepted: material conflict
    roles = tmp_path / "roles.txt"
    accord("--db", store.url, "events", "export", "--corrections", "--format", "roles",
           "--out", str(roles))
    sents = read_roles(roles)  # the rejected and the re-assigned sentence have no roles
    assert len(sents) == 1
    tagged = {k: [" ".join(span) for span in v] for k, v in sents[0].spans.items()}
    assert tagged == {"S": [strike["actor"][0]["text"]], "T": [strike["recipient"][0]["text"]]}


def test_scenarios_jobs_questions_score(client, store):  # noqa: ANN001
    y = (EXAMPLE / "scenario.yaml").read_bytes()
    v = client.post("/api/scenarios/validate", content=y,
                    headers={"content-type": "application/yaml"}).json()
    assert v["valid"] and v["actors"] == 5
    r = client.post("/api/scenarios", content=y, headers={**AUTH, "content-type":
                                                          "application/yaml"})
    assert r.status_code == 201 and r.headers["location"] == "/api/scenarios/us-iran-2026"
    _problem(client.post("/api/scenarios", content=y, headers={
        **AUTH, "content-type": "application/yaml"}), 409)
    sc = client.get("/api/scenarios/us-iran-2026").json()["scenario"]
    assert sc["positions"][0]["source"]["note"]
    sc["name"] = "renamed"
    r = client.put("/api/scenarios/us-iran-2026", json=sc, headers=AUTH)
    assert r.status_code == 200 and not r.json()["created"]
    job = client.post("/api/simulate", json={"scenario_id": "us-iran-2026", "model": "eum",
                                             "runs": 300, "seed": 1}, headers=AUTH)
    assert job.status_code == 202
    jid = job.json()["id"]
    import time

    for _ in range(300):
        j = client.get(f"/api/jobs/{jid}").json()
        if j["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert j["status"] == "done" and j["progress"]["done"] == j["progress"]["total"] == 300
    res = client.get(f"/api/jobs/{jid}/result").json()["result"]
    from accord import api

    direct = api.simulate(api.load_scenario(EXAMPLE / "scenario.yaml"), model="eum",
                          runs=300, seed=1)
    assert [i["prediction"] for i in res["issues"]] == [i.prediction for i in direct.issues]
    _problem(client.get("/api/jobs/nope"), 404)
    # backtest replays the stored article dates
    client.post("/api/questions", json={"id": "deal-q", "text": "A deal?"}, headers=AUTH)
    assert client.post("/api/questions/deal-q/resolve", json={"outcome": "deal"},
                       headers=AUTH).json()["resolved"] == "deal"
    jid = client.post("/api/backtest", json={"actors": ["USA", "IRN"], "runs": 200,
                                             "question": "deal-q"}, headers=AUTH).json()["id"]
    for _ in range(300):
        j = client.get(f"/api/jobs/{jid}").json()
        if j["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    bt = client.get(f"/api/jobs/{jid}/result").json()["result"]
    assert [f["as_of"] for f in bt["forecasts"]] == ["2026-02-07"] and 0 <= bt["brier"] <= 2
    assert client.get("/api/score").json()["n"] == 0
    client.post("/api/forecasts", json={"actors": ["USA", "IRN"], "question": "deal-q",
                                        "runs": 500}, headers=AUTH)
    s = client.get("/api/score").json()
    assert s["n"] == 1 and 0 <= s["brier"] <= 2
    hist = client.get("/api/forecasts", params={"question": "deal-q"}).json()
    assert [g["question"] for g in hist["groups"]] == ["deal-q"]
    assert client.delete("/api/scenarios/us-iran-2026", headers=AUTH).status_code == 204
    _problem(client.get("/api/scenarios/us-iran-2026"), 404)


def test_token_command_and_serve_help(tmp_path):  # noqa: ANN001
    from tests._serve_live import accord

    db = f"sqlite:///{tmp_path / 't.db'}"
    tok = accord("--db", db, "token", "create", "--name", "desk").strip()
    assert tok.startswith("acc_") and len(tok) > 30
    listed = json.loads(accord("--db", db, "token", "list", "--json"))
    assert [t["name"] for t in listed["tokens"]] == ["desk"] and tok not in json.dumps(listed)
    helptext = accord("serve", "--help")
    for flag in ("--host", "--port", "--private", "--cors", "--max-body"):
        assert flag in helptext
    assert (ROOT / "src/accord/server/static/vendor/vega-lite.min.js").stat().st_size > 100_000
