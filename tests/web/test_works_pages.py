"""The works pages in Chromium: a contract run end to end from the pages, each actor
signed in with its own token: the MOA creates the contract with its actors, the
titulaire deposits an A4, the MOE takes it into account and answers with an A15, the
MOA suspends, resumes and answers with an A19; the dossier page shows every piece's
full, time-stamped history as the API gives it. A subcontractor's A10 is validated by
its first validator and refused with a reason by its second, from the page. A
forbidden deposit and a stale action are refused in words; another structure gets a
404 page."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from models.users import Role
from tests.models.works_cast import CAST, card
from tests.web.conftest import sign_in
from tests.web.server import Served, serve

NUMBER = "M-2026-117"
DOSSIER = f"{NUMBER}-001"
WORKS_USERS = {
    "moa": (Role.CLERK, CAST.moa),
    "moe": (Role.CLERK, CAST.moe),
    "titulaire": (Role.SUPPLIER, CAST.fournisseur),
    "finances": (Role.CLERK, CAST.finances),
    "outsider": (Role.SUPPLIER, CAST.outsider),
    "sous_traitant": (Role.SUPPLIER, CAST.sous_traitant),
}


@pytest.fixture(scope="module")
def works_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(tmp_path_factory.mktemp("works") / "var", WORKS_USERS) as served:
        yield served


class Actors:
    """One browser context per actor, each signed in with its own token."""

    def __init__(self, browser: Browser, served: Served) -> None:
        self.browser = browser
        self.served = served
        self.pages: dict[str, Page] = {}
        self.errors: list[str] = []

    def __getitem__(self, user: str) -> Page:
        if user not in self.pages:
            context = self.browser.new_context(
                base_url=self.served.url, viewport={"width": 1400, "height": 900}
            )
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.on("pageerror", lambda e: self.errors.append(str(e)))
            sign_in(page, self.served, user)
            self.pages[user] = page
        return self.pages[user]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def actors(browser: Browser, works_service: Served) -> Iterator[Actors]:
    found = Actors(browser, works_service)
    yield found
    found.close()


def api_get(served: Served, user: str, url: str) -> tuple[int, Any]:
    with served.api(user) as api:
        answer = api.get(url)
    return answer.status_code, answer.json()


def dossier(served: Served, user: str = "moa") -> dict[str, Any]:
    status, body = api_get(served, user, f"/api/works/dossiers/{DOSSIER}")
    assert status == 200, body
    return dict(body)


def piece_in(view: dict[str, Any], frame: str) -> dict[str, Any]:
    return next(p for p in view["pieces"] if p["frame"] == frame)


def create_contract(page: Page) -> None:
    page.get_by_role("link", name="Marchés de travaux").click()
    page.wait_for_url("**/marches")
    page.fill("#c-number", NUMBER)
    page.fill("#c-description", "Réhabilitation du <b>groupe scolaire</b>")
    page.fill("#c-start", "2026-01-05")
    page.fill("#c-end", "2026-12-18")
    page.fill("#c-planned", "2026-02-01 2026-03-01")
    page.fill("#c-ej", "EJ-1300042")
    page.fill("#c-service", "TRAVAUX")
    rows = [
        ("fournisseur", CAST.fournisseur, "BTP Martin"),
        ("moe", CAST.moe, "Atelier MOE"),
        ("moa", CAST.moa, "Commune"),
        ("service_financier", CAST.finances, "Trésorerie"),
    ]
    for i, (role, siret, name) in enumerate(rows):
        page.select_option(f"select[name=actor-{i}-role]", role)
        page.fill(f"input[name=actor-{i}-siret]", siret)
        page.fill(f"input[name=actor-{i}-name]", name)
    page.get_by_role("button", name="Créer le marché").click()
    page.wait_for_url(f"**/marches/{NUMBER}")


def deposit(
    page: Page, frame: str, number: str, amounts: tuple[str, str, str, str]
) -> None:
    """Fill the contract page's deposit form (kind and answered piece as they are)."""
    page.select_option("#d-frame", frame)
    page.fill("#d-number", number)
    for field, value in zip(
        ("#d-ht", "#d-vat", "#d-ttc", "#d-due"), amounts, strict=True
    ):
        page.fill(field, value)
    page.get_by_role("button", name="Déposer").click()


