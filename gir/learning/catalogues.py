"""The default catalogues of learning (DESIGN §2.6), shipped as data by a migration and
editable afterwards: the factors of the structured incident evaluation (004 §6) and the
37 actions after an incident (002 "Incident? Actie!").

002 lists the actions without a phase or an addressee ("De lijst staat niet in een
bepaalde volgorde"); it describes the five phases and says that some actions are for
management, some for teams and some for individual employees. The phase and addressee
below are GIR's reading of each action against those descriptions, and the coordinator
can change them.
"""

# (category, name): 004 §6, "In onderstaand plaatje zijn de factoren ... uitgewerkt".
FACTORS: tuple[tuple[str, str], ...] = (
    ("organisational", "Kennisoverdracht"),
    ("organisational", "Protocollen"),
    ("organisational", "Inhoud dienstverlening"),
    ("organisational", "Management prioriteit"),
    ("organisational", "Cultuur"),
    ("employee", "Kennis"),
    ("employee", "Vaardigheden"),
    ("employee", "Ervaring"),
    ("employee", "Attitude"),
    ("technical", "Accommodatie/gebouw"),
    ("technical", "Terrein"),
    ("technical", "Materiaal"),
    ("technical", "ICT"),
    ("citizen", "Verward gedrag"),
    ("citizen", "Middelengebruik"),
    ("citizen", "Eerder agressief geweest"),
)
FACTOR_SOURCE = "004 §6"

# (number, action, phase, addressee): 002 "Mogelijke acties na agressie of geweld tegen een medewerker".
ACTIONS: tuple[tuple[int, str, str, str], ...] = (
    (1, "Huisregels opstellen voor intern gebruik", "prevention", "management"),
    (2, "Huisregels zichtbaar ophangen bij ingang, receptie, lift en op website", "prevention", "management"),
    (
        3,
        "Huisregels uitreiken aan cliënten/patiënten en familie/betrokkenen bij eerste contact",
        "prevention",
        "team",
    ),
    (4, "Non-verbaal laten blijken dat je bepaald gedrag afkeurt", "repression", "individual"),
    (5, "Anderen inseinen en vragen erbij te gaan staan – sociale druk", "repression", "individual"),
    (6, "Waarschuwingsbrief van interne jurist namens bestuur van de instelling", "repression", "management"),
    (7, "Crisiskaart laten invullen door veroorzaker: www.crisiskaart.nl", "prevention", "team"),
    (8, "Individueel contract sluiten met veroorzaker", "repression", "team"),
    (9, "Toepassen van hoor- en wederhoor met veroorzaker", "repression", "management"),
    (10, "Herstelgesprek met veroorzaker", "aftercare", "team"),
    (11, "Betrekken partner/familie", "repression", "team"),
    (12, "Mediator voor conflictbemiddeling en herstel relatie", "aftercare", "management"),
    (13, "Melden en registreren van incidenten intern", "aftercare", "individual"),
    (14, "Bespreken incident intern", "aftercare", "team"),
    (
        15,
        "Gezamenlijke registratie en bespreking incidenten met andere zorginstellingen",
        "preparation",
        "management",
    ),
    (
        16,
        "Bericht van incident naar de huisarts met verzoek tot gesprek met veroorzaker",
        "repression",
        "team",
    ),
    (17, "Stevig gesprek van leidinggevende met veroorzaker: ‘ordegesprek’", "repression", "management"),
    (18, "Stevig gesprek van wijkagent met veroorzaker: ‘Bromsnor-gesprek’", "repression", "management"),
    (19, "Uitreiken officiële waarschuwing: gele kaart", "repression", "management"),
    (20, "Toegangsontzegging tot pand of terrein (civielrechtelijk)", "repression", "management"),
    (21, "Na overtreding toegangsverbod en verwijdering van terrein", "repression", "management"),
    (22, "Samen met beveiliging trainen op agressie-incidenten", "prevention", "team"),
    (23, "Beveiliging zichtbaar aanwezig bij ingang, receptie", "preparation", "management"),
    (24, "Beveiliging erbij roepen bij incident, zonder zelf echt op te treden", "repression", "individual"),
    (25, "Beveiliging laten optreden", "repression", "team"),
    (
        26,
        "Contact leggen en onderhouden met zorg-experts bij politie en OM en gemeente",
        "pro_action",
        "management",
    ),
    (27, "Algemene afspraken maken met politie en OM en gemeente", "preparation", "management"),
    (
        28,
        "Politie informeren over specifieke risicovolle cliënten, patiënten of bezoekers",
        "pro_action",
        "management",
    ),
    (
        29,
        "Politie informeren over spannende situatie “Geen spoed, wel politie” (0900-8844)",
        "prevention",
        "individual",
    ),
    (30, "Politie alarmeren tijdens feitelijk incident (112)", "repression", "individual"),
    (31, "Achteraf melden van incident bij politie", "repression", "management"),
    (32, "Achteraf aangifte van incident doen bij politie", "repression", "management"),
    (33, "Schade verhalen: schikking, civielrechtelijk of strafrechtelijk", "repression", "management"),
    (34, "Staken dienstverlening/zorgverlening onder voorwaarden", "repression", "management"),
    (35, "Tiplijn intern voor verbeteringen na incidenten", "aftercare", "management"),
    (36, "Checklist voor eerstvolgende (huis)bezoek", "prevention", "team"),
    (
        37,
        "Observaties door medewerkers van een andere afdeling dan waar het incident was",
        "aftercare",
        "team",
    ),
)
ACTION_SOURCE = "002"
