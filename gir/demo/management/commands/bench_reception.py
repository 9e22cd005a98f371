"""Benchmark of the reception check (DESIGN §2.3, issue 5 "Speed", issue 18 item 5).

Builds a register of realistic Dutch names (kept between runs: the number of
people is the marker), then times reception_search end to end for misspelt names
of people who exist, and the page "Bezoeker controleren" as the reception desk
gets it (logged in through the log-in form and the second step). It also says how
good the answers are: how often the right person comes first, and how many flagged
people a visitor who is not in the register is shown. Prints one figure per line as
`name value unit`.
"""

import datetime as dt
import random
import statistics
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.urls import reverse

from gir.accounts.constants import Role
from gir.core import clock
from gir.demo.bench import bench_accounts, logged_in_client
from gir.perpetrators.constants import MeasureKind, MeasureStatus
from gir.perpetrators.models import Measure, Perpetrator
from gir.perpetrators.reception import reception_search
from gir.perpetrators.search import PARTICLES, normalise, search_text_of
from gir.perpetrators.selectors import reception_people


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    "Jan Pieter Kees Henk Gerrit Willem Johan Cor Dirk Klaas Bram Daan Sem Lucas Finn Levi Milan Jesse "
    "Thijs Ruben Lars Bas Tim Tom Jeroen Marco Erik Sander Mark Stefan Martijn Dennis Rob Frank Hans Peter "
    "Wim Ad Ton Harm Sjoerd Hidde Jelle Wouter Joost Niels Koen Rutger Maarten Arjen Mohamed Ahmed Youssef "
    "Mustafa Ibrahim Hamza Emre Mehmet Kemal Rachid Anton Frans Theo Leon Noah Sven Gijs Luuk Stijn Jorrit "
    "Maria Anna Johanna Cornelia Wilhelmina Elisabeth Hendrika Petronella Geertruida Sanne Lotte Emma Julia "
    "Sophie Anouk Femke Iris Lisa Eva Fleur Romy Noor Sara Tess Mila Yara Esther Marieke Ingrid Monique "
    "Sandra Petra Linda Anja Karin Annemarie Wendy Kim Chantal Priscilla Fatima Samira Khadija Naima "
    "Yasmina Ayse Elif Zeynep Nadia Ilse Marloes Judith Hanneke Janneke Wilma Gerda Truus Riet Bep Joke"
)
PARTICLE_CHOICES = (
    [""] * 60
    + ["de"] * 10
    + ["van"] * 8
    + ["van der"] * 6
    + ["van den"] * 4
    + ["van de"] * 4
    + ["ter"] * 2
    + ["van 't"] * 2
    + ["den"] * 1
    + ["in 't"] * 1
    + ["op de"] * 1
    + ["el"] * 1
)
SURNAMES = _words(
    "Jansen Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijkstra Janssen "
    "Smits Willems Vermeulen Kok Jacobs Schouten Hoekstra Koster Prins Maas Huisman Kuipers Veenstra Postma "
    "Kramer Verhoeven Timmermans Groen Gerritsen Evers Lammers Sanders Hermans Wouters Scholten Peeters "
    "Vink Post Jonker Koning Martens Kuiper Hofman Verbeek Hoogendoorn Koopmans Boer Brink Vries Berg "
    "Wijk Dam Veen Leeuwen Heuvel Bosch Meer Linden Broek Laan Beek Velde Graaf Haan Jong Wit Boer "
    "Groot Bruijn Lange Heijden Vliet Koning Ruiter Zanden Ploeg Hoeven Wal Vaart Hulst Steen "
    "Yilmaz Kaya Demir Sahin Celik Yildiz Ozturk Aydin Arslan Dogan Bouzid Amrani Idrissi Benali "
    "Chaouch Haddou Tahiri Elkadi Mahmoud Ouali Pranger Roelofs Slagter Tuinstra Westra Zijlstra "
    "Boersma Bouma Haarsma Hiemstra Jongsma Kingma Nijholt Oosterhof Rietveld Schipper Terpstra "
    "Veldhuis Wagenaar Zwart Blom Vonk Baas Verweij Pauwels Claassen Heijnen Coenen Stevens "
    "Dijkman Hoekman Kloosterman Leenders Lubbers Mertens Nieuwenhuis Oudshoorn Paap Rademaker "
    "Schuurman Tromp Uijtdehaage Vedder Wessels IJzerman Zomer Appelman Bekker Cremers Drost Eijkelboom"
)
# Visitors who are certainly not in the register: the register's first names (those are
# shared by everyone) with Dutch surnames that the register's generator never draws
# (SURNAMES is filtered out below, and every name is checked against the register too).
VISITOR_SURNAMES = _words(
    "Aalbers Abbing Ahrens Alberts Altena Ament Andriessen Arends Backer Balk Barendrecht Beekman "
    "Beentjes Bergsma Beumer Bierman Blaauw Bleeker Boender Bolhuis Bontekoe Borst Bruggink "
    "Buitenhuis Crielaard Dankers Degenaar Diepenbroek Doornbos Dorrestein Eggink Elzinga Everaars "
    "Feenstra Fokkema Gaastra Geelhoed Griffioen Haverkamp Heemskerk Hilbrink Hoefnagel Holtkamp "
    "Hovinga Jellema Kalsbeek Keizer Kleefstra Knol Kortekaas Lagerwey Lindeboom Luiten Meulenbelt "
    "Middag Nauta Noordhoek Olthof Oosting Pasveer Plantinga Reinders Rozendaal Scheepstra Sikkema "
    "Spaans Stoffels Talsma Tichelaar Uitterhoeve Valkema Verkerk Wieringa Woudstra Zandbergen"
)
NICKNAMES = {
    "Johannes": "Hans",
    "Cornelis": "Kees",
    "Hendrik": "Henk",
    "Wilhelmina": "Mien",
    "Johanna": "Jo",
    "Petronella": "Nel",
    "Geertruida": "Truus",
    "Mohamed": "Mo",
}
# Among the people with a measure in force: what kind, by weight (mostly bans and warnings).
IN_FORCE_KINDS = (
    [MeasureKind.BUILDING_BAN] * 45
    + [MeasureKind.WRITTEN_WARNING] * 28
    + [MeasureKind.VERBAL_WARNING] * 15
    + [MeasureKind.NO_PHONE_CONTACT] * 5
    + [MeasureKind.CONTACT_BY_LETTER_ONLY] * 4
    + [MeasureKind.RESTRICTION] * 3
)
WARM_UP = 10


