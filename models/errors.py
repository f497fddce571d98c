"""Typed errors of the records layer, each with a stable code that clients store."""

from typing import Any, ClassVar


class RecordError(Exception):
    """A request the records refuse; an outcome, not a crash."""

    code: ClassVar[str] = "record_error"
    message: ClassVar[str] = "The request cannot be carried out."

    def __init__(self, detail: str | None = None, **data: Any) -> None:
        super().__init__(detail or self.message)
        self.detail = detail
        self.data = data

    def describe(self) -> str:
        """The human message: the class message, then the detail when there is one."""
        return f"{self.message} {self.detail}" if self.detail else self.message


class IllegalTransition(RecordError):
    code = "illegal_transition"
    message = "This status change is not allowed."


class ReasonRequired(RecordError):
    code = "reason_required"
    message = "This status change needs a reason."


class NotADraft(RecordError):
    code = "not_a_draft"
    message = "Only a draft (Brouillon) can be changed."


class UnknownField(RecordError):
    code = "unknown_field"
    message = "The invoice has no such field."


class InvalidValue(RecordError):
    code = "invalid_value"
    message = "The value does not suit the field."


class HasBlockers(RecordError):
    code = "invoice_has_blockers"
    message = "The invoice cannot be submitted while routing blockers remain."


class DatabaseUnavailable(RecordError):
    code = "database_unavailable"
    message = "The database cannot be reached or upgraded."


class UnknownDirectoryFile(RecordError):
    code = "unknown_directory_file"
    message = "The file's header is not one of a directory export."
