"""Works invoices through the API, each actor with its own token: nobody acts for
another, and the frames and status tables hold as they do in the models."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from models.db import database_url, make_engine, session, upgrade
from models.users import Role, add_user
from models.works import Groupement
from tests.models.works_cast import CAST, card

USERS = {
    "admin": (Role.ADMIN, None),
    "titulaire": (Role.SUPPLIER, CAST.fournisseur),
    "moe": (Role.CLERK, CAST.moe),
    "moa": (Role.CLERK, CAST.moa),
    "finances": (Role.CLERK, CAST.finances),
    "sous_traitant": (Role.SUPPLIER, CAST.sous_traitant),
    "cotraitant": (Role.SUPPLIER, CAST.cotraitant),
    "outsider": (Role.SUPPLIER, CAST.outsider),
}


class Api:
    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens

    def as_(self, user: str, method: str, url: str, **kwargs):
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        return self.client.request(method, url, headers=headers, **kwargs)

    def deposit(self, user: str, frame: str, number: str, answers=None, **extra):
        body = {"frame": frame, "number": number, "answers": answers,
                "total_ht": "1000.00", "total_ttc": "1200.00", **extra}  # fmt: skip
        return self.as_(
            user, "POST", "/api/works/contracts/M-2026-017/pieces", json=body
        )

    def act(self, user: str, piece: int, action: str, reason: str | None = None):
        body = {"action": action, "reason": reason}
        return self.as_(user, "POST", f"/api/works/pieces/{piece}/actions", json=body)


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    config = Settings(data_dir=tmp_path / "var", database_url=None)
    engine = make_engine(database_url(config.data_dir, None))
    upgrade(engine)
    tokens = {}
    with session(engine) as s:
        for name, (role, siret) in USERS.items():
            _, tokens[name] = add_user(s, name, role, siret)
    engine.dispose()
    with TestClient(create_app(config, workers=0)) as client:
        yield Api(client, tokens)


def contract(api: Api, **kwargs) -> dict:
    data = card(second_validator=CAST.moa, **kwargs).model_dump(mode="json")
    answer = api.as_("moa", "POST", "/api/works/contracts", json=data)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_only_an_admin_or_the_moa_creates_a_contract(api: Api):
    data = card().model_dump(mode="json")
    assert (
        api.as_("titulaire", "POST", "/api/works/contracts", json=data).status_code
        == 403
    )
    assert api.as_("moe", "POST", "/api/works/contracts", json=data).status_code == 403
    created = api.as_("admin", "POST", "/api/works/contracts", json=data)
    assert created.status_code == 201
    assert created.json()["engagement_number"] == "EJ-1300042"
    assert len(created.json()["actors"]) == 5
    again = api.as_("admin", "POST", "/api/works/contracts", json=data)
    assert again.json()["error"]["code"] == "contract_exists"


def test_the_monthly_cycle_with_each_actors_token(api: Api):
    contract(api)
    a4 = api.deposit("titulaire", "A4", "258741")
    assert a4.status_code == 201, a4.text
    assert a4.json()["status"] == "mise_a_disposition_moe"
    assert a4.json()["depositor_siret"] == CAST.fournisseur
    a4_id = a4.json()["id"]
    # The MOA cannot answer for the MOE, nor the supplier for anyone.
    assert api.deposit("moa", "A15", "EA-1", answers=a4_id).json()["error"]["code"] == (
        "frame_role_forbidden"
    )
    refused = api.act("moa", a4_id, "take_into_account")
    assert refused.json()["error"]["code"] == "not_piece_holder"
    a15 = api.deposit("moe", "A15", "EA258741", answers=a4_id)
    assert a15.json()["status"] == "mise_a_disposition_moa"
    suspended = api.act("moa", a15.json()["id"], "suspend", "pièce illisible")
    assert suspended.json()["status"] == "suspendue"
    assert api.act("moa", a15.json()["id"], "resume").json()["status"] == (
        "mise_a_disposition_moa"
    )
    a19 = api.deposit("moa", "A19", "EAV-1", answers=a15.json()["id"])
    assert a19.json()["status"] == "mise_a_disposition_destinataire"
    dossier = api.as_("finances", "GET", "/api/works/dossiers/M-2026-017-001").json()
    last = "mise_a_disposition_destinataire"
    assert [p["status"] for p in dossier["pieces"]] == ["associee", "associee", last]
    labels = [h["label"] for h in dossier["pieces"][1]["history"]]
    assert labels == ["Brouillon", "Déposée", "Mise à disposition MOA", "Suspendue",
                      "Mise à disposition MOA", "Associée"]  # fmt: skip
    assert dossier["pieces"][1]["history"][3]["reason"] == "pièce illisible"
    assert dossier["pieces"][1]["history"][3]["actor"] == "moa"


def test_the_end_cycle_and_a_refusal_for_another_reason(api: Api):
    contract(api)
    a7 = api.deposit("titulaire", "A7", "PDF-1").json()
    a17 = api.deposit("moe", "A17", "PDG-1", answers=a7["id"]).json()
    a20 = api.deposit("moa", "A20", "DG-1", answers=a17["id"]).json()
    assert a20["status"] == "mise_a_disposition_fournisseur"
    routing = api.act("titulaire", a20["id"], "refuse_routing", "erreur")
    assert (routing.status_code, routing.json()["error"]["code"]) == (
        409, "illegal_transition",
    )  # fmt: skip
    no_reason = api.act("titulaire", a20["id"], "refuse_other")
    assert no_reason.json()["error"]["code"] == "reason_required"
    a8 = api.deposit("titulaire", "A8", "DGD-1", answers=a20["id"])
    assert a8.json()["status"] == "mise_a_disposition_destinataire"


def test_a_subcontractor_request_is_validated_by_its_validators_only(api: Api):
    contract(api)
    a10 = api.deposit("sous_traitant", "A10", "DP-1").json()
    assert a10["status"] == "mise_a_disposition_valideur1"
    assert a10["validators"] == [CAST.fournisseur, CAST.moa]
    for user in ("sous_traitant", "moa", "moe", "admin"):
        answer = api.act(user, a10["id"], "validate")
        assert answer.status_code in (400, 403), user
    assert api.act("titulaire", a10["id"], "validate").json()["status"] == (
        "mise_a_disposition_valideur2"
    )
    done = api.act("moa", a10["id"], "refuse_other", "hors contrat de sous-traitance")
    assert done.json()["status"] == "refusee_valideur2_autre_motif"


def test_groupement_solidaire_and_forbidden_channels_through_the_api(api: Api):
    contract(api, groupement=Groupement.SOLIDAIRE)
    a13 = api.deposit("cotraitant", "A13", "PDM-CO")
    assert a13.json()["error"]["code"] == "groupement_solidaire_mandataire_only"
    edi = api.deposit("titulaire", "A5", "EA-EDI", channel="edi")
    assert edi.json()["error"]["code"] == "channel_forbidden"
    tacit = api.deposit("titulaire", "A23", "DGD-T")
    assert tacit.json()["error"]["code"] == "frame_not_initial"


def test_outsiders_see_nothing_and_admins_act_for_nobody(api: Api):
    contract(api)
    a4 = api.deposit("titulaire", "A4", "PDM-1").json()
    for url in (
        "/api/works/contracts/M-2026-017",
        "/api/works/dossiers/M-2026-017-001",
    ):
        assert api.as_("outsider", "GET", url).status_code == 404
        assert api.as_("admin", "GET", url).status_code == 200
    assert api.deposit("outsider", "A4", "PDM-X").status_code == 404
    assert api.act("outsider", a4["id"], "take_into_account").status_code == 404
    assert api.deposit("admin", "A4", "PDM-A").status_code == 403
    assert (
        api.as_("titulaire", "GET", "/api/works/contracts/M-2026-017").json()[
            "groupement"
        ]
        is None
    )
