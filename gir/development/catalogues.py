"""The default content of learning and development (004 "Leren en ontwikkelen"), shipped
by migration ``development/0002`` and editable afterwards: the development matrix's
competencies, the five competency aspects of the leerdoelwijzers and the questionnaires
of the eight function groups (004, appendix "Leren als individu: leerdoelwijzers")."""

SOURCE = "004 Leren en ontwikkelen"

# 004 "Matrix ontwikkeling veilige publieke dienstverlening": (competency, hint).
COMPETENCIES = (
    ("Wat is klant- of servicegericht werken", ""),
    ("Wat is emotie en wat is agressie en hoe reageer je daar effectief op", ""),
    ("Risico bepalen voor het contact en welke voorzorgsmaatregelen daarbij in te schakelen", ""),
    ("Herkennen en ombuigen van spanning bij de burger", ""),
    ("Wat is de organisatienorm en teamnorm voor normoverschrijdend gedrag", ""),
    ("Wat is 'bewust afwijken' van de teamnorm en hoe bespreek je dat (intervisie)", ""),
    ("Stoppen bij normoverschrijding en (bij (non-)verbale agressie) herstelmogelijkheid bieden", ""),
    ("Inroepen van assistentie (hulp en alarmeren)", ""),
    ("Mezelf in veiligheid brengen", ""),
    ("Bieden van assistentie aan collega's", ""),
    ("Incidenten melden (GIR)", ""),
    ("Maatregelen richting de burger, aangifte doen en schade verhalen", ""),
    ("Hulp vragen nadat je slachtoffer bent geworden van een incident", ""),
    ("Hulp bieden aan het slachtoffer van een agressie-incident", ""),
    (
        "Veilig werken",
        "aan de telefoon, aan de balie, in de spreekkamer, in de openbare ruimte, op huisbezoek, "
        "op bedrijfsbezoek, tijdens groepsbijeenkomsten, schriftelijk, met social media",
    ),
    ("Afspraken maken voor veilig samenwerken met derden", ""),
    ("Omgaan met ordeverstorend gedrag", ""),
)

# The competency aspects every leerdoelwijzer is built from, in their order.
RISK = "Risico-inschatting"
OWN_TENSION = "Herkennen van spanningssignalen bij jezelf"
CITIZEN_TENSION = "Vroegsignalering: herkennen van spanningssignalen bij de burger"
LIMITS = "Stellen van grenzen"
COLLEAGUES = "Collegiale ondersteuning"
ASPECTS = (RISK, OWN_TENSION, CITIZEN_TENSION, LIMITS, COLLEAGUES)

GOAL_PROMPT = (
    "Omschrijf, op basis van de resultaten van deze checklist, je persoonlijke leerdoel voor een "
    "vaardigheidstraining en overleg hierover met je leidinggevende."
)

