#!/usr/bin/env python3
"""Learns data/tables/translit.tsv, the transliteration model of src/normalize/translit.h.

Training data, train splits only (dev and test are never read):
  - data/names/cross_script/pairs.tsv, rows of split "train" in Arabic or Cyrillic script: a
    name as a list writes it in that script, and the Latin names of the same entity on the
    bundled lists (tools/build_cross_script_eval.py);
  - ../shared/data/names/google_ar2en/ar2en-train.txt (Apache-2.0): Arabic-script words with
    the Latin name they stand for (mostly Western names written in Arabic).

Every name is read by the engine itself (`cordon normalize`), so the model learns the letters
and Latin tokens the engine compares (articles dropped, Abd compounds joined). Tokens of a list
name are paired with the tokens of each Latin name of its entity by a monotone alignment that
allows one source token to match two Latin tokens joined and the reverse, in the Latin name's
order or reversed (lists write some names surname first); the best-scoring Latin name and order
are kept when every source token aligns. The emission model P(Latin chunk | letter), chunks of
0-4 letters, is then fitted by expectation maximisation (forward-backward over all segmentations)
starting from a length prior; pairing and fitting alternate for --rounds rounds. The background
is a Latin letter-bigram model of the train split's Latin name tokens (add-one smoothing).

Usage: tools/learn_translit.py --cordon build/src/cli/cordon [--rounds 3] [--out F]
"""
import argparse
import collections
import hashlib
import json
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_CHUNK = 7  # a letter's longest chunk (schtsch), as src/normalize/translit.h kMaxChunk
LEARNED_CHUNK = 4  # the longest chunk learned from the data (ghou, shch)
LIST_WEIGHT = 3.0  # a list pair counts three times a google_ar2en word: it is the target domain
MIN_PROB = 0.0008  # emissions less likely than this are left to the engine's unseen cost
# The length prior of the first round: short chunks likelier, no letter preferred.
LEN_PRIOR = [0.08, 0.5, 0.3, 0.1, 0.02, 0.0, 0.0, 0.0]
# A paired token must reach this many bits per Latin letter under the previous round's model.
PAIR_MIN_LLR = 0.5
# Share of each letter's probability given to the published romanisation systems
# (tools/romanization_systems.tsv), spread evenly over their spellings: the lists' own pairs are
# mostly BGN/ICAO Russian and English-habit Arabic, and a German, French or Serbian spelling
# (Schewtschenko, Chevtchenko, Busic) must not cost more than a rare habit the data happens to
# show.
SYSTEM_SHARE = 0.12
# Arabic script writes no short vowels: a system's consonant spelling is also read with the
# vowel after it ("dj" as "dja", "dji", ...).
SHORT_VOWELS = ("a", "i", "u", "e", "o")


def load_systems(path, letter_symbols):
    """{model letter: set of Latin chunks} from the systems table. letter_symbols maps a letter
    as written in the table to the model's letter (the engine's own unification)."""
    systems = collections.defaultdict(set)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            script, _system, letters, spellings = line.rstrip("\n").split("\t")
            letters, spellings = letters.split(), spellings.split()
            if len(letters) != len(spellings):
                sys.exit(f"{path}: {len(letters)} letters, {len(spellings)} spellings: {line}")
            for letter, sp in zip(letters, spellings):
                sym = letter_symbols.get(letter)
                if not sym:
                    continue
                chunk = "" if sp == "-" else sp
                systems[sym].add(chunk)
                if script == "Arab" and chunk and chunk[-1] not in "aeiou":
                    for v in SHORT_VOWELS:
                        if len(chunk) + 1 <= 7:
                            systems[sym].add(chunk + v)
    return systems


def script_of(text):
    for ch in text:
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F:
            return "Arab"
        if 0x0400 <= o <= 0x04FF:
            return "Cyrl"
    return None


