"""Sentence fragments for the demo descriptions (Dutch, as a reporter would write them)."""

from gir.incidents.constants import (
    AggressionType,
    BehaviourKind,
    DigitalChannel,
    Injury,
    Setting,
)

_S = Setting

REMOTE_SETTINGS = frozenset({_S.PHONE, _S.WRITTEN, _S.EMAIL, _S.SOCIAL_MEDIA})

# Who did it, as the text names them.
ACTORS: dict[Setting, str] = {
    _S.COUNTER: "de klant",
    _S.PHONE: "de beller",
    _S.MEETING_ROOM: "de klant",
    _S.WRITTEN: "de afzender",
    _S.EMAIL: "de afzender",
    _S.SOCIAL_MEDIA: "de schrijver van het bericht",
    _S.HOME_VISIT: "de bewoner",
    _S.COMPANY_VISIT: "de eigenaar",
    _S.PUBLIC_SPACE: "de voorbijganger",
    _S.GROUP_MEETING: "een bezoeker",
    _S.COUNCIL_MEETING: "een bezoeker op de publieke tribune",
}

# {place}, {where}, {channel}, {subject}, {target}
OPENERS: dict[Setting, tuple[str, ...]] = {
    _S.COUNTER: (
        "Een klant meldde zich aan de balie van {place} voor {subject}.",
        "Aan de balie in {place} kwam een inwoner langs voor {subject}.",
    ),
    _S.PHONE: (
        "Een inwoner belde over {subject}.",
        "Er kwam een telefoontje binnen over {subject}.",
    ),
    _S.MEETING_ROOM: (
        "In de spreekkamer van {place} had {target} een gesprek met een klant over {subject}.",
        "Tijdens een afspraak in {place} ging het over {subject}.",
    ),
    _S.WRITTEN: (
        "Er kwam een brief binnen over {subject}, gericht aan {target}.",
        "Per post ontving {target} een handgeschreven brief over {subject}.",
    ),
    _S.EMAIL: (
        "Per e-mail ontving {target} een bericht over {subject}.",
        "Er kwam een e-mail binnen over {subject}, persoonlijk gericht aan {target}.",
    ),
    _S.SOCIAL_MEDIA: (
        "{channel} verscheen een bericht over {subject} waarin {target} met naam werd genoemd.",
        "{channel} werd gereageerd op {subject}, met {target} als mikpunt.",
    ),
    _S.HOME_VISIT: (
        "Tijdens een huisbezoek aan de {where} ging het gesprek over {subject}.",
        "Bij een huisbezoek in de {where} kwam {subject} ter sprake.",
    ),
    _S.COMPANY_VISIT: (
        "Tijdens een controle bij een bedrijf aan de {where} ging het over {subject}.",
        "Bij een bedrijfsbezoek aan de {where} sprak {target} de eigenaar aan over {subject}.",
    ),
    _S.PUBLIC_SPACE: (
        "Tijdens het werk {where} werd {target} aangesproken over {subject}.",
        "{where} kwam een voorbijganger op {target} af over {subject}.",
    ),
    _S.GROUP_MEETING: ("Tijdens een informatieavond in {place} over {subject} liep de discussie hoog op.",),
    _S.COUNCIL_MEETING: (
        "Tijdens de raadsvergadering in {place} werd gesproken over {subject}.",
        "Bij de commissievergadering over {subject} in {place} was het druk op de tribune.",
    ),
}

# (subordinate clause for the story, noun phrase for the "waarom" field)
TRIGGERS: tuple[tuple[str, str], ...] = (
    ("bleek dat de aanvraag niet compleet was", "een onvolledige aanvraag"),
    ("duidelijk werd dat het besluit niet werd teruggedraaid", "een besluit van de gemeente"),
    ("er een wachttijd van drie weken bleek te zijn", "een lange wachttijd"),
    ("om een geldig legitimatiebewijs werd gevraagd", "het vragen om legitimatie"),
    ("het verzoek was afgewezen", "een afgewezen verzoek"),
    ("het gesprek werd afgerond", "het beëindigen van het gesprek"),
    ("de afspraak op een andere dag bleek te staan", "een misverstand over de afspraak"),
    ("om aanvullende stukken werd gevraagd", "een verzoek om aanvullende stukken"),
    ("er een boete werd opgelegd", "een opgelegde boete"),
)
# A letter or a post does not follow a request for identification or a conversation ending.
WRITTEN_TRIGGERS = tuple(t for t in TRIGGERS if "legitimatie" not in t[1] and "gesprek" not in t[1])
POLITICAL_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("de raad over het voorstel stemde", "een besluit van de gemeenteraad"),
    ("een uitspraak in de krant verscheen", "een uitspraak in de lokale krant"),
    ("het debat werd geschorst", "een debat in de gemeenteraad"),
    ("een filmpje van de vergadering werd gedeeld", "een gedeeld filmpje van de vergadering"),
)
TRIGGER_LEADS = ("Het werd onrustig toen {clause}.", "De sfeer sloeg om toen {clause}.")
WRITTEN_TRIGGER_LEAD = "Aanleiding was {noun}."

