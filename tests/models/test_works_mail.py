"""Works notices go out through a real SMTP conversation with a local sink."""

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from models.works import Frame, WorksMail
from models.works_mail import MAX_ATTEMPTS, SmtpServer, send_pending
from tests.models.works_cast import CAST, T0, make_contract, put


class Inbox:
    """An SMTP handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        parsed = message_from_bytes(envelope.content, policy=default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def sink() -> Iterator[tuple[Inbox, SmtpServer]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, SmtpServer("127.0.0.1", port, "travaux@ingest.test")
    finally:
        controller.stop()


def test_each_actor_gets_a_mail_for_each_change_and_none_twice(db: Session, sink):
    inbox, server = sink
    contract = make_contract(db)
    put(db, contract, Frame.A4, CAST.fournisseur, number="PDM-03")
    report = send_pending(db, server, now=T0)
    assert (report.sent, report.failed) == (9, 0)  # 3 changes x 3 actors with mail
    to_moe = [m for rcpt, m in inbox.messages if rcpt == ["moe@atelier.test"]]
    assert [m["Subject"] for m in to_moe] == [
        "[Travaux] A4 N° PDM-03 : Brouillon",
        "[Travaux] A4 N° PDM-03 : Déposée",
        "[Travaux] A4 N° PDM-03 : Mise à disposition MOE",
    ]
    assert to_moe[-1]["From"] == "travaux@ingest.test"
    assert "Dossier de facturation N° M-2026-017-001" in to_moe[-1].get_content()
    assert len({m["Message-ID"] for _, m in inbox.messages}) == 9
    assert all(m.sent_at == T0 for m in db.exec(select(WorksMail)))
    assert send_pending(db, server, now=T0).sent == 0
    assert len(inbox.messages) == 9


def test_an_unreachable_server_keeps_the_notices_for_later(db: Session, sink):
    inbox, server = sink
    contract = make_contract(db)
    put(db, contract, Frame.A4, CAST.fournisseur)
    closed = SmtpServer("127.0.0.1", _free_port(), server.sender, timeout_s=2)
    report = send_pending(db, closed, now=T0)
    assert (report.sent, report.failed) == (0, 9)
    mails = db.exec(select(WorksMail)).all()
    assert all(m.sent_at is None and m.last_error for m in mails)
    assert all(m.attempts < MAX_ATTEMPTS for m in mails)
    assert send_pending(db, server, now=T0).sent == 9
    assert len(inbox.messages) == 9
