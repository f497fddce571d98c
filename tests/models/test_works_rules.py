"""The two rules tables of works invoices, checked against the training deck (no database)."""

import pytest

from models.works import (
    FINAL,
    FRAMES,
    HOLDERS,
    LABELS,
    NEEDS_REASON,
    TRANSITIONS,
    WITH_VALIDATOR,
    Action,
    Cell,
    Channel,
    DepositKind,
    Frame,
    PieceStatus,
    WorksRole,
    target_of,
)

P = PieceStatus
R = WorksRole

# The deck's matrix "Les cadres de facturation" (001_…), typed from it cell by cell:
# EDI initial, EDI association, PDF portail initial, association, PDF service initial,
# association.
DECK_MATRIX = {
    "A4": "✓ N/A ✓ N/A ✓ N/A",
    "A5": "✗ N/A ✓ N/A ✓ N/A",
    "A6": "✓ ✗ ✓ ✗ ✓ ✗",
    "A7": "✓ N/A ✓ N/A ✓ N/A",
    "A8": "✓ ✗ ✓ ✓ ✓ ✓",
    "A10": "✓ N/A ✓ N/A ✓ N/A",
    "A13": "✓ N/A ✓ N/A ✓ N/A",
    "A14": "✓ N/A ✓ N/A ✓ N/A",
    "A15": "✗ ✗ ✓ ✓ ✓ ✓",
    "A16": "✗ ✗ ✓ N/A ✓ N/A",
    "A17": "✗ ✗ ✓ ✓ ✓ ✓",
    "A18": "✗ ✗ ✓ N/A ✓ N/A",
    "A19": "✗ ✗ ✓ ✓ ✓ ✓",
    "A20": "✗ ✗ ✓ ✓ ✓ ✓",
    "A22": "✓ ✗ ✓ ✓ ✓ ✓",
    "A23": "N/A ✗ N/A ✓ N/A ✓",
    "A24": "✗ ✗ ✓ ✓ ✓ ✓",
    "A25": "N/A ✗ N/A ✓ N/A ✓",
}

# The deck's "acteurs des marchés de travaux et leurs cadres de facturation" and the
# deposit page's list of supplier frames, and DOMAIN.md's table of depositors.
DECK_DEPOSITORS = {
    R.FOURNISSEUR: {"A4", "A5", "A6", "A7", "A8", "A22", "A23"},
    R.SOUS_TRAITANT: {"A10"},
    R.COTRAITANT: {"A13", "A14"},
    R.MOE: {"A15", "A16", "A17", "A18", "A24"},
    R.MOA: {"A19", "A20", "A25"},
}


def test_the_frames_table_has_every_frame_of_the_deck():
    assert {str(f) for f in FRAMES} == set(DECK_MATRIX) == {str(f) for f in Frame}


@pytest.mark.parametrize("frame", list(Frame), ids=str)
def test_each_frame_carries_what_the_deck_matrix_says(frame: Frame):
    assert " ".join(cell.value for cell in FRAMES[frame].carried) == DECK_MATRIX[frame]


@pytest.mark.parametrize("frame", list(Frame), ids=str)
def test_each_frame_is_deposited_by_the_role_the_deck_names(frame: Frame):
    (role,) = [r for r, frames in DECK_DEPOSITORS.items() if frame in frames]
    assert FRAMES[frame].depositor == role


def test_the_cell_lookup_follows_the_column_order():
    a8 = FRAMES[Frame.A8]
    assert a8.cell(Channel.EDI, DepositKind.ASSOCIATION) == Cell.NO
    assert a8.cell(Channel.PDF_PORTAL, DepositKind.ASSOCIATION) == Cell.YES
    a5 = FRAMES[Frame.A5]
    assert a5.cell(Channel.EDI, DepositKind.INITIAL) == Cell.NO
    assert a5.cell(Channel.PDF_SERVICE, DepositKind.INITIAL) == Cell.YES


@pytest.mark.parametrize("frame", list(Frame), ids=str)
def test_a_frame_answers_earlier_pieces_exactly_when_some_channel_carries_it(
    frame: Frame,
):
    rule = FRAMES[frame]
    assert bool(rule.answers) == rule.allows(DepositKind.ASSOCIATION)


def test_which_frames_start_a_dossier():
    starting = {f for f, rule in FRAMES.items() if rule.starts_dossier}
    assert {Frame.A23, Frame.A25} == set(Frame) - starting


def test_the_associations_the_issue_names():
    answers = {f: {a.target for a in rule.answers} for f, rule in FRAMES.items()}
    assert Frame.A4 in answers[Frame.A15]
    assert Frame.A15 in answers[Frame.A19]
    assert Frame.A7 in answers[Frame.A17]
    assert Frame.A17 in answers[Frame.A20]
    assert Frame.A20 in answers[Frame.A8]
    assert answers[Frame.A23] == {Frame.A22}
    assert answers[Frame.A25] == {Frame.A22, Frame.A24}
    # Every piece answered is one that waits on the answering frame's depositor,
    # except in the tacit procedure, where the supplier answers its own piece left
    # without answer.
    for frame, rule in FRAMES.items():
        for association in rule.answers:
            target = FRAMES[association.target]
            holders = set().union(*(HOLDERS[s] for s in association.when))
            tacit = frame in (Frame.A22, Frame.A23, Frame.A24)
            assert tacit or rule.depositor in holders, (frame, association.target)
            assert target.recipient in association.when or target.validated


