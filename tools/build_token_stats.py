#!/usr/bin/python3
"""Builds data/tables/token_stats.tsv: "token<TAB>list_count<TAB>population_count".

list_count: in how many distinct list names (primary names and aliases of every bundled list, each
distinct normalised name counted once) the token occurs. population_count: in how many names of a
general population of names it occurs: data/names/negatives/population.tsv (faker-derived, all
cultures, generated with a different seed from the false-positive test set names.tsv) plus the
Latin side of Google's ar2en pairs. Tokens are normalised as tools/namedata.py documents; tokens
seen fewer than MIN_TOTAL times in all are left out (an absent token is rare by definition).

Usage: python3 tools/build_token_stats.py [-o data/tables/token_stats.tsv]
"""

import argparse
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import namedata as nd  # noqa: E402

POPULATION = os.path.join(nd.DATA, "names", "negatives", "population.tsv")
# Smallest list_count + population_count written: a token seen once anywhere carries no frequency
# information beyond "rare", which is what a missing row already says; this halves the table.
MIN_TOTAL = 2


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


def population_counts():
    """Tokens of the population names. Until November 2026 names in a script without a "-Latn"
    twin in the file were dropped (latin_tokens keeps ASCII only), so Chinese, Japanese and Korean
    names gave no population counts and their commonest syllables (Wang, Li) weighed as rare."""
    rows = []
    with open(POPULATION, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(parts) != 3:
                continue
            rows.append(parts)
    twinned = {c[: -len("-Latn")] for c, _, _ in rows if c.endswith("-Latn")}
    romanise = romaniser()
    counts, n = collections.Counter(), 0
    for culture, _, name in rows:
        toks = nd.latin_tokens(name)
        if not toks and culture not in twinned:
            toks = nd.latin_tokens(romanise(name))
        counts.update(set(toks))
        n += 1
    for _, latin in nd.ar2en_pairs():
        counts.update(set(nd.latin_tokens(latin)))
        n += 1
    return counts, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", default=os.path.join(nd.DATA, "tables", "token_stats.tsv"))
    args = ap.parse_args()
    lc, n_list = list_counts()
    pc, n_pop = population_counts()
    tokens = sorted(t for t in set(lc) | set(pc) if lc[t] + pc[t] >= MIN_TOTAL)
    notes = [
        "format: token<TAB>list_count<TAB>population_count (document frequencies)",
        f"list names (distinct normalised): {n_list}; population names: {n_pop}",
        f"tokens with list_count + population_count >= {MIN_TOTAL}: {len(tokens)}",
    ]
    with open(args.o, "w", encoding="utf-8") as f:
        f.write(nd.header("build_token_stats.py", nd.LIST_INPUTS + [POPULATION, nd.AR2EN], notes))
        f.write(f"#total\t{n_list}\t{n_pop}\n")
        for t in tokens:
            f.write(f"{t}\t{lc[t]}\t{pc[t]}\n")
    print(f"{args.o}: {len(tokens)} tokens", file=sys.stderr)


if __name__ == "__main__":
    main()
