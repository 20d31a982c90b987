#!/usr/bin/env python3
"""Builds data/tables/arabic_latin.tsv: "arabic_token<TAB>latin1<TAB>latin2...", the Latin spellings
of each Arabic-script name token, most frequent first.

Sources: Google ar2en pairs (single-token pairs only, less those whose Latin side holds three or
more consonants no letter of the Arabic token explains: "أدیب" / "adibzadeh", "المجيد" /
"abdulmajid"; build_name_variants.LetterAlignment), and the names the lists give in both scripts
(UAE Arabic/Latin columns, UN NAME_ORIGINAL_SCRIPT, UK "Name Non-Latin Script"), aligned by position
as build_name_variants.arabic_aligned documents. Arabic is normalised as tools/namedata.py documents
(harakat and tatweel dropped; alef, ya, ta marbuta and kaf forms unified); Latin as for all tables.

Usage: python3 tools/build_arabic_latin.py [-o data/tables/arabic_latin.tsv]
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_name_variants as bv  # noqa: E402
import namedata as nd  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", default=os.path.join(nd.DATA, "tables", "arabic_latin.tsv"))
    args = ap.parse_args()
    spell = bv.arabic_spellings(list(nd.all_entities()))
    rows = sorted((ar, [la for la, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))])
                  for ar, c in spell.items())
    notes = [
        "format: arabic_token<TAB>latin spellings, most frequent first",
        "arabic normalisation: NFKC; harakat U+064B-U+065F, U+0670 and tatweel U+0640 dropped; "
        "alef with hamza/madda/wasla -> alef; alef maqsura and Persian ye -> ya; ta marbuta -> ha; "
        "keheh -> kaf",
        f"ar2en pairs dropped when {bv.UNEXPLAINED_MAX}+ Latin consonants are explained by no "
        "Arabic letter (letter costs learnt from ar2en by hard EM from the published systems)",
        f"{len(rows)} Arabic tokens, {sum(len(r[1]) for r in rows)} spellings",
    ]
    with open(args.o, "w", encoding="utf-8") as f:
        f.write(nd.header("build_arabic_latin.py", nd.LIST_INPUTS + [nd.AR2EN], notes))
        for ar, latins in rows:
            f.write(ar + "\t" + "\t".join(latins) + "\n")
    print(f"{args.o}: {len(rows)} Arabic tokens", file=sys.stderr)


if __name__ == "__main__":
    main()
