#!/usr/bin/env python3
"""Builds data/names/cross_script/pairs.tsv: the independent cross-script evaluation set of
`cordon validate` (docs/validation.md, "Cross-script names").

Every pair in it was written by the people who keep the official lists, not by cordon: a name in a
non-Latin script as a list writes it, beside the Latin-script names that the same real-world
entity has on any bundled list.

Input: `cordon lists export --format ftm` of the bundled lists (data/lists), run with the built
cordon (--cordon), so that names, aliases, dates and identifiers are read by the same loaders the
product uses.

Output columns (tab-separated, one header line, one row per distinct non-Latin name of a cluster):
  split     train | dev | test: the first 8 bytes of sha256(cluster) as an integer, modulo 100:
            < 60 train, < 80 dev, else test. By cluster, so no entity is in two splits.
  cluster   a stable id: the smallest cordon entity id of the cluster
  script    ISO 15924 code of the name's letters (Arab, Cyrl, Hebr, Hang, Hani, Ethi, Geor, ...)
  schema    Person, Organization, Vessel, Airplane, LegalEntity (the most specific in the cluster)
  original  the name as the list writes it (NFC, whitespace collapsed); a list string holding
            several names, or both scripts ("Вайнах (Wainakh)"), is split on its separators
  latin     every distinct Latin-script name (name, alias, weak alias, previous name) of the
            cluster's entities on all lists, '|'-joined
  entities  the cordon entity ids of the cluster ('|'-joined), as `cordon screen` prints them

Clusters (the same real-world entity across lists), by union-find over these links:
  - a UN reference number (the UN entry's own, the UK list's "UN Ref");
  - an identifier (passport, national id, tax or registration number, IMO number) of at least
    6 letters and digits, holding a digit, shared by two non-persons, or by two persons whose
    birth years do not contradict;
  - a non-Latin name string (strong names only) of at least two tokens shared by two entities of
    the same kind (person / non-person), persons' birth years not contradicting;
  - a Latin name (strong names only; sorted tokens) of at least two tokens and ten letters shared
    by two persons whose birth years overlap (or, for a name of three or more tokens, when one of
    them has no birth year), or by two non-persons.
  A name held by two entries of one list links nothing: it names more than one entity ("Ansar
  al-Sharia" is several groups in Yemen, Libya and Tunisia).

Usage: python3 tools/build_cross_script_eval.py [--cordon build/src/cli/cordon]
           [-o data/names/cross_script/pairs.tsv]
"""

import argparse
import collections
import hashlib
import json
import os
import re
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import namedata as nd  # noqa: E402

COLUMNS = ["split", "cluster", "script", "schema", "original", "latin", "entities"]

# First word of a letter's Unicode name -> ISO 15924 code (the scripts the lists use).
_SCRIPT_WORDS = {
    "LATIN": "Latn", "FULLWIDTH": "Latn", "ARABIC": "Arab", "CYRILLIC": "Cyrl", "HEBREW": "Hebr",
    "HANGUL": "Hang", "CJK": "Hani", "ETHIOPIC": "Ethi", "GEORGIAN": "Geor", "ARMENIAN": "Armn",
    "GREEK": "Grek", "THAI": "Thai", "DEVANAGARI": "Deva", "HIRAGANA": "Hira", "KATAKANA": "Kana",
    "BENGALI": "Beng", "TAMIL": "Taml", "SYRIAC": "Syrc", "THAANA": "Thaa", "MYANMAR": "Mymr",
    "KHMER": "Khmr", "LAO": "Laoo", "MONGOLIAN": "Mong", "TIBETAN": "Tibt", "GURMUKHI": "Guru",
    "GUJARATI": "Gujr", "SINHALA": "Sinh", "TELUGU": "Telu", "KANNADA": "Knda",
    "MALAYALAM": "Mlym", "ORIYA": "Orya",
}
# Where a list packs several names, or both scripts, into one string.
_SEPARATORS = re.compile(r"\s*[/;,()\[\]|\u060c\u061b]\s*")
_ARABIC_SEPARATORS = re.compile(r"\s*[\u060c\u061b]\s*")
_PREFERENCE = ["Person", "Organization", "Vessel", "Airplane", "LegalEntity"]
_ID_PROPS = ["passportNumber", "idNumber", "taxNumber", "innCode", "vatCode", "registrationNumber",
             "ogrnCode", "okpoCode", "imoNumber"]
# Labels of nested Identification entities that name a passport, a national id, a registration,
# tax or IMO number (the lists' own wording: "Passport", "National Identification Number",
# "Company Number", "IMO", "Business Registration Number", "Tax ID No.", ...).
_ID_LABEL = re.compile(r"passport|national|identi|\bid\b|registration|company n|\bimo\b|tax|inn|"
                       r"ogrn|business", re.I)
_UN_LABEL = re.compile(r"^un ref", re.I)