INSULTS = ("nutteloze ambtenaar", "oplichter", "leugenaar", "idioot", "zakkenvuller", "sukkel")

# {actor} {target} {insult}; the first set happens face to face, the second from a distance.
BEHAVIOUR_SENTENCES: dict[BehaviourKind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    BehaviourKind.VERBAL: (
        (
            '{actor} begon hard te schelden en noemde {target} "{insult}".',
            '{actor} bleef schreeuwen en maakte {target} uit voor "{insult}".',
            "{actor} werd steeds bozer en beledigde {target} waar anderen bij waren.",
        ),
        (
            '{actor} maakte {target} uit voor "{insult}".',
            '{actor} gebruikte grove scheldwoorden en noemde {target} "{insult}".',
        ),
    ),
    BehaviourKind.THREAT: (
        (
            "{actor} dreigde {target} na werktijd op te wachten.",
            '{actor} zei tegen {target}: "Ik weet waar je woont, pas maar op."',
            "{actor} ging dreigend vlak voor {target} staan en balde de vuisten.",
        ),
        (
            '{actor} dreigde dat {target} "het nog zou merken".',
            '{actor} kondigde aan "met een paar vrienden langs te komen".',
            "{actor} dreigde het privéadres van {target} online te zetten.",
        ),
    ),
    BehaviourKind.PHYSICAL: (
        (
            "{actor} duwde {target} hard opzij.",
            "{actor} greep {target} bij de arm en trok eraan.",
            "{actor} spuugde {target} in het gezicht.",
            "{actor} gaf {target} een klap tegen het hoofd.",
            "{actor} gooide een beker koffie naar {target}.",
        ),
        (),
    ),
    BehaviourKind.STALKING: (
        (
            "{actor} bleek {target} al weken op te wachten bij de personeelsingang.",
            "{actor} wist precies waar {target} die week was geweest.",
        ),
        (
            "{actor} stuurde de afgelopen weken tientallen berichten via steeds nieuwe accounts.",
            "{actor} nam herhaaldelijk contact op via het privénummer van {target}.",
        ),
    ),
    BehaviourKind.DISCRIMINATION: (
        (
            "{actor} maakte kwetsende opmerkingen over de afkomst van {target}.",
            '{actor} weigerde door "zo iemand" geholpen te worden en maakte discriminerende opmerkingen.',
        ),
        ("{actor} maakte racistische opmerkingen over {target}.",),
    ),
    BehaviourKind.SEXUAL: (
        (
            "{actor} maakte seksueel getinte opmerkingen en probeerde {target} aan te raken.",
            "{actor} bleef ongepaste opmerkingen maken over het uiterlijk van {target}.",
        ),
        ("{actor} maakte seksueel getinte opmerkingen over {target}.",),
    ),
    BehaviourKind.VANDALISM: (
        (
            "{actor} sloeg een computerscherm van tafel.",
            "{actor} gooide een stoel door de ruimte, die daarbij brak.",
            "{actor} trapte een deur in, waardoor het glas barstte.",
        ),
        (),
    ),
}
SELF_HARM_SENTENCE = "{actor} dreigde zichzelf iets aan te doen als er niet direct een oplossing kwam."
EMOTION_SENTENCE = "{actor} raakte zichtbaar overstuur, huilde en riep dat alles misging."