def normalize_all(cordon, names):
    """Token lists ((text, source) pairs) of each name, by `cordon normalize`."""
    out = subprocess.run([cordon, "normalize", "--input", "-"], input="\n".join(names) + "\n",
                         capture_output=True, text=True, check=True).stdout.splitlines()
    if len(out) != len(names):
        sys.exit(f"cordon normalize gave {len(out)} lines for {len(names)} names")
    result = []
    for line in out:
        j = json.loads(line)
        result.append([(t["text"], t.get("source", "")) for t in j["tokens"]])
    return result


class Model:
    def __init__(self, emit=None):
        self.emit = emit  # {letter: {chunk: prob}}; None = length prior

    def p(self, letter, chunk):
        if self.emit is None:
            return max(LEN_PRIOR[len(chunk)] / (26 ** len(chunk) if chunk else 1) * 50, 1e-12)
        return self.emit.get(letter, {}).get(chunk, 2 ** -(12 + 3 * len(chunk)))

    def forward(self, src, lat):
        n, m = len(src), len(lat)
        if m > n * MAX_CHUNK:
            return None
        alpha = [[0.0] * (m + 1) for _ in range(n + 1)]
        alpha[0][0] = 1.0
        for i in range(n):
            for j in range(m + 1):
                a = alpha[i][j]
                if a == 0.0:
                    continue
                for ln in range(0, min(MAX_CHUNK, m - j) + 1):
                    alpha[i + 1][j + ln] += a * self.p(src[i], lat[j:j + ln])
        return alpha

    def viterbi_bits(self, src, lat):
        n, m = len(src), len(lat)
        if n == 0 or m > n * MAX_CHUNK:
            return math.inf
        dp = [math.inf] * (m + 1)
        dp[0] = 0.0
        for i in range(n):
            nxt = [math.inf] * (m + 1)
            for j in range(m + 1):
                if dp[j] == math.inf:
                    continue
                for ln in range(0, min(MAX_CHUNK, m - j) + 1):
                    c = dp[j] - math.log2(self.p(src[i], lat[j:j + ln]))
                    if c < nxt[j + ln]:
                        nxt[j + ln] = c
            dp = nxt
        return dp[m]

    def expected_counts(self, src, lat, weight, counts):
        n, m = len(src), len(lat)
        alpha = self.forward(src, lat)
        if alpha is None or alpha[n][m] <= 0:
            return
        beta = [[0.0] * (m + 1) for _ in range(n + 1)]
        beta[n][m] = 1.0
        for i in range(n - 1, -1, -1):
            for j in range(m + 1):
                b = 0.0
                for ln in range(0, min(MAX_CHUNK, m - j) + 1):
                    b += self.p(src[i], lat[j:j + ln]) * beta[i + 1][j + ln]
                beta[i][j] = b
        z = alpha[n][m]
        for i in range(n):
            for j in range(m + 1):
                a = alpha[i][j]
                if a == 0.0:
                    continue
                for ln in range(0, min(MAX_CHUNK, m - j) + 1):
                    chunk = lat[j:j + ln]
                    post = a * self.p(src[i], chunk) * beta[i + 1][j + ln] / z
                    if post > 1e-6:
                        counts[src[i]][chunk] += weight * post


class Background:
    def __init__(self, tokens):
        c = collections.Counter()
        for t in tokens:
            prev = "^"
            for ch in t:
                if "a" <= ch <= "z":
                    c[(prev, ch)] += 1
                    prev = ch
            c[(prev, "$")] += 1
        self.bits = {}
        for prev in "^abcdefghijklmnopqrstuvwxyz":
            total = sum(c[(prev, n)] for n in "abcdefghijklmnopqrstuvwxyz$") + 27
            for n in "abcdefghijklmnopqrstuvwxyz$":
                self.bits[(prev, n)] = -math.log2((c[(prev, n)] + 1) / total)

    def of(self, t):
        b, prev = 0.0, "^"
        for ch in t:
            if "a" <= ch <= "z":
                b += self.bits[(prev, ch)]
                prev = ch
        return b + self.bits[(prev, "$")]