def dutch_name(rng: random.Random) -> str:
    particle = rng.choice(PARTICLE_CHOICES)
    surname = rng.choice(SURNAMES)
    if rng.random() < 0.08:  # a double surname
        surname = f"{surname}-{rng.choice(SURNAMES)}"
    return " ".join(part for part in (rng.choice(FIRST_NAMES), particle, surname) if part)


def aliases_of(rng: random.Random, full_name: str) -> list[str]:
    if rng.random() >= 0.06:
        return []
    first, *rest = full_name.split()
    other = rng.choice([NICKNAMES.get(first, rng.choice(FIRST_NAMES)), first])
    return [" ".join([other, *rest[:-1], rng.choice(SURNAMES)])]


def misspell(rng: random.Random, word: str) -> str:
    """One typo: a letter dropped, two swapped, or one replaced."""
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "swap", "replace"))
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    letter = rng.choice([c for c in "aeioulnrstdkmgbhpvw" if c != word[at]])
    return word[:at] + letter + word[at + 1 :]


def misspelt_query(rng: random.Random, full_name: str) -> str:
    """What reception types: the full name, or first name and surname, with one typo."""
    words = full_name.split()
    if rng.random() < 0.3:  # without the particles
        words = [w for w in words if w.lower() not in PARTICLES]
    candidates = [i for i, w in enumerate(words) if w.lower() not in PARTICLES and len(w) >= 4]
    if candidates:
        at = rng.choice(candidates)
        words[at] = misspell(rng, words[at])
    return " ".join(words)