def act(page: Page, piece: int, action: str, reason: str | None = None) -> None:
    form = page.locator(f"#piece-{piece} form[data-action={action}]")
    if reason is not None:
        form.locator("input[name=reason]").fill(reason)
    form.locator("button").click()


def test_a_works_contract_runs_from_the_pages(
    actors: Actors, works_service: Served
) -> None:
    served = works_service
    # The MOA's clerk creates the contract with its actors.
    moa = actors["moa"]
    create_contract(moa)
    expect(moa.locator("#contract-number")).to_have_text(NUMBER)
    expect(moa.locator("[data-field=engagement_number]")).to_have_text("EJ-1300042")
    expect(moa.locator("[data-field=description]")).to_have_text(
        "Réhabilitation du <b>groupe scolaire</b>"
    )
    status, card = api_get(served, "moa", f"/api/works/contracts/{NUMBER}")
    assert status == 200
    assert card["planned_invoicing_dates"] == ["2026-02-01", "2026-03-01"]
    assert {(a["role"], a["siret"]) for a in card["actors"]} == {
        ("fournisseur", CAST.fournisseur), ("moe", CAST.moe), ("moa", CAST.moa),
        ("service_financier", CAST.finances),
    }  # fmt: skip
    expect(moa.locator("#actors tbody tr")).to_have_count(4)

    # The titulaire finds it in its list and deposits an A4; an A15 is refused.
    titulaire = actors["titulaire"]
    titulaire.get_by_role("link", name="Marchés de travaux").click()
    titulaire.get_by_role("link", name=NUMBER).click()
    titulaire.select_option("#d-kind", "initial")
    deposit(titulaire, "A15", "EA-01", ("1", "0", "1", "1"))
    refused = titulaire.locator("#refused li")
    expect(refused).to_have_attribute("data-code", "frame_role_forbidden")
    expect(refused.locator(".title")).to_have_text(
        "Votre structure n'a pas, dans ce marché, le rôle qui dépose ce cadre."
    )
    deposit(
        titulaire, "A4", "SIT-01", ("10 000,00", "2 000,00", "12 000,00", "11 400,00")
    )
    titulaire.wait_for_url(f"**/dossiers/{DOSSIER}#piece-*")
    view = dossier(served, "titulaire")
    assert [p["frame"] for p in view["pieces"]] == ["A4"]  # the A15 left no trace
    a4 = piece_in(view, "A4")
    assert a4["amounts"] == {
        "total_ht": "10000.00", "total_vat": "2000.00", "total_ttc": "12000.00",
        "amount_due": "11400.00",
    }  # fmt: skip
    section = titulaire.locator(f"#piece-{a4['id']}")
    expect(section.locator(".status")).to_have_text("Mise à disposition MOE")
    expect(section.locator("[data-amount=total_ttc]")).to_have_text("12000.00")
    expect(section.locator("form.action")).to_have_count(0)  # it waits on the MOE

    # The MOE takes it into account, keeps that page open, and answers with an A15.
    moe = actors["moe"]
    moe.goto(f"/dossiers/{DOSSIER}")
    act(moe, a4["id"], "take_into_account")
    expect(moe.locator(f"#piece-{a4['id']} .status")).to_have_text(
        "Prise en compte MOE"
    )
    stale = moe.context.new_page()
    stale.goto(f"/dossiers/{DOSSIER}")
    moe.locator(f"#piece-{a4['id']} a.answer[data-frame=A15]").click()
    expect(moe.locator("#d-frame")).to_have_value("A15")
    expect(moe.locator("#d-kind")).to_have_value("association")
    expect(moe.locator("#d-answers")).to_have_value(str(a4["id"]))
    deposit(moe, "A15", "EA-01", ("9 500,00", "1 900,00", "11 400,00", "10 830,00"))
    moe.wait_for_url(f"**/dossiers/{DOSSIER}#piece-*")
    view = dossier(served, "moe")
    a15 = piece_in(view, "A15")
    assert (piece_in(view, "A4")["status"], a15["status"]) == (
        "associee",
        "mise_a_disposition_moa",
    )
    assert a15["associated_with"] == a4["id"]
    expect(moe.locator(f"#piece-{a4['id']} .status")).to_have_text("Associée")

    # A stale page's action on the A4, which no longer waits on the MOE: refused.
    act(stale, a4["id"], "suspend", "Attente du métré")
    refused = stale.locator("#refused li")
    expect(refused).to_have_attribute("data-code", "not_piece_holder")
    expect(refused.locator(".title")).to_have_text(
        "Cette pièce n'attend pas d'action de votre structure."
    )
    assert piece_in(dossier(served), "A4")["status"] == "associee"

    # The MOA suspends the A15 with a reason, resumes it, and answers with an A19.
    moa.goto(f"/dossiers/{DOSSIER}")
    expect(moa.locator(f"#piece-{a4['id']} form.action")).to_have_count(0)
    act(moa, a15["id"], "suspend", "Pièce justificative manquante")
    expect(moa.locator(f"#piece-{a15['id']} .status")).to_have_text("Suspendue")
    act(moa, a15["id"], "resume")
    expect(moa.locator(f"#piece-{a15['id']} .status")).to_have_text(
        "Mise à disposition MOA"
    )
    moa.locator(f"#piece-{a15['id']} a.answer[data-frame=A19]").click()
    deposit(moa, "A19", "EAV-01", ("9 500,00", "1 900,00", "11 400,00", "10 830,00"))
    moa.wait_for_url(f"**/dossiers/{DOSSIER}#piece-*")

    # The dossier page: every piece, its full history, time-stamped as in the API.
    view = dossier(served)
    assert [(p["frame"], p["status"]) for p in view["pieces"]] == [
        ("A4", "associee"),
        ("A15", "associee"),
        ("A19", "mise_a_disposition_destinataire"),
    ]
    assert [h["status"] for h in piece_in(view, "A15")["history"]] == [
        "brouillon", "deposee", "mise_a_disposition_moa", "suspendue",
        "mise_a_disposition_moa", "associee",
    ]  # fmt: skip
    for piece in view["pieces"]:
        rows = moa.locator(f"#piece-{piece['id']} table.history tbody tr")
        expect(rows).to_have_count(len(piece["history"]))
        shown = [
            (
                row.locator("time").get_attribute("datetime"),
                row.locator("time").inner_text(),
                row.locator(".label").inner_text(),
                row.locator(".reason").inner_text(),
            )
            for row in rows.all()
        ]
        assert shown == [
            (h["at"], paris(h["at"]), h["label"], h["reason"] or "")
            for h in piece["history"]
        ]
    suspended = piece_in(view, "A15")["history"][3]
    assert (suspended["reason"], suspended["actor_siret"]) == (
        "Pièce justificative manquante",
        CAST.moa,
    )
    assert actors.errors == []


