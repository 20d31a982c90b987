#!/usr/bin/env python3
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


def population_counts():
    counts, n = collections.Counter(), 0
    with open(POPULATION, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(parts) != 3:
                continue
            counts.update(set(nd.latin_tokens(parts[2])))
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
