#!/usr/bin/env python3
"""Builds data/tables/name_variants.tsv: groups of Latin spellings of one name token, learnt from data.

Sources of evidence that two spellings are the same name:
  (a) the lists' own alias groups: two names of the SAME listed entity (UN aliases, OFAC alt.csv
      rows per ent_num, UK name variations per Group ID) are aligned token by token; a token pair
      that is not identical but similar (see similar()) is one observation. A pair is kept when it is
      observed in at least MIN_ENTITIES different entities: one entity alone may pair two different
      names by accident of alignment, two independent entities rarely do.
  (b) Google ar2en pairs: one Arabic token (after Arabic normalisation) written in Latin in two ways.
  (c) UAE list (and UN/UK original-script names): the Arabic and the Latin full name of one entry,
      aligned by position where both have the same number of tokens.
      For (b) and (c) one observation suffices: the data states outright that both spellings
      transliterate the same Arabic word; the similarity guard still applies.
The pairs are joined by union-find, with guards against chaining unrelated names (see merge()).

Usage: python3 tools/build_name_variants.py [-o data/tables/name_variants.tsv]
"""

import argparse
import collections
import itertools
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import namedata as nd  # noqa: E402

# A pair must be seen in this many distinct entities' alias groups (source a). 2 is the smallest
# count that needs two independent listings to agree; with 3 the table loses most of the
# Central-Asian and Afghan spellings, which are listed only a few times each.
MIN_ENTITIES = 2
# Shortest token considered: 1-2 letter tokens are initials and particles ("al", "bn"), whose
# "variants" would join everything.
MIN_LEN = 3
# Largest group: the biggest real family seen while developing (Muhammad) has about 20 spellings in
# the lists; a larger group means chaining has started.
MAX_GROUP = 24
# Most tokens in which two names of one entity may differ for their pairs to count: with 3 or more
# differing tokens a one-to-one pairing is more often a guess than a reading.
MAX_DIFFERING = 2
# Most names of one entity compared pairwise (a few OFAC entries list 60+ aliases; their first 40
# give the same pairs at a fraction of the quadratic cost).
MAX_NAMES_PER_ENTITY = 40


def close(a, b, edit_share):
    """The guard shared by pairs and groups. Consonant skeletons (see namedata.skeleton) start with
    the same letter (Alhammad is not Mohammad, Saint is not Joint) and differ by at most one edit,
    or not at all when one is 2 letters or shorter (Abd is not Abu: "bd" vs "b"); the spellings
    differ by at most `edit_share` of the longer one's letters and at most 2 in length (a longer
    token is a compound, Mohammadali, not a spelling)."""
    sa, sb = nd.skeleton(a), nd.skeleton(b)
    if not sa or not sb or sa[0] != sb[0] or abs(len(a) - len(b)) > 2:
        return False
    if min(len(sa), len(sb)) <= 2 and sa != sb:
        return False
    if nd.levenshtein(sa, sb) > 1:
        return False
    return nd.levenshtein(a, b) <= max(1, int(edit_share * max(len(a), len(b))))


# Edits allowed between the two spellings of one observed pair: a third of the letters
# (Mohammed/Muhammad: 2 of 8; Company/Compound: 3 of 8 is refused). Within a group (any two
# members, not only observed pairs) half: Hussein/Husayn (3 of 7) may sit in one group through
# Hussain.
PAIR_EDIT_SHARE = 0.34
GROUP_EDIT_SHARE = 0.5


def similar(a, b):
    """Two tokens may be spellings of one name."""
    if a == b or len(a) < MIN_LEN or len(b) < MIN_LEN or a.isdigit() or b.isdigit():
        return False
    return close(a, b, PAIR_EDIT_SHARE)


