"""A works contract's cast of structures, and helpers that deposit and act for them."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlmodel import Session
from stdnum import luhn

from models.works import (
    ActorCreate,
    Channel,
    Contract,
    ContractCreate,
    DepositRequest,
    Frame,
    Groupement,
    Piece,
    PieceFacts,
    WorksRole,
    create_contract,
    deposit,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def siret(n: int) -> str:
    """A valid SIRET: a Luhn SIREN, then a Luhn SIRET."""
    siren = f"{n:08d}"
    siren += luhn.calc_check_digit(siren)
    body = siren + "0001"
    return body + luhn.calc_check_digit(body)


@dataclass(frozen=True)
class Cast:
    fournisseur: str = siret(1001)
    moe: str = siret(2002)
    moa: str = siret(3003)
    finances: str = siret(4004)
    sous_traitant: str = siret(5005)
    cotraitant: str = siret(6006)
    outsider: str = siret(7007)


CAST = Cast()
USER = {
    CAST.fournisseur: "u-fournisseur",
    CAST.moe: "u-moe",
    CAST.moa: "u-moa",
    CAST.finances: "u-finances",
    CAST.sous_traitant: "u-sous-traitant",
    CAST.cotraitant: "u-cotraitant",
    CAST.outsider: "u-outsider",
}


def card(
    number: str = "M-2026-017",
    groupement: Groupement | None = None,
    *,
    second_validator: str | None = None,
    cotraitant: bool = False,
) -> ContractCreate:
    """A contract with every role; a cotraitant when there is a groupement."""
    actors = [
        ActorCreate(siret=CAST.fournisseur, role=WorksRole.FOURNISSEUR,
                    name="BTP Martin", email="titulaire@martin.test"),
        ActorCreate(siret=CAST.moe, role=WorksRole.MOE, name="Atelier MOE",
                    email="moe@atelier.test"),
        ActorCreate(siret=CAST.moa, role=WorksRole.MOA, name="Commune",
                    email="moa@commune.test"),
        ActorCreate(siret=CAST.finances, role=WorksRole.SERVICE_FINANCIER,
                    name="Trésorerie"),
        ActorCreate(siret=CAST.sous_traitant, role=WorksRole.SOUS_TRAITANT,
                    name="Elec Sud", email="st@elec.test",
                    second_validator_siret=second_validator),
    ]  # fmt: skip
    if groupement is not None or cotraitant:
        actors.append(
            ActorCreate(siret=CAST.cotraitant, role=WorksRole.COTRAITANT,
                        name="Plomberie Nord", email="co@plomberie.test")
        )  # fmt: skip
    return ContractCreate(
        number=number,
        description="Réhabilitation du groupe scolaire",
        start_date=date(2026, 1, 5),
        end_date=date(2026, 12, 18),
        planned_invoicing_dates=[date(2026, 2, 1), date(2026, 3, 1)],
        engagement_number="EJ-1300042",
        service_code="TRAVAUX",
        service_label="Service travaux",
        groupement=groupement,
        mandataire_siret=CAST.fournisseur if groupement else None,
        actors=actors,
    )


def make_contract(db: Session, **kwargs: object) -> Contract:
    return create_contract(db, card(**kwargs), actor="admin")  # type: ignore[arg-type]


def put(
    db: Session,
    contract: Contract,
    frame: Frame,
    by: str,
    *,
    answers: Piece | None = None,
    channel: Channel = Channel.PDF_PORTAL,
    number: str | None = None,
    now: datetime = T0,
    send: bool = True,
) -> Piece:
    """Deposit a piece of ``frame`` for ``by`` (associated with ``answers``)."""
    facts = PieceFacts(
        number=number or f"{frame}-{by[-5:]}",
        issue_date=now.date(),
        total_ht=Decimal("10000.00"),
        total_vat=Decimal("2000.00"),
        total_ttc=Decimal("12000.00"),
        amount_due=Decimal("11400.00"),
    )
    request = DepositRequest(
        frame=frame,
        depositor_siret=by,
        channel=channel,
        facts=facts,
        associated_with_id=None if answers is None else answers.id,
    )
    return deposit(db, contract, request, actor=USER[by], send=send, now=now)
