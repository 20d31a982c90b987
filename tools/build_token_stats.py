#!/usr/bin/python3
"""Builds data/tables/token_stats.tsv: "token<TAB>list_count<TAB>population_count".

list_count: in how many distinct list names (primary names and aliases of every bundled list, each
distinct normalised name counted once) the token occurs.

population_count: how many of "#total" names drawn at random from the world's people are expected
to hold the token, "#total" being the population sample's size: p(t) * total, rounded. Until
December 2026 it was the token's count among the names of data/names/negatives/population.tsv,
about 500 faker names per locale, so Faroese and Urdu names weighed alike and a token common among
hundreds of millions (Khan, Wang) looked rare. Now (docs/matching.md, "Population frequencies"):

    p(t) = sum over cultures c of  w_c / W  *  n_c(t) / n_c

n_c(t) / n_c is the share of culture c's population names holding t (c a faker locale; for a
locale whose names are in Arabic, Cyrillic or Greek script, its "-Latn" transliterations; for
Chinese, Japanese, Korean, Thai, Hebrew, Armenian, Georgian and Thaana, the names romanised as the
engine romanises them). w_c is how many people culture c names, from Unicode CLDR's territory
populations (tools/culture_weights.py: a territory is named by its own faker locales, else by its
main language), W the sum over cultures. The population sample is drawn with another seed than
the false-positive test set names.tsv, and a name of both was dropped from the sample
(tools/gen_negatives.mjs --exclude-names).

Which tokens have a row: those seen at least MIN_TOTAL times in the list names, the population
sample and the Latin side of Google's ar2en pairs together (a row means "a known name word" to the
normaliser). ar2en is a list of distinct spellings, one each, so it says a word is a name but
nothing of how common it is: it counts toward a row, not toward population_count.

Tokens are normalised as tools/namedata.py documents. Needs PyICU (python3-icu) and the CLDR
data (unicode-cldr-core). Usage: /usr/bin/python3 tools/build_token_stats.py [-o FILE]
"""

import argparse
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import culture_weights as cw  # noqa: E402
import namedata as nd  # noqa: E402

POPULATION = os.path.join(nd.DATA, "names", "negatives", "population.tsv")
# Smallest number of sightings (list names, population sample, ar2en) for a row: a token seen
# once anywhere carries no frequency information beyond "rare", which is what a missing row
# already says; this halves the table.
MIN_TOTAL = 2
# population_count is an expected count among as many names as the sample holds, so that the
# weight of a token the sample never shows (score/weights.cc: -log2(1 / (total + 1))) stays what
# the sample can tell apart, as before, and is not the 26.6 bits a scale of 10^8 would give it:
# `cordon compare` without lists weighs tokens by this table alone.


def list_counts():
    names = set()
    for _, ns, _ in nd.all_entities():
        names.update(tuple(nd.latin_tokens(n)) for n in ns)
    counts = collections.Counter()
    for toks in names:
        counts.update(set(toks))
    return counts, len(names)


# Two-character Chinese surnames, as kCompoundSurnames in src/normalize/normalizer.cc.
COMPOUND_SURNAMES = {
    "欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "司徒", "东方", "東方",
    "皇甫", "夏侯", "慕容", "令狐", "尉迟", "尉遲", "公孙", "公孫", "宇文",
}


