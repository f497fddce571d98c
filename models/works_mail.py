"""Works notices by e-mail: the pending `WorksMail` rows, sent through an SMTP server.

`models.works` writes one row per actor and change, in the same transaction as the
change; `send_pending` sends them and marks each sent, so a notice is never lost
with a failed transaction nor sent for a change that did not happen. Each message
carries a Message-ID made from its row, so a receiver can drop a resent one.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from sqlmodel import Session, col, select

from models.types import utcnow
from models.works import WorksMail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
"""Attempts per notice; then it stays unsent, its last error kept."""


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    sender: str
    timeout_s: float = 10.0


@dataclass(frozen=True, slots=True)
class MailReport:
    sent: int
    failed: int
    """Notices that could not be sent this time (kept for a later run)."""


def pending(session: Session, limit: int = 500) -> list[WorksMail]:
    query = (
        select(WorksMail)
        .where(col(WorksMail.sent_at).is_(None), WorksMail.attempts < MAX_ATTEMPTS)
        .order_by(col(WorksMail.id))
        .limit(limit)
    )
    return list(session.exec(query))


def message(mail: WorksMail, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = mail.email
    msg["Subject"] = mail.subject
    msg["Message-ID"] = f"<works-mail-{mail.id}@ingest>"
    msg.set_content(mail.body)
    return msg


def send_pending(
    session: Session, server: SmtpServer, *, now: datetime | None = None
) -> MailReport:
    """Send every pending notice over one SMTP connection; count what went and not."""
    mails = pending(session)
    if not mails:
        return MailReport(sent=0, failed=0)
    sent = 0
    try:
        with smtplib.SMTP(server.host, server.port, timeout=server.timeout_s) as smtp:
            for mail in mails:
                sent += _send_one(smtp, mail, server.sender, now or utcnow())
    except (OSError, smtplib.SMTPException) as e:
        log.warning("SMTP %s:%s unreachable: %s", server.host, server.port, e)
        # A server that cannot be reached is no fault of the notices: they wait.
        for mail in mails:
            if mail.sent_at is None:
                mail.last_error = f"{type(e).__name__}: {e}"[:500]
    session.add_all(mails)
    session.commit()
    return MailReport(sent=sent, failed=len(mails) - sent)


def _send_one(smtp: smtplib.SMTP, mail: WorksMail, sender: str, now: datetime) -> int:
    mail.attempts += 1
    try:
        smtp.send_message(message(mail, sender))
    except smtplib.SMTPRecipientsRefused as e:
        mail.last_error = f"recipient refused: {e.recipients}"[:500]
        return 0
    mail.sent_at = now
    mail.last_error = None
    return 1
