"""Food phrase → food: personal aliases, then the curated everyday table, then USDA FDC.

Order of attempts (the person's own mappings come first, in ``lookup``); first hit wins:

1. exact name/alias after normalising case, punctuation and abbreviations ("choc cake");
2. the same without preparation words ("grilled", "homemade") or a plural "s";
3. typo tolerance: ``rapidfuzz`` ratio ≥ 85 against every everyday name and alias, and ≥ 75
   word by word ("expresso" → espresso, but "chickpea curry" is not "chicken curry");
4. a dish whose every word is an everyday food ("chicken salad" → chicken + salad);
5. USDA FDC descriptions holding every word (plurals folded, "no beans" never matches
   "beans"), ranked by how much of one comma segment the phrase covers, then token-set
   ratio, then brevity ("coconut milk" → "Nuts, coconut milk, raw");
6. everyday foods named inside the phrase, the last being the head noun ("tofu scramble");
7. otherwise unknown: kept as typed, listed once for the person to map.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from gutbrain.foods.phrasing import normalise, strip_context
from gutbrain.foods.tables import FoodTables

#: Typo tolerance for curated names (rapidfuzz ratio, 0–100).
CURATED_CUTOFF = 85.0
#: …and each word must be this close to its counterpart.
WORD_CUTOFF = 75.0

_PREP_WORDS = frozenset(
    {
        "fresh",
        "homemade",
        "home-made",
        "grilled",
        "roasted",
        "roast",
        "baked",
        "boiled",
        "steamed",
        "fried",
        "raw",
        "organic",
        "cold",
        "hot",
        "warm",
        "iced",
        "plain",
        "leftover",
        "sliced",
        "chopped",
        "toasted",
        "frozen",
        "canned",
        "tinned",
        "cooked",
        "mini",
        "small",
        "large",
        "big",
        "medium",
        "crispy",
        "spicy",
        "my",
        "some",
        "the",
        "a",
        "of",
        "quick",
        "delicious",
        "nice",
        "salted",
        "unsalted",
        "light",
        "dark",
        "whole",
        # who made it: "mum's stew" is a stew (lookup keeps the word: home cooking, not NOVA 4)
        "home-cooked",
        "homecooked",
        "mum's",
        "mums",
        "mom's",
        "moms",
        "nan's",
        "gran's",
        "grandma's",
        "dad's",
        "leftovers",
        "yesterday's",
        # inside one dish ("pizza with mushrooms and peppers"): the parts are named foods
        "with",
        "and",
        "&",
        "last",
        "night's",
    }
)
#: Where and when, not what: "for lunch had …", "… at work", "… from the chinese", "at 7pm: …".


#: Who made it or when: dropped before the cooking words ("mum's roast dinner").
_WHO_WORDS = frozenset(
    {"homemade", "home-made", "home-cooked", "homecooked", "mum's", "mums", "mom's", "moms",
     "nan's", "gran's", "grandma's", "dad's", "leftover", "leftovers", "yesterday's", "my",
     "the", "a", "some", "of", "fresh"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Match:
    """What a food phrase was matched to.

    Attributes:
        query: the normalised phrase.
        name: curated name, personal alias key, or FDC description; the phrase when unknown.
        via: curated | fuzzy | contained | fdc | unknown (personal, recipe from ``knowledge``).
        score: 0–100 (100 for exact hits).
        fdc_id: the FDC food for nutrients, when there is one.
    """

    query: str
    name: str
    via: str
    score: float
    fdc_id: int | None = None

    @property
    def known(self) -> bool:
        return self.via != "unknown"


@dataclass(frozen=True, slots=True)
class _Index:
    keys: dict[str, str]
    key_list: list[str]
    by_length: list[str]
    fdc_ids: list[int]
    fdc_names: list[str]
    postings: dict[str, frozenset[int]]
    vocabulary: frozenset[str]
    vocabulary_list: list[str]


def _build_index(tables: FoodTables) -> _Index:
    keys: dict[str, str] = {}
    for food in tables.curated.values():
        keys.setdefault(normalise(food.name), food.name)
        for alias in food.aliases:
            keys.setdefault(normalise(alias), food.name)
    fdc_ids = list(tables.fdc)
    fdc_names = [normalise(tables.fdc[i].description) for i in fdc_ids]
    postings: dict[str, set[int]] = {}
    for position, name in enumerate(fdc_names):
        for word in name.split():
            postings.setdefault(_stem(word), set()).add(position)
    vocabulary = frozenset(w for key in keys for w in key.split())
    return _Index(
        vocabulary=vocabulary,
        vocabulary_list=sorted(vocabulary),
        keys=keys,
        key_list=list(keys),
        by_length=sorted(keys, key=len, reverse=True),
        fdc_ids=fdc_ids,
        fdc_names=fdc_names,
        postings={k: frozenset(v) for k, v in postings.items()},
    )


def _words_align(query: str, key: str) -> bool:
    """A typo match must be a typo in each word ("expresso" ~ "espresso"), not a different
    word that happens to look alike ("chickpea curry" is not "chicken curry")."""
    words, targets = query.split(), key.split()
    return len(words) == len(targets) and all(
        fuzz.ratio(w, t) >= WORD_CUTOFF for w, t in zip(words, targets, strict=True)
    )


def _negated(description: str, word: str) -> bool:
    """FDC says "Chili, no beans": that description is not a match for "bean chili"."""
    stem = _stem(word)
    return any(f"{neg} {stem}" in description for neg in ("no", "without", "free of"))


def _covered(query: str, spans: list[tuple[int, int, str]]) -> bool:
    """Every word that is not a preparation word lies inside a named food."""
    position = 0
    for word in query.split():
        start = query.index(word, position)
        position = start + len(word)
        inside = any(a <= start and position <= b for a, b, _ in spans)
        if not inside and word not in _PREP_WORDS:
            return False
    return True


def _segment_cover(description: str, stems: set[str]) -> float:
    """Best share of one comma segment's words found in the query ("coconut milk" in
    "Nuts, coconut milk, raw" → 1.0): FDC puts the food's own name in one segment."""
    best = 0.0
    for segment in description.lower().split(","):
        words = [_stem(w) for w in normalise(segment).split()]
        if words:
            best = max(best, sum(w in stems for w in words) / len(words))
    return best