def align(ta, tb):
    """Token pairs of two names of one entity. Exact common tokens are removed; the rest must pair
    up one to one (same count, at most MAX_DIFFERING each side), each token with its most similar
    counterpart, and every pair must be similar(). Names that differ in more, or in tokens that
    are not similar, are different names of the entity (a kunya, a father's name) and tell
    nothing about spelling."""
    ca, cb = collections.Counter(ta), collections.Counter(tb)
    common = ca & cb
    ra, rb = sorted((ca - common).elements()), sorted((cb - common).elements())
    if not ra or len(ra) != len(rb) or len(ra) > MAX_DIFFERING:
        return set()
    best = min(itertools.permutations(rb), key=lambda p: sum(map(nd.levenshtein, ra, p)))
    pairs = list(zip(ra, best))
    if not all(similar(a, b) for a, b in pairs):
        return set()
    return {tuple(sorted(p)) for p in pairs}


def alias_pairs(entities):
    support = collections.Counter()
    for _, names, _ in entities:
        toks = list({tuple(nd.latin_tokens(n)) for n in names[:MAX_NAMES_PER_ENTITY]} - {()})
        pairs = set()
        for x, y in itertools.combinations(toks, 2):
            pairs |= align(x, y)
        support.update(pairs)
    return {p: c for p, c in support.items() if c >= MIN_ENTITIES}


# Share of ar2en pairs below which an (Arabic letter, Latin letter) pairing at a token's edge is
# taken for noise: 1% keeps every pairing a transliteration scheme produces (alef -> a/e/i/o/u,
# qaf -> q/k/g) and drops one-off pairings of foreign names.
EDGE_SHARE = 0.01


def edge_letters():
    """From ar2en: which Latin letters start (end) transliterations of tokens that start (end)
    with a given Arabic letter. Learnt from the data, not written by hand."""
    counts = {0: collections.defaultdict(collections.Counter),
              -1: collections.defaultdict(collections.Counter)}
    for ar, la in nd.ar2en_pairs():
        at, lt = nd.arabic_tokens(ar), nd.latin_tokens(la)
        if len(at) == 1 and len(lt) == 1:
            for edge in (0, -1):
                counts[edge][at[0][edge]][lt[0][edge]] += 1
    allowed = {}
    for edge, table in counts.items():
        for ar_letter, c in table.items():
            total = sum(c.values())
            allowed[(edge, ar_letter)] = {la for la, n in c.items() if n >= EDGE_SHARE * total}
    return allowed


def plausible(ar, la, allowed):
    """An Arabic token and a Latin token may transliterate one another: first and last letters
    pair as ar2en pairs them, and the Latin consonant skeleton is within 2 of the Arabic length
    (Arabic writes consonants and long vowels, so the lengths track each other)."""
    if abs(len(ar) - len(nd.skeleton(la))) > 2:
        return False
    return all(la[e] in allowed.get((e, ar[e]), ()) for e in (0, -1))


def arabic_aligned(entities):
    """(arabic token, latin token) pairs from names given in both scripts, aligned by position
    when the token counts agree and EVERY position is plausible(); one implausible position means
    the two names are not aligned token for token (a compound, a missing part), so none is used."""
    allowed = edge_letters()
    for _, names, original in entities:
        for orig in original.split(" ; "):
            if not orig or not nd.is_arabic_script(orig):
                continue
            at = nd.arabic_tokens(orig)
            for latin in names:
                lt = nd.latin_tokens(latin)
                if len(at) == len(lt) >= 2 and all(map(plausible, at, lt, [allowed] * len(at))):
                    yield from zip(at, lt)


# ar2en pairs whose Latin side holds a name the Arabic token does not: "أدیب" / "adibzadeh",
# "المجيد" / "abdulmajid", "العاني" / "abdulsalam" (Wikipedia titles of a longer name, or of
# another person). Such a pair is dropped when its Latin consonant skeleton has UNEXPLAINED_MAX or
# more consonants that no Arabic letter of the token explains (letter costs below).
UNEXPLAINED_MAX = 3
# A Latin chunk that a letter gives in under 1% of its alignments is not explained by it.
EXPLAINED_SHARE = 0.01
# Cost of a Latin consonant aligned to no Arabic letter (in nats; a chunk of share p costs -ln p).
_INSERT_COST = 8.0
# Prior weight of a published romanisation (tools/romanization_systems.tsv, Arabic rows) in the
# letter -> chunk counts, and the smoothing mass of a chunk never seen.
_PRIOR_WEIGHT, _UNSEEN = 5, 0.5


