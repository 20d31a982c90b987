#!/usr/bin/env python3
"""Builds data/tables/legal_forms.tsv: the entity legal forms that organisation names spell out
("Gesellschaft mit beschränkter Haftung", "Общество с ограниченной ответственностью", "Sociedad
Anónima") and their abbreviations, from the ISO 20275 Entity Legal Forms (ELF) code list that
GLEIF publishes under CC0 1.0. src/normalize/legal_forms.cc embeds the table: a name's words that
spell a form are dropped as one legal form, as its abbreviation already was (docs/matching.md,
"Legal forms").

Rows, "kind<TAB>text<TAB>abbreviations<TAB>ELF codes" (abbreviations and codes ';'-separated):
  phrase  a form of two or more words as the list writes it (UTF-8, any script: the engine reads
          it with its own transliteration when it loads the table, so the table and a query are
          read alike). Every local and transliterated name of an ELF form that has an
          abbreviation, and every abbreviation of two or more words ("GmbH & Co. KG", "S.A. de
          C.V."), from active and inactive codes (an inactive form still names companies on the
          lists: Russian OAO and ZAO). A form without an abbreviation in the ELF list is left out:
          those are mostly categories of a registry ("Central bank", "Political parties",
          Russia's plural OKOPF class names), not words a company writes after its name. Text in
          brackets is a comment in the ELF list and is removed; a name of several forms
          separated by commas is cut there.
  word    a one-word form (lower-case ASCII) that the engine drops like the forms it knew before
          ("aktiengesellschaft", "osakeyhtio", "aktiebolag"): a non-English local or
          transliterated name of 8+ letters whose abbreviation (2+ letters) is spelt by letters of
          the word in order from its first, and is not merely its first letters
          ("Aktiengesellschaft" / AG, "Osakeyhtiö" / Oy; not "Coopérative" / Coop, "Fondation" /
          FON, which are ordinary words cut short). English one-word forms are left out: they are ordinary nouns (Foundation,
          Cooperative, Association, Bank), and the English abbreviations and "company",
          "limited", "corporation" are already in the engine's list (src/normalize/rules.cc).
SUPPLEMENT and SINGULAR below add the abbreviation the ELF list does not give, and the singular
of a Russian class name, for a few forms common in the sanctions lists' names; each entry says
where it comes from.

Usage (the ELF code list CSV, "ELF Code", "Entity Legal Form name Local name", ... as GLEIF
publishes it at https://www.gleif.org/en/about-lei/code-lists/iso-20275-entity-legal-forms-code-list):
  python3 tools/build_legal_forms.py --elf 2026-02-19-elf-code-list.csv --version 2026-02-19 \
      [-o data/tables/legal_forms.tsv]
"""

import argparse
import collections
import csv
import datetime
import hashlib
import re
import sys
import unicodedata

LOCAL = "Entity Legal Form name Local name"
TRANSLIT = "Entity Legal Form name Transliterated name (per ISO 01-140-10)"
ABBREV = "Abbreviations Local language"
ABBREV_TRANSLIT = "Abbreviations transliterated"
LANG = "Language Code (ISO 639-1)"

# ELF code -> abbreviations the list leaves out, for forms common in the bundled lists' names.
SUPPLEMENT = {
    # Russia, "Открытое акционерное общество" (open joint-stock company, the form before the
    # 2014 Civil Code reform): OAO / ОАО, as the list's Belarusian row MR85 abbreviates it.
    "MT3A": ["ОАО", "OAO"],
}
# ELF code -> (singular name, abbreviation) for Russian forms the list names only by the plural
# class names of the Russian classifier OKOPF ("Акционерные общества"); a company name writes
# the singular, as the Civil Code of the Russian Federation names the forms (art. 66.3 public
# and non-public companies, art. 96 joint-stock company). The bundled lists hold "AKTSIONERNOE
# OBSHCHESTVO" 504 times and "PUBLICHNOE AKTSIONERNOE OBSHCHESTVO" 29 times.
SINGULAR = {
    "R71T": ("Акционерное общество", "АО"),
    "4TYO": ("Публичное акционерное общество", "ПАО"),
    "JZBN": ("Непубличное акционерное общество", "НАО"),
}


def fold(text):
    """Lower-case ASCII letters and digits of a Latin-script text, marks removed (what the
    engine's Latin-ASCII step makes of it), or None when other scripts remain."""
    t = unicodedata.normalize("NFKD", text.casefold())
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("đ", "d").replace("ł", "l")
    if any(ord(c) > 0x7F and c.isalpha() for c in t):
        return None
    return [w for w in re.split(r"[^a-z0-9]+", t) if w]


def pieces(text):
    """The forms a name field holds: bracketed comments removed, cut at commas and ';'."""
    text = re.sub(r"\([^)]*\)", " ", text)
    for p in re.split(r"[;,]", text):
        p = " ".join(p.split())
        if p:
            yield p


def words_of(text):
    """Lower-case words, marks removed, in any script."""
    t = unicodedata.normalize("NFKD", text.casefold())
    t = "".join(c for c in t if not unicodedata.combining(c))
    return [w for w in re.split(r"[\W_]+", t) if w]


