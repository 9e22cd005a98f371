"""Name search that tolerates typos (DESIGN §2.3: "searchable by name with typos tolerated").

PostgreSQL answers with pg_trgm's word similarity over a GIN index (migration
0002). SQLite has no trigram index; there a simpler measure (difflib per word) is
computed in Python, which is fine for the sets it is used on (development, the demo).
"""

import difflib
import re
import unicodedata
from collections.abc import Iterable

from django.db import connections, transaction
from django.db.models import QuerySet

from .models import Perpetrator

# Below this word similarity a name is not a match; a typo or two in a surname stays above it.
WORD_SIMILARITY_THRESHOLD = 0.45


def normalise(text: str) -> str:
    """Lower case, no accents or punctuation, single spaces: "Jan-Willem de Vriés" → "jan willem de vries"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def search_text_of(full_name: str, aliases: Iterable[str]) -> str:
    return " | ".join(normalise(name) for name in [full_name, *aliases] if normalise(name))[:1000]


# Name particles that say little about who someone is ("de", "van der").
PARTICLES = frozenset(
    {"de", "den", "der", "van", "het", "ter", "ten", "te", "t", "la", "le", "von", "el", "al"}
)
# The SQLite method's own scale: the mean best match of the query's words.
WORD_MATCH_THRESHOLD = 0.75


def word_match(query: str, text: str) -> float:
    """SQLite's measure: for each meaningful word of the query the closest word in
    one name of text (difflib's ratio), averaged by word length; best name wins."""
    words = [w for w in query.split() if w not in PARTICLES] or query.split()
    if not words:
        return 0.0
    best = 0.0
    for name in text.split("|"):
        candidates = name.split()
        if not candidates:
            continue
        total = sum(
            len(w) * max(difflib.SequenceMatcher(None, w, c).ratio() for c in candidates) for w in words
        )
        best = max(best, total / sum(len(w) for w in words))
    return best


def _search_postgresql(queryset: QuerySet[Perpetrator], query: str, *, limit: int) -> list[Perpetrator]:
    from django.contrib.postgres.search import TrigramWordSimilarity

    rows = (
        queryset.filter(search_text__trigram_word_similar=query)
        .annotate(score=TrigramWordSimilarity(query, "search_text"))
        .order_by("-score", "pk")[:limit]
    )
    # The planner prices the trigram operator like "=", so on a large register it
    # prefers a sequential scan that computes word_similarity for every row
    # (250-650 ms at 100,000 people) over the GIN index (about 20 ms); see
    # `make bench-reception`. Both settings hold for this query only: they are set
    # LOCAL inside a savepoint that is rolled back, which also undoes them when the
    # caller is inside a transaction of its own. The query only reads.
    with transaction.atomic(using=queryset.db):
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true),"
                " set_config('enable_seqscan', 'off', true)",
                [str(WORD_SIMILARITY_THRESHOLD)],
            )
        found: list[Perpetrator] = list(rows)
        transaction.set_rollback(True, using=queryset.db)
    return found


def search_names(queryset: QuerySet[Perpetrator], query: str, *, limit: int = 20) -> list[Perpetrator]:
    """The rows of queryset whose name or alias resembles query, best first."""
    query = normalise(query)
    if not query:
        return []
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, query, limit=limit)
    scored = []
    # Only the names are compared; what the caller prefetches is loaded for the hits alone.
    for row in queryset.only("pk", "search_text").prefetch_related(None):
        score = word_match(query, row.search_text)
        if score >= WORD_MATCH_THRESHOLD:
            scored.append((score, row.pk))
    scored.sort(key=lambda item: (-item[0], item[1]))
    keep = [pk for _, pk in scored[:limit]]
    rows = {row.pk: row for row in queryset.filter(pk__in=keep)}
    for score, pk in scored[:limit]:
        # As the PostgreSQL query annotates it; the model declares no such field.
        rows[pk].score = score  # type: ignore[attr-defined]
    return [rows[pk] for pk in keep]