def llr(model, bg, src, lat):
    if not lat:
        return -math.inf
    return (bg.of(lat) - model.viterbi_bits(src, lat)) / len(lat)


def align_tokens(src, lat, sim):
    """Best monotone pairing covering every source token ((text, letters) pairs) with Latin
    tokens: 1:1, two source tokens joined to one Latin token, one source token to two Latin
    tokens joined; Latin tokens may be left out. sim(source group, latin) is a score or None.
    Returns (score, [(source letters, latin)]) or None."""
    n, m = len(src), len(lat)
    NEG = -1e9
    best = [[(NEG, None)] * (m + 1) for _ in range(n + 1)]
    best[0][0] = (0.0, [])
    for i in range(n + 1):
        for j in range(m + 1):
            s, pairs = best[i][j]
            if pairs is None:
                continue
            moves = []
            if j < m:
                moves.append((i, j + 1, None, None))  # a Latin token left out
            if i < n and j < m:
                moves.append((i + 1, j + 1, src[i:i + 1], lat[j]))
            if i + 1 < n and j < m:
                moves.append((i + 2, j + 1, src[i:i + 2], lat[j]))
            if i < n and j + 1 < m:
                moves.append((i + 1, j + 2, src[i:i + 1], lat[j] + lat[j + 1]))
            for ni, nj, group, latin in moves:
                if group is None:
                    cand = (s - 0.5, pairs)
                else:
                    v = sim(group, latin)
                    if v is None:
                        continue
                    cand = (s + v, pairs + [("".join(x[1] for x in group), latin)])
                if cand[0] > best[ni][nj][0]:
                    best[ni][nj] = cand
    s, pairs = best[n][m]
    return None if pairs is None else (s, pairs)