CLOSINGS_IN_PERSON = (
    "Een collega kwam erbij en de situatie kalmeerde.",
    "De beveiliging heeft de persoon naar buiten begeleid.",
    "Het gesprek is beëindigd en de medewerker is naar achteren gegaan.",
    "De persoon vertrok uiteindelijk uit zichzelf.",
)
CLOSINGS_OUTSIDE = (
    "Een collega kwam erbij en de situatie kalmeerde.",
    "De medewerker is weggegaan en heeft de leidinggevende gebeld.",
    "De persoon liep uiteindelijk weg.",
)
CLOSINGS_POLITICAL_IN_PERSON = (
    "De bodes hebben de persoon naar buiten begeleid.",
    "De voorzitter schorste de vergadering tot het weer rustig was.",
)
CLOSINGS_POLITICAL_REMOTE = ("Het bericht is bewaard en aan de griffier doorgegeven.",)
CLOSINGS_REMOTE = {
    _S.PHONE: ("Het gesprek is beëindigd.", "De medewerker heeft de verbinding verbroken."),
    _S.WRITTEN: ("De brief is bewaard en aan de leidinggevende gegeven.",),
    _S.EMAIL: ("De e-mail is bewaard en doorgestuurd naar de leidinggevende.",),
    _S.SOCIAL_MEDIA: ("Er zijn schermafdrukken van het bericht gemaakt.",),
}
POLICE_CLOSING = "De politie is gebeld en was snel ter plaatse."
# Physical violence with an injury the labour inspectorate must hear of (001 §6.4).
SERIOUS_SENTENCES = (
    "{actor} sloeg {target} met de vuist in het gezicht; {target} viel en bleef even liggen.",
    "{actor} duwde {target} hard tegen een pilaar, waarbij {target} het hoofd stootte.",
)
SERIOUS_AFTERMATH: dict[Injury, str] = {
    Injury.HOSPITAL: "{target} is met de ambulance naar het ziekenhuis gebracht en daar opgenomen.",
    Injury.LASTING: "{target} is met de ambulance naar het ziekenhuis gebracht; het oog blijft beschadigd.",
}
FEELINGS = (
    "{target} was behoorlijk geschrokken.",
    "{target} heeft de rest van de dag vrij genomen.",
    "{target} sliep er een paar nachten slecht van.",
)

WEAPONS = ("stoel", "beker koffie", "schaar van de balie", "fietsslot", "mes (alleen getoond)")
PERPETRATOR_DETAILS = (
    "donkere jas en pet",
    "fors postuur",
    "trainingspak",
    "kwam met een hond",
    "vaste bezoeker van het loket",
    "rook naar alcohol",
)
ESCALATION_WEIGHTS_IN_PERSON = (("A", 10), ("B", 25), ("C", 30), ("D", 30), ("E", 5))
ESCALATION_WEIGHTS_REMOTE = (("A", 5), ("B", 30), ("C", 40), ("D", 22), ("E", 3))
BEHAVIOURS_BY_LEVEL: dict[str, tuple[BehaviourKind, ...]] = {
    "A": (BehaviourKind.VERBAL,),
    "B": (BehaviourKind.VERBAL, BehaviourKind.VERBAL, BehaviourKind.DISCRIMINATION),
    "C": (
        BehaviourKind.VERBAL,
        BehaviourKind.VERBAL,
        BehaviourKind.DISCRIMINATION,
        BehaviourKind.SEXUAL,
    ),
    "D": (
        BehaviourKind.THREAT,
        BehaviourKind.THREAT,
        BehaviourKind.PHYSICAL,
        BehaviourKind.PHYSICAL,
        BehaviourKind.STALKING,
        BehaviourKind.VANDALISM,
    ),
    "E": (BehaviourKind.THREAT,),
}
REMOTE_BEHAVIOURS = frozenset(
    {
        BehaviourKind.VERBAL,
        BehaviourKind.THREAT,
        BehaviourKind.STALKING,
        BehaviourKind.DISCRIMINATION,
        BehaviourKind.SEXUAL,
    }
)
AGGRESSION_WEIGHTS = (
    (AggressionType.FRUSTRATION, 45),
    (AggressionType.INSTRUMENTAL, 25),
    (AggressionType.RANDOM, 5),
    (AggressionType.DISORDER_OR_SUBSTANCES, 15),
    (AggressionType.UNKNOWN, 10),
)
INJURY_WEIGHTS = ((Injury.NONE, 60), (Injury.FIRST_AID, 25), (Injury.DOCTOR, 12), (Injury.HOSPITAL, 3))
SOCIAL_CHANNELS = (
    DigitalChannel.FACEBOOK,
    DigitalChannel.FACEBOOK,
    DigitalChannel.X,
    DigitalChannel.INSTAGRAM,
    DigitalChannel.TIKTOK,
    DigitalChannel.MESSAGING,
    DigitalChannel.FORUM,
)
THREATENING_MESSAGES = (
    "Jullie gaan hier spijt van krijgen.",
    "Ik weet waar je werkt en ik weet hoe laat je klaar bent.",
    "Wacht maar tot ik je buiten tegenkom.",
    "Schandalig hoe deze gemeente met mensen omgaat, namen en rugnummers!",
)
