"""The default duty table (003 "Voorbeeld van taken en verantwoordelijkheden voor de
uitvoering van beleid tegen agressie en geweld") and the checklist of the annual policy
evaluation, shipped by migration ``duties/0002`` and editable afterwards.

003 writes "Periodiek op basis van leerdoelen" (training) and "Indien aan de orde" /
"Als nodig"; GIR reads these as "indien nodig". "Per kwartaal" is quarterly."""

from .constants import DutyRecord, Frequency, Holder

DUTY_SOURCE = "003 Taken en verantwoordelijkheden"

_B, _D, _C, _M = Holder.BOARD, Holder.DIRECTOR, Holder.COORDINATOR, Holder.MANAGER
_E, _F, _S = Holder.EMPLOYEE, Holder.FACILITIES, Holder.SECURITY
ONCE, YEARLY, HALF_YEARLY = Frequency.ONCE, Frequency.YEARLY, Frequency.HALF_YEARLY
QUARTERLY, MONTHLY = Frequency.QUARTERLY, Frequency.MONTHLY
CONSTANT, AS_NEEDED = Frequency.CONSTANT, Frequency.AS_NEEDED

# (holder, duty, frequency, record that completes its task)
DUTIES = (
    (_B, "Stelt kaders vast voor op te stellen beleid en protocol", ONCE, DutyRecord.NONE),
    (_B, "Committeert zich aan het beleid van de gemeente", ONCE, DutyRecord.NONE),
    (_B, "Stelt het normstellend kader voor beleid vast voor bestuurders", ONCE, DutyRecord.NONE),
    (
        _B,
        "Stelt zich op de hoogte van consequenties van het hanteren van een organisatienorm voor het bestuur",
        ONCE,
        DutyRecord.NONE,
    ),
    (_B, "Stelt resultaatdoelstellingen vast voor het managementteam", YEARLY, DutyRecord.NONE),
    (_B, "Volgt de uitvoering van het beleid", YEARLY, DutyRecord.NONE),
    (_B, "Geeft blijk van zorg en betrokkenheid tegenover betrokkenen", CONSTANT, DutyRecord.NONE),
    (
        _B,
        "Toont voorbeeldgedrag in het reageren op agressief gedrag naar bestuurders",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (
        _B,
        "Stemt af met de ambtelijke organisatie over (het voorkomen van) incidenten en de reactie naar "
        "(risico)burgers",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (_B, "Blijft eindverantwoordelijk, ook voor de uitvoering van het beleid", CONSTANT, DutyRecord.NONE),
    (
        _D,
        "Zorgt voor een organisatienorm, protocol en werkafspraken voor de ambtelijke organisatie",
        ONCE,
        DutyRecord.NONE,
    ),
    (
        _D,
        "Zorgt dat er per afdeling instructies, richtlijnen en werkafspraken worden gemaakt en vastgelegd in "
        "het team-/afdelingsprotocol",
        ONCE,
        DutyRecord.NONE,
    ),
    (
        _D,
        "Stelt zich op de hoogte van consequenties van het hanteren van een organisatienorm voor directie",
        ONCE,
        DutyRecord.NONE,
    ),
    (_D, "Wijst een coördinator agressie en geweld aan en faciliteert deze", ONCE, DutyRecord.NONE),
    (
        _D,
        "Vraagt de OR om instemming voor de aanstelling van de coördinator agressie en geweld "
        "(preventiemedewerker)",
        ONCE,
        DutyRecord.NONE,
    ),
    (_D, "Stelt resultaatdoelstellingen vast voor de aanpak van agressie", YEARLY, DutyRecord.NONE),
    (_D, "Rapporteert aan het college", YEARLY, DutyRecord.NONE),
    (_D, "Volgt de voortgang en de effectiviteit van het beleid", HALF_YEARLY, DutyRecord.NONE),
    (_D, "Geeft blijk van zorg en betrokkenheid tegenover betrokkenen", CONSTANT, DutyRecord.NONE),
    (
        _D,
        "Toont voorbeeldgedrag in het reageren op agressief gedrag naar de directie",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (
        _D,
        "Stemt af met het bestuur over (het voorkomen van) incidenten en de reactie naar (risico)burgers",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (_D, "Blijft eindverantwoordelijk", CONSTANT, DutyRecord.NONE),
    (
        _C,
        "Volgt de voortgang en de effectiviteit van het beleid en doet voorstellen tot het bijstellen ervan",
        YEARLY,
        DutyRecord.NONE,
    ),
    (_C, "Initieert de jaarlijkse evaluatie van het beleid", YEARLY, DutyRecord.POLICY_EVALUATION),
    (_C, "Rapporteert aan het college en managementteam", QUARTERLY, DutyRecord.NONE),
    (_C, "Adviseert het management en de OR gevraagd en ongevraagd", CONSTANT, DutyRecord.NONE),
    (
        _C,
        "Zorgt voor de administratieve afhandeling van incidentmeldingen en onderhoudt het GIR",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (_C, "Maakt vanuit het GIR een overzicht van alle incidentmeldingen", QUARTERLY, DutyRecord.NONE),
    (
        _C,
        "Informeert afdelingen over trends en inzichten op basis van incidentmeldingen",
        QUARTERLY,
        DutyRecord.NONE,
    ),
    (_C, "Ziet er op toe dat de RI&E tijdig wordt geactualiseerd", AS_NEEDED, DutyRecord.NONE),
    (
        _C,
        "Is centraal aanspreekpunt voor externe samenwerkingspartners zoals politie en OM en interne "
        "afdelingen zoals Juridische zaken, Communicatie en Verzekeringen",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (
        _M,
        "Stelt met medewerkers het team-/afdelingsprotocol op en maakt praktische werkafspraken",
        ONCE,
        DutyRecord.NONE,
    ),
    (
        _M,
        "Zorgt voor training, voorlichting en instructie voor medewerkers op basis van leerdoelen van "
        "medewerkers en teams (inclusief nieuwe medewerkers)",
        AS_NEEDED,
        DutyRecord.NONE,
    ),
    (_M, "Evalueert bestaande afspraken tijdens het werkoverleg", HALF_YEARLY, DutyRecord.NONE),
    (
        _M,
        "Ziet erop toe dat de afspraken uit het agressieprotocol worden nageleefd",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (_M, "Is verantwoordelijk voor de eerste opvang", CONSTANT, DutyRecord.NONE),
    (
        _M,
        "Begeleidt medewerkers bij het doen van aangifte en juridische procedures",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (_M, "Is verantwoordelijk voor de nazorg", CONSTANT, DutyRecord.NONE),
    (
        _M,
        "Zorgt dat ernstige incidenten tijdens het werkoverleg worden nabesproken om de werking van het "
        "protocol te evalueren",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (
        _M,
        "Legt de conclusie uit de incidentanalyse vast in het agressieregistratieformulier/GIR",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (_M, "Zorgt voor de dadergerichte afhandeling", CONSTANT, DutyRecord.NONE),
    (
        _M,
        "Schakelt bij bedrijfsschade als gevolg van een incident de afdeling Juridische Zaken in",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (_E, "Hanteert servicecode en gedragsregels", CONSTANT, DutyRecord.NONE),
    (
        _E,
        "Volgt de afspraken en werkinstructies die in het agressieprotocol zijn vastgelegd",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (_E, "Is alert op mogelijk risicovolle situaties en anticipeert hierop", CONSTANT, DutyRecord.NONE),
    (_E, "Is zich bewust van eigen gedrag in de bejegening van burgers", CONSTANT, DutyRecord.NONE),
    (
        _E,
        "Benut de mogelijkheden om situaties niet (verder) of onnodig te laten escaleren",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (
        _E,
        "Volgt de binnen de organisatie gemaakte afspraken gerelateerd aan de confrontatie met "
        "normoverschrijdend gedrag",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (_E, "Meldt incidenten in GIR of bij zijn of haar afdelingsmanager", CONSTANT, DutyRecord.NONE),
    (_E, "Doet aangifte indien er sprake is van een aangiftewaardig incident", CONSTANT, DutyRecord.NONE),
    (
        _E,
        "Laat, indien er dringende redenen zijn om van aangifte af te zien, een melding vastleggen in het "
        "politiedossier",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (
        _E,
        "Meldt onveilige of risicovolle situaties bij zijn of haar afdelingsmanager",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (_E, "Maakt indien nodig gebruik van de nazorgfaciliteiten", CONSTANT, DutyRecord.NONE),
    (_F, "Past de fysieke werkomgeving aan", AS_NEEDED, DutyRecord.NONE),
    (
        _F,
        "Test fysieke veiligheidsmaatregelen zoals alarmknoppen en -opvolging",
        MONTHLY,
        DutyRecord.NONE,
    ),
    (_F, "Onderhoudt de fysieke omgeving", CONSTANT, DutyRecord.NONE),
    (
        _S,
        "Maakt met de leidinggevende werkafspraken over samenwerking en interveniëren tijdens incidenten",
        ONCE,
        DutyRecord.NONE,
    ),
    (_S, "Volgt de afspraken en werkinstructies die zijn vastgelegd", CONSTANT, DutyRecord.NONE),
    (_S, "Ziet toe op de toegang van bezoekers", CONSTANT, DutyRecord.NONE),
    (_S, "Ziet toe op huisregels en handhaaft deze", CONSTANT, DutyRecord.NONE),
    (_S, "Is alert op mogelijk risicovolle situaties en anticipeert hierop", CONSTANT, DutyRecord.NONE),
    (_S, "Geeft aan wanneer een burger de norm overschrijdt en handelt", CONSTANT, DutyRecord.NONE),
    (
        _S,
        "Benut de mogelijkheden om situaties niet (verder) of onnodig te laten escaleren",
        CONSTANT,
        DutyRecord.NONE,
    ),
    (_S, "Evalueert zijn of haar eigen inzet na incidenten", CONSTANT, DutyRecord.NONE),
    (_S, "Registreert incidenten", CONSTANT, DutyRecord.NONE),
    (_S, "Evalueert incidenten met de leidinggevende van de locatie", QUARTERLY, DutyRecord.NONE),
    (_S, "Neemt deel aan training voor medewerkers op de locatie", AS_NEEDED, DutyRecord.NONE),
)

# The checklist of the annual policy evaluation. 000 names it ("zie de checklist
# evaluatie beleid") but does not include it; these items are GIR's reading of the
# information sources that 000, 003 and 004 name, each with where it comes from.
CHECKLIST_SOURCE = "GIR, naar 000, 003 en 004"
CHECKLIST = (
    ("De trends uit GIR over het afgelopen jaar: aantal, soort, ernst, plaats en afdeling", "003; 004"),
    ("De incidentanalyses en evaluaties van ernstige incidenten", "000; 004 §6"),
    ("De resultaten van de afhandeling: maatregelen, aangiften en schadeverhaal", "000"),
    ("Opvang en nazorg: op tijd en passend geboden", "001 §10"),
    (
        "De ervaringen van medewerkers met werken volgens de norm, opbrengsten en dilemma's "
        "(thematisch werkoverleg)",
        "000",
    ),
    ("De verbeterplannen: wat is gelukt, wat schuift door naar volgend jaar", "004"),
    ("De leerdoelen en het leeraanbod: uitgevoerd en met resultaat", "004"),
    ("De taken uit de takenkalender, zoals de maandelijkse test van de alarmknoppen", "003"),
    ("De RI&E agressie en geweld is actueel", "003"),
    ("Het protocol en de team- en afdelingsprotocollen: waar nodig bijgesteld", "000; 003"),
    (
        "Teruggekoppeld aan het managementteam, de directie, de ondernemingsraad en waar relevant het college",
        "000; 003",
    ),
)