def char_script(c):
    if not c.isalpha():
        return None
    word = unicodedata.name(c, "").split(" ")[0]
    return _SCRIPT_WORDS.get(word)  # None for modifier letters (ayn/hamza signs): no script


# Latin letters that look like Cyrillic ones: Cyrillic list strings hold some ("Cергій" with a
# Latin C, Belarusian "Хiкметовiч" with a Latin i, "AO НПП" with Latin A and O); in a string that
# also has Cyrillic letters they are read as Cyrillic (the string itself is kept as written).
_CYRILLIC_LOOKALIKES = set("AaBCcEeHIiKMOoPpTXxYy")


def script_of(text):
    """The one script of the letters of `text`, 'mixed', or None when it has no letters."""
    scripts = {s for s in map(char_script, text) if s}
    if scripts == {"Cyrl", "Latn"} and all(
            c in _CYRILLIC_LOOKALIKES for c in text if char_script(c) == "Latn"):
        return "Cyrl"
    if scripts and scripts <= {"Hani", "Hira", "Kana"} and scripts & {"Hira", "Kana"}:
        return "Jpan"
    if scripts == {"Hang", "Hani"}:
        return "Kore"
    if len(scripts) == 1:
        return scripts.pop()
    return "mixed" if scripts else None


def clean(text):
    return " ".join(unicodedata.normalize("NFC", text).split())


def single_script_names(text):
    """(script, name) for a list string: the whole string when its letters are of one script,
    else each single-script piece between the list's separators."""
    text = clean(text)
    s = script_of(text)
    if s is None:
        return []
    if s != "mixed" and not _ARABIC_SEPARATORS.search(text):
        return [(s, text)]
    if s != "mixed":
        # The Arabic comma and semicolon separate two names in an Arabic-script string ("فادي
        # سعيد كمار، فادي سعيد قمر", UAE 122) or trail one ("محمد كنجو حسن،", UK).
        out = []
        for piece in _ARABIC_SEPARATORS.split(text):
            piece = piece.strip(" -.\"'")
            if piece and script_of(piece) == s:
                out.append((s, piece))
        return out
    out = []
    for piece in _SEPARATORS.split(text):
        for run in script_runs(piece):
            run = run.strip(" -.\"'")
            rs = script_of(run)
            if rs and rs != "mixed":
                out.append((rs, run))
    return out


def script_runs(piece):
    """`piece` cut where its words change script ("Agha Jan Alizai اغا جان عالیزی"); a word of
    no letters, or of Cyrillic lookalikes in a Cyrillic run, stays in the run it is in."""
    runs, current, current_script = [], [], None
    for word in piece.split():
        if word.lower() == "or":
            runs.append(current)
            current, current_script = [], None
            continue
        ws = script_of(word)
        if ws in (None, current_script) or (
                current_script == "Cyrl" and set(word) <= _CYRILLIC_LOOKALIKES | set(".-\"")):
            current.append(word)
            continue
        if current:
            runs.append(current)
        current, current_script = [word], ws
    runs.append(current)
    return [" ".join(r) for r in runs if r]


class Entity:
    def __init__(self, rec):
        self.list = (rec.get("datasets") or [""])[0]
        self.id = self.list + ":" + rec["id"][len(self.list) + 1:] if self.list else rec["id"]
        self.schema = rec["schema"]
        p = rec.get("properties", {})
        self.strong = p.get("name", []) + p.get("alias", []) + p.get("previousName", [])
        self.weak = p.get("weakAlias", [])
        self.years = {int(d[:4]) for d in p.get("birthDate", []) if d[:4].isdigit()}
        self.person = self.schema == "Person"
        self.ids = set()
        self.un_refs = set()
        if self.list == "un":
            self.un_refs.add(rec["id"][3:].upper().rstrip("."))
        for prop in _ID_PROPS:
            for v in p.get(prop, []):
                self.add_id(v)
        for ident in p.get("identification", []):
            ip = ident.get("properties", {})
            label = " ".join(ip.get("type", []))
            for v in ip.get("number", []):
                if _UN_LABEL.search(label):
                    self.un_refs.add(v.strip().upper().rstrip("."))
                elif ident.get("schema") == "Passport" or _ID_LABEL.search(label):
                    self.add_id(v)

    def add_id(self, value):
        v = re.sub(r"[^0-9A-Z]", "", value.upper())
        if len(v) >= 6 and any(c.isdigit() for c in v):
            self.ids.add(v)


class UnionFind:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def latin_key(name):
    toks = nd.latin_tokens(name)
    if len(toks) < 2 or sum(map(len, toks)) < 10:
        return None
    return " ".join(sorted(toks))


def nonlatin_key(name):
    text = nd.normalize_arabic(name).casefold()
    toks = re.findall(r"\w+", text)
    return " ".join(toks) if len(toks) >= 2 else None


