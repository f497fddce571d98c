"""Word lists the generator draws from: places, company names, public buyers, lines."""

from decimal import Decimal

# (postcode, city, RCS registry town, phone prefix)
CITIES: tuple[tuple[str, str, str, str], ...] = (
    ("69003", "Lyon", "Lyon", "04"),
    ("69100", "Villeurbanne", "Lyon", "04"),
    ("13008", "Marseille", "Marseille", "04"),
    ("31000", "Toulouse", "Toulouse", "05"),
    ("33000", "Bordeaux", "Bordeaux", "05"),
    ("44000", "Nantes", "Nantes", "02"),
    ("35000", "Rennes", "Rennes", "02"),
    ("59000", "Lille", "Lille Métropole", "03"),
    ("67000", "Strasbourg", "Strasbourg", "03"),
    ("75011", "Paris", "Paris", "01"),
    ("75015", "Paris", "Paris", "01"),
    ("92100", "Boulogne-Billancourt", "Nanterre", "01"),
    ("93200", "Saint-Denis", "Bobigny", "01"),
    ("06000", "Nice", "Nice", "04"),
    ("34000", "Montpellier", "Montpellier", "04"),
    ("38000", "Grenoble", "Grenoble", "04"),
    ("21000", "Dijon", "Dijon", "03"),
    ("49000", "Angers", "Angers", "02"),
    ("37000", "Tours", "Tours", "02"),
    ("87000", "Limoges", "Limoges", "05"),
    ("63000", "Clermont-Ferrand", "Clermont-Ferrand", "04"),
    ("76000", "Rouen", "Rouen", "02"),
    ("14000", "Caen", "Caen", "02"),
    ("29200", "Brest", "Brest", "02"),
    ("51100", "Reims", "Reims", "03"),
    ("57000", "Metz", "Metz", "03"),
    ("80000", "Amiens", "Amiens", "03"),
    ("86000", "Poitiers", "Poitiers", "05"),
    ("64000", "Pau", "Pau", "05"),
    ("97400", "Saint-Denis", "Saint-Denis de la Réunion", "02"),
    ("97200", "Fort-de-France", "Fort-de-France", "05"),
    ("74000", "Annecy", "Annecy", "04"),
    ("17000", "La Rochelle", "La Rochelle", "05"),
    ("84000", "Avignon", "Avignon", "04"),
    ("25000", "Besançon", "Besançon", "03"),
)
OVERSEAS_POSTCODES = ("97400", "97200")

STREETS = (
    "rue de la République",
    "avenue Jean Jaurès",
    "boulevard Victor Hugo",
    "rue Pasteur",
    "rue des Artisans",
    "chemin des Vignes",
    "allée des Tilleuls",
    "rue du Général de Gaulle",
    "place de la Mairie",
    "avenue de l'Europe",
    "rue Émile Zola",
    "impasse des Forges",
    "route de Paris",
    "rue de l'Industrie",
    "quai des Célestins",
    "rue Saint-Exupéry",
    "ZA des Écorces",
    "parc d'activités du Moulin",
)

SUPPLIER_STEMS = (
    "Bâtiment",
    "Électricité",
    "Plomberie",
    "Menuiserie",
    "Nettoyage",
    "Informatique",
    "Restauration",
    "Espaces Verts",
    "Peinture",
    "Signalétique",
    "Fournitures",
    "Conseil",
    "Sécurité",
    "Chauffage",
    "Toitures",
)
SUPPLIER_NAMES = (
    "{stem} {city}",
    "{surname} {stem}",
    "Ets {surname} et Fils",
    "{surname} & Associés",
    "Groupe {surname}",
    "{stem} du {region}",
    "Atelier {surname}",
    "{acronym} {stem}",
    "Société Nouvelle {surname}",
    "{surname} Services",
)
REGIONS = ("Rhône", "Sud-Ouest", "Littoral", "Val de Loire", "Nord", "Grand Est", "Lac")
SURNAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Durand",
    "Lefèvre",
    "Moreau",
    "Girard",
    "Fontaine",
    "Rousseau",
    "Chevalier",
    "Garnier",
    "Faure",
    "Mercier",
    "Blanchard",
    "Guérin",
    "Perrin",
    "Morel",
    "Lemaître",
    "Barbier",
    "Brunet",
)
FIRST_NAMES = (
    "Jean",
    "Marie",
    "Sophie",
    "Luc",
    "Camille",
    "Hélène",
    "Thomas",
    "Julien",
    "Chloé",
    "François",
    "Nadia",
    "Karim",
)
LEGAL_FORMS = ("SARL", "SAS", "SA", "EURL", "SCOP", "SASU", "SNC")
APE_CODES = (
    "4321A",
    "4322A",
    "4332A",
    "8121Z",
    "6202A",
    "5629A",
    "8130Z",
    "4120B",
    "7022Z",
)

