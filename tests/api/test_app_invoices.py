"""Drafts: corrections kept with who and when, checks and blockers recomputed, submit
refused with blockers, the hand-off in the outbox and delivered to a webhook; lists;
directory search."""

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest
from fastapi.testclient import TestClient

from api.delivery import Deliverer
from models.db import database_url, make_engine
from tests.api.conftest import OTHER_STRUCTURE, ROOT, Env, Sample, deposit


@pytest.fixture
def draft(client: TestClient, env: Env, samples: list[Sample]) -> dict:
    doc = deposit(client, env, "supplier_a", samples[0].data).json()["id"]
    env.drain()
    read = client.get(f"/api/documents/{doc}", headers=env.auth("supplier_a")).json()
    return {"document": doc, "id": read["invoice"]["id"], "truth": samples[0].truth}


def test_the_draft_is_prefilled_from_the_extraction(
    client: TestClient, env: Env, draft
):
    invoice = client.get(
        f"/api/invoices/{draft['id']}", headers=env.auth("clerk_a")
    ).json()
    truth = draft["truth"]
    for name in ("invoice_number", "invoice_date", "supplier_siret", "buyer_siret",
                 "total_ht", "total_vat", "total_ttc"):  # fmt: skip
        assert invoice["fields"][name] == truth[name], name
    assert invoice["vat_breakdown"] == truth["vat_breakdown"]
    assert invoice["status"] == "brouillon"
    assert invoice["blockers"] == []
    assert invoice["checks"] == []
    assert invoice["history"][0]["to_status"] == "brouillon"


def test_corrections_are_kept_with_who_and_when_and_checks_recomputed(
    client: TestClient, env: Env, draft
):
    truth = draft["truth"]
    before = datetime.now(UTC)
    wrong_ttc = "99999.99"
    answer = client.patch(
        f"/api/invoices/{draft['id']}", headers=env.auth("clerk_a"),
        json={"fields": {"total_ttc": wrong_ttc, "contract_number": "M-2026-7"}},
    )  # fmt: skip
    assert answer.status_code == 200
    invoice = answer.json()
    assert invoice["fields"]["total_ttc"] == wrong_ttc
    assert [c["field"] for c in invoice["corrections"]] == [
        "total_ttc",
        "contract_number",
    ]
    first = invoice["corrections"][0]
    assert (first["old_value"], first["new_value"], first["actor"]) == (
        truth["total_ttc"], wrong_ttc, "clerk_a",
    )  # fmt: skip
    assert datetime.fromisoformat(first["at"]) >= before
    assert [c["code"] for c in invoice["checks"]] == ["totals_mismatch"]

    fixed = client.patch(
        f"/api/invoices/{draft['id']}", headers=env.auth("supplier_a"),
        json={"fields": {"total_ttc": truth["total_ttc"]}},
    ).json()  # fmt: skip
    assert fixed["checks"] == []
    assert fixed["corrections"][-1]["actor"] == "supplier_a"

    lines = client.patch(
        f"/api/invoices/{draft['id']}", headers=env.auth("supplier_a"),
        json={"vat_breakdown": [{"rate": "20.00", "base": "10.00", "amount": "3.00"}]},
    ).json()  # fmt: skip
    codes = {c["code"] for c in lines["checks"]}
    assert {"vat_line_arithmetic", "vat_lines_mismatch"} <= codes
    assert lines["corrections"][-1]["field"] == "vat_breakdown"
    assert json.loads(lines["corrections"][-1]["old_value"]) == truth["vat_breakdown"]


def test_a_bad_correction_is_refused_with_its_code(client: TestClient, env: Env, draft):
    for fields, code in (({"total_ttc": "abc"}, "invalid_value"),
                         ({"colour": "red"}, "unknown_field")):  # fmt: skip
        answer = client.patch(
            f"/api/invoices/{draft['id']}",
            headers=env.auth("admin"),
            json={"fields": fields},
        )
        assert answer.status_code == 422
        assert answer.json()["error"]["code"] == code