def edit_ratio(a, b):
    import difflib
    return difflib.SequenceMatcher(None, a, b).ratio()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cordon", default=os.path.join(ROOT, "build/src/cli/cordon"))
    ap.add_argument("--pairs", default=os.path.join(ROOT, "data/names/cross_script/pairs.tsv"))
    ap.add_argument("--google", default=os.path.join(
        ROOT, "..", "shared", "data", "names", "google_ar2en", "ar2en-train.txt"))
    ap.add_argument("--systems", default=os.path.join(ROOT, "tools/romanization_systems.tsv"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--em", type=int, default=4, help="EM iterations a round")
    ap.add_argument("--out", default=os.path.join(ROOT, "data/tables/translit.tsv"))
    args = ap.parse_args()
    if not os.path.exists(args.google):
        args.google = "/work/shared/data/names/google_ar2en/ar2en-train.txt"

    # Inputs: (source name, [latin names], weight).
    items = []
    inputs_hash = hashlib.sha256()
    with open(args.pairs, encoding="utf-8") as f:
        data = f.read()
        inputs_hash.update(data.encode())
    rows = [l.split("\t") for l in data.splitlines()[1:] if l.strip()]
    for r in rows:
        if len(r) < 7 or r[0] != "train" or script_of(r[4]) is None:
            continue
        items.append((r[4], [x for x in r[5].split("|") if x], LIST_WEIGHT))
    n_list = len(items)
    with open(args.google, encoding="utf-8") as f:
        gdata = f.read()
        inputs_hash.update(gdata.encode())
    for line in gdata.splitlines():
        p = line.split("\t")
        if len(p) == 2 and script_of(p[0]):
            items.append((p[0], [p[1]], 1.0))
    system_letters = set()
    with open(args.systems, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and line.strip():
                system_letters.update(line.split("\t")[2].split())
    names = sorted({i[0] for i in items} | {l for i in items for l in i[1]} | system_letters)
    toks = dict(zip(names, normalize_all(args.cordon, names)))
    letter_symbols = {l: toks[l][0][1] for l in system_letters
                      if len(toks[l]) == 1 and len(toks[l][0][1]) == 1}
    systems = load_systems(args.systems, letter_symbols)
    print(f"{n_list} list names, {len(items) - n_list} google words, {len(names)} strings",
          file=sys.stderr)

    bg = Background([t for i in items for l in i[1] for t, _ in toks[l]])
    model = Model()
    for rnd in range(args.rounds):
        cache = {}

        def cached_llr(a, b):
            if (a, b) not in cache:
                cache[(a, b)] = llr(model, bg, a, b)
            return cache[(a, b)]
        pairs = []  # (source letters, latin, weight)
        for src_name, latins, w in items:
            st = [(t, s) for t, s in toks[src_name] if s]
            if not st:
                continue
            best = None
            if rnd == 0:
                def sim(group, latin):
                    r = edit_ratio("".join(x[0] for x in group), latin)
                    return r if r >= 0.5 else None
            else:
                def sim(group, latin):
                    v = cached_llr("".join(x[1] for x in group), latin)
                    return v if v >= PAIR_MIN_LLR else None
            for ln in latins[:8]:
                lt = [t for t, s in toks[ln] if not s]
                for order in (lt, lt[::-1]):
                    res = align_tokens(st, order, sim)
                    if res and (best is None or res[0] > best[0]):
                        best = res
            if best is None:
                continue
            for a, b in best[1]:
                pairs.append((a, b, w))
        merged = collections.Counter()
        for a, b, w in pairs:
            merged[(a, b)] += w
        pairs = [(a, b, w) for (a, b), w in merged.items()]
        print(f"round {rnd}: {len(pairs)} distinct token pairs", file=sys.stderr)
        for it in range(args.em):
            counts = collections.defaultdict(collections.Counter)
            for s, l, w in pairs:
                model.expected_counts(s, l, w, counts)
            emit = {}
            for letter in set(counts) | set(systems):
                c = counts.get(letter, {})
                total = sum(c.values())
                share = SYSTEM_SHARE if letter in systems and total > 0 else (
                    1.0 if letter in systems else 0.0)
                probs = collections.Counter(
                    {ch: (1 - share) * v / total for ch, v in c.items()} if total else {})
                for ch in systems.get(letter, ()):
                    probs[ch] += share / len(systems[letter])
                # Chunks longer than LEARNED_CHUNK come from the systems only: longer learned
                # ones are alignment noise (a given name glued to a patronymic).
                emit[letter] = {ch: p for ch, p in probs.items() if p >= MIN_PROB and (
                    len(ch) <= LEARNED_CHUNK or ch in systems.get(letter, ()))}
            model = Model(emit)
            print(f"  EM {it}: {sum(len(v) for v in emit.values())} emissions", file=sys.stderr)

    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Transliteration model of src/normalize/translit.h, made by "
                "tools/learn_translit.py (--rounds %d --em %d), with the published\n"
                "# romanisation systems of tools/romanization_systems.tsv as a prior.\n"
                % (args.rounds, args.em))
        f.write("# Inputs (train splits only): data/names/cross_script/pairs.tsv and "
                "google_ar2en ar2en-train.txt; sha256 %s.\n" % inputs_hash.hexdigest()[:16])
        f.write("# script\te\tletter\tLatin chunk (- none)\tbits | Latn\tb\tprev\tnext\tbits\n")
        for letter in sorted(model.emit):
            sc = script_of(letter)
            if sc is None:
                continue
            for chunk, p in sorted(model.emit[letter].items(), key=lambda kv: -kv[1]):
                f.write(f"{sc}\te\t{letter}\t{chunk or '-'}\t{-math.log2(p):.2f}\n")
        for (prev, nxt), b in sorted(bg.bits.items()):
            f.write(f"Latn\tb\t{prev}\t{nxt}\t{b:.2f}\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
