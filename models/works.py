"""Works invoices (CCAG Travaux): contracts, their actors, billing dossiers and pieces.

Two tables carry the rules, to be read against the training deck (``001_…``):
`FRAMES`, who deposits each frame, whether it starts a dossier or answers an earlier
piece, and which channel carries it (the deck's matrix "Les cadres de facturation");
and `TRANSITIONS`, the pieces' statuses. `deposit` checks a deposit against `FRAMES`
and refuses it with a code that says why; every status change goes through
`transition`, and every actor of the dossier is told of it (an outbox event, and one
mail per actor with an address, sent by `models.works_mail`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import UniqueConstraint, func
from sqlmodel import Field, Session, SQLModel, col, select
from stdnum.fr import siret as stdnum_siret

from models.directory import Structure
from models.documents import Document
from models.errors import IllegalTransition, InvalidValue, ReasonRequired, RecordError
from models.outbox import OutboxEvent
from models.types import Money, StrEnumType, UtcDateTime, json_type, utcnow

# ------------------------------------------------------------------- closed sets


class WorksRole(StrEnum):
    """An actor's role in a works contract; each actor is a structure (SIRET)."""

    FOURNISSEUR = "fournisseur"
    """The titulaire; in a groupement, its mandataire."""
    COTRAITANT = "cotraitant"
    """A member of the groupement other than the mandataire."""
    SOUS_TRAITANT = "sous_traitant"
    MOE = "moe"
    """Maîtrise d'œuvre."""
    MOA = "moa"
    """Maîtrise d'ouvrage."""
    SERVICE_FINANCIER = "service_financier"


class Groupement(StrEnum):
    CONJOINT = "conjoint"
    """Each member deposits its own piece; the mandataire validates it."""
    SOLIDAIRE = "solidaire"
    """Only the mandataire deposits, one piece for the whole groupement."""


class Channel(StrEnum):
    """How a piece reaches the portal: the columns of the deck's matrix."""

    EDI = "edi"
    PDF_PORTAL = "pdf_portal"
    """Dépôt PDF en mode Portail."""
    PDF_SERVICE = "pdf_service"
    """Dépôt PDF en mode Service (API)."""


class DepositKind(StrEnum):
    INITIAL = "initial"
    """Dépôt initial: the piece starts a new billing dossier."""
    ASSOCIATION = "association"
    """À partir d'une pièce existante: the piece answers an earlier one, in its dossier."""


class Cell(StrEnum):
    """One cell of the deck's matrix."""

    YES = "✓"
    NO = "✗"
    NA = "N/A"
    """This kind of deposit does not exist for the frame."""


class Frame(StrEnum):
    A4 = "A4"
    A5 = "A5"
    A6 = "A6"
    A7 = "A7"
    A8 = "A8"
    A10 = "A10"
    A13 = "A13"
    A14 = "A14"
    A15 = "A15"
    A16 = "A16"
    A17 = "A17"
    A18 = "A18"
    A19 = "A19"
    A20 = "A20"
    A22 = "A22"
    A23 = "A23"
    A24 = "A24"
    A25 = "A25"


class PieceStatus(StrEnum):
    """The status of a works piece; `LABELS` gives the portal's wording."""

    BROUILLON = "brouillon"
    DEPOSEE = "deposee"
    MISE_A_DISPOSITION_VALIDEUR_1 = "mise_a_disposition_valideur1"
    VALIDEE_VALIDEUR_1 = "validee_valideur1"
    REFUSEE_VALIDEUR_1_ACHEMINEMENT = "refusee_valideur1_acheminement"
    REFUSEE_VALIDEUR_1_AUTRE_MOTIF = "refusee_valideur1_autre_motif"
    VALIDATION_1_HORS_DELAI = "validation1_hors_delai"
    MISE_A_DISPOSITION_VALIDEUR_2 = "mise_a_disposition_valideur2"
    VALIDEE_VALIDEUR_2 = "validee_valideur2"
    REFUSEE_VALIDEUR_2_ACHEMINEMENT = "refusee_valideur2_acheminement"
    REFUSEE_VALIDEUR_2_AUTRE_MOTIF = "refusee_valideur2_autre_motif"
    VALIDATION_2_HORS_DELAI = "validation2_hors_delai"
    MISE_A_DISPOSITION_MOE = "mise_a_disposition_moe"
    PRISE_EN_COMPTE_MOE = "prise_en_compte_moe"
    MISE_A_DISPOSITION_MOA = "mise_a_disposition_moa"
    MISE_A_DISPOSITION_FOURNISSEUR = "mise_a_disposition_fournisseur"
    MISE_A_DISPOSITION_DESTINATAIRE = "mise_a_disposition_destinataire"
    ASSOCIEE = "associee"
    SUSPENDUE = "suspendue"
    REFUSEE_ACHEMINEMENT = "refusee_acheminement"
    REFUSEE_AUTRE_MOTIF = "refusee_autre_motif"

    @property
    def label(self) -> str:
        return LABELS[self]


P = PieceStatus
LABELS: dict[PieceStatus, str] = {
    P.BROUILLON: "Brouillon",
    P.DEPOSEE: "Déposée",
    P.MISE_A_DISPOSITION_VALIDEUR_1: "Mise à disposition du premier valideur",
    P.VALIDEE_VALIDEUR_1: "Validée par le premier valideur",
    P.REFUSEE_VALIDEUR_1_ACHEMINEMENT: (
        "Refusée par le premier valideur pour erreur dans les données d'acheminement"
    ),
    P.REFUSEE_VALIDEUR_1_AUTRE_MOTIF: "Refusée par le premier valideur pour autre motif",
    P.VALIDATION_1_HORS_DELAI: "Validation 1 hors délai",
    P.MISE_A_DISPOSITION_VALIDEUR_2: "Mise à disposition du second valideur",
    P.VALIDEE_VALIDEUR_2: "Validée par le second valideur",
    P.REFUSEE_VALIDEUR_2_ACHEMINEMENT: (
        "Refusée par le second valideur pour erreur dans les données d'acheminement"
    ),
    P.REFUSEE_VALIDEUR_2_AUTRE_MOTIF: "Refusée par le second valideur pour autre motif",
    P.VALIDATION_2_HORS_DELAI: "Validation 2 hors délai",
    P.MISE_A_DISPOSITION_MOE: "Mise à disposition MOE",
    P.PRISE_EN_COMPTE_MOE: "Prise en compte MOE",
    P.MISE_A_DISPOSITION_MOA: "Mise à disposition MOA",
    P.MISE_A_DISPOSITION_FOURNISSEUR: "Mise à disposition du fournisseur",
    P.MISE_A_DISPOSITION_DESTINATAIRE: "Mise à disposition du destinataire",
    P.ASSOCIEE: "Associée",
    P.SUSPENDUE: "Suspendue",
    P.REFUSEE_ACHEMINEMENT: "Refusée pour erreur dans les données d'acheminement",
    P.REFUSEE_AUTRE_MOTIF: "Refusée pour autre motif",
}