def _stem(word: str) -> str:
    """Crude plural folding for the FDC word index ("lentils" ~ "lentil", "berries" ~ "berry")."""
    for suffix, repl in (("ies", "y"), ("oes", "o"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


class Matcher:
    """Built once per table set (the FDC index costs ~50 ms); matching is then cheap."""

    def __init__(self, tables: FoodTables) -> None:
        self._tables = tables
        self._index = _build_index(tables)

    def exact(self, phrase: str) -> str | None:
        """The everyday food a phrase names exactly (case, articles, counts, plurals aside)."""
        words = [w for w in normalise(phrase).split() if not w.replace(".", "").isdigit()]
        for candidate in self._variants(" ".join(words)):
            if candidate in self._index.keys:
                return self._index.keys[candidate]
        return None

    def match(self, phrase: str) -> Match:
        query = normalise(strip_context(phrase))
        if not query:
            return Match(query, phrase.strip(), "unknown", 0.0)
        for candidate in self._variants(query):
            if candidate in self._index.keys:
                return self._curated(query, self._index.keys[candidate], "curated", 100.0)
        corrected = self._correct(query)
        if corrected != query:
            for candidate in self._variants(corrected):
                if candidate in self._index.keys:
                    return self._curated(query, self._index.keys[candidate], "fuzzy", 90.0)
            query = corrected
        for key, score, _ in process.extract(
            query, self._index.key_list, scorer=fuzz.ratio, score_cutoff=CURATED_CUTOFF, limit=3
        ):
            if _words_align(query, key):
                return self._curated(query, self._index.keys[key], "fuzzy", float(score))
        spans = self._spans(query)
        if spans and _covered(query, spans):  # "chicken salad": every word is a known food
            return self._curated(query, spans[-1][2], "contained", 90.0)
        fdc = self._fdc(query)
        if fdc is not None:
            return fdc
        if spans:
            return self._curated(query, spans[-1][2], "contained", 85.0)
        return Match(query, phrase.strip(), "unknown", 0.0)

    def _correct(self, query: str) -> str:
        """Typos word by word ("choclate biscuits", "chiken curry"): a word of 4+ letters that
        neither an everyday name nor USDA uses becomes the closest everyday word with the same
        first letter (ratio ≥ 84)."""
        words = query.split()
        out = []
        for word in words:
            if (
                len(word) < 4
                or word in self._index.vocabulary
                or word in _PREP_WORDS
                or _stem(word) in self._index.postings
            ):
                out.append(word)
                continue
            best = process.extractOne(
                word, self._index.vocabulary_list, scorer=fuzz.ratio, score_cutoff=84
            )
            out.append(best[0] if best and best[0][0] == word[0] else word)
        return " ".join(out)

    def named_parts(self, phrase: str) -> list[str]:
        """Curated foods named inside a phrase, longest names first, no overlaps, in text order.

        "pepperoni calzone with spinach" → [pepperoni, spinach]: a dish inherits the components
        of the foods its name mentions.
        """
        return [name for _, _, name in self._spans(normalise(phrase))]

    def _spans(self, query: str) -> list[tuple[int, int, str]]:
        padded = f" {query} "
        taken: list[tuple[int, int, str]] = []
        for key in self._index.by_length:
            if len(key) <= 2:
                continue
            start = padded.find(f" {key} ")
            while start >= 0:
                span = (start + 1, start + 1 + len(key))
                if all(span[1] <= a or span[0] >= b for a, b, _ in taken):
                    taken.append((*span, self._index.keys[key]))
                start = padded.find(f" {key} ", start + 1)
        # Offsets are into the padded text: shift back by the leading space.
        return [(a - 1, b - 1, name) for a, b, name in sorted(taken)]

    def _curated(self, query: str, name: str, via: str, score: float) -> Match:
        food = self._tables.curated[name]
        return Match(query, food.name, via, score, food.fdc_id)

    @staticmethod
    def _variants(query: str) -> list[str]:
        words = [w for w in query.split() if w not in _PREP_WORDS]
        trimmed = " ".join(words)
        # "mum's roast dinner": drop who made it first, keep how it was cooked
        whose = " ".join(w for w in query.split() if w not in _WHO_WORDS)
        variants = [query, whose, trimmed]
        for text in (query, trimmed):
            if text.endswith("es"):
                variants.append(text[:-2])
            if text.endswith("s"):
                variants.append(text[:-1])
        return [v for v in variants if v]

    def _fdc(self, query: str) -> Match | None:
        # Only descriptions holding every word (plural-folded) qualify: intersecting the word
        # postings first means the scorer sees a handful of names, not all 7,710.
        words = [w for w in query.split() if w not in _PREP_WORDS] or query.split()
        found: frozenset[int] | None = None
        for word in words:
            posting = self._index.postings.get(_stem(word), frozenset())
            found = posting if found is None else found & posting
        if not found:
            return None
        names = {
            i: self._index.fdc_names[i]
            for i in found
            if not any(_negated(self._index.fdc_names[i], w) for w in words)
        }
        if not names:
            return None
        candidates = process.extract(query, names, scorer=fuzz.token_set_ratio, limit=40)
        stems = {_stem(w) for w in words}

        def rank(c: tuple[str, float, int]) -> tuple[float, float, int]:
            description = self._tables.fdc[self._index.fdc_ids[c[2]]].description
            return (_segment_cover(description, stems), c[1], -len(c[0].split()))

        best = max(candidates, key=rank)
        fid = self._index.fdc_ids[best[2]]
        return Match(query, self._tables.fdc[fid].description, "fdc", float(best[1]), fid)