def published_arabic_spellings():
    """Arabic letter -> consonant skeletons its published romanisations give (BGN/PCGN, ALA-LC,
    French, Persian, Urdu/Pashto rows of tools/romanization_systems.tsv)."""
    out = collections.defaultdict(set)
    path = os.path.join(nd.REPO, "tools", "romanization_systems.tsv")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            script, _, letters, spellings = line.rstrip("\n").split("\t")
            if script == "Arab":
                for letter, s in zip(letters.split(), spellings.split()):
                    letter = nd.normalize_arabic(letter)
                    if letter:
                        out[letter].add(nd.skeleton(s.replace("-", "")))
    return out


class LetterAlignment:
    """Which Latin consonant chunks (0-3 letters of the skeleton) each Arabic letter stands for,
    learnt from the ar2en single-token pairs by hard EM (3 rounds of Viterbi alignment, starting
    from the published romanisations): foreign names in Arabic letters (ف for v, ج for g, ك for c)
    come out of the data, not a hand list."""

    def __init__(self, pairs, rounds=3):
        self.prior = published_arabic_spellings()
        self.pairs = [(a, nd.skeleton(la)) for a, la in pairs]
        counts = collections.defaultdict(collections.Counter)
        for letter, chunks in self.prior.items():
            for c in chunks:
                counts[letter][c] += 4 * _PRIOR_WEIGHT
        self._costs(counts)
        for _ in range(rounds):
            counts = collections.defaultdict(collections.Counter)
            for letter, chunks in self.prior.items():
                for c in chunks:
                    counts[letter][c] += _PRIOR_WEIGHT
            for a, sk in self.pairs:
                for letter, chunk in self.align(a, sk):
                    if letter is not None:
                        counts[letter][chunk] += 1
            self._costs(counts)

    def _costs(self, counts):
        self.cost, self.unseen, self.total = {}, {}, {}
        for letter, c in counts.items():
            total = sum(c.values()) + 20
            self.cost[letter] = {chunk: -math.log(n / total) for chunk, n in c.items() if n > 0}
            self.unseen[letter] = -math.log(_UNSEEN / total)

    def _chunk_cost(self, letter, chunk):
        table = self.cost.get(letter)
        if table is None:
            return -math.log(_UNSEEN / 20)
        return table.get(chunk, self.unseen[letter])

    def align(self, ar, sk):
        """Viterbi alignment: [(arabic letter or None for an inserted consonant, latin chunk)]."""
        n, m, inf = len(ar), len(sk), float("inf")
        best = [[inf] * (m + 1) for _ in range(n + 1)]
        back = [[None] * (m + 1) for _ in range(n + 1)]
        best[0][0] = 0.0
        for i in range(n + 1):
            for j in range(m + 1):
                d = best[i][j]
                if d == inf:
                    continue
                if j < m and d + _INSERT_COST < best[i][j + 1]:
                    best[i][j + 1], back[i][j + 1] = d + _INSERT_COST, (i, j, False)
                if i < n:
                    for k in range(min(3, m - j) + 1):
                        c = d + self._chunk_cost(ar[i], sk[j:j + k])
                        if c < best[i + 1][j + k]:
                            best[i + 1][j + k], back[i + 1][j + k] = c, (i, j, True)
        out, i, j = [], n, m
        while (i, j) != (0, 0):
            pi, pj, emitted = back[i][j]
            out.append((ar[pi], sk[pj:j]) if emitted else (None, sk[pj]))
            i, j = pi, pj
        return out[::-1]

    def unexplained(self, ar, latin):
        """Latin consonants of `latin` that no letter of the Arabic token `ar` explains."""
        limit = -math.log(EXPLAINED_SHARE)
        n = 0
        for letter, chunk in self.align(ar, nd.skeleton(latin)):
            if letter is None:
                n += 1
            elif chunk and self._chunk_cost(letter, chunk) > limit:
                n += len(chunk)
        return n