def link(entities):
    uf = UnionFind(len(entities))
    groups = collections.defaultdict(list)  # key -> entity indexes
    for i, e in enumerate(entities):
        kind = "P" if e.person else "O"
        for r in e.un_refs:
            groups[("un", r)].append(i)
        for v in e.ids:
            groups[("id", kind, v)].append(i)
        for n in e.strong:
            for s, piece in single_script_names(n):
                k = latin_key(piece) if s == "Latn" else nonlatin_key(piece)
                if k:
                    groups[("latn" if s == "Latn" else "orig", kind, k)].append(i)
    for key, members in groups.items():
        members = sorted(set(members))
        lists = [entities[i].list for i in members]
        if key[0] in ("latn", "orig") and len(set(lists)) < len(lists):
            continue  # two entries of one list hold this name: it names more than one entity
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1:]:
                ea, eb = entities[a], entities[b]
                if key[0] == "latn" and ea.person and not (ea.years & eb.years) and not (
                        key[2].count(" ") >= 2 and not (ea.years and eb.years)):
                    # Two people of one name: overlapping birth years link them, or a full name
                    # of three or more tokens when one list gives no birth year (Canada often).
                    continue
                if key[0] in ("orig", "id") and ea.person and ea.years and eb.years and \
                        not (ea.years & eb.years):
                    continue  # a list's error can give two people one number ("0075258")
                uf.union(a, b)
    clusters = collections.defaultdict(list)
    for i in range(len(entities)):
        clusters[uf.find(i)].append(entities[i])
    return list(clusters.values())


def split_of(cluster_id):
    h = int.from_bytes(hashlib.sha256(cluster_id.encode("utf-8")).digest()[:8], "big") % 100
    return "train" if h < 60 else "dev" if h < 80 else "test"


def name_key(piece):
    return " ".join(re.findall(r"\w+", nd.normalize_arabic(piece).casefold()))


def name_holders(clusters):
    """Non-Latin name key -> {cluster index: the lists whose entries in that cluster hold it}."""
    holders = collections.defaultdict(lambda: collections.defaultdict(set))
    for ci, cluster in enumerate(clusters):
        for e in cluster:
            for n in e.strong + e.weak:
                for s, piece in single_script_names(n):
                    if s != "Latn":
                        holders[name_key(piece)][ci].add(e.list)
    return holders


def misplaced(piece, ci, holders):
    """A non-Latin name that another cluster holds on more lists than this one is a list's slip
    here: the UK list gives Abd al-Majid al-Zindani (UN QDi.156) the Arabic name of Abd al-Hamid
    al-Musalli (QDi.320), which the UN and the UK give to QDi.320. Namesakes on one list each
    (equal counts) keep the name in both clusters."""
    lists = holders[name_key(piece)]
    own = len(lists.get(ci, ()))
    return any(len(other) > own for cj, other in lists.items() if cj != ci)


def rows_of(cluster, ci=None, holders=None):
    ids = sorted(e.id for e in cluster)
    cid = ids[0]
    schema = min((e.schema for e in cluster),
                 key=lambda s: _PREFERENCE.index(s) if s in _PREFERENCE else len(_PREFERENCE))
    latin, originals = [], {}
    for e in cluster:
        for n in e.strong + e.weak:
            for s, piece in single_script_names(n):
                if s == "Latn":
                    if piece not in latin:
                        latin.append(piece)
                elif holders is None or not misplaced(piece, ci, holders):
                    originals.setdefault(piece, s)
    if not latin:
        return []
    return [[split_of(cid), cid, s, schema, o, "|".join(latin), "|".join(ids)]
            for o, s in sorted(originals.items())]


def export(cordon):
    out = subprocess.run([cordon, "lists", "export", "--format", "ftm"], check=True,
                         capture_output=True, text=True, encoding="utf-8").stdout
    return [Entity(json.loads(line)) for line in out.splitlines() if line.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", default=os.path.join(nd.REPO, "build", "src", "cli", "cordon"))
    ap.add_argument("-o", default=os.path.join(nd.DATA, "names", "cross_script", "pairs.tsv"))
    args = ap.parse_args()
    entities = export(args.cordon)
    clusters = link(entities)
    holders = name_holders(clusters)
    rows = sorted((r for ci, c in enumerate(clusters) for r in rows_of(c, ci, holders)),
                  key=lambda r: (r[1], r[2], r[4]))
    for r in rows:
        for field in r:
            if "\t" in field or "\n" in field:
                sys.exit(f"field holds a tab or newline: {field!r}")
    os.makedirs(os.path.dirname(args.o), exist_ok=True)
    with open(args.o, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    counts = collections.Counter((r[0], r[2], r[3] == "Person") for r in rows)
    sizes = collections.Counter(len(c) for c in clusters)
    print(f"{args.o}: {len(rows)} names, {len({r[1] for r in rows})} clusters, "
          f"{len(entities)} entities; largest clusters {sorted(sizes)[-5:]}", file=sys.stderr)
    for (split, script, person), n in sorted(counts.items()):
        print(f"  {split:5} {script} {'person' if person else 'other'}: {n}", file=sys.stderr)


if __name__ == "__main__":
    main()
