"""The pages' French: field labels and groups, statuses, and each stable code told in
words with what to do. Codes travel; the words are made here, at the edge."""

from dataclasses import dataclass
from typing import Any

FIELD_LABELS: dict[str, str] = {
    "document_type": "Type de document",
    "invoice_number": "Numéro de facture",
    "invoice_date": "Date de facture",
    "due_date": "Date d'échéance",
    "currency": "Devise",
    "contract_number": "Numéro de marché",
    "supplier_name": "Raison sociale du fournisseur",
    "supplier_siret": "SIRET du fournisseur",
    "supplier_siren": "SIREN du fournisseur",
    "supplier_vat": "N° de TVA intracommunautaire",
    "supplier_iban": "IBAN",
    "supplier_bic": "BIC",
    "buyer_name": "Destinataire (nom)",
    "buyer_siret": "SIRET du destinataire",
    "buyer_service_code": "Code service",
    "engagement_number": "Numéro d'engagement",
    "billing_frame": "Cadre de facturation",
    "total_ht": "Total HT",
    "total_vat": "Total TVA",
    "total_ttc": "Total TTC",
    "amount_due": "Net à payer",
    "vat_breakdown": "Lignes de TVA",
}

FIELD_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "references",
        "Références",
        ("document_type", "invoice_number", "invoice_date", "due_date", "currency",
         "contract_number"),
    ),
    (
        "parties",
        "Parties",
        ("supplier_name", "supplier_siret", "supplier_siren", "supplier_vat",
         "supplier_iban", "supplier_bic", "buyer_name"),
    ),
    ("amounts", "Montants", ("total_ht", "total_vat", "total_ttc", "amount_due")),
    (
        "routing",
        "Acheminement",
        ("billing_frame", "buyer_siret", "buyer_service_code", "engagement_number"),
    ),
)  # fmt: skip
"""As the portal groups a deposit's fields; VAT lines come between amounts and
routing, as their own table."""

BILLING_FRAMES: dict[str, str] = {
    "A1": "A1 — Facture fournisseur",
    "A2": "A2 — Facture fournisseur déjà payée",
    "A4": "A4 — Projet de décompte mensuel",
    "A9": "A9 — Facture de sous-traitant",
    "A12": "A12 — Facture de cotraitant",
}

DOCUMENT_STATUS: dict[str, str] = {
    "queued": "En attente de lecture",
    "processing": "Lecture en cours",
    "done": "Lu",
    "failed": "Échec",
}

INVOICE_STATUS: dict[str, str] = {
    "brouillon": "Brouillon",
    "deposee": "Déposée",
    "en_cours_acheminement": "En cours d'acheminement",
    "mise_a_disposition": "Mise à disposition",
    "service_fait": "Service fait",
    "mandatee": "Mandatée",
    "mise_a_disposition_comptable": "Mise à disposition comptable",
    "comptabilisee": "Comptabilisée",
    "mise_en_paiement": "Mise en paiement",
    "rejetee": "Rejetée",
    "suspendue": "Suspendue",
    "completee": "Complétée",
    "a_recycler": "À recycler",
    "supprimee": "Supprimée",
}

SIGNATURE_STATUS: dict[str, str] = {
    "none": "Document non signé",
    "valid": "Signature valide",
    "untrusted": "Signature intacte, mais le certificat n'est pas reconnu",
    "invalid": "Signature invalide",
}

DEPOSIT_FORMAT: dict[str, str] = {
    "pdf_signed": "PDF signé",
    "pdf_signe": "PDF signé",
    "pdf_unsigned": "PDF non signé",
    "pdf_non_signe": "PDF non signé",
    "xml": "Facture structurée (XML)",
}