# Public buyers: name template, SIREN prefix (communes 21…, hospitals 26…, State 1…).
BUYERS: tuple[tuple[str, str], ...] = (
    ("Mairie de {city}", "21"),
    ("Commune de {city}", "21"),
    ("Ville de {city}", "21"),
    ("Centre hospitalier de {city}", "26"),
    ("Centre hospitalier universitaire de {city}", "26"),
    ("Lycée {person}", "19"),
    ("Collège {person}", "19"),
    ("Département de la Gironde", "22"),
    ("Département du Rhône", "22"),
    ("Conseil départemental de l'Isère", "22"),
    ("Région Occitanie", "23"),
    ("Université de {city}", "19"),
    ("Ministère de la Culture", "11"),
    ("Ministère de l'Intérieur", "11"),
    ("Communauté de communes du {region}", "24"),
    ("Métropole de {city}", "24"),
    ("Syndicat intercommunal des eaux de {city}", "25"),
    ("Office public de l'habitat de {city}", "27"),
    ("CCAS de {city}", "26"),
)
PERSONS = ("Victor Hugo", "Jean Moulin", "Marie Curie", "Jules Ferry", "Simone Veil")
BUYER_SERVICES = (
    "Direction des finances",
    "Services techniques",
    "Direction des systèmes d'information",
    "Service achats",
    "Direction du patrimoine",
    "Service restauration",
)
SERVICE_CODES = (
    "SERV-FIN",
    "DSI01",
    "0012",
    "ST-BAT",
    "ACHATS",
    "SF001",
    "DAF",
    "PAT-02",
)

# Catalogue lines per sector: (description, unit, price range in euros, rate).
R20, R10, R55, R21 = Decimal("20"), Decimal("10"), Decimal("5.5"), Decimal("2.1")
CATALOGUE: dict[str, tuple[tuple[str, str, tuple[int, int], Decimal], ...]] = {
    "travaux": (
        ("Démolition cloison placoplâtre", "m²", (15, 45), R20),
        ("Fourniture et pose de faux plafond", "m²", (35, 80), R20),
        ("Reprise de maçonnerie façade", "m²", (60, 180), R20),
        ("Rénovation peinture salle de classe", "m²", (18, 40), R10),
        ("Isolation thermique des combles", "m²", (25, 60), R55),
        ("Remplacement menuiseries extérieures PVC", "u", (450, 1200), R55),
        ("Installation de chantier", "forfait", (800, 3500), R20),
        ("Évacuation des gravats en décharge agréée", "t", (90, 220), R20),
        ("Chape ciment 5 cm", "m²", (22, 45), R20),
        ("Carrelage grès cérame 30x30", "m²", (40, 95), R10),
    ),
    "electricite": (
        ("Remplacement tableau électrique", "u", (900, 2800), R20),
        ("Pose de luminaires LED encastrés", "u", (80, 240), R20),
        ("Tirage de câbles réseau cat. 6", "ml", (4, 12), R20),
        ("Vérification périodique des installations", "forfait", (300, 900), R20),
        ("Main d'œuvre électricien", "h", (42, 68), R20),
        ("Prise de courant 16A encastrée", "u", (35, 90), R20),
    ),
    "nettoyage": (
        ("Nettoyage des locaux administratifs - mois de", "mois", (900, 4800), R20),
        ("Nettoyage des vitres", "passage", (180, 750), R20),
        ("Remise en état après travaux", "forfait", (400, 2500), R20),
        ("Fourniture de consommables sanitaires", "lot", (60, 400), R20),
        ("Désinfection des sanitaires", "passage", (50, 200), R20),
    ),
    "informatique": (
        ("Ordinateur portable 14 pouces i5 16 Go", "u", (650, 1400), R20),
        ("Écran 24 pouces Full HD", "u", (120, 260), R20),
        ("Licence logiciel bureautique annuelle", "u", (60, 300), R20),
        ("Maintenance du parc informatique", "mois", (350, 2200), R20),
        ("Prestation d'assistance technique", "jour", (450, 950), R20),
        ("Hébergement serveur virtuel", "mois", (40, 400), R20),
        ("Câble HDMI 2 m", "u", (6, 18), R20),
    ),
    "restauration": (
        ("Repas servis au restaurant scolaire", "repas", (3, 7), R10),
        ("Plateaux-repas réunion du conseil", "u", (14, 32), R10),
        ("Fourniture de denrées alimentaires", "lot", (150, 1500), R55),
        ("Boissons non alcoolisées", "lot", (30, 200), R55),
        ("Cocktail de fin d'année", "forfait", (600, 3000), R10),
        ("Service en salle", "h", (28, 45), R20),
    ),
    "fournitures": (
        ("Ramette papier A4 80 g", "carton", (20, 45), R20),
        ("Stylos bille bleus (boîte de 50)", "boîte", (8, 25), R20),
        ("Classeurs à levier dos 8 cm", "u", (2, 6), R20),
        ("Ouvrages pour la médiathèque", "u", (12, 45), R55),
        ("Abonnement revue professionnelle", "an", (80, 350), R21),
        ("Cartouche toner noir", "u", (45, 160), R20),
        ("Frais de port", "forfait", (8, 40), R20),
    ),
    "espaces_verts": (
        ("Tonte des espaces verts", "passage", (200, 900), R20),
        ("Taille des haies", "ml", (3, 9), R20),
        ("Plantation d'arbres tige 12/14", "u", (120, 380), R10),
        ("Fourniture de terreau", "m³", (40, 90), R10),
        ("Élagage platanes", "u", (150, 480), R20),
    ),
    "conseil": (
        ("Mission d'assistance à maîtrise d'ouvrage", "jour", (600, 1300), R20),
        ("Formation des agents - session", "session", (900, 2400), R20),
        ("Audit énergétique des bâtiments", "forfait", (2500, 9000), R20),
        ("Frais de déplacement", "forfait", (50, 400), R20),
        ("Rédaction du rapport final", "forfait", (800, 2500), R20),
    ),
}
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
MONTHS_SHORT = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
LOTS = ("Gros œuvre", "Second œuvre", "Électricité", "Plomberie", "Finitions")
SITES = (
    "Site : Hôtel de ville",
    "Site : Groupe scolaire Jules Ferry",
    "Site : Médiathèque",
)