# (function group as shipped by accounts/0002, title, ((aspect, statements), ...))
QUESTIONNAIRES = (
    (
        "Werkpleinen",
        "Leerdoelwijzer voor medewerkers Werkpleinen (contactsoort face-to-face aan balie, in spreekkamer, of aan de telefoon)",
        (
            (
                RISK,
                (
                    "Ik houd in het contact met een burger rekening met een mogelijk risico op agressie",
                    "Ik verdiep me voorafgaand aan een gepland contact in de achtergrond van de burger",
                    "Ik tref preventieve maatregelen als ik slecht nieuws moet brengen",
                    "Ik plan gesprekken met burgers op een veilige locatie als ik daar aanleiding toe zie",
                    "Ik schakel hulp in wanneer dat nodig is",
                    "Als ik op huisbezoek ga, schat ik vooraf het risico op agressie in bv. door te werken met een checklist huisbezoek",
                ),
            ),
            (
                OWN_TENSION,
                (
                    "Ik herken mijn eigen spanningssignalen in een situatie waarin er sprake is van (dreigend) normoverschrijdend gedrag",
                    "Ik ben in staat mijn emoties te benoemen in een oplopend incident",
                    "Ik blijf beheerst reageren tijdens een oplopend incident",
                    "Ik kan weerstand bieden bij druk of andere agressieve uitingen van de burger",
                    "Ik houd de leiding over de situatie bij een incident en houd de regie over mijn reactie",
                    "Ik reageer in verhouding tot de aard van het incident en het daarbij behorende risico",
                    "Ik merk het als mijn eigen spanning oploopt",
                    "Ik schakel tijdig hulp in als mijn eigen spanning oploopt",
                    "Ik kan goed omgaan met mijn eigen spanningssignalen",
                ),
            ),
            (
                CITIZEN_TENSION,
                (
                    "Ik herken de eerste signalen van spanning, frustratie of irritatie bij de burger",
                    "Ik ben in staat me in de situatie van de burger te verplaatsen",
                    "Ik geef de burger gelegenheid om zijn of haar emoties te uiten",
                    "Ik toon in mijn verbale en non-verbale communicatie begrip voor emotie bij burger",
                    "Ik reageer actief op spanning of emotie van de burger, zodat de situatie niet uit de hand loopt of voorkómen kan worden",
                    "Ik herken spanningssignalen bij de burger gemakkelijk",
                    "Ik kan gemakkelijk omgaan met spanningssignalen bij de burger",
                ),
            ),
            (
                LIMITS,
                (
                    "Ik confronteer de burger met normoverschrijdend gedrag als dat zich voor doet",
                    "Ik benoem in gesprekken met burgers de grens of norm zoals we die in ons team hebben gesteld",
                    "Ik geef de burger de gelegenheid zijn/haar gedrag te corrigeren door aan te geven welk gedrag wenselijk is",
                    "Als ik een grens heb gesteld dan houd ik daar in het contact met de burger ook aan vast",
                    "Ik vind het stellen van grenzen en het benoemen van de norm gemakkelijk",
                ),
            ),
            (
                COLLEAGUES,
                (
                    "Als ik in het contact met een burger hulp nodig heb van een collega dan zal ik daar om vragen",
                    "Als een collega hulp van mij nodig heeft in het contact met een burger, dan zal ik die hulp aanbieden",
                ),
            ),
        ),
    ),
    (
        "Sociaal domein",
        "Leerdoelwijzer voor medewerkers Sociaal domein (contactsoort face-to-face tijdens huisbezoek, in spreekkamer of aan de telefoon)",
        (
            (
                RISK,
                (
                    "Ik taxeer een situatie op het risico op agressie (b.v. met behulp van een checklist huisbezoek)",
                    "Ik ken de risicogezinnen en -locaties in mijn werkgebied en hou hier rekening mee",
                    "Ik verdiep me voorafgaand aan een gepland contact in de achtergrond van de cliënt",
                    "Bij het plannen van werkzaamheden houden we in ons team rekening met het risico op agressie",
                    "Actuele informatie die ik tijdens de casusverdeling ontvang, neem ik mee in mijn voorbereiding",
                    "Als we met zijn tweeën op huisbezoek gaan hanteren we afspraken over gezamenlijk optreden",
                    "Mijn collega en ik hebben een duidelijke taakverdeling als we in gesprek gaan met een cliënt",
                    "Ik ben op de hoogte van praktische zaken die tijdens een huisbezoek van belang zijn voor mijn eigen veiligheid (bv. betreden woning, keuze zitpositie)",
                ),
            ),
            (
                OWN_TENSION,
                (
                    "Ik herken mijn eigen spanningssignalen in een situatie waarin er sprake is van (dreigend) normoverschrijdend gedrag",
                    "Ik ben in staat mijn emoties te benoemen in een oplopend incident",
                    "Ik blijf beheerst reageren tijdens een oplopend incident",
                    "Ik kan weerstand bieden bij druk of andere agressieve uitingen van de cliënt",
                    "Ik houd de leiding over de situatie bij een incident en houd de regie over mijn reactie",
                    "Ik reageer in verhouding tot de aard van het incident en het daarbij behorende risico",
                    "Ik merk het als mijn eigen spanning oploopt",
                    "Ik schakel tijdig hulp in als mijn eigen spanning oploopt",
                    "Ik kan goed omgaan met mijn eigen spanningssignalen",
                ),
            ),
            (
                CITIZEN_TENSION,
                (
                    "Ik herken de eerste signalen van spanning, frustratie of irritatie bij de cliënt",
                    "Ik ben in staat me in de situatie van de cliënt te verplaatsen",
                    "Ik geef de cliënt gelegenheid om zijn of haar emoties te uiten",
                    "Ik toon in mijn verbale en non-verbale communicatie begrip voor emotie bij de cliënt",
                    "Ik reageer actief op spanning of emotie van de cliënt, zodat de situatie niet uit de hand loopt of voorkómen kan worden",
                    "Ik herken spanningssignalen bij de cliënt gemakkelijk",
                    "Ik kan gemakkelijk omgaan met spanningssignalen bij de cliënt",
                ),
            ),
            (
                LIMITS,
                (
                    "Ik confronteer de cliënt met normoverschrijdend gedrag als dat zich voor doet",
                    "Ik benoem in gesprekken met cliënten de grens of norm zoals we die in ons team hebben gesteld",
                    "Ik geef de cliënt de gelegenheid zijn/haar gedrag te corrigeren door aan te geven welk gedrag wenselijk is",
                    "Als ik een grens heb gesteld dan houd ik daar in het contact met de cliënt ook aan vast",
                    "Ik weet wanneer ik de locatie/het huis moet verlaten",
                    "Ik weet hoe ik telefonisch assistentie kan inschakelen",
                    "Ik vind het stellen van grenzen en het benoemen van de norm gemakkelijk",
                ),
            ),
            (
                COLLEAGUES,
                (
                    "Als ik in het contact met een cliënt hulp nodig heb van een collega dan zal ik daar om vragen",
                    "Als een collega hulp van mij nodig heeft in het contact met een cliënt, dan zal ik die hulp aanbieden",
                ),
            ),
        ),
    ),
    (
        "Telefonische dienstverlening (KCC)",
        "Leerdoelwijzer voor medewerkers Klant Contact Centra (contactsoort telefonisch contact)",
        (
            (
                RISK,
                (
                    "Ik houd in het telefonisch contact met een burger rekening met een mogelijk risico op agressie",
                ),
            ),
            (
                OWN_TENSION,
                (
                    "Ik herken mijn eigen spanningssignalen in een situatie waarin er sprake is van (dreigend) normoverschrijdend gedrag",
                    "Ik ben in staat mijn emoties te benoemen in een oplopend incident aan de telefoon",
                    "Ik blijf beheerst reageren tijdens een oplopend incident",
                    "Ik kan weerstand bieden bij druk of andere agressieve uitingen van de burger",
                    "Ik houd de leiding over de situatie bij een incident en houd de regie over mijn reactie",
                    "Ik reageer in verhouding tot de aard van het incident en het daarbij behorende risico",
                    "Ik merk het als mijn eigen spanning oploopt",
                    "Ik schakel tijdig hulp in als mijn eigen spanning oploopt",
                    "Ik kan goed omgaan met mijn eigen spanningssignalen",
                ),
            ),
            (
                CITIZEN_TENSION,
                (
                    "Ik herken de eerste signalen van spanning, frustratie of irritatie bij de burger",
                    "Ik ben in staat me in de situatie van de burger te verplaatsen",
                    "Ik geef de burger gelegenheid om zijn of haar emoties te uiten",
                    "Ik toon in mijn woordgebruik en intonatie begrip voor emotie bij burgers",
                    "Ik reageer actief op spanning of emotie van de burger, zodat de situatie niet uit de hand loopt of voorkómen kan worden",
                    "Ik herken spanningssignalen bij de burger aan de telefoon gemakkelijk",
                    "Ik kan gemakkelijk omgaan met spanningssignalen bij de burger",
                ),
            ),
            (
                LIMITS,
                (
                    "Ik confronteer de burger met normoverschrijdend gedrag als dat zich voor doet aan de telefoon",
                    "Ik benoem in gesprekken met burgers de grens of norm zoals we die in ons team hebben gesteld",
                    "Ik geef de burger de gelegenheid zijn/haar verbale uitingen of intonatie te corrigeren door aan te geven wat wenselijk is",
                    "Als ik een grens heb gesteld dan houd ik daar in het telefonisch contact met de burger ook aan vast",
                    "Ik vind het stellen van grenzen en het benoemen van de norm gemakkelijk",
                ),
            ),
            (
                COLLEAGUES,
                (
                    "Als ik na het contact met een burger hulp nodig heb van een collega dan zal ik daar om vragen",
                    "Als een collega hulp van mij nodig heeft na het contact met een burger, dan zal ik die hulp aanbieden",
                ),
            ),
        ),
    ),
    (
        "Publiekszaken",
        "Leerdoelwijzer voor medewerkers Publiekszaken (contactsoort face-to-face aan balie/receptie)",
        (
            (
                RISK,
                (
                    "Ik houd in het contact met een burger rekening met een mogelijk risico op agressie",
                    "Ik verdiep me voorafgaand aan een gepland contact in de achtergrond van de burger",
                    "Ik tref preventieve maatregelen als ik slecht nieuws moet brengen",
                    "Ik plan gesprekken met burgers op een veilige locatie als ik daar aanleiding toe zie",
                    "Ik roep hulp in wanneer dat nodig is",
                ),
            ),
            (
                OWN_TENSION,
                (
                    "Ik herken mijn eigen spanningssignalen in een situatie waarin er sprake is van (dreigend) normoverschrijdend gedrag",
                    "Ik ben in staat mijn emoties te benoemen in een oplopend incident",
                    "Ik blijf beheerst reageren tijdens een oplopend incident",
                    "Ik kan weerstand bieden bij druk of andere agressieve uitingen van de burger",
                    "Ik houd de leiding over de situatie bij een incident en houd de regie over mijn reactie",
                    "Ik reageer in verhouding tot de aard van het incident en het daarbij behorende risico",
                    "Ik merk het als mijn eigen spanning oploopt",
                    "Ik schakel tijdig hulp in als mijn eigen spanning oploopt",
                    "Ik kan goed omgaan met mijn eigen spanningssignalen",
                ),
            ),
            (
                CITIZEN_TENSION,
                (
                    "Ik herken de eerste signalen van spanning, frustratie of irritatie bij de burger",
                    "Ik ben in staat me in de situatie van de burger te verplaatsen",
                    "Ik geef de burger gelegenheid om zijn of haar emoties te uiten",
                    "Ik toon in mijn verbale en non-verbale communicatie begrip voor emotie bij burger",
                    "Ik reageer actief op spanning of emotie van de burger, zodat de situatie niet uit de hand loopt of voorkómen kan worden",
                    "Ik herken spanningssignalen bij de burger gemakkelijk",
                    "Ik kan gemakkelijk omgaan met spanningssignalen bij de burger",
                ),
            ),
            (
                LIMITS,
                (
                    "Ik confronteer de burger met normoverschrijdend gedrag als dat zich voor doet",
                    "Ik benoem in gesprekken met burgers de grens of norm zoals we die in ons team hebben gesteld",
                    "Ik geef de burger de gelegenheid zijn/haar gedrag te corrigeren door aan te geven welk gedrag wenselijk is",
                    "Als ik een grens heb gesteld dan houd ik daar in het contact met de burger ook aan vast",
                    "Ik vind het stellen van grenzen en het benoemen van de norm gemakkelijk",
                ),
            ),
            (
                COLLEAGUES,
                (
                    "Als ik in het contact met een burger hulp nodig heb van een collega dan zal ik daar om vragen",
                    "Als een collega hulp van mij nodig heeft in het contact met een burger, dan zal ik die hulp aanbieden",
                ),
            ),
        ),
    ),
    (
        "Inspectie Bouw, Milieu, Water, Leerplicht",
        "Leerdoelwijzer voor medewerkers Inspectie – Bouw – Milieu – Water – Leerplicht (contactsoort face-to-face tijdens huis- of bedrijfsbezoek, in de openbare ruimte, aan balie of telefoon)",
        (
            (
                RISK,
                (
                    "Ik houd in het contact met een burger rekening met een mogelijk risico op agressie",
                    "Ik verdiep me voorafgaand aan een gepland contact in de achtergrond van de burger (bv. door te werken met een checklist huis- of bedrijfsbezoek)",
                    "Ik tref preventieve maatregelen als ik slecht nieuws moet brengen",
                    "Bij het plannen van werkzaamheden houden we in ons team rekening met het risico op agressie",
                    "Ik plan gesprekken met burgers op een veilige locatie als ik daar aanleiding toe zie",
                    "Ik roep hulp in van collega’s wanneer ik dat als nodig inschat",
                    "Als ik op huisbezoek ga, schat ik vooraf het risico op agressie in door te werken met een checklist huisbezoek",
                ),
            ),
            (
                OWN_TENSION,
                (
                    "Ik herken mijn eigen spanningssignalen in een situatie waarin er sprake is van (dreigend) normoverschrijdend gedrag",
                    "Ik ben in staat mijn emoties te benoemen in een oplopend incident",
                    "Ik blijf beheerst reageren tijdens een oplopend incident",
                    "Ik kan weerstand bieden bij druk of andere agressieve uitingen van de burger",
                    "Ik houd de leiding over de situatie bij een incident en houd de regie over mijn reactie",
                    "Ik reageer in verhouding tot de aard van het incident en het daarbij behorende risico",
                    "Ik merk het als mijn eigen spanning oploopt",
                    "Ik schakel tijdig hulp in als mijn eigen spanning oploopt",
                    "Ik kan goed omgaan met mijn eigen spanningssignalen",
                ),
            ),
            (
                CITIZEN_TENSION,
                (
                    "Ik herken de eerste signalen van spanning, frustratie of irritatie bij de burger",
                    "Ik ben in staat me in de situatie van de burger te verplaatsen",
                    "Ik geef de burger gelegenheid om zijn of haar emoties te uiten",
                    "Ik toon in mijn verbale en non-verbale communicatie begrip voor emotie bij burger",
                    "Ik reageer actief op spanning of emotie van de burger, zodat de situatie niet uit de hand loopt of voorkómen kan worden",
                    "Ik herken spanningssignalen bij de burger gemakkelijk",
                    "Ik kan gemakkelijk omgaan met spanningssignalen bij de burger",
                ),
            ),
            (
                LIMITS,
                (
                    "Ik confronteer de burger met normoverschrijdend gedrag als dat zich voor doet",
                    "Ik benoem in gesprekken met burgers de grens of norm zoals we die in ons team hebben gesteld",
                    "Ik geef de burger de gelegenheid zijn/haar gedrag te corrigeren door aan te geven welk gedrag wenselijk is",
                    "Als ik een grens heb gesteld dan houd ik daar in het contact met de burger ook aan vast",
                    "Als het nodig is dan schakel ik hulp in van collega’s",
                    "Als het nodig is dan schakel ik hulp in van de politie",
                    "Ik weet wanneer ik me uit een situatie moet terugtrekken",
                    "Ik vind het stellen van grenzen en het benoemen van de norm gemakkelijk",
                ),
            ),
            (
                COLLEAGUES,
                (
                    "Als ik in het contact met een burger hulp nodig heb van een collega dan zal ik daar om vragen",
                    "Als een collega hulp van mij nodig heeft in het contact met een burger, dan zal ik die hulp aanbieden",
                ),
            ),
        ),
    ),
    (
        "Buitengewoon opsporingsambtenaren (BOA)",
        "Leerdoelwijzer voor Buitengewoon Opsporings Ambtenaren (contactsoort face-to-face in de openbare ruimte of op huis- of bedrijfsbezoek)",
        (
            (
                RISK,
                (
                    "Ik taxeer een situatie op het risico op agressie",
                    "Ik ken de risicolocaties in mijn werkgebied en hou hier rekening mee",
                    "Ik verdiep me voorafgaand aan een gepland contact in de achtergrond van de burger (b.v. door te werken met een checklist huis- of bedrijfsbezoek)",
                    "Bij het plannen van werkzaamheden houden we in ons team rekening met het risico op agressie",
                    "Actuele informatie die ik tijdens de briefing aan het begin van mijn dienst ontvang, neem ik mee in mijn werkvoorbereiding",
                    "In mijn team hanteren we afspraken over gezamenlijk optreden",
                    "Mijn collega en ik hebben een duidelijke taakverdeling als we in gesprek gaan met een burger",
                    "In ons team conformeren we ons aan de afgesproken handhavingsdoelstellingen",
                    "Mijn collega en ik evalueren na een incident ons gezamenlijke optreden",
                    "Ik weet goed hoe ik mijn portofoon moet gebruiken",
                    "Ik weet goed wanneer ik mijn portofoon moet gebruiken voor het inschakelen van hulp",
                    "Ik weet hoe ik moet handelen bij de confrontatie met groepen",
                ),
            ),
            (
                OWN_TENSION,
                (
                    "Ik herken mijn eigen spanningssignalen in een situatie waarin er sprake is van (dreigend) normoverschrijdend gedrag",
                    "Ik ben in staat mijn emoties te benoemen in een oplopend incident",
                    "Ik blijf beheerst reageren tijdens een oplopend incident",
                    "Ik kan weerstand bieden bij druk of andere agressieve uitingen van de burger",
                    "Ik houd de leiding over de situatie bij een incident en houd de regie over mijn reactie",
                    "Ik reageer in verhouding tot de aard van het incident en het daarbij behorende risico",
                    "Ik merk het als mijn eigen spanning oploopt",
                    "Ik schakel tijdig hulp in als mijn eigen spanning oploopt",
                    "Ik kan goed omgaan met mijn eigen spanningssignalen",
                ),
            ),
            (
                CITIZEN_TENSION,
                (
                    "Ik herken de eerste signalen van spanning, frustratie of irritatie bij de burger",
                    "Ik ben in staat me in de situatie van de burger te verplaatsen",
                    "Ik geef de burger gelegenheid om zijn of haar emoties te uiten",
                    "Ik toon in mijn verbale en non-verbale communicatie begrip voor emotie bij burger",
                    "Ik reageer actief op spanning of emotie van de burger, zodat de situatie niet uit de hand loopt of voorkómen kan worden",
                    "Ik herken spanningssignalen bij de burger gemakkelijk",
                    "Ik kan gemakkelijk omgaan met spanningssignalen bij de burger",
                ),
            ),
            (
                LIMITS,
                (
                    "Ik confronteer de burger met normoverschrijdend gedrag als dat zich voor doet",
                    "Ik benoem in gesprekken met burgers de grens of norm zoals we die in ons team hebben gesteld",
                    "Ik geef de burger de gelegenheid zijn/haar gedrag te corrigeren door aan te geven welk gedrag wenselijk is",
                    "Als ik een grens heb gesteld dan houd ik daar in het contact met de burger ook aan vast",
                    "Ik weet wanneer ik moet overgaan tot verbaliseren of aanhouden en overbrengen naar de politie",
                    "Ik hou gesprekken op straat kort",
                    "Als het nodig is dan roep is assistentie in via de meldkamer",
                    "Ik vind het stellen van grenzen en het benoemen van de norm gemakkelijk",
                ),
            ),
            (
                COLLEAGUES,
                (
                    "Als ik in het contact met een burger hulp nodig heb van een collega dan zal ik daar om vragen",
                    "Als een collega hulp van mij nodig heeft in het contact met een burger, dan zal ik die hulp aanbieden",
                ),
            ),
        ),
    ),
    (
        "Beheer en onderhoud",
        "Leerdoelwijzer voor medewerkers Beheer en Onderhoud (contactsoort face-to-face in de openbare ruimte)",
        (
            (
                RISK,
                (
                    "Ik houd bij het uitvoeren van mijn werk rekening met een mogelijk risico op agressie",
                    "Bij het plannen van werkzaamheden houden we in ons team rekening met het zoveel mogelijk voorkomen van agressie (bv. door werkzaamheden die geluidsoverlast geven niet vroeg in de ochtend te plannen)",
                    "Ik roep hulp in van collega’s als ik een situatie als risicovol inschat",
                ),
            ),
            (
                OWN_TENSION,
                (
                    "Ik merk het snel wanneer ik boos of bang word",
                    "Ik ben in staat mijn gevoel (bv. boos of bang) te benoemen in een oplopend incident",
                    "Ik blijf kalm en rustig tijdens een oplopend incident",
                    "Ik kan goed omgaan met druk of andere agressieve uitingen van de burger",
                    "Ik houd de leiding over de situatie bij een incident en ik heb mijn reactie in de hand",
                    "Ik reageer op een manier die past bij de aard van het incident en het daarbij behorende risico",
                    "Ik merk het als mijn eigen spanning oploopt",
                    "Ik schakel tijdig hulp in als mijn eigen spanning oploopt",
                    "Ik kan goed omgaan met mijn gevoelens van spanning",
                ),
            ),
            (
                CITIZEN_TENSION,
                (
                    "Ik herken de eerste tekenen van boosheid of oplopende emotie bij de burger",
                    "Ik ben ook burger; zelf kom ik ook wel eens in vervelende situaties terecht zoals de burger, dus ik begrijp ze wel",
                    "Ik geef de burger de mogelijkheid om zijn of haar emoties te uiten",
                    "Ik toon begrip voor emotie bij burgers",
                    "Als ik spanning of emotie merk, dan reageer ik daar snel op zodat het niet uit de hand loopt of problemen zelfs voorkomen worden",
                    "Ik herken spanningssignalen bij de burger gemakkelijk",
                    "Ik kan gemakkelijk omgaan met spanningssignalen bij de burger",
                ),
            ),
            (
                LIMITS,
                (
                    "Als iemand me uitscheldt, dan zeg ik dat ik wil dat hij/zij daar mee stopt",
                    "Als de burger hier niet positief op reageert en doorgaat met mij uitschelden, dan stop ik het gesprek en trek ik me terug",
                    "Als ik bedreigd word, of me bedreigd voel, dan stop ik het gesprek, neem ik afstand en trek ik me terug",
                    "Ik ga de strijd niet aan met de burger",
                    "Als dat nodig is dan schakel ik hulp in van collega’s",
                    "Als dat nodig is dan schakel ik hulp in van de politie",
                    "Ik vind het stellen van grenzen en het aanspreken van de burger gemakkelijk",
                ),
            ),
            (
                COLLEAGUES,
                (
                    "Ik heb hulp van collega’s gevraagd als ik dat in agressieve situaties nodig vond",
                    "Ik heb mijn hulp aangeboden aan een collega als die hulp nodig had in een agressieve situatie",
                ),
            ),
        ),
    ),
    (
        "Beheer sporthal, zwembad, begraafplaats",
        "Leerdoelwijzer voor medewerkers Beheer Sporthal, Zwembad, Begraafplaats (contactsoort face-to-face)",
        (
            (
                RISK,
                (
                    "Ik houd in het contact met een bezoeker rekening met een mogelijk risico op agressie",
                    "Ik tref preventieve maatregelen als ik slecht nieuws moet brengen",
                    "Ik weet hoe ik moet handelen bij de confrontatie met groepen",
                    "Ik schakel hulp in wanneer dat nodig is",
                ),
            ),
            (
                OWN_TENSION,
                (
                    "Ik herken mijn eigen spanningssignalen in een situatie waarin er sprake is van (dreigend) normoverschrijdend gedrag",
                    "Ik ben in staat mijn emoties te benoemen in een oplopend incident",
                    "Ik blijf beheerst reageren tijdens een oplopend incident",
                    "Ik kan weerstand bieden bij druk of andere agressieve uitingen van de bezoeker",
                    "Ik houd de leiding over de situatie bij een incident en houd de regie over mijn reactie",
                    "Ik reageer in verhouding tot de aard van het incident en het daarbij behorende risico",
                    "Ik merk het als mijn eigen spanning oploopt",
                    "Ik schakel tijdig hulp in als mijn eigen spanning oploopt",
                    "Ik kan goed omgaan met mijn eigen spanningssignalen",
                ),
            ),
            (
                CITIZEN_TENSION,
                (
                    "Ik herken de eerste signalen van spanning, frustratie of irritatie bij de bezoeker",
                    "Ik ben in staat me in de situatie van de bezoeker te verplaatsen",
                    "Ik geef de bezoeker gelegenheid om zijn of haar emoties te uiten",
                    "Ik toon begrip voor emotie bij de bezoeker",
                    "Ik reageer actief op spanning of emotie van de bezoeker, zodat de situatie niet uit de hand loopt of voorkómen kan worden",
                    "Ik herken spanningssignalen bij de bezoeker gemakkelijk",
                    "Ik kan gemakkelijk omgaan met spanningssignalen bij de bezoeker",
                ),
            ),
            (
                LIMITS,
                (
                    "Ik confronteer de bezoeker met normoverschrijdend gedrag als dat zich voor doet",
                    "Ik benoem in gesprekken met bezoekers de grens of norm zoals we die in ons team hebben gesteld",
                    "Ik geef de bezoeker de gelegenheid zijn/haar gedrag te corrigeren door aan te geven welk gedrag wenselijk is",
                    "Als ik een grens heb gesteld dan houd ik daar in het contact met de bezoeker ook aan vast",
                    "Ik vind het stellen van grenzen en het benoemen van de norm gemakkelijk",
                ),
            ),
            (
                COLLEAGUES,
                (
                    "Als ik in het contact met een bezoeker hulp nodig heb van een collega dan zal ik daar om vragen",
                    "Als een collega hulp van mij nodig heeft in het contact met een bezoeker, dan zal ik die hulp aanbieden",
                ),
            ),
        ),
    ),
)