# ------------------------------------------------------------- the status table

REFUSALS = frozenset({P.REFUSEE_ACHEMINEMENT, P.REFUSEE_AUTRE_MOTIF})
VALIDATOR_1_ENDS = frozenset(
    {P.VALIDEE_VALIDEUR_1, P.REFUSEE_VALIDEUR_1_ACHEMINEMENT,
     P.REFUSEE_VALIDEUR_1_AUTRE_MOTIF, P.VALIDATION_1_HORS_DELAI}
)  # fmt: skip
VALIDATOR_2_ENDS = frozenset(
    {P.VALIDEE_VALIDEUR_2, P.REFUSEE_VALIDEUR_2_ACHEMINEMENT,
     P.REFUSEE_VALIDEUR_2_AUTRE_MOTIF, P.VALIDATION_2_HORS_DELAI}
)  # fmt: skip
WITH_VALIDATOR = frozenset(
    {P.MISE_A_DISPOSITION_VALIDEUR_1, P.MISE_A_DISPOSITION_VALIDEUR_2}
)
"""Waiting for a validator, who has `validation_days` to act."""
AFTER_VALIDATORS = frozenset({P.MISE_A_DISPOSITION_MOE})
"""Where a validated request goes: A10, A13 and A14 all go to the MOE."""
RESUMABLE = frozenset(
    {P.MISE_A_DISPOSITION_MOE, P.PRISE_EN_COMPTE_MOE, P.MISE_A_DISPOSITION_MOA,
     P.MISE_A_DISPOSITION_DESTINATAIRE}
)  # fmt: skip
"""Where a piece may be suspended, and so where it resumes."""

# fmt: off
TRANSITIONS: dict[PieceStatus, frozenset[PieceStatus]] = {
    P.BROUILLON: frozenset({P.DEPOSEE}),
    # Routing: to the first validator, or straight to the frame's recipient.
    P.DEPOSEE: frozenset(
        {P.MISE_A_DISPOSITION_VALIDEUR_1, P.MISE_A_DISPOSITION_MOE,
         P.MISE_A_DISPOSITION_MOA, P.MISE_A_DISPOSITION_FOURNISSEUR,
         P.MISE_A_DISPOSITION_DESTINATAIRE}
    ),
    P.MISE_A_DISPOSITION_VALIDEUR_1: VALIDATOR_1_ENDS,
    # Validated or timed out, the piece goes on: to the second validator or the MOE.
    P.VALIDEE_VALIDEUR_1: frozenset({P.MISE_A_DISPOSITION_VALIDEUR_2}) | AFTER_VALIDATORS,
    P.VALIDATION_1_HORS_DELAI: frozenset({P.MISE_A_DISPOSITION_VALIDEUR_2})
    | AFTER_VALIDATORS,
    P.REFUSEE_VALIDEUR_1_ACHEMINEMENT: frozenset(),
    P.REFUSEE_VALIDEUR_1_AUTRE_MOTIF: frozenset(),
    P.MISE_A_DISPOSITION_VALIDEUR_2: VALIDATOR_2_ENDS,
    P.VALIDEE_VALIDEUR_2: AFTER_VALIDATORS,
    P.VALIDATION_2_HORS_DELAI: AFTER_VALIDATORS,
    P.REFUSEE_VALIDEUR_2_ACHEMINEMENT: frozenset(),
    P.REFUSEE_VALIDEUR_2_AUTRE_MOTIF: frozenset(),
    P.MISE_A_DISPOSITION_MOE: frozenset({P.PRISE_EN_COMPTE_MOE, P.ASSOCIEE, P.SUSPENDUE})
    | REFUSALS,
    P.PRISE_EN_COMPTE_MOE: frozenset({P.ASSOCIEE, P.SUSPENDUE}) | REFUSALS,
    P.MISE_A_DISPOSITION_MOA: frozenset({P.ASSOCIEE, P.SUSPENDUE}) | REFUSALS,
    # The deck: the supplier refuses a décompte général "pour autre motif" only.
    P.MISE_A_DISPOSITION_FOURNISSEUR: frozenset({P.ASSOCIEE, P.REFUSEE_AUTRE_MOTIF}),
    # The payer holds the last piece of a cycle; it may still suspend or refuse it.
    P.MISE_A_DISPOSITION_DESTINATAIRE: frozenset({P.SUSPENDUE}) | REFUSALS,
    P.SUSPENDUE: RESUMABLE | REFUSALS,
    P.ASSOCIEE: frozenset(),
    P.REFUSEE_ACHEMINEMENT: frozenset(),
    P.REFUSEE_AUTRE_MOTIF: frozenset(),
}
# fmt: on
FINAL = frozenset(status for status, nexts in TRANSITIONS.items() if not nexts)
NEEDS_REASON = frozenset(
    {P.SUSPENDUE, *REFUSALS, P.REFUSEE_VALIDEUR_1_ACHEMINEMENT,
     P.REFUSEE_VALIDEUR_1_AUTRE_MOTIF, P.REFUSEE_VALIDEUR_2_ACHEMINEMENT,
     P.REFUSEE_VALIDEUR_2_AUTRE_MOTIF}
)  # fmt: skip

R = WorksRole
HOLDERS: dict[PieceStatus, frozenset[WorksRole]] = {
    P.MISE_A_DISPOSITION_MOE: frozenset({R.MOE}),
    P.PRISE_EN_COMPTE_MOE: frozenset({R.MOE}),
    P.MISE_A_DISPOSITION_MOA: frozenset({R.MOA}),
    P.MISE_A_DISPOSITION_FOURNISSEUR: frozenset({R.FOURNISSEUR}),
    P.MISE_A_DISPOSITION_DESTINATAIRE: frozenset({R.MOA, R.SERVICE_FINANCIER}),
}
"""Which role acts on a piece in each status; validators are named on the piece."""

# ------------------------------------------------------------- the frames table


@dataclass(frozen=True, slots=True)
class Association:
    """A frame may answer a piece of frame ``target`` while it is in ``when``."""

    target: Frame
    when: frozenset[PieceStatus]