# A professional firm's fee lines (notes d'honoraires): long descriptions that wrap.
FEES: tuple[tuple[str, str, tuple[int, int], Decimal], ...] = (
    (
        "Tenue de la comptabilité de l'exercice : saisie des pièces, rapprochements "
        "bancaires, révision des comptes et établissement des comptes annuels",
        "forfait",
        (1800, 6500),
        R20,
    ),
    (
        "Honoraires de suivi comptable et social (bulletins de paie, déclarations "
        "sociales nominatives) - mois de",
        "mois",
        (350, 1400),
        R20,
    ),
    (
        "Assistance juridique : rédaction du procès-verbal de l'assemblée générale "
        "annuelle et dépôt des comptes au greffe du tribunal de commerce",
        "forfait",
        (450, 1200),
        R20,
    ),
    (
        "Mission d'assistance à maîtrise d'ouvrage pour la passation du marché de "
        "maintenance des installations de chauffage : analyse des offres, audition "
        "des candidats et rédaction du rapport d'analyse",
        "forfait",
        (2500, 9000),
        R20,
    ),
    (
        "Conseil juridique en matière de commande publique : étude du dossier de "
        "consultation et note de synthèse sur les risques contentieux",
        "h",
        (120, 260),
        R20,
    ),
    (
        "Vacations de conseil : réunions de travail avec les services de la "
        "collectivité et préparation des supports de présentation",
        "h",
        (90, 180),
        R20,
    ),
    (
        "Mission de maîtrise d'œuvre - phase études d'avant-projet sommaire et "
        "détaillé (APS/APD), selon l'acte d'engagement",
        "forfait",
        (3000, 15000),
        R20,
    ),
    (
        "Relevé topographique du terrain et établissement du plan de division "
        "parcellaire, bornage contradictoire",
        "forfait",
        (900, 4200),
        R20,
    ),
    (
        "Audit financier de la régie de recettes : contrôle des encaissements, "
        "entretiens avec le régisseur et rapport de préconisations",
        "jour",
        (650, 1200),
        R20,
    ),
    (
        "Représentation devant le tribunal administratif : rédaction du mémoire en "
        "défense et plaidoirie à l'audience",
        "forfait",
        (1500, 6000),
        R20,
    ),
    (
        "Frais de déplacement et débours (reprographie, envois recommandés)",
        "forfait",
        (40, 350),
        R20,
    ),
)
FIRM_NAMES = (
    "Cabinet {surname}",
    "Cabinet {surname} & Associés",
    "{surname} {surname2} Avocats",
    "Fiduciaire du {region}",
    "{surname} Expertise Comptable",
    "Atelier d'architecture {surname}",
    "Cabinet {surname}-{surname2} Géomètres-Experts",
    "{surname} Conseil Public",
    "Audit & Conseil {city}",
)
PROFESSIONS = (
    "Conseil aux collectivités territoriales",
    "Conseil - Formation - Accompagnement des services publics",
    "Cabinet de conseil en organisation et finances publiques",
)
"""The line under a firm's name when its name does not tell its trade."""