def paris(at: str) -> str:
    moment = datetime.fromisoformat(at).astimezone(ZoneInfo("Europe/Paris"))
    return moment.strftime("%d/%m/%Y %H:%M:%S")


def test_another_structure_gets_a_404(actors: Actors, works_service: Served) -> None:
    served = works_service
    number = "M-2026-404"
    with served.api("moa") as api:
        made = api.post(
            "/api/works/contracts", json=card(number).model_dump(mode="json")
        )
        assert made.status_code == 201, made.text
    with served.api("titulaire") as api:
        body = {"frame": "A4", "number": "SIT-404", "channel": "pdf_portal"}
        put = api.post(f"/api/works/contracts/{number}/pieces", json=body)
        assert put.status_code == 201, put.text
    dossier_number = put.json()["dossier"]
    titulaire = actors["titulaire"]
    titulaire.goto(f"/dossiers/{dossier_number}")
    expect(titulaire.locator(".piece-number")).to_have_text("SIT-404")

    outsider = actors["outsider"]
    outsider.goto("/marches")
    expect(outsider.locator("h1")).to_have_text("Marchés de travaux")
    expect(outsider.locator(f"tr[data-contract='{number}']")).to_have_count(0)
    for url in (f"/marches/{number}", f"/dossiers/{dossier_number}"):
        answer = outsider.goto(url)
        assert answer is not None and answer.status == 404
        expect(outsider.locator(".problem")).to_have_attribute("data-code", "not_found")
        expect(outsider.locator(".problem")).to_have_text(
            "Ce marché, ce dossier ou cette pièce n'existe pas, ou n'est pas le vôtre."
        )
    expect(outsider.locator("body")).not_to_contain_text("SIT-404")
    status, body = api_get(served, "outsider", f"/api/works/dossiers/{dossier_number}")
    assert (status, body["error"]["code"]) == (404, "not_found")