@dataclass(frozen=True, slots=True)
class FrameRule:
    """One row of the frames table."""

    label: str
    """The deck's wording of the frame."""
    depositor: WorksRole
    recipient: PieceStatus
    """Where the piece goes once deposited (after its validators, if any)."""
    carried: tuple[Cell, Cell, Cell, Cell, Cell, Cell]
    """The deck's matrix row: EDI, PDF portal, PDF service; each initial, association."""
    answers: tuple[Association, ...] = ()
    """The earlier pieces it may be associated with."""
    validated: bool = False
    """A request that passes the depositor's validators first."""

    def cell(self, channel: Channel, kind: DepositKind) -> Cell:
        index = list(Channel).index(channel) * 2 + list(DepositKind).index(kind)
        return self.carried[index]

    def allows(self, kind: DepositKind) -> bool:
        """Whether some channel carries this kind of deposit of the frame."""
        return any(self.cell(channel, kind) == Cell.YES for channel in Channel)

    @property
    def starts_dossier(self) -> bool:
        return self.allows(DepositKind.INITIAL)


Y, N, NA = Cell.YES, Cell.NO, Cell.NA
AT_MOE = frozenset({P.MISE_A_DISPOSITION_MOE, P.PRISE_EN_COMPTE_MOE})
AT_MOA = frozenset({P.MISE_A_DISPOSITION_MOA})
AT_FOURNISSEUR = frozenset({P.MISE_A_DISPOSITION_FOURNISSEUR})
F = Frame

# fmt: off
FRAMES: dict[Frame, FrameRule] = {
    # During the contract: A4 → MOE's A15 → MOA's A19, then payment.
    #                                                    EDI       PDF portal  PDF service
    #                                                    init assoc init assoc init assoc
    F.A4: FrameRule(
        "Projet de décompte mensuel déposé par un fournisseur",
        R.FOURNISSEUR, P.MISE_A_DISPOSITION_MOE, (Y, NA, Y, NA, Y, NA),
    ),
    # A supplier's état d'acompte goes to the MOA (a contract without MOE).
    F.A5: FrameRule(
        "Etat d'acompte déposé par un fournisseur",
        R.FOURNISSEUR, P.MISE_A_DISPOSITION_MOA, (N, NA, Y, NA, Y, NA),
    ),
    F.A6: FrameRule(
        "Pièce de facturation de travaux transmise au service financier",
        R.FOURNISSEUR, P.MISE_A_DISPOSITION_DESTINATAIRE, (Y, N, Y, N, Y, N),
    ),
    F.A10: FrameRule(
        "Demande de paiement d'un sous-traitant dans le cadre d'un marché de travaux",
        R.SOUS_TRAITANT, P.MISE_A_DISPOSITION_MOE, (Y, NA, Y, NA, Y, NA),
        validated=True,
    ),
    F.A13: FrameRule(
        "Projet de décompte mensuel déposé par un cotraitant",
        R.COTRAITANT, P.MISE_A_DISPOSITION_MOE, (Y, NA, Y, NA, Y, NA),
        validated=True,
    ),
    F.A15: FrameRule(
        "Etat d'acompte déposé par un MOE",
        R.MOE, P.MISE_A_DISPOSITION_MOA, (N, N, Y, Y, Y, Y),
        answers=(Association(F.A4, AT_MOE), Association(F.A10, AT_MOE),
                 Association(F.A13, AT_MOE)),
    ),
    F.A16: FrameRule(
        "Etat d'acompte validé déposé par un MOE",
        R.MOE, P.MISE_A_DISPOSITION_DESTINATAIRE, (N, N, Y, NA, Y, NA),
    ),
    F.A19: FrameRule(
        "Etat d'acompte validé déposé par une MOA",
        R.MOA, P.MISE_A_DISPOSITION_DESTINATAIRE, (N, N, Y, Y, Y, Y),
        answers=(Association(F.A15, AT_MOA), Association(F.A5, AT_MOA)),
    ),
    # At the end: A7 → MOE's A17 → MOA's A20 → the supplier's signed A8.
    F.A7: FrameRule(
        "Projet de décompte final déposé par un fournisseur",
        R.FOURNISSEUR, P.MISE_A_DISPOSITION_MOE, (Y, NA, Y, NA, Y, NA),
    ),
    F.A14: FrameRule(
        "Projet de décompte final déposé par un cotraitant",
        R.COTRAITANT, P.MISE_A_DISPOSITION_MOE, (Y, NA, Y, NA, Y, NA),
        validated=True,
    ),
    F.A17: FrameRule(
        "Projet de décompte général déposé par un MOE",
        R.MOE, P.MISE_A_DISPOSITION_MOA, (N, N, Y, Y, Y, Y),
        answers=(Association(F.A7, AT_MOE), Association(F.A14, AT_MOE)),
    ),
    F.A18: FrameRule(
        "Décompte général déposé par un MOE",
        R.MOE, P.MISE_A_DISPOSITION_FOURNISSEUR, (N, N, Y, NA, Y, NA),
    ),
    F.A20: FrameRule(
        "Décompte général déposé par une MOA",
        R.MOA, P.MISE_A_DISPOSITION_FOURNISSEUR, (N, N, Y, Y, Y, Y),
        answers=(Association(F.A17, AT_MOA),),
    ),
    F.A8: FrameRule(
        "Décompte général et définitif déposé par un fournisseur",
        R.FOURNISSEUR, P.MISE_A_DISPOSITION_DESTINATAIRE, (Y, N, Y, Y, Y, Y),
        answers=(Association(F.A20, AT_FOURNISSEUR), Association(F.A18, AT_FOURNISSEUR)),
    ),
    # The tacit procedure: the supplier's projet de décompte général (A22) answers a
    # projet de décompte final (A7) the MOE left unanswered, or a projet de décompte
    # général (A17) the MOA left unanswered; silence makes it a DGD tacite (A23),
    # which the MOE (A24) or the MOA (A25) may also record.
    F.A22: FrameRule(
        "Projet de décompte général déposé par un fournisseur (procédure tacite)",
        R.FOURNISSEUR, P.MISE_A_DISPOSITION_MOA, (Y, N, Y, Y, Y, Y),
        answers=(Association(F.A7, AT_MOE), Association(F.A17, AT_MOA)),
    ),
    F.A23: FrameRule(
        "Décompte général et définitif tacite déposé par un fournisseur",
        R.FOURNISSEUR, P.MISE_A_DISPOSITION_DESTINATAIRE, (NA, N, NA, Y, NA, Y),
        answers=(Association(F.A22, AT_MOA),),
    ),
    F.A24: FrameRule(
        "Décompte général et définitif tacite déposé par un MOE",
        R.MOE, P.MISE_A_DISPOSITION_MOA, (N, N, Y, Y, Y, Y),
        answers=(Association(F.A22, AT_MOA),),
    ),
    F.A25: FrameRule(
        "Décompte général et définitif déposé par une MOA (procédure tacite)",
        R.MOA, P.MISE_A_DISPOSITION_DESTINATAIRE, (NA, N, NA, Y, NA, Y),
        answers=(Association(F.A22, AT_MOA), Association(F.A24, AT_MOA)),
    ),
}
# fmt: on