# code -> (what happened, what to do)
CODES: dict[str, tuple[str, str]] = {
    # Files refused
    "not_a_pdf": (
        "Ce fichier n'est ni un PDF ni une facture XML.",
        "Déposez le PDF de la facture (ou son XML Factur-X, UBL ou CII).",
    ),
    "empty_file": ("Le fichier est vide.", "Déposez à nouveau le bon fichier."),
    "damaged": (
        "Le PDF est endommagé et n'a pas pu être lu.",
        "Exportez à nouveau la facture en PDF depuis votre logiciel, puis déposez-la.",
    ),
    "encrypted": (
        "Le PDF est protégé par un mot de passe.",
        "Déposez une version sans mot de passe.",
    ),
    "too_large": (
        "Le fichier dépasse la taille acceptée.",
        "Réduisez le fichier (images moins lourdes) ou déposez la facture seule.",
    ),
    "too_many_pages": (
        "Le document a trop de pages.",
        "Déposez la facture seule, sans ses annexes.",
    ),
    "no_pages": ("Le PDF n'a aucune page.", "Déposez à nouveau le bon fichier."),
    "decompression_bomb": (
        "Le PDF contient des données anormalement volumineuses.",
        "Exportez à nouveau la facture en PDF, puis déposez-la.",
    ),
    "absurd_page_size": (
        "Les pages du PDF ont une taille impossible.",
        "Exportez la facture au format A4, puis déposez-la.",
    ),
    "structure_too_complex": (
        "Le PDF est trop complexe pour être lu.",
        "Exportez à nouveau la facture en PDF, puis déposez-la.",
    ),
    "timeout": (
        "La lecture a pris trop de temps.",
        "Déposez la facture seule, ou une version plus légère.",
    ),
    "file_unreadable": (
        "Le fichier n'a pas pu être lu.",
        "Déposez à nouveau le bon fichier.",
    ),
    "image_too_large": (
        "Une page scannée est trop grande pour être lue.",
        "Scannez à 300 dpi au plus, puis déposez à nouveau.",
    ),
    "ocr_unavailable": (
        "La lecture des pages scannées est indisponible.",
        "Réessayez plus tard ou prévenez l'administrateur.",
    ),
    "xml_malformed": ("Le XML est mal formé.", "Déposez un XML valide."),
    "xml_forbidden": (
        "Le XML contient des constructions refusées (entités).",
        "Déposez le XML produit par votre logiciel, sans entités.",
    ),
    "xml_too_large": ("Le XML est trop volumineux.", "Déposez la facture seule."),
    "xml_unsupported": (
        "Ce XML n'est pas une facture Factur-X, UBL ou CII.",
        "Déposez la facture au format PDF ou dans un format XML accepté.",
    ),
    "worker_lost": (
        "La lecture du fichier a échoué plusieurs fois.",
        "Déposez une version plus simple du fichier ou prévenez l'administrateur.",
    ),
    "bad_upload": ("L'envoi du fichier a échoué.", "Réessayez le dépôt."),
    # Routing blockers
    "structure_unknown": (
        "Aucune structure publique de l'annuaire ne correspond au destinataire.",
        "Saisissez le SIRET du destinataire (champ « SIRET du destinataire »).",
    ),
    "structure_inactive": (
        "La structure destinataire ne reçoit plus de factures.",
        "Demandez au destinataire la structure qui la remplace, puis corrigez le SIRET.",
    ),
    "service_required": (
        "Le destinataire exige un code service, et la facture n'en a pas.",
        "Saisissez le code service indiqué sur le bon de commande.",
    ),
    "service_unknown": (
        "Le destinataire n'a pas de service avec ce code.",
        "Corrigez le code service (voir le bon de commande).",
    ),
    "service_inactive": (
        "Ce service du destinataire n'est plus actif.",
        "Demandez au destinataire le code service à utiliser.",
    ),
    "engagement_required": (
        "Le destinataire exige un numéro d'engagement, et la facture n'en a pas.",
        "Saisissez le numéro d'engagement (bon de commande) : cliquez-le sur la page.",
    ),
    "engagement_unknown": (
        "Ce numéro d'engagement n'est pas dans l'annuaire.",
        "Vérifiez le numéro d'engagement sur le bon de commande.",
    ),
    "engagement_other_structure": (
        "Ce numéro d'engagement appartient à une autre structure.",
        "Vérifiez le destinataire ou le numéro d'engagement.",
    ),
    "engagement_supplier_mismatch": (
        "Ce numéro d'engagement a été passé avec un autre fournisseur.",
        "Vérifiez le numéro d'engagement et le SIRET du fournisseur.",
    ),
    "engagement_exceeded": (
        "Le montant dépasse ce qui reste de l'engagement.",
        "Vérifiez le montant TTC, ou demandez au destinataire un engagement complété.",
    ),
    "service_or_engagement_required": (
        "Le destinataire exige un code service ou un numéro d'engagement.",
        "Saisissez l'un des deux.",
    ),
    "supplier_missing": (
        "La facture ne porte pas de SIRET fournisseur.",
        "Saisissez le SIRET du fournisseur.",
    ),
    # Matching warnings
    "structure_by_name": (
        "Le destinataire a été trouvé par son nom, pas par son SIRET.",
        "Vérifiez le destinataire retenu.",
    ),
    "structure_name_differs": (
        "Le nom du destinataire diffère de celui de l'annuaire.",
        "Vérifiez le SIRET du destinataire.",
    ),
    "supplier_unknown": (
        "Ce fournisseur n'est pas encore connu.",
        "Vérifiez son SIRET, sa TVA et son IBAN.",
    ),
    "iban_changed": (
        "L'IBAN diffère de celui connu pour ce fournisseur.",
        "Confirmez le changement auprès du fournisseur par un autre canal.",
    ),
    "vat_number_changed": (
        "Le numéro de TVA diffère de celui connu pour ce fournisseur.",
        "Vérifiez le numéro de TVA.",
    ),
    # Extraction warnings and the draft's cross-checks
    "totals_mismatch": (
        "Total HT + TVA ne donne pas le total TTC.",
        "Corrigez le montant mal lu dans « Montants ».",
    ),
    "total_derived": (
        "Un total n'a pas été lu (ou mal lu) : il est déduit des deux autres.",
        "Vérifiez-le sur la page dans « Montants ».",
    ),
    "total_from_parts": (
        "Le total HT n'a pas été lu (ou mal lu) : c'est la somme des sous-totaux, "
        "que confirme le TTC moins la TVA.",
        "Vérifiez-le sur la page dans « Montants ».",
    ),
    "vat_too_high": (
        "La TVA dépasse 30 % du total HT, bien que HT + TVA donne le TTC : un montant "
        "a été mal lu.",
        "Vérifiez les trois totaux sur la page dans « Montants ».",
    ),
    "vat_line_derived": (
        "Une ligne de TVA n'a pas été lue : elle est déduite des totaux.",
        "Vérifiez la ligne de TVA sur la page.",
    ),
    "vat_lines_mismatch": (
        "Les lignes de TVA ne s'additionnent pas aux totaux.",
        "Corrigez les lignes de TVA ou les totaux.",
    ),
    "vat_line_arithmetic": (
        "Une ligne de TVA : base × taux ne donne pas le montant.",
        "Corrigez la base, le taux ou le montant de la ligne.",
    ),
    "vat_siren_mismatch": (
        "Le numéro de TVA ne correspond pas au SIREN du SIRET.",
        "Vérifiez le SIRET et le numéro de TVA du fournisseur.",
    ),
    "signer_siren_mismatch": (
        "Le signataire n'est pas l'entreprise du fournisseur.",
        "Vérifiez qui a signé la facture.",
    ),
    "signed_then_form_filled": (
        "Des champs ont été remplis après la signature.",
        "Demandez au fournisseur la facture telle que signée.",
    ),
    "signed_then_annotated": (
        "Des annotations ont été ajoutées après la signature.",
        "Demandez au fournisseur la facture telle que signée.",
    ),
    "amount_due_mismatch": (
        "Le net à payer ne correspond pas au TTC moins les déductions.",
        "Vérifiez le net à payer.",
    ),
    "field_conflict": (
        "Plusieurs valeurs ont été lues pour un même champ.",
        "Vérifiez la valeur retenue.",
    ),
    "field_not_found": (
        "Un champ n'a pas été trouvé sur le document.",
        "Saisissez-le s'il figure sur la facture.",
    ),
    "low_confidence": (
        "Une valeur est incertaine.",
        "Vérifiez-la sur la page (cadre rouge ou orange).",
    ),
    "many_sirets": (
        "Plusieurs SIRET figurent sur la facture.",
        "Vérifiez qui est le fournisseur et qui est le destinataire.",
    ),
    "negative_invoice": (
        "Les totaux sont négatifs, mais le document n'est pas titré avoir.",
        "Vérifiez le type de document.",
    ),
    "pdf_repaired": (
        "Le PDF était endommagé et a été réparé.",
        "Vérifiez les valeurs lues.",
    ),
    "no_text": (
        "Aucune page n'a de texte lisible.",
        "Saisissez les champs, ou déposez un PDF de meilleure qualité.",
    ),
    "xml_page_mismatch": (
        "Le XML et la page ne disent pas la même chose.",
        "Vérifiez la valeur sur la page ; c'est le XML qui sera transmis.",
    ),
    "xml_schema_invalid": (
        "Le XML ne respecte pas son schéma.",
        "Demandez au fournisseur un XML conforme.",
    ),
    "xml_value_invalid": (
        "Une valeur du XML est invalide et a été écartée.",
        "Saisissez la valeur lue sur la page.",
    ),
    "xml_embedded_unreadable": (
        "Le XML joint au PDF n'a pas pu être lu.",
        "Vérifiez les valeurs lues sur la page.",
    ),
    "invoice_has_blockers": (
        "La facture ne peut pas être envoyée : des blocages restent.",
        "Corrigez chaque blocage listé, puis validez à nouveau.",
    ),
    "not_a_draft": (
        "La facture n'est plus un brouillon.",
        "Elle ne peut plus être modifiée.",
    ),
    "invalid_value": (
        "Une valeur saisie n'a pas le bon format.",
        "Montants : 1234.56 ; dates : AAAA-MM-JJ.",
    ),
    "csrf_refused": (
        "Le formulaire a expiré.",
        "Rechargez la page, puis recommencez.",
    ),
    "not_signed_in": ("Vous n'êtes pas connecté.", "Connectez-vous avec votre jeton."),
    "not_found": (
        "Cette page n'existe pas, ou ce document n'est pas le vôtre.",
        "Revenez à votre liste et ouvrez un document depuis celle-ci.",
    ),
    "forbidden": (
        "Votre rôle ne permet pas cette action.",
        "Demandez-la à la personne qui en a le rôle.",
    ),
    "document_not_ready": (
        "Le document n'a pas encore été lu.",
        "Patientez : la page se met à jour d'elle-même.",
    ),
    "page_not_found": ("Le document n'a pas cette page.", "Choisissez une autre page."),
    "page_unrenderable": (
        "La page ne peut pas être affichée.",
        "Saisissez les champs d'après le fichier original.",
    ),
    "unknown_field": ("Ce champ n'existe pas.", "Rechargez la page."),
    "illegal_transition": (
        "Ce changement de statut n'est pas permis.",
        "Rechargez la page pour voir le statut actuel.",
    ),
}


@dataclass(frozen=True, slots=True)
class Advice:
    """A code told in words: what happened, what to do, and the detailed message."""

    code: str
    title: str
    todo: str
    detail: str

    def as_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "title": self.title,
            "todo": self.todo,
            "detail": self.detail,
        }


def advise(code: str, detail: str = "") -> Advice:
    """The code in French words with what to do; an unknown code keeps its message."""
    title, todo = CODES.get(code, (detail or code, "Vérifiez le document."))
    return Advice(code=code, title=title, todo=todo, detail=detail)


def advise_all(items: list[dict[str, Any]]) -> list[Advice]:
    return [advise(str(i.get("code", "")), str(i.get("message") or "")) for i in items]