def test_validators_validate_and_refuse_from_the_page(
    actors: Actors, works_service: Served
) -> None:
    """A subcontractor's A10 passes its two validators (the titulaire, then the MOA):
    the first validates, the second refuses it for another reason, with the reason."""
    served = works_service
    number = "M-2026-210"
    data = card(number, second_validator=CAST.moa).model_dump(mode="json")
    with served.api("moa") as api:
        assert api.post("/api/works/contracts", json=data).status_code == 201
    st = actors["sous_traitant"]
    st.goto(f"/marches/{number}")
    expect(st.locator("#d-frame option").first).to_have_attribute("value", "A10")
    st.select_option("#d-kind", "initial")
    deposit(st, "A10", "ST-01", ("4 000,00", "800,00", "4 800,00", "4 800,00"))
    st.wait_for_url("**/dossiers/*#piece-*")
    dossier_number = st.locator("#dossier-number").inner_text()
    piece = int(st.url.rsplit("#piece-", 1)[1])
    expect(st.locator(f"#piece-{piece} .status")).to_have_text(
        "Mise à disposition du premier valideur"
    )

    titulaire = actors["titulaire"]
    titulaire.goto(f"/dossiers/{dossier_number}")
    offered = titulaire.locator(f"#piece-{piece} form.action")
    expect(offered).to_have_count(3)
    assert [f.get_attribute("data-action") for f in offered.all()] == [
        "validate", "refuse_routing", "refuse_other",
    ]  # fmt: skip
    act(titulaire, piece, "validate")
    expect(titulaire.locator(f"#piece-{piece} .status")).to_have_text(
        "Mise à disposition du second valideur"
    )

    moa = actors["moa"]
    moa.goto(f"/dossiers/{dossier_number}")
    act(moa, piece, "refuse_other", "Travaux non réalisés à cette date")
    status = moa.locator(f"#piece-{piece} .status")
    expect(status).to_have_text("Refusée par le second valideur pour autre motif")
    expect(moa.locator(f"#piece-{piece} form.action")).to_have_count(0)
    last = moa.locator(f"#piece-{piece} table.history tbody tr").last
    expect(last.locator(".reason")).to_have_text("Travaux non réalisés à cette date")

    _, view = api_get(served, "sous_traitant", f"/api/works/dossiers/{dossier_number}")
    history = view["pieces"][0]["history"]
    assert [(h["status"], h["actor_siret"]) for h in history[-3:]] == [
        ("validee_valideur1", CAST.fournisseur),
        ("mise_a_disposition_valideur2", CAST.fournisseur),
        ("refusee_valideur2_autre_motif", CAST.moa),
    ]
    assert history[-1]["reason"] == "Travaux non réalisés à cette date"


def test_a_write_without_the_csrf_token_is_refused(
    actors: Actors, works_service: Served
) -> None:
    page = actors["moa"]
    answer = page.request.post(
        f"{works_service.url}/marches",
        form={"csrf": "forged", "number": "M-CSRF"},
    )
    assert answer.status == 403
    status, _ = api_get(works_service, "moa", "/api/works/contracts/M-CSRF")
    assert status == 404