# ------------------------------------------------------------------------ errors


class WorksError(RecordError):
    code = "works_error"
    message = "The works request cannot be carried out."


class WorksNotFound(WorksError):
    code = "not_found"
    message = "No such contract, dossier or piece."


class ContractExists(WorksError):
    code = "contract_exists"
    message = "A contract of that number exists already."


class ContractActors(WorksError):
    code = "contract_actors_invalid"
    message = "The contract's actors do not make a works contract."


class DepositRefused(WorksError):
    """A deposit the frames table forbids; the code says which rule."""

    code = "deposit_refused"
    message = "The frames table forbids this deposit."


class FrameRoleForbidden(DepositRefused):
    code = "frame_role_forbidden"
    message = (
        "This structure does not hold, in this contract, the role the frame needs."
    )


class SolidaireMandataireOnly(DepositRefused):
    code = "groupement_solidaire_mandataire_only"
    message = "In a groupement solidaire only the mandataire deposits."


class FrameNotInitial(DepositRefused):
    code = "frame_not_initial"
    message = "This frame cannot start a dossier: it answers an earlier piece."


class FrameNotAssociable(DepositRefused):
    code = "frame_not_associable"
    message = "This frame is deposited on its own; it answers no earlier piece."


class ChannelForbidden(DepositRefused):
    code = "channel_forbidden"
    message = "This channel does not carry this frame for this kind of deposit."


class AssociationWrongFrame(DepositRefused):
    code = "association_wrong_frame"
    message = "This frame does not answer a piece of that frame."


class AssociationNotReady(DepositRefused):
    code = "association_not_ready"
    message = "The earlier piece is not waiting for this answer."


class AssociationOtherContract(DepositRefused):
    code = "association_other_contract"
    message = "The earlier piece belongs to another contract."


class NotPieceHolder(WorksError):
    """Nobody acts for another: only the structure the piece waits on may act."""

    code = "not_piece_holder"
    message = "The piece is not waiting on this structure."


class UnknownAction(WorksError):
    code = "unknown_action"
    message = "No such action on a works piece."


# ------------------------------------------------------------------------ tables


class ContractBase(SQLModel):
    """The contract's identity card, as the portal's "fiche d'identité" lists it."""

    number: str = Field(max_length=64, unique=True)
    description: str = Field(default="", max_length=1000)
    start_date: date | None = None
    end_date: date | None = None
    engagement_number: str | None = Field(default=None, max_length=64)
    """Numéro d'engagement juridique."""
    service_code: str | None = Field(default=None, max_length=100)
    service_label: str | None = Field(default=None, max_length=255)
    groupement: Groupement | None = Field(default=None, sa_type=StrEnumType(Groupement))
    """None when the titulaire is a single company."""
    mandataire_siret: str | None = Field(default=None, max_length=14)
    """The groupement's mandataire: the contract's fournisseur."""


class Contract(ContractBase, table=True):
    __tablename__ = "works_contracts"

    id: int | None = Field(default=None, primary_key=True)
    planned_invoicing_dates: list[str] = Field(
        default_factory=list, sa_type=json_type()
    )
    """Dates de facturation prévisionnelles, ISO."""
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class ActorBase(SQLModel):
    siret: str = Field(max_length=14, index=True)
    role: WorksRole = Field(sa_type=StrEnumType(WorksRole))
    name: str = Field(default="", max_length=255)
    email: str | None = Field(default=None, max_length=255)
    """Where notices go; unset: the directory's address for the SIRET, if any."""
    first_validator_siret: str | None = Field(default=None, max_length=14)
    """A subcontractor's first validator; unset: the fournisseur."""
    second_validator_siret: str | None = Field(default=None, max_length=14)