def covers(abbr, phrase):
    """Whether an abbreviation stands for every word of a phrase: read in order, each of its
    words is either a word of the phrase ("de" in "S.A. de C.V."), a run of initials of phrase
    words ("GmbH": Gesellschaft mit beschränkter Haftung; "ООО": Общество с ограниченной
    ответственностью), or one word cut short from its first letter ("Ltd" for Limited, "Şti" for
    Şirketi); and every phrase word of three or more letters is accounted for. "Insurance
    Company" / Inc, "National Bank" / N.A. are not such abbreviations: those are registry
    categories named in ordinary words, and a company name holding them is not written in a
    legal form."""
    words = words_of(phrase)
    tokens = words_of(abbr.replace(".", ". "))
    covered = [False] * len(words)

    def match(ti, wi):
        if ti == len(tokens):
            return all(covered[k] or len(words[k]) < 3 for k in range(len(words)))
        tok = tokens[ti]
        for w in range(wi, len(words)):
            # The token is this word, or a word cut short (its first letter, the rest in order).
            if tok == words[w] or (len(tok) >= 2 and subsequence(tok, words[w])):
                covered[w] = True
                if match(ti + 1, w + 1):
                    return True
                covered[w] = False
            # The token is initials of this word and of later words.
            if tok[0] == words[w][0]:
                marked = [w]
                k, ok = w + 1, True
                for c in tok[1:]:
                    while k < len(words) and words[k][0] != c:
                        k += 1
                    if k == len(words):
                        ok = False
                        break
                    marked.append(k)
                    k += 1
                if ok:
                    for m in marked:
                        covered[m] = True
                    if match(ti + 1, k):
                        return True
                    for m in marked:
                        covered[m] = False
        return False

    return bool(tokens) and match(0, 0)


def subsequence(tok, word):
    if tok[0] != word[0]:
        return False
    i = 1
    for c in tok[1:]:
        i = word.find(c, i)
        if i < 0:
            return False
        i += 1
    return True


def is_abbreviation_of(abbr, word):
    """Whether abbr's letters spell an abbreviation of word: 2+ letters, the first letter the
    word's, the rest found in the word in order."""
    letters = [c for c in "".join(fold(abbr) or []) if c.isalpha()]
    if len(letters) < 2 or letters[0] != word[0] or word.startswith("".join(letters)):
        return False
    i = 1
    for c in letters[1:]:
        i = word.find(c, i)
        if i < 0:
            return False
        i += 1
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--elf", required=True, help="the ELF code list CSV")
    ap.add_argument("--version", required=True, help="the code list's publication date")
    ap.add_argument("-o", "--out", default="data/tables/legal_forms.tsv")
    args = ap.parse_args()

    raw = open(args.elf, "rb").read()
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    phrases = collections.OrderedDict()  # text -> (abbreviations, codes)
    words = collections.OrderedDict()
    skipped_no_abbrev = 0
    skipped_uncovered = 0

    def add(table, key, abbrevs, code):
        abbr, codes = table.setdefault(key, ([], []))
        for a in abbrevs:
            if a not in abbr:
                abbr.append(a)
        if code not in codes:
            codes.append(code)

    for r in rows:
        code = r["ELF Code"]
        abbrevs = [a for f in (r[ABBREV], r[ABBREV_TRANSLIT]) for a in pieces(f.replace(";", ","))]
        abbrevs = [a for a in abbrevs if a.strip()] + SUPPLEMENT.get(code, [])
        names = [p for f in (r[LOCAL], r[TRANSLIT]) for p in pieces(f)]
        if code in SINGULAR:
            names.append(SINGULAR[code][0])
            abbrevs.append(SINGULAR[code][1])
        if not names:
            continue
        if not abbrevs:
            skipped_no_abbrev += 1
            continue
        for name in names:
            if len(name.split()) >= 2:
                if any(covers(a, name) for a in abbrevs):
                    add(phrases, name, abbrevs, code)
                else:
                    skipped_uncovered += 1
                continue
            w = fold(name)
            if (w and len(w) == 1 and len(w[0]) >= 8 and r[LANG] != "en"
                    and any(is_abbreviation_of(a, w[0]) for a in abbrevs)):
                add(words, w[0], abbrevs, code)
        for a in abbrevs:
            toks = words_of(a.replace(".", ". "))
            # An abbreviation of several words, one of them 2+ letters and none longer than 4
            # ("GmbH & Co. KG", "S.A. de C.V.", "Pte Ltd"): letters alone ("e. K.") would be taken
            # for a person's initials, and a longer word is a name written out in the
            # abbreviation column ("a religious society").
            if len(toks) >= 2 and any(len(t) >= 2 for t in toks) and all(len(t) <= 4 for t in toks):
                add(phrases, a, [], code)

    with open(args.out, "w", encoding="utf-8") as out:
        out.write(f"# generated by tools/build_legal_forms.py on {datetime.date.today()}\n")
        out.write(f"# input ISO 20275 Entity Legal Forms code list, GLEIF, version {args.version}, "
                  f"{len(rows)} rows, sha256:{hashlib.sha256(raw).hexdigest()}\n")
        out.write("# licence of the input: CC0 1.0 (GLEIF publishes the ELF code list without "
                  "restriction); this table is derived from it\n")
        out.write(f"# {skipped_no_abbrev} ELF rows without an abbreviation left out, and "
                  f"{skipped_uncovered} names no abbreviation of their row stands for "
                  "(see the generator)\n")
        out.write("# format: kind (phrase|word)<TAB>form<TAB>abbreviations (;)<TAB>ELF codes (;)\n")
        for kind, table in (("phrase", phrases), ("word", words)):
            for text, (abbr, codes) in table.items():
                if "\t" in text or "\n" in text:
                    continue
                out.write(f"{kind}\t{text}\t{';'.join(abbr)}\t{';'.join(codes)}\n")
    print(f"{len(phrases)} phrases, {len(words)} words, {skipped_no_abbrev} rows without an "
          f"abbreviation", file=sys.stderr)


if __name__ == "__main__":
    main()