def test_submit_is_refused_with_the_blockers_then_hands_off(
    client: TestClient, env: Env, draft
):
    truth = draft["truth"]
    unknown = client.patch(
        f"/api/invoices/{draft['id']}", headers=env.auth("supplier_a"),
        json={"fields": {"buyer_siret": OTHER_STRUCTURE}},
    ).json()  # fmt: skip
    assert [b["code"] for b in unknown["blockers"]] == ["structure_unknown"]
    refused = client.post(
        f"/api/invoices/{draft['id']}/submit", headers=env.auth("supplier_a")
    )
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "invoice_has_blockers"
    assert [b["code"] for b in error["blockers"]] == ["structure_unknown"]
    still = client.get(f"/api/invoices/{draft['id']}", headers=env.auth("admin")).json()
    assert still["status"] == "brouillon"
    assert client.get("/api/outbox", headers=env.auth("admin")).json()["events"] == []

    client.patch(
        f"/api/invoices/{draft['id']}", headers=env.auth("supplier_a"),
        json={"fields": {"buyer_siret": truth["buyer_siret"]}},
    )  # fmt: skip
    done = client.post(
        f"/api/invoices/{draft['id']}/submit", headers=env.auth("supplier_a")
    )
    assert done.status_code == 200
    assert done.json()["invoice"]["portal_status"] == "DEPOSEE"
    again = client.post(
        f"/api/invoices/{draft['id']}/submit", headers=env.auth("supplier_a")
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "illegal_transition"

    pulled = client.get("/api/outbox", headers=env.auth("admin")).json()
    [event] = pulled["events"]
    assert event["event_id"] == done.json()["event_id"]
    deposit_ = event["invoice"]
    assert deposit_["numeroFactureSaisi"] == truth["invoice_number"]
    assert deposit_["destinataire"]["codeDestinataire"] == truth["buyer_siret"]
    assert [line["ligneTvaMontantTvaParTaux"] for line in deposit_["ligneTva"]] == [
        line["amount"] for line in truth["vat_breakdown"]
    ]
    link = deposit_["pieceJointePrincipale"]["lien"]
    assert link.endswith(f"/api/documents/{draft['document']}/file")
    assert pulled["next_after"] == event["id"]
    later = client.get(
        f"/api/outbox?after={event['id']}", headers=env.auth("admin")
    ).json()
    assert later["events"] == []


def test_the_outbox_is_delivered_to_the_webhook_with_retries_and_a_key(
    client: TestClient, env: Env, draft
):
    client.post(f"/api/invoices/{draft['id']}/submit", headers=env.auth("supplier_a"))
    received: list[tuple[str, dict]] = []
    answers = iter([503, 200, 200])

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            received.append(
                (self.headers["Idempotency-Key"], json.loads(self.rfile.read(length)))
            )
            self.send_response(next(answers))
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    engine = make_engine(database_url(env.config.data_dir, None))
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    deliverer = Deliverer(engine, url, "http://ingest.test")
    try:
        with httpx.Client() as http:
            assert deliverer.deliver_due(http) == 0  # 503: kept for a later try
            deliverer._next_try.clear()  # the backoff is waited for, not slept here
            assert deliverer.deliver_due(http) == 1
            assert deliverer.deliver_due(http) == 0  # nothing left
    finally:
        server.shutdown()
    assert len(received) == 2
    (key1, body1), (key2, body2) = received
    assert key1 == key2 == body1["event_id"]
    assert body1 == body2
    assert body1["invoice"]["numeroFactureSaisi"] == draft["truth"]["invoice_number"]
    event = client.get("/api/outbox", headers=env.auth("admin")).json()["events"][0]
    assert event["event_id"] == key1


def test_lists_filter_and_put_the_least_sure_first(
    client: TestClient, env: Env, samples: list[Sample]
):
    ids = [deposit(client, env, "admin", s.data).json()["id"] for s in samples]
    deposit(client, env, "admin", b"not a pdf at all")
    env.drain()
    auth = env.auth("admin")
    first = client.get(f"/api/documents/{ids[0]}", headers=auth).json()
    client.patch(
        f"/api/invoices/{first['invoice']['id']}", headers=auth,
        json={"fields": {"buyer_siret": OTHER_STRUCTURE}},
    )  # fmt: skip

    def listed(query: str) -> list[int]:
        return [
            d["id"] for d in client.get(f"/api/documents?{query}", headers=auth).json()
        ]

    assert listed("status=done") == sorted(ids, reverse=True)
    assert len(listed("status=failed")) == 1
    assert listed("has_blockers=true") == [ids[0]]
    assert listed("has_blockers=false") == sorted(ids[1:], reverse=True)
    assert listed(f"supplier={samples[1].truth['supplier_siret']}") == [ids[1]]
    assert listed(f"structure={samples[2].truth['buyer_siret']}") == [ids[2]]
    assert listed("invoice_status=brouillon&limit=2") == sorted(ids, reverse=True)[:2]
    by_confidence = client.get(
        "/api/documents?order=confidence&status=done", headers=auth
    )
    values = [d["min_confidence"] for d in by_confidence.json()]
    assert values == sorted(values)
    assert client.get("/api/documents?status=lost", headers=auth).status_code == 422


def test_the_directory_is_searched_by_siret_siren_or_name(
    client: TestClient, env: Env, samples: list[Sample]
):
    truth = samples[2].truth
    auth = env.auth("supplier_b")
    by_siret = client.get(
        f"/api/directory/structures?q={truth['buyer_siret']}", headers=auth
    )
    [structure] = by_siret.json()
    assert structure["siret"] == truth["buyer_siret"]
    by_siren = client.get(
        f"/api/directory/structures?q={truth['buyer_siret'][:9]}", headers=auth
    ).json()
    assert truth["buyer_siret"] in [s["siret"] for s in by_siren]
    assert all(s["siret"].startswith(truth["buyer_siret"][:9]) for s in by_siren)
    name = structure["name"]
    by_name = client.get(
        f"/api/directory/structures?q={name.lower()}", headers=auth
    ).json()
    assert truth["buyer_siret"] in [s["siret"] for s in by_name]
    services = (ROOT / "samples" / "annuaire" / "services.csv").read_text(
        encoding="utf-8"
    )
    header, first = services.splitlines()[:2]
    row = dict(zip(header.split(";"), first.split(";"), strict=True))
    [one] = client.get(
        f"/api/directory/structures?q={row['Identifiant']}", headers=auth
    ).json()
    assert row["Code"] in [v["code"] for v in one["services"]]
    alone = client.get(f"/api/directory/structures/{one['siret']}", headers=auth).json()
    assert alone["services"] == one["services"]
    assert {"code", "name", "active", "engagement_required"} == set(one["services"][0])
    missing = client.get(f"/api/directory/structures/{OTHER_STRUCTURE}", headers=auth)
    assert missing.status_code == 404