def visitor_names(rng: random.Random, count: int) -> list[str]:
    """Names of visitors who are not in the register (checked against it)."""
    surnames = [name for name in VISITOR_SURNAMES if name not in set(SURNAMES)]
    names: list[str] = []
    for _attempt in range(count * 20):
        if len(names) == count:
            break
        particle = rng.choice(PARTICLE_CHOICES)
        name = " ".join(p for p in (rng.choice(FIRST_NAMES), particle, rng.choice(surnames)) if p)
        if not Perpetrator.objects.filter(search_text__contains=normalise(name)).exists():
            names.append(name)
    if len(names) < count:
        raise CommandError("Te weinig bezoekersnamen gevonden die niet in het register staan.")
    return names


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "Meet de snelheid van ‘Bezoeker controleren’: maakt (eenmalig) een register met veel personen "
        "en zoekt dan met tikfouten. Alleen voor een testdatabase met ‘bench’ in de naam."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--perpetrators", type=int, default=100_000, help="Aantal personen.")
        parser.add_argument("--searches", type=int, default=300, help="Aantal zoekvragen om te meten.")
        parser.add_argument(
            "--visitors", type=int, default=200, help="Aantal bezoekers die niet in het register staan."
        )
        parser.add_argument("--in-force-share", type=float, default=0.10, help="Deel met een maatregel.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--any-database",
            action="store_true",
            help="Ook draaien als de databasenaam geen ‘bench’ bevat (vult de database met testpersonen).",
        )

    def handle(
        self,
        *args: Any,
        perpetrators: int,
        searches: int,
        visitors: int,
        in_force_share: float,
        seed: int,
        batch_size: int,
        any_database: bool,
        **options: Any,
    ) -> None:
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name and not any_database:
            raise CommandError(
                f"Database ‘{name}’ heeft geen ‘bench’ in de naam. Deze opdracht vult de database met "
                "testpersonen; gebruik een aparte database (make bench-reception) of --any-database."
            )
        if connection.vendor != "postgresql":
            self.stderr.write("Let op: dit is geen PostgreSQL; de cijfers zeggen weinig over productie.")
        rng = random.Random(seed)
        existing = Perpetrator.objects.count()
        if existing >= perpetrators:
            self.stderr.write(f"Register met {existing} personen hergebruikt.")
        else:
            started = time.perf_counter()
            self._build(rng, perpetrators - existing, in_force_share, batch_size)
            seconds = time.perf_counter() - started
            self.stderr.write(f"Register aangevuld tot {perpetrators} personen in {seconds:.0f} s.")
        if connection.vendor == "postgresql":
            # What autovacuum does after a bulk load: statistics, and the GIN index's pending
            # list merged (an unmerged list is scanned on every search: 20-30 ms more here).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE perpetrators_perpetrator")
                cursor.execute("VACUUM ANALYZE perpetrators_measure")

        people = list(reception_people().values_list("pk", "full_name"))
        if not people:
            raise CommandError("Er zijn geen personen met een maatregel die nu geldt.")
        pick = random.Random(seed + 1)
        queries = [
            (pk, misspelt_query(pick, full_name)) for pk, full_name in pick.choices(people, k=searches)
        ]
        for _, query in queries[:WARM_UP]:
            reception_search(query)
        timings, hits, first, first_by_name = [], 0, 0, 0
        names = dict(people)
        for pk, query in queries:
            started = time.perf_counter()
            found = reception_search(query)
            for person in found:
                person.measures_in_force  # noqa: B018 -- materialised, as the page would use it
            timings.append((time.perf_counter() - started) * 1000)
            hits += any(person.pk == pk for person in found)
            if found:
                first += found[0].pk == pk
                # A namesake (the very same name) first: the desk cannot tell them apart by name.
                first_by_name += normalise(found[0].full_name) == normalise(names[pk])

        # The page as the desk gets it: the log-in form and second step, then a GET per search
        # through the full middleware (the audit entry of each check included).
        desk = bench_accounts(["bench.receptie"], roles=(Role.RECEPTION,))[0]
        client = logged_in_client(desk)
        url = reverse("reception:check")
        for _, query in queries[:WARM_UP]:
            self._page(client, url, query)
        page_timings = []
        for _, query in queries:
            started = time.perf_counter()
            self._page(client, url, query)
            page_timings.append((time.perf_counter() - started) * 1000)

        shown = [len(reception_search(name)) for name in visitor_names(random.Random(seed + 2), visitors)]

        self.stdout.write(f"perpetrators {Perpetrator.objects.count()} count")
        self.stdout.write(f"reception_people {len(people)} count")
        self.stdout.write(f"reception_search_p50_ms {statistics.median(timings):.2f} ms")
        self.stdout.write(f"reception_search_p95_ms {percentile(timings, 0.95):.2f} ms")
        self.stdout.write(f"reception_search_max_ms {max(timings):.2f} ms")
        self.stdout.write(f"reception_page_p50_ms {statistics.median(page_timings):.2f} ms")
        self.stdout.write(f"reception_page_p95_ms {percentile(page_timings, 0.95):.2f} ms")
        self.stdout.write(f"reception_page_max_ms {max(page_timings):.2f} ms")
        self.stdout.write(f"reception_search_hit_rate {hits / len(queries):.3f} ratio")
        self.stdout.write(f"reception_top1_pct {100 * first / len(queries):.1f} %")
        self.stdout.write(f"reception_top1_name_pct {100 * first_by_name / len(queries):.1f} %")
        self.stdout.write(f"reception_visitors {len(shown)} count")
        self.stdout.write(f"reception_false_matches_mean {statistics.mean(shown):.2f} people")
        self.stdout.write(f"reception_false_matches_max {max(shown)} people")
        clear = sum(1 for n in shown if n == 0)
        self.stdout.write(f"reception_visitor_clear_pct {100 * clear / len(shown):.1f} %")

    def _page(self, client: Any, url: str, query: str) -> None:
        response = client.get(url, {"naam": query})
        if response.status_code != 200:
            raise CommandError(f"GET {url}?naam={query}: {response.status_code}")

    def _build(self, rng: random.Random, count: int, in_force_share: float, batch_size: int) -> None:
        today = clock.today()
        now = clock.now()
        done = 0
        while done < count:
            size = min(batch_size, count - done)
            batch = []
            for _ in range(size):
                full_name = dutch_name(rng)
                aliases = aliases_of(rng, full_name)
                batch.append(
                    Perpetrator(
                        full_name=full_name,
                        aliases="\n".join(aliases),
                        search_text=search_text_of(full_name, aliases),
                        date_of_birth=dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000)),
                    )
                )
            with transaction.atomic():
                created = Perpetrator.objects.bulk_create(batch)
                measures = []
                for person in created:
                    roll = rng.random()
                    if roll < in_force_share:
                        kind = rng.choice(IN_FORCE_KINDS)
                        starts_on = today - dt.timedelta(days=rng.randrange(0, 85))
                        measures.append(
                            Measure(
                                perpetrator=person,
                                kind=kind,
                                status=MeasureStatus.ACTIVE,
                                starts_on=starts_on,
                                ends_on=starts_on + dt.timedelta(days=rng.choice((91, 182, 365))),
                                decided_at=now,
                                communicated_at=now,
                            )
                        )
                    elif roll < in_force_share + 0.05:
                        # Over and done with: must not show at the desk.
                        starts_on = today - dt.timedelta(days=rng.randrange(400, 900))
                        measures.append(
                            Measure(
                                perpetrator=person,
                                kind=MeasureKind.BUILDING_BAN,
                                status=MeasureStatus.ENDED,
                                starts_on=starts_on,
                                ends_on=starts_on + dt.timedelta(days=91),
                                ended_at=now,
                            )
                        )
                Measure.objects.bulk_create(measures)
            done += size
            self.stderr.write(f"  {done} / {count}")