def test_validated_frames_are_the_subcontractor_and_cotraitant_requests():
    validated = {f for f, rule in FRAMES.items() if rule.validated}
    assert validated == {Frame.A10, Frame.A13, Frame.A14}


def test_every_recipient_is_a_status_a_deposit_reaches():
    for rule in FRAMES.values():
        assert rule.recipient in TRANSITIONS[P.DEPOSEE]
        assert rule.recipient in HOLDERS


# --------------------------------------------------------------------- statuses


def test_every_status_has_its_row_and_label_and_fits_its_column():
    assert set(TRANSITIONS) == set(PieceStatus) == set(LABELS)
    assert all(len(status.value) <= 32 for status in PieceStatus)


def test_every_status_is_reachable_from_a_draft_and_every_path_can_end():
    seen, todo = {P.BROUILLON}, [P.BROUILLON]
    while todo:
        for nxt in TRANSITIONS[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    assert seen == set(PieceStatus)
    for status in PieceStatus:
        reach, todo = {status}, [status]
        while todo:
            for nxt in TRANSITIONS[todo.pop()] - reach:
                reach.add(nxt)
                todo.append(nxt)
        assert reach & FINAL, status


def test_the_ends_are_associated_or_refused():
    assert {
        P.ASSOCIEE, P.REFUSEE_ACHEMINEMENT, P.REFUSEE_AUTRE_MOTIF,
        P.REFUSEE_VALIDEUR_1_ACHEMINEMENT, P.REFUSEE_VALIDEUR_1_AUTRE_MOTIF,
        P.REFUSEE_VALIDEUR_2_ACHEMINEMENT, P.REFUSEE_VALIDEUR_2_AUTRE_MOTIF,
    } == FINAL  # fmt: skip
    assert (FINAL - {P.ASSOCIEE}) | {P.SUSPENDUE} == NEEDS_REASON


def test_only_a_draft_is_deposited_and_only_a_validator_times_out():
    assert [s for s, n in TRANSITIONS.items() if P.DEPOSEE in n] == [P.BROUILLON]
    assert [s for s, n in TRANSITIONS.items() if P.VALIDATION_1_HORS_DELAI in n] == [
        P.MISE_A_DISPOSITION_VALIDEUR_1
    ]
    assert [s for s, n in TRANSITIONS.items() if P.VALIDATION_2_HORS_DELAI in n] == [
        P.MISE_A_DISPOSITION_VALIDEUR_2
    ]
    assert {P.MISE_A_DISPOSITION_VALIDEUR_1, P.MISE_A_DISPOSITION_VALIDEUR_2} == (
        WITH_VALIDATOR
    )


def test_the_supplier_refuses_only_for_another_reason():
    nexts = TRANSITIONS[P.MISE_A_DISPOSITION_FOURNISSEUR]
    assert P.REFUSEE_AUTRE_MOTIF in nexts
    assert P.REFUSEE_ACHEMINEMENT not in nexts


def test_a_piece_is_associated_only_while_it_waits_on_moe_moa_or_supplier():
    assert {s for s, n in TRANSITIONS.items() if P.ASSOCIEE in n} == {
        P.MISE_A_DISPOSITION_MOE, P.PRISE_EN_COMPTE_MOE, P.MISE_A_DISPOSITION_MOA,
        P.MISE_A_DISPOSITION_FOURNISSEUR,
    }  # fmt: skip


ACTION_TARGETS = [
    (Action.VALIDATE, P.MISE_A_DISPOSITION_VALIDEUR_1, P.VALIDEE_VALIDEUR_1),
    (Action.VALIDATE, P.MISE_A_DISPOSITION_VALIDEUR_2, P.VALIDEE_VALIDEUR_2),
    (Action.VALIDATE, P.MISE_A_DISPOSITION_MOE, None),
    (Action.REFUSE_ROUTING, P.MISE_A_DISPOSITION_VALIDEUR_1,
     P.REFUSEE_VALIDEUR_1_ACHEMINEMENT),
    (Action.REFUSE_OTHER, P.MISE_A_DISPOSITION_VALIDEUR_1,
     P.REFUSEE_VALIDEUR_1_AUTRE_MOTIF),
    (Action.REFUSE_ROUTING, P.MISE_A_DISPOSITION_VALIDEUR_2,
     P.REFUSEE_VALIDEUR_2_ACHEMINEMENT),
    (Action.REFUSE_OTHER, P.MISE_A_DISPOSITION_VALIDEUR_2,
     P.REFUSEE_VALIDEUR_2_AUTRE_MOTIF),
    (Action.REFUSE_ROUTING, P.MISE_A_DISPOSITION_MOA, P.REFUSEE_ACHEMINEMENT),
    (Action.REFUSE_OTHER, P.MISE_A_DISPOSITION_FOURNISSEUR, P.REFUSEE_AUTRE_MOTIF),
    (Action.TAKE_INTO_ACCOUNT, P.MISE_A_DISPOSITION_MOE, P.PRISE_EN_COMPTE_MOE),
    (Action.SUSPEND, P.MISE_A_DISPOSITION_MOA, P.SUSPENDUE),
    (Action.RESUME, P.SUSPENDUE, None),
]  # fmt: skip


@pytest.mark.parametrize(("action", "status", "expected"), ACTION_TARGETS)
def test_each_action_names_its_status(
    action: Action, status: PieceStatus, expected: PieceStatus | None
):
    assert target_of(action, status) == expected