def romaniser():
    """The romanisation the engine applies to scripts the population file has no Latin twin for
    (Chinese, Japanese, Korean, Thai, Hebrew, Armenian, Georgian, Thaana): ICU's Han-Latin/Names
    for Han, Any-Latin for the others (src/normalize/normalizer.cc). Needs PyICU (Debian package
    python3-icu, for /usr/bin/python3)."""
    try:
        import icu  # pylint: disable=import-outside-toplevel
    except ImportError:
        sys.exit("build_token_stats.py needs PyICU: apt-get install python3-icu, run /usr/bin/python3")
    han = icu.Transliterator.createInstance("Han-Latin/Names; Latin-ASCII")
    other = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")

    def romanise(text):
        # As JoinHanSyllables in normalizer.cc: a Han word's syllables join into one token; a
        # name that is one Han word of 2-4 characters is surname (2 syllables for a compound
        # surname) then given name.
        parts = text.split()
        words = []
        for w in parts:
            if not any("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in w):
                words.append(other.transliterate(w))
                continue
            syl = han.transliterate(w).split()
            surname = 0
            if len(parts) == 1 and 2 <= len(syl) <= 4:
                surname = 2 if len(syl) >= 3 and w[:2] in COMPOUND_SURNAMES else 1
            words.append(" ".join(p for p in ("".join(syl[:surname]), "".join(syl[surname:])) if p))
        return " ".join(words)

    return romanise


def read_population():
    rows = []
    with open(POPULATION, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(parts) != 3:
                continue
            rows.append(parts)
    return rows


def culture_counts(rows):
    """{culture: (names, Counter of tokens)}, a "-Latn" twin counted as its locale, and the raw
    sightings of each token in all rows (for MIN_TOTAL). Until November 2026 names in a script
    without a "-Latn" twin were dropped (latin_tokens keeps ASCII only), so Chinese, Japanese and
    Korean names gave no population counts and their commonest syllables (Wang, Li) weighed as
    rare."""
    twinned = {c[: -len("-Latn")] for c, _, _ in rows if c.endswith("-Latn")}
    romanise = romaniser()
    per = collections.defaultdict(lambda: [0, collections.Counter()])
    raw = collections.Counter()
    for culture, _, name in rows:
        toks = set(nd.latin_tokens(name))
        if not toks and culture not in twinned:
            toks = set(nd.latin_tokens(romanise(name)))
        raw.update(toks)
        if culture in twinned:
            continue  # its Latin twin speaks for it
        entry = per[culture[: -len("-Latn")] if culture.endswith("-Latn") else culture]
        entry[0] += 1
        entry[1].update(toks)
    return per, raw


def population_estimate(per, weights):
    """p(t) = sum_c w_c / W * n_c(t) / n_c over the cultures with people and names."""
    used = {c: w for c, w in weights.items() if w > 0 and per.get(c, [0])[0] > 0}
    total = sum(used.values())
    p = collections.Counter()
    for c, w in used.items():
        n, counts = per[c]
        for t, k in counts.items():
            p[t] += w / total * k / n
    return p, used, total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", default=os.path.join(nd.DATA, "tables", "token_stats.tsv"))
    args = ap.parse_args()
    lc, n_list = list_counts()
    rows = read_population()
    per, raw = culture_counts(rows)
    weights, _, _, world = cw.culture_weights(cw.read_locales(POPULATION))
    p, used, represented = population_estimate(per, weights)
    scale = len(rows)
    ar2en = collections.Counter()
    for _, latin in nd.ar2en_pairs():
        ar2en.update(set(nd.latin_tokens(latin)))
    seen = set(lc) | set(raw) | set(ar2en)
    tokens = sorted(t for t in seen if lc[t] + raw[t] + ar2en[t] >= MIN_TOTAL)
    notes = [
        "format: token<TAB>list_count<TAB>population_count",
        "list_count: distinct normalised list names holding the token",
        f"population_count: expected number of names holding the token among {scale:,} names of"
        " people drawn at random from the world: the sample size times the sum over cultures of"
        " (culture's people / represented people) * (share of its sample names holding the token)",
        f"list names (distinct normalised): {n_list}; population sample names: {len(rows)}",
        f"CLDR {cw.cldr_version()} territory populations: world {world:,}, represented by the"
        f" {len(used)} cultures with people {represented:,.0f} ({100 * represented / world:.1f}%)",
        "culture weights (people): " + ", ".join(
            f"{c} {w / 1e6:.1f}M" for c, w in sorted(used.items(), key=lambda x: -x[1])),
        f"tokens seen >= {MIN_TOTAL} times in list names, population sample and ar2en:"
        f" {len(tokens)}",
    ]
    with open(args.o, "w", encoding="utf-8") as f:
        f.write(nd.header("build_token_stats.py",
                          nd.LIST_INPUTS + [POPULATION, nd.AR2EN] + cw.INPUTS, notes))
        f.write(f"#total\t{n_list}\t{scale}\n")
        for t in tokens:
            f.write(f"{t}\t{lc[t]}\t{round(p[t] * scale)}\n")
    print(f"{args.o}: {len(tokens)} tokens", file=sys.stderr)


if __name__ == "__main__":
    main()
