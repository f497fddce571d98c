"""The status tables themselves (no database)."""

from models.workflow import (
    DOCUMENT_TRANSITIONS,
    FINAL,
    NEEDS_REASON,
    TRANSITIONS,
    DocumentStatus,
    InvoiceStatus,
)

S = InvoiceStatus


def test_every_status_has_its_row_and_leads_only_to_statuses():
    assert set(TRANSITIONS) == set(InvoiceStatus)
    assert set(DOCUMENT_TRANSITIONS) == set(DocumentStatus)


def test_only_a_draft_can_be_deleted_and_only_a_draft_is_deposited():
    assert [s for s, nexts in TRANSITIONS.items() if S.SUPPRIMEE in nexts] == [
        S.BROUILLON
    ]
    assert [s for s, nexts in TRANSITIONS.items() if S.DEPOSEE in nexts] == [
        S.BROUILLON
    ]


def test_the_ends_are_paid_rejected_or_deleted():
    assert {S.MISE_EN_PAIEMENT, S.REJETEE, S.SUPPRIMEE} == FINAL
    assert {S.REJETEE, S.SUSPENDUE} == NEEDS_REASON


def test_every_status_is_reachable_from_a_draft_and_every_path_can_end():
    seen, todo = {S.BROUILLON}, [S.BROUILLON]
    while todo:
        for nxt in TRANSITIONS[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert seen == set(InvoiceStatus)
    for status in InvoiceStatus:
        reach, todo = {status}, [status]
        while todo:
            for nxt in TRANSITIONS[todo.pop()] - reach:
                reach.add(nxt)
                todo.append(nxt)
        assert reach & FINAL, status


def test_portal_codes_are_upper_case_values():
    assert S.MISE_A_DISPOSITION_COMPTABLE.portal_code == "MISE_A_DISPOSITION_COMPTABLE"