def ar2en_single_pairs():
    out = []
    for ar, la in nd.ar2en_pairs():
        at, lt = nd.arabic_tokens(ar), nd.latin_tokens(la)
        if len(at) == 1 and len(lt) == 1:
            out.append((at[0], lt[0]))
    return out


def arabic_spellings(entities):
    """Arabic token -> Counter of Latin spellings, from ar2en (b) and the lists (c). An ar2en
    pair whose Latin side holds consonants the Arabic does not write is dropped (see
    UNEXPLAINED_MAX)."""
    spell = collections.defaultdict(collections.Counter)
    pairs = ar2en_single_pairs()
    model = LetterAlignment(pairs)
    for a, la in pairs:
        if model.unexplained(a, la) < UNEXPLAINED_MAX:
            spell[a][la] += 1
    for a, la in arabic_aligned(entities):
        spell[a][la] += 1
    return spell


def arabic_pairs(spell):
    out = collections.Counter()
    for latins in spell.values():
        for a, b in itertools.combinations(sorted(latins), 2):
            if similar(a, b):
                out[(a, b)] += 1
    return out


class Groups:
    """Union-find with guards: a merge is refused when the joined group would exceed MAX_GROUP, or
    when any two of its members would not be close() (complete linkage: each member stays close to
    every other, so a chain of small steps cannot drift from Ahmad to Hamid)."""

    def __init__(self):
        self.parent, self.members = {}, {}

    def find(self, x):
        if x not in self.parent:
            self.parent[x], self.members[x] = x, [x]
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def merge(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ma, mb = self.members[ra], self.members[rb]
        if len(ma) + len(mb) > MAX_GROUP:
            return False
        if not all(close(x, y, GROUP_EDIT_SHARE) for x in ma for y in mb):
            return False
        self.parent[rb] = ra
        self.members[ra] = ma + mb
        del self.members[rb]
        return True


def list_token_counts(entities):
    counts = collections.Counter()
    for _, names, _ in entities:
        counts.update({t for n in names for t in nd.latin_tokens(n)})
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", default=os.path.join(nd.DATA, "tables", "name_variants.tsv"))
    args = ap.parse_args()
    entities = list(nd.all_entities())
    a = alias_pairs(entities)
    b = arabic_pairs(arabic_spellings(entities))
    support = collections.Counter(a) + b
    freq = list_token_counts(entities)
    groups, refused = Groups(), 0
    # Strongest evidence first, so a guard refuses the weak link rather than the strong one.
    for (x, y), _ in sorted(support.items(), key=lambda kv: (-kv[1], kv[0])):
        refused += not groups.merge(x, y)
    rows = [sorted(m, key=lambda t: (-freq[t], t)) for m in groups.members.values() if len(m) > 1]
    rows.sort(key=lambda g: (-sum(freq[t] for t in g), g[0]))
    notes = [
        "format: one group per line, TAB-separated equivalent spellings of one name token, most "
        "frequent in the lists first; tokens normalised as tools/namedata.py documents",
        f"sources: (a) alias groups of UN/OFAC/UK entities, pairs seen in >= {MIN_ENTITIES} "
        f"entities: {len(a)} pairs; (b)+(c) Arabic token with several Latin spellings "
        f"(ar2en, UAE/UN/UK original script): {len(b)} pairs",
        f"guards: token length >= {MIN_LEN}; same first consonant, skeleton edit <= 1, "
        f"spelling edits <= {PAIR_EDIT_SHARE} (pair) / {GROUP_EDIT_SHARE} (group) of length; "
        f"group size <= {MAX_GROUP}; {refused} merges refused; {len(rows)} groups",
    ]
    os.makedirs(os.path.dirname(args.o), exist_ok=True)
    with open(args.o, "w", encoding="utf-8") as f:
        f.write(nd.header("build_name_variants.py", nd.LIST_INPUTS + [nd.AR2EN], notes))
        for g in rows:
            f.write("\t".join(g) + "\n")
    print(f"{args.o}: {len(rows)} groups, {sum(map(len, rows))} tokens, {refused} merges refused",
          file=sys.stderr)


if __name__ == "__main__":
    main()
