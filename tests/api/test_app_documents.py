"""The deposit API end to end: deposit, process, read; dedup; pages; bad files kept."""

import json
import socket
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlmodel import select

from api.app import create_app
from models.db import database_url, make_engine, session
from models.documents import Document, ExtractionRecord, blob_store
from samples import hostile
from tests.api.conftest import (
    Env,
    Sample,
    deposit,
    make_config,
    prepare,
    served,
    wait_for,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_a_deposit_is_accepted_at_once_then_read_in_the_background(
    client: TestClient, env: Env, samples: list[Sample]
):
    sample = samples[0]
    answer = deposit(client, env, "supplier_a", sample.data)
    assert answer.status_code == 202
    body = answer.json()
    assert body["status"] == "queued"
    assert len(body["sha256"]) == 64
    before = client.get(f"/api/documents/{body['id']}", headers=env.auth("supplier_a"))
    assert before.json()["status"] == "queued"
    assert before.json()["extraction"] is None

    assert env.drain() == 1
    read = client.get(f"/api/documents/{body['id']}", headers=env.auth("supplier_a"))
    assert read.status_code == 200
    doc = read.json()
    assert doc["status"] == "done"
    assert doc["error"] is None
    fields = doc["extraction"]["fields"]
    for name in ("invoice_number", "supplier_siret", "buyer_siret", "total_ttc"):
        assert fields[name]["value"] == sample.truth[name], name
    assert doc["signature"]["status"] == "none"
    assert doc["match"]["structure"]["siret"] == sample.truth["buyer_siret"]
    assert doc["depositor_siret"] == sample.truth["supplier_siret"]
    assert doc["invoice"]["invoice_number"] == sample.truth["invoice_number"]
    assert doc["min_confidence"] == min(f["confidence"] for f in fields.values())


def test_the_same_bytes_deposited_again_give_the_same_document(
    client: TestClient, env: Env, samples: list[Sample]
):
    first = deposit(client, env, "supplier_a", samples[0].data, "a.pdf")
    again = deposit(client, env, "supplier_a", samples[0].data, "renamed.pdf")
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"]
    assert env.drain() == 1
    third = deposit(client, env, "admin", samples[0].data)
    assert third.status_code == 200
    assert third.json() == {**first.json(), "status": "done"}


def test_bytes_another_supplier_deposited_are_refused_without_naming_its_document(
    client: TestClient, env: Env, samples: list[Sample]
):
    first = deposit(client, env, "supplier_a", samples[0].data, "a.pdf")
    other = deposit(client, env, "supplier_b", samples[0].data, "b.pdf")
    assert other.status_code == 409
    answer = other.json()
    assert answer["error"]["code"] == "deposited_by_another_supplier"
    assert str(first.json()["id"]) not in json.dumps(answer)
    assert first.json()["sha256"] not in json.dumps(answer)
    listed = client.get("/api/documents", headers=env.auth("supplier_b")).json()
    assert listed == []


def test_the_stored_file_is_named_by_its_hash_never_by_the_client(
    client: TestClient, env: Env, samples: list[Sample]
):
    hostile_name = "../../etc/evil.pdf"
    answer = deposit(client, env, "supplier_a", samples[0].data, hostile_name)
    sha256 = answer.json()["sha256"]
    stored = blob_store(env.config.data_dir).path(sha256)
    assert stored.read_bytes() == samples[0].data
    assert not list(env.config.data_dir.rglob("evil.pdf"))
    doc = client.get(f"/api/documents/{answer.json()['id']}", headers=env.auth("admin"))
    assert doc.json()["filename"] == "evil.pdf"
    original = client.get(
        f"/api/documents/{answer.json()['id']}/file", headers=env.auth("supplier_a")
    )
    assert original.content == samples[0].data


def test_a_page_is_rendered_as_png_within_the_size_cap(
    client: TestClient, env: Env, samples: list[Sample]
):
    doc_id = deposit(client, env, "supplier_a", samples[0].data).json()["id"]
    early = client.get(
        f"/api/documents/{doc_id}/pages/1.png", headers=env.auth("admin")
    )
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "document_not_ready"
    env.drain()
    png = client.get(
        f"/api/documents/{doc_id}/pages/1.png?width=600", headers=env.auth("supplier_a")
    )
    assert png.status_code == 200
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(PNG_MAGIC)
    assert int.from_bytes(png.content[16:20], "big") == 600
    huge = client.get(
        f"/api/documents/{doc_id}/pages/1.png?width=50000", headers=env.auth("admin")
    )
    width, height = (int.from_bytes(huge.content[i : i + 4], "big") for i in (16, 20))
    assert max(width, height) <= env.config.max_page_px
    missing = client.get(
        f"/api/documents/{doc_id}/pages/9.png", headers=env.auth("admin")
    )
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "page_not_found"


def test_files_the_pipeline_refuses_are_kept_and_fail_with_their_code(
    client: TestClient, env: Env
):
    deposits = {
        "damaged": hostile.header_then_garbage(),
        "encrypted": hostile.encrypted_user_password(),
        "decompression_bomb": hostile.decompression_bomb(),
    }
    ids = {}
    for code, data in deposits.items():
        answer = deposit(client, env, "supplier_a", data)
        assert answer.status_code == 202, code
        ids[code] = answer.json()["id"]
    env.drain()
    for code, doc_id in ids.items():
        doc = client.get(f"/api/documents/{doc_id}", headers=env.auth("supplier_a"))
        assert doc.json()["status"] == "failed", code
        assert doc.json()["error"]["code"] == code
        assert doc.json()["extraction"]["error"]["code"] == code
        stored = blob_store(env.config.data_dir).path(doc.json()["sha256"])
        assert stored.read_bytes() == deposits[code]
    assert client.get("/api/health").json() == {"status": "ok"}


def test_a_file_that_is_no_pdf_is_refused_at_once_and_kept(
    client: TestClient, env: Env
):
    for data, code in (
        (hostile.png_image(), "not_a_pdf"),
        (hostile.text_file(), "not_a_pdf"),
        (b"", "empty_file"),
    ):
        answer = deposit(client, env, "supplier_a", data, "photo.png")
        assert answer.status_code == 422
        error = answer.json()["error"]
        assert error["code"] == code
        doc = client.get(
            f"/api/documents/{error['id']}", headers=env.auth("supplier_a")
        )
        assert doc.json()["status"] == "failed"
        assert doc.json()["error"]["code"] == code
        stored = blob_store(env.config.data_dir).path(doc.json()["sha256"])
        assert stored.read_bytes() == data
    assert env.drain() == 0


def read_answer(raw: socket.socket) -> str:
    """One HTTP answer, headers and body (which may come in several segments)."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += raw.recv(65536)
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.lower().split(b"\r\n")
        if line.startswith(b"content-length:")
    )
    while len(rest) < length:
        rest += raw.recv(65536)
    return (head + b"\r\n\r\n" + rest).decode("latin-1")


def test_an_upload_over_the_cap_is_refused_while_streaming(
    tmp_path: Path, samples: list[Sample]
):
    config = make_config(tmp_path / "var", max_upload_bytes=2000)
    env = Env(config, prepare(config, samples))
    with served(create_app(config, workers=0)) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as raw:
            raw.sendall(
                b"POST /api/documents HTTP/1.1\r\nHost: x\r\n"
                + f"Authorization: Bearer {env.tokens['supplier_a']}\r\n".encode()
                + b"Content-Type: multipart/form-data; boundary=b\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
            )
            head = (b'--b\r\nContent-Disposition: form-data; name="file"; '
                    b'filename="x.pdf"\r\n\r\n%PDF-1.4\n' + b"0" * 4096)  # fmt: skip
            raw.sendall(b"%x\r\n%s\r\n" % (len(head), head))
            # The body never ends: only a refusal made while streaming can answer.
            answer = read_answer(raw)
        assert answer.startswith("HTTP/1.1 413")
        assert '"code":"too_large"' in answer
        with socket.create_connection((host, int(port)), timeout=10) as raw:
            raw.sendall(
                b"POST /api/documents HTTP/1.1\r\nHost: x\r\n"
                + f"Authorization: Bearer {env.tokens['supplier_a']}\r\n".encode()
                + b"Content-Type: multipart/form-data; boundary=b\r\n"
                b"Content-Length: 999999999\r\n\r\n--b\r\n"
            )
            announced = read_answer(raw)
        assert announced.startswith("HTTP/1.1 413")
        small = httpx.post(
            f"{url}/api/documents", headers=env.auth("supplier_a"),
            files={"file": ("s.pdf", samples[0].data[:1500], "application/pdf")},
        )  # fmt: skip
        assert small.status_code == 202
    engine = make_engine(database_url(config.data_dir, None))
    with session(engine) as s:
        assert len(list(s.exec(select(Document)))) == 1
    assert not list((config.data_dir / "blobs" / ".incoming").iterdir())


def test_a_request_without_a_file_part_is_refused(client: TestClient, env: Env):
    answer = client.post(
        "/api/documents", headers=env.auth("supplier_a"), data={"other": "x"},
        files={"attachment": ("a.pdf", b"%PDF-1.4", "application/pdf")},
    )  # fmt: skip
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "bad_upload"


def test_a_document_is_processed_once_by_the_workers_started_with_the_app(
    tmp_path: Path, samples: list[Sample]
):
    config = make_config(tmp_path / "var", lease_s=5.0, poll_s=0.2)
    env = Env(config, prepare(config, samples))
    with TestClient(create_app(config, workers=1)) as client:
        doc_id = deposit(client, env, "supplier_b", samples[1].data).json()["id"]

        def done() -> bool:
            doc = client.get(f"/api/documents/{doc_id}", headers=env.auth("supplier_b"))
            return doc.json()["status"] == "done"

        wait_for(done, timeout=90)
        doc = client.get(f"/api/documents/{doc_id}", headers=env.auth("supplier_b"))
        fields = doc.json()["extraction"]["fields"]
        assert fields["invoice_number"]["value"] == samples[1].truth["invoice_number"]
        assert doc.json()["attempts"] == 1
    engine = make_engine(database_url(config.data_dir, None))
    with session(engine) as s:
        runs = s.exec(
            select(ExtractionRecord).where(ExtractionRecord.document_id == doc_id)
        )
        assert len(list(runs)) == 1
