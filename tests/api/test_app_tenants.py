"""Every route tried across tenants: another supplier's or another structure's
document or invoice is a 404, and its data never shows."""

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import Env, Sample, deposit

OWN = {
    "supplier_a": "a",
    "clerk_a": "a",
    "supplier_b": "b",
    "clerk_b": "b",
}
"""Whose document each user may see: a's (supplier A, addressed to clerk A's
structure) or b's."""


@pytest.fixture
def two(client: TestClient, env: Env, samples: list[Sample]) -> dict[str, dict]:
    """Supplier A's and supplier B's documents, processed, with their drafts."""
    docs = {}
    for key, user, sample in (
        ("a", "supplier_a", samples[0]),
        ("b", "supplier_b", samples[1]),
    ):
        docs[key] = {
            "id": deposit(client, env, user, sample.data).json()["id"],
            "sample": sample,
        }
    env.drain()
    for doc in docs.values():
        read = client.get(
            f"/api/documents/{doc['id']}", headers=env.auth("admin")
        ).json()
        doc["invoice"] = read["invoice"]["id"]
        doc["sha256"] = read["sha256"]
    return docs


def routes(doc: dict) -> list[tuple[str, str, dict | None]]:
    """Every route that names a document or an invoice."""
    d, i = doc["id"], doc["invoice"]
    return [
        ("GET", f"/api/documents/{d}", None),
        ("GET", f"/api/documents/{d}/file", None),
        ("GET", f"/api/documents/{d}/pages/1.png", None),
        ("GET", f"/api/invoices/{i}", None),
        ("PATCH", f"/api/invoices/{i}", {"fields": {"contract_number": "M-1"}}),
        ("POST", f"/api/invoices/{i}/submit", None),
    ]


@pytest.mark.parametrize(
    ("user", "other"),
    [
        ("supplier_a", "b"),
        ("supplier_b", "a"),
        ("clerk_a", "b"),
        ("clerk_b", "a"),
        ("clerk_x", "a"),
        ("clerk_x", "b"),
    ],
)
def test_another_tenants_records_are_not_found_on_every_route(
    client: TestClient, env: Env, two: dict[str, dict], user: str, other: str
):
    theirs = two[other]
    for method, path, body in routes(theirs):
        answer = client.request(method, path, headers=env.auth(user), json=body)
        assert answer.status_code == 404, (method, path)
        assert answer.json()["error"]["code"] == "not_found"
        text = answer.text
        assert theirs["sha256"] not in text
        assert theirs["sample"].truth["invoice_number"] not in text
    # Nothing was changed through the refused routes.
    invoice = client.get(
        f"/api/invoices/{theirs['invoice']}", headers=env.auth("admin")
    )
    assert invoice.json()["status"] == "brouillon"
    assert invoice.json()["corrections"] == []


@pytest.mark.parametrize("user", ["supplier_a", "clerk_a", "supplier_b", "clerk_b"])
def test_each_user_reads_its_own_on_every_read_route(
    client: TestClient, env: Env, two: dict[str, dict], user: str
):
    own = two[OWN[user]]
    for method, path, _ in routes(own)[:4]:
        answer = client.request(method, path, headers=env.auth(user))
        assert answer.status_code == 200, (method, path)


@pytest.mark.parametrize(
    "user", ["supplier_a", "supplier_b", "clerk_a", "clerk_b", "clerk_x"]
)
def test_lists_hold_only_what_the_user_may_see(
    client: TestClient, env: Env, two: dict[str, dict], user: str
):
    listed = client.get("/api/documents", headers=env.auth(user)).json()
    expected = [two[OWN[user]]["id"]] if user in OWN else []
    assert [d["id"] for d in listed] == expected
    # Filters never widen the scope.
    for query in ("status=done", f"structure={two['b']['sample'].truth['buyer_siret']}",
                  f"supplier={two['a']['sample'].truth['supplier_siret']}",
                  "has_blockers=false", "order=confidence"):  # fmt: skip
        filtered = client.get(f"/api/documents?{query}", headers=env.auth(user)).json()
        assert {d["id"] for d in filtered} <= set(expected), query


def test_the_admin_sees_every_tenant(
    client: TestClient, env: Env, two: dict[str, dict]
):
    listed = client.get("/api/documents", headers=env.auth("admin")).json()
    assert sorted(d["id"] for d in listed) == sorted(d["id"] for d in two.values())


def test_no_token_or_a_wrong_one_is_refused(client: TestClient, env: Env, two: dict):
    doc = two["a"]["id"]
    for headers in (
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Basic eDp5"},
    ):
        answer = client.get(f"/api/documents/{doc}", headers=headers)
        assert answer.status_code == 401
        assert answer.json()["error"]["code"] == "unauthorized"
    assert client.get("/api/me", headers=env.auth("clerk_a")).json() == {
        "name": "clerk_a", "role": "clerk", "siret": two["a"]["sample"].truth["buyer_siret"],
    }  # fmt: skip


def test_roles_limit_what_may_be_done(
    client: TestClient, env: Env, samples: list[Sample], two: dict[str, dict]
):
    refused = deposit(client, env, "clerk_a", samples[2].data)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    submit = client.post(
        f"/api/invoices/{two['a']['invoice']}/submit", headers=env.auth("clerk_a")
    )
    assert submit.status_code == 403
    outbox = client.get("/api/outbox", headers=env.auth("supplier_a"))
    assert outbox.status_code == 403