class Actor(ActorBase, table=True):
    """A structure with a role in a contract; one structure may hold several roles."""

    __tablename__ = "works_actors"
    __table_args__ = (UniqueConstraint("contract_id", "siret", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(
        foreign_key="works_contracts.id", index=True, ondelete="CASCADE"
    )


class ActorCreate(ActorBase):
    pass


class ContractCreate(ContractBase):
    """A contract with its actors, as a client sends it."""

    planned_invoicing_dates: list[date] = []
    actors: list[ActorCreate] = []


class Dossier(SQLModel, table=True):
    """A billing dossier: the pieces of one payment cycle."""

    __tablename__ = "works_dossiers"
    __table_args__ = (UniqueConstraint("contract_id", "sequence"),)

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(
        foreign_key="works_contracts.id", index=True, ondelete="CASCADE"
    )
    sequence: int
    number: str = Field(max_length=80, unique=True)
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class PieceFacts(SQLModel):
    """What a depositor states about its piece."""

    number: str = Field(max_length=64)
    issue_date: date | None = None
    situation_number: int | None = None
    """The monthly statement's number (situation n°)."""
    total_ht: Decimal | None = Field(default=None, sa_type=Money)
    total_vat: Decimal | None = Field(default=None, sa_type=Money)
    total_ttc: Decimal | None = Field(default=None, sa_type=Money)
    amount_due: Decimal | None = Field(default=None, sa_type=Money)


class Piece(PieceFacts, table=True):
    """One piece of a dossier: its frame, who deposited it, where it is."""

    __tablename__ = "works_pieces"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(
        foreign_key="works_contracts.id", index=True, ondelete="CASCADE"
    )
    dossier_id: int = Field(foreign_key="works_dossiers.id", index=True)
    frame: Frame = Field(sa_type=StrEnumType(Frame))
    channel: Channel = Field(sa_type=StrEnumType(Channel))
    depositor_siret: str = Field(max_length=14, index=True)
    depositor_role: WorksRole = Field(sa_type=StrEnumType(WorksRole))
    document_id: int | None = Field(default=None, foreign_key="documents.id")
    associated_with_id: int | None = Field(default=None, foreign_key="works_pieces.id")
    """The earlier piece this one answers."""
    first_validator_siret: str | None = Field(default=None, max_length=14)
    second_validator_siret: str | None = Field(default=None, max_length=14)
    status: PieceStatus = Field(
        default=P.BROUILLON, sa_type=StrEnumType(PieceStatus), index=True
    )
    status_since: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    created_by: str = Field(max_length=128)


class PieceChange(SQLModel, table=True):
    """One change of a piece's status: when, by whom, why."""

    __tablename__ = "works_piece_changes"

    id: int | None = Field(default=None, primary_key=True)
    piece_id: int = Field(foreign_key="works_pieces.id", index=True, ondelete="CASCADE")
    from_status: PieceStatus | None = Field(
        default=None, sa_type=StrEnumType(PieceStatus)
    )
    """None for the creation of the draft."""
    to_status: PieceStatus = Field(sa_type=StrEnumType(PieceStatus))
    at: datetime = Field(sa_type=UtcDateTime)
    actor: str = Field(max_length=128)
    """The user (or ``scheduler``) who made the change."""
    actor_siret: str | None = Field(default=None, max_length=14)
    """The structure it acted for; None for the scheduler."""
    reason: str | None = None


class WorksMail(SQLModel, table=True):
    """A notice to one actor about one change; sent by `models.works_mail`."""

    __tablename__ = "works_mails"

    id: int | None = Field(default=None, primary_key=True)
    change_id: int = Field(
        foreign_key="works_piece_changes.id", index=True, ondelete="CASCADE"
    )
    recipient_siret: str = Field(max_length=14)
    email: str = Field(max_length=255)
    subject: str = Field(max_length=255)
    body: str
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    attempts: int = 0
    last_error: str | None = None


WORKS_PIECE_CHANGED = "works.piece_changed"
SCHEDULER = "scheduler"
"""The actor of changes made by the deadline job."""

# --------------------------------------------------------------------- contracts


def create_contract(session: Session, data: ContractCreate, *, actor: str) -> Contract:
    """A contract and its actors, checked: SIRETs, one fournisseur and one MOA, the
    groupement and its mandataire, and each subcontractor's validators."""
    actors = [_checked_actor(a) for a in data.actors]
    _check_actors(data, actors)
    if _find_contract(session, data.number) is not None:
        raise ContractExists(f"{data.number!r}.", number=data.number)
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise InvalidValue("end_date is before start_date.", field="end_date")
    contract = Contract(
        **data.model_dump(exclude={"actors", "planned_invoicing_dates"}),
        planned_invoicing_dates=[d.isoformat() for d in data.planned_invoicing_dates],
        created_by=actor,
    )
    if contract.mandataire_siret:
        contract.mandataire_siret = _compact_siret(contract.mandataire_siret)
    session.add(contract)
    session.flush()
    for spec in actors:
        session.add(Actor(**spec.model_dump(), contract_id=_id(contract)))
    session.commit()
    return contract


def _compact_siret(value: str) -> str:
    if not stdnum_siret.is_valid(value):
        raise InvalidValue(f"SIRET {value!r} is not valid.", siret=value)
    return str(stdnum_siret.compact(value))


def _checked_actor(spec: ActorCreate) -> ActorCreate:
    return spec.model_copy(
        update={
            "siret": _compact_siret(spec.siret),
            "first_validator_siret": spec.first_validator_siret
            and _compact_siret(spec.first_validator_siret),
            "second_validator_siret": spec.second_validator_siret
            and _compact_siret(spec.second_validator_siret),
        }
    )


def _check_actors(data: ContractCreate, actors: list[ActorCreate]) -> None:
    def holders(role: WorksRole) -> list[str]:
        return [a.siret for a in actors if a.role == role]

    for role in (R.FOURNISSEUR, R.MOA):
        if len(holders(role)) != 1:
            raise ContractActors(f"It needs exactly one {role}.", role=role)
    for role in (R.MOE, R.SERVICE_FINANCIER):
        if len(holders(role)) > 1:
            raise ContractActors(f"It has more than one {role}.", role=role)
    if len({(a.siret, a.role) for a in actors}) != len(actors):
        raise ContractActors("A structure is named twice in one role.")
    fournisseur = holders(R.FOURNISSEUR)[0]
    mandataire = data.mandataire_siret and _compact_siret(data.mandataire_siret)
    if data.groupement is None and (holders(R.COTRAITANT) or mandataire):
        raise ContractActors("Cotraitants and a mandataire need a groupement.")
    if data.groupement is not None and mandataire != fournisseur:
        raise ContractActors(
            "A groupement's mandataire is its fournisseur (the titulaire).",
            mandataire=mandataire,
        )
    members = {a.siret for a in actors}
    for spec in actors:
        for validator in (spec.first_validator_siret, spec.second_validator_siret):
            if validator and validator not in members:
                raise ContractActors(
                    f"Validator {validator} is not an actor of the contract.",
                    siret=validator,
                )


def _find_contract(session: Session, number: str) -> Contract | None:
    return session.exec(select(Contract).where(Contract.number == number)).first()


def get_contract(session: Session, number: str) -> Contract:
    contract = _find_contract(session, number)
    if contract is None:
        raise WorksNotFound(f"Contract {number!r}.", number=number)
    return contract


def actors_of(session: Session, contract: Contract) -> list[Actor]:
    query = (
        select(Actor).where(Actor.contract_id == _id(contract)).order_by(col(Actor.id))
    )
    return list(session.exec(query))


def roles_of(session: Session, contract: Contract, siret: str) -> frozenset[WorksRole]:
    """The roles a structure holds in the contract."""
    return frozenset(a.role for a in actors_of(session, contract) if a.siret == siret)


# ------------------------------------------------------------------------ deposit


@dataclass(frozen=True, slots=True)
class DepositRequest:
    """A piece to deposit: its frame, who deposits it, how, and what it answers."""

    frame: Frame
    depositor_siret: str
    channel: Channel
    facts: PieceFacts
    associated_with_id: int | None = None
    document_id: int | None = None

    @property
    def kind(self) -> DepositKind:
        if self.associated_with_id is None:
            return DepositKind.INITIAL
        return DepositKind.ASSOCIATION


def check_deposit(
    session: Session, contract: Contract, request: DepositRequest
) -> Piece | None:
    """Raise the `DepositRefused` the frames table gives, else return the piece the
    deposit answers (None for an initial deposit)."""
    rule = FRAMES[request.frame]
    roles = roles_of(session, contract, request.depositor_siret)
    if rule.depositor not in roles:
        raise FrameRoleForbidden(
            f"{request.frame} is deposited by the {rule.depositor}.",
            frame=request.frame, role=rule.depositor,
        )  # fmt: skip
    if rule.depositor == R.COTRAITANT and contract.groupement == Groupement.SOLIDAIRE:
        raise SolidaireMandataireOnly(f"{request.frame} by a cotraitant.")
    kind = request.kind
    cell = rule.cell(request.channel, kind)
    if cell == Cell.NA:
        error = FrameNotInitial if kind == DepositKind.INITIAL else FrameNotAssociable
        raise error(f"{request.frame}, channel {request.channel}.", frame=request.frame)
    if cell == Cell.NO:
        raise ChannelForbidden(
            f"{request.frame}, {kind} deposit, channel {request.channel}.",
            frame=request.frame, channel=request.channel, kind=kind,
        )  # fmt: skip
    if request.associated_with_id is None:
        return None
    target = get_piece(session, request.associated_with_id)
    _check_answer(contract, rule, request.frame, target)
    return target


def _check_answer(
    contract: Contract, rule: FrameRule, frame: Frame, target: Piece
) -> None:
    if target.contract_id != contract.id:
        raise AssociationOtherContract(f"Piece {target.id}.", piece=target.id)
    whens = [a.when for a in rule.answers if a.target == target.frame]
    if not whens:
        raise AssociationWrongFrame(
            f"{frame} does not answer {target.frame}.", frame=frame, target=target.frame
        )
    if PieceStatus(target.status) not in whens[0]:
        raise AssociationNotReady(
            f"Piece {target.id} ({target.frame}) is {PieceStatus(target.status).label}.",
            piece=target.id, status=target.status,
        )  # fmt: skip


def deposit(
    session: Session,
    contract: Contract,
    request: DepositRequest,
    *,
    actor: str,
    send: bool = True,
    now: datetime | None = None,
) -> Piece:
    """Deposit a piece: checked against the frames table, saved as a Brouillon, then
    (``send``: "Valider et envoyer") deposited and routed, each step in its history."""
    now = now or utcnow()
    target = check_deposit(session, contract, request)
    if (
        request.document_id is not None
        and session.get(Document, request.document_id) is None
    ):
        raise WorksNotFound(f"Document {request.document_id}.")
    dossier = (
        _dossier_of(session, target)
        if target is not None
        else _open_dossier(session, contract, now)
    )
    first, second = _validators(session, contract, request)
    piece = Piece(
        **request.facts.model_dump(),
        contract_id=_id(contract),
        dossier_id=_id(dossier),
        frame=request.frame,
        channel=request.channel,
        depositor_siret=request.depositor_siret,
        depositor_role=FRAMES[request.frame].depositor,
        document_id=request.document_id,
        associated_with_id=request.associated_with_id,
        first_validator_siret=first,
        second_validator_siret=second,
        status_since=now,
        created_by=actor,
    )
    session.add(piece)
    session.flush()
    _record(session, piece, None, actor=actor, siret=request.depositor_siret, now=now)
    if send:
        _send(session, contract, piece, target, actor=actor, now=now)
    session.commit()
    return piece


def send_piece(
    session: Session,
    piece: Piece,
    *,
    by_siret: str,
    actor: str,
    now: datetime | None = None,
) -> Piece:
    """ "Valider et envoyer" a saved draft, checked again against the frames table."""
    now = now or utcnow()
    if by_siret != piece.depositor_siret:
        raise NotPieceHolder("Only its depositor sends a draft.")
    contract = _contract_of(session, piece)
    request = DepositRequest(
        frame=Frame(piece.frame), depositor_siret=piece.depositor_siret,
        channel=Channel(piece.channel), facts=PieceFacts(number=piece.number),
        associated_with_id=piece.associated_with_id,
    )  # fmt: skip
    target = check_deposit(session, contract, request)
    _send(session, contract, piece, target, actor=actor, now=now)
    session.commit()
    return piece


def _send(
    session: Session,
    contract: Contract,
    piece: Piece,
    target: Piece | None,
    *,
    actor: str,
    now: datetime,
) -> None:
    siret = piece.depositor_siret
    transition(session, piece, P.DEPOSEE, actor=actor, siret=siret, now=now)
    if target is not None:
        transition(session, target, P.ASSOCIEE, actor=actor, siret=siret, now=now)
    if piece.first_validator_siret:
        to = P.MISE_A_DISPOSITION_VALIDEUR_1
    else:
        to = FRAMES[Frame(piece.frame)].recipient
    transition(session, piece, to, actor=actor, siret=siret, now=now)


def _open_dossier(session: Session, contract: Contract, now: datetime) -> Dossier:
    query = select(func.max(Dossier.sequence)).where(
        Dossier.contract_id == _id(contract)
    )
    sequence = (session.exec(query).one() or 0) + 1
    dossier = Dossier(
        contract_id=_id(contract),
        sequence=sequence,
        number=f"{contract.number}-{sequence:03d}",
        opened_at=now,
    )
    session.add(dossier)
    session.flush()
    return dossier


def _validators(
    session: Session, contract: Contract, request: DepositRequest
) -> tuple[str | None, str | None]:
    """Who validates a request: the mandataire for a cotraitant's piece; for a
    subcontractor's, its named validators (the fournisseur when none is named)."""
    rule = FRAMES[request.frame]
    if not rule.validated:
        return None, None
    if rule.depositor == R.COTRAITANT:
        return contract.mandataire_siret, None
    actor = next(
        a
        for a in actors_of(session, contract)
        if a.siret == request.depositor_siret and a.role == rule.depositor
    )
    fournisseur = next(
        a.siret for a in actors_of(session, contract) if a.role == R.FOURNISSEUR
    )
    return actor.first_validator_siret or fournisseur, actor.second_validator_siret


# ------------------------------------------------------------------------ actions


class Action(StrEnum):
    """What the structure a piece waits on may do with it."""

    TAKE_INTO_ACCOUNT = "take_into_account"
    """The MOE: Prise en compte MOE."""
    VALIDATE = "validate"
    REFUSE_ROUTING = "refuse_routing"
    """Refuse for an error in the routing data."""
    REFUSE_OTHER = "refuse_other"
    SUSPEND = "suspend"
    RESUME = "resume"


def holders(session: Session, piece: Piece) -> frozenset[str]:
    """The SIRETs the piece waits on (empty when it waits on nobody)."""
    status = PieceStatus(piece.status)
    if status == P.SUSPENDUE:
        status = _suspended_from(session, piece)
    if status == P.MISE_A_DISPOSITION_VALIDEUR_1:
        return frozenset({piece.first_validator_siret or ""}) - {""}
    if status == P.MISE_A_DISPOSITION_VALIDEUR_2:
        return frozenset({piece.second_validator_siret or ""}) - {""}
    roles = HOLDERS.get(status, frozenset())
    contract = _contract_of(session, piece)
    return frozenset(a.siret for a in actors_of(session, contract) if a.role in roles)


def target_of(action: Action, status: PieceStatus) -> PieceStatus | None:
    """The status an action leads to from ``status``; None when it means nothing there
    (the transition table then refuses it)."""
    at_1 = status == P.MISE_A_DISPOSITION_VALIDEUR_1
    at_2 = status == P.MISE_A_DISPOSITION_VALIDEUR_2
    if action == Action.VALIDATE:
        return P.VALIDEE_VALIDEUR_1 if at_1 else P.VALIDEE_VALIDEUR_2 if at_2 else None
    if action == Action.REFUSE_ROUTING:
        return (
            P.REFUSEE_VALIDEUR_1_ACHEMINEMENT if at_1
            else P.REFUSEE_VALIDEUR_2_ACHEMINEMENT if at_2
            else P.REFUSEE_ACHEMINEMENT
        )  # fmt: skip
    if action == Action.REFUSE_OTHER:
        return (
            P.REFUSEE_VALIDEUR_1_AUTRE_MOTIF if at_1
            else P.REFUSEE_VALIDEUR_2_AUTRE_MOTIF if at_2
            else P.REFUSEE_AUTRE_MOTIF
        )  # fmt: skip
    if action == Action.TAKE_INTO_ACCOUNT:
        return P.PRISE_EN_COMPTE_MOE
    if action == Action.SUSPEND:
        return P.SUSPENDUE
    return None  # RESUME: the status before the suspension, found in the history


def act(
    session: Session,
    piece: Piece,
    action: Action | str,
    *,
    by_siret: str,
    actor: str,
    reason: str | None = None,
    now: datetime | None = None,
) -> Piece:
    """The structure the piece waits on acts on it: validate, refuse with a reason,
    suspend, resume, or (the MOE) take it into account. A validated piece goes on."""
    now = now or utcnow()
    try:
        action = Action(action)
    except ValueError:
        raise UnknownAction(f"{action!r}.", action=str(action)) from None
    if by_siret not in holders(session, piece):
        raise NotPieceHolder(
            f"Piece {piece.id} is {PieceStatus(piece.status).label}.",
            piece=piece.id, siret=by_siret,
        )  # fmt: skip
    status = PieceStatus(piece.status)
    if action == Action.RESUME and status == P.SUSPENDUE:
        to = _suspended_from(session, piece)
    else:
        to = target_of(action, status) or status
    transition(session, piece, to, actor=actor, siret=by_siret, reason=reason, now=now)
    if to in (P.VALIDEE_VALIDEUR_1, P.VALIDEE_VALIDEUR_2):
        _pass_on(session, piece, actor=actor, siret=by_siret, now=now)
    session.commit()
    return piece


def _pass_on(
    session: Session, piece: Piece, *, actor: str, siret: str | None, now: datetime
) -> None:
    """After the first validator, the second one; after the last, the recipient."""
    after_first = (P.VALIDEE_VALIDEUR_1, P.VALIDATION_1_HORS_DELAI)
    if PieceStatus(piece.status) in after_first and piece.second_validator_siret:
        to = P.MISE_A_DISPOSITION_VALIDEUR_2
    else:
        to = FRAMES[Frame(piece.frame)].recipient
    transition(session, piece, to, actor=actor, siret=siret, now=now)


def _suspended_from(session: Session, piece: Piece) -> PieceStatus:
    last = session.exec(
        select(PieceChange)
        .where(PieceChange.piece_id == _id(piece), PieceChange.to_status == P.SUSPENDUE)
        .order_by(col(PieceChange.id).desc())
    ).first()
    if last is None or last.from_status is None:
        raise ValueError(f"piece {piece.id} is suspended without a history")
    return PieceStatus(last.from_status)


# --------------------------------------------------------------------- deadlines


def expire_validations(
    session: Session, *, days: int, now: datetime | None = None
) -> list[Piece]:
    """The scheduled job: a validator who let ``days`` pass does not block the piece;
    it becomes Validation 1 (or 2) hors délai and goes on. Returns the pieces moved."""
    now = now or utcnow()
    limit = now - timedelta(days=days)
    query = (
        select(Piece)
        .where(col(Piece.status).in_(list(WITH_VALIDATOR)), Piece.status_since <= limit)
        .order_by(col(Piece.id))
    )
    moved = list(session.exec(query))
    for piece in moved:
        late = (
            P.VALIDATION_1_HORS_DELAI
            if piece.status == P.MISE_A_DISPOSITION_VALIDEUR_1
            else P.VALIDATION_2_HORS_DELAI
        )
        reason = f"no answer within {days} days"
        transition(
            session, piece, late, actor=SCHEDULER, siret=None, reason=reason, now=now
        )
        _pass_on(session, piece, actor=SCHEDULER, siret=None, now=now)
    session.commit()
    return moved


# -------------------------------------------------------------------- transition


def can_move(current: PieceStatus, to: PieceStatus) -> bool:
    return to in TRANSITIONS[current]


def transition(
    session: Session,
    piece: Piece,
    to: PieceStatus,
    *,
    actor: str,
    siret: str | None,
    reason: str | None = None,
    now: datetime,
) -> PieceChange:
    """Move the piece to ``to``, keep the change, tell the dossier's actors."""
    current = PieceStatus(piece.status)
    if not can_move(current, to):
        raise IllegalTransition(
            f"{current.label} → {to.label}.", current=current, to=to
        )
    if to in NEEDS_REASON and not (reason and reason.strip()):
        raise ReasonRequired(f"{to.label} needs a reason.", to=to)
    piece.status = to
    piece.status_since = now
    session.add(piece)
    return _record(
        session, piece, current, actor=actor, siret=siret, reason=reason, now=now
    )


def _record(
    session: Session,
    piece: Piece,
    current: PieceStatus | None,
    *,
    actor: str,
    siret: str | None,
    now: datetime,
    reason: str | None = None,
) -> PieceChange:
    change = PieceChange(
        piece_id=_id(piece), from_status=current, to_status=piece.status, at=now,
        actor=actor, actor_siret=siret, reason=reason,
    )  # fmt: skip
    session.add(change)
    session.flush()
    _notify(session, piece, change)
    return change


# ------------------------------------------------------------------------ notices


def dossier_actors(session: Session, piece: Piece) -> list[Actor]:
    """Who is told of a change: the contract's titulaire, MOE, MOA and service
    financier, and every structure that deposited or validates a piece of the dossier.
    """
    contract = _contract_of(session, piece)
    pieces = pieces_of(session, _dossier_of(session, piece))
    involved = {
        siret
        for p in pieces
        for siret in (
            p.depositor_siret,
            p.first_validator_siret,
            p.second_validator_siret,
        )
        if siret
    }
    always = {R.FOURNISSEUR, R.MOE, R.MOA, R.SERVICE_FINANCIER}
    chosen: dict[str, Actor] = {}
    for a in actors_of(session, contract):
        if (a.role in always or a.siret in involved) and a.siret not in chosen:
            chosen[a.siret] = a
    return list(chosen.values())


def _notify(session: Session, piece: Piece, change: PieceChange) -> None:
    """One outbox event for the change, and one mail per actor with an address."""
    dossier = _dossier_of(session, piece)
    actors = dossier_actors(session, piece)
    payload = notice_payload(piece, change, dossier, actors)
    session.add(OutboxEvent(kind=WORKS_PIECE_CHANGED, payload=payload))
    subject, body = mail_text(piece, change, dossier)
    for a in actors:
        email = a.email or _directory_email(session, a.siret)
        if email:
            session.add(
                WorksMail(
                    change_id=_id(change), recipient_siret=a.siret, email=email,
                    subject=subject, body=body, created_at=change.at,
                )
            )  # fmt: skip


def notice_payload(
    piece: Piece, change: PieceChange, dossier: Dossier, actors: Sequence[Actor]
) -> dict[str, Any]:
    return {
        "dossier": dossier.number,
        "piece": {"id": piece.id, "frame": str(piece.frame), "number": piece.number},
        "from_status": change.from_status and str(change.from_status),
        "status": str(change.to_status),
        "label": PieceStatus(change.to_status).label,
        "at": change.at.isoformat(),
        "actor": change.actor,
        "actor_siret": change.actor_siret,
        "reason": change.reason,
        "recipients": [{"siret": a.siret, "role": str(a.role)} for a in actors],
    }


def mail_text(piece: Piece, change: PieceChange, dossier: Dossier) -> tuple[str, str]:
    frame = Frame(piece.frame)
    status = PieceStatus(change.to_status)
    subject = f"[Travaux] {frame} N° {piece.number} : {status.label}"
    lines = [
        f"Dossier de facturation N° {dossier.number}",
        f"{frame} – {FRAMES[frame].label} - N° {piece.number}",
        f"{change.at:%d/%m/%Y %H:%M:%S} - {status.label}",
    ]
    if change.reason:
        lines.append(f"Motif : {change.reason}")
    return subject, "\n".join(lines) + "\n"


def _directory_email(session: Session, siret: str) -> str | None:
    query = select(Structure.email).where(Structure.identifier == siret)
    return session.exec(query).first()


# ------------------------------------------------------------------- the dossier


def get_piece(session: Session, piece_id: int) -> Piece:
    piece = session.get(Piece, piece_id)
    if piece is None:
        raise WorksNotFound(f"Piece {piece_id}.", piece=piece_id)
    return piece


def get_dossier(session: Session, number: str) -> Dossier:
    dossier = session.exec(select(Dossier).where(Dossier.number == number)).first()
    if dossier is None:
        raise WorksNotFound(f"Dossier {number!r}.", dossier=number)
    return dossier


def pieces_of(session: Session, dossier: Dossier) -> list[Piece]:
    query = (
        select(Piece).where(Piece.dossier_id == _id(dossier)).order_by(col(Piece.id))
    )
    return list(session.exec(query))


def history(session: Session, piece: Piece) -> list[PieceChange]:
    query = (
        select(PieceChange)
        .where(PieceChange.piece_id == _id(piece))
        .order_by(col(PieceChange.id))
    )
    return list(session.exec(query))


@dataclass(frozen=True, slots=True)
class PieceView:
    piece: Piece
    history: list[PieceChange]
    """Oldest first."""


@dataclass(frozen=True, slots=True)
class DossierView:
    """ "Consultation d'un dossier de facturation": every piece, its full history."""

    contract: Contract
    dossier: Dossier
    pieces: list[PieceView]
    """In the order they were deposited."""


def view_dossier(session: Session, dossier: Dossier) -> DossierView:
    contract = session.get(Contract, dossier.contract_id)
    if contract is None:
        raise WorksNotFound(f"Contract of dossier {dossier.number!r}.")
    return DossierView(
        contract=contract,
        dossier=dossier,
        pieces=[PieceView(p, history(session, p)) for p in pieces_of(session, dossier)],
    )


def dossier_json(view: DossierView) -> dict[str, Any]:
    """The dossier as the API and ``ingest works dossier --json`` give it."""
    return {
        "contract": view.contract.number,
        "dossier": view.dossier.number,
        "pieces": [piece_json(v) for v in view.pieces],
    }


def piece_json(view: PieceView) -> dict[str, Any]:
    """A piece, its amounts and its full history, oldest change first."""
    piece = view.piece
    return {
        "id": piece.id,
        "frame": str(piece.frame),
        "label": FRAMES[Frame(piece.frame)].label,
        "number": piece.number,
        "channel": str(piece.channel),
        "depositor_siret": piece.depositor_siret,
        "associated_with": piece.associated_with_id,
        "validators": [
            s for s in (piece.first_validator_siret, piece.second_validator_siret) if s
        ],
        "status": str(piece.status),
        "status_label": PieceStatus(piece.status).label,
        "amounts": {
            name: None if value is None else f"{value:f}"
            for name, value in (
                ("total_ht", piece.total_ht),
                ("total_vat", piece.total_vat),
                ("total_ttc", piece.total_ttc),
                ("amount_due", piece.amount_due),
            )
        },
        "history": [
            {
                "at": c.at.isoformat(),
                "status": str(c.to_status),
                "label": PieceStatus(c.to_status).label,
                "actor": c.actor,
                "actor_siret": c.actor_siret,
                "reason": c.reason,
            }
            for c in view.history
        ],
    }


def view_piece(session: Session, piece: Piece) -> PieceView:
    return PieceView(piece, history(session, piece))


def _contract_of(session: Session, piece: Piece) -> Contract:
    contract = session.get(Contract, piece.contract_id)
    if contract is None:
        raise WorksNotFound(f"Contract of piece {piece.id}.")
    return contract


def _dossier_of(session: Session, piece: Piece) -> Dossier:
    dossier = session.get(Dossier, piece.dossier_id)
    if dossier is None:
        raise WorksNotFound(f"Dossier of piece {piece.id}.")
    return dossier


def _id(row: Contract | Dossier | Piece | PieceChange) -> int:
    if row.id is None:
        raise ValueError("the row has not been saved")
    return row.id
