"""How many people each name culture of the population corpus stands for, from Unicode CLDR.

tools/build_token_stats.py weights each culture's token frequencies by these numbers, so that a
token's population frequency estimates its frequency among the world's people rather than among
an equal number of names per faker locale (Python 3 standard library; reads the Debian package
unicode-cldr-core, /usr/share/unicode/cldr/common/supplemental).

The rule (docs/matching.md, "Population frequencies"), each person counted once:
  1. A territory for which faker has locales of its own (en_IN, zh_CN, pt_BR, en_NG and yo_NG,
     de_CH and fr_CH, ...) is named as those locales name it: its people (CLDR territoryInfo
     population) are shared among them in proportion to their languages' populationPercent
     there (South Africa: English 31, Zulu 24, Afrikaans 13).
  2. Any other territory is named as its main language names it: the language CLDR gives the
     highest populationPercent there (Urdu in Pakistan, Persian in Iran and Afghanistan), leaving
     out the languages CLDR's languageData marks "secondary" there (English, known by 35% of
     Ethiopians, is not how Ethiopians are named), through
     the faker locale of that language (ar, fa, ur), else of the language CLDR says encompasses
     it (languageMatch distance 10: Moroccan Arabic -> Arabic), else of the language's likely
     territory (likelySubtags: Portuguese -> Brazil, Traditional Chinese -> Taiwan); the script
     must agree when both give one.
  3. A territory whose main language has no culture (Bangladesh: Bengali; Ethiopia: Amharic;
     Malaysia: Malay) stays unrepresented: its people's names are not in the corpus, and taking
     them from another culture would be a guess.
  Why not every language in proportion to its speakers: CLDR counts bilingual people under each
  of their languages and gives official second languages large shares (English 50% in Pakistan,
  61% in Switzerland), which would name a third of Pakistan with English names. The cost of the
  main-language rule: minorities are named as the majority (Kurds as Arabs, Turks or Persians;
  the faker Kurdish locales weigh nothing), and the coverage is what the header reports.

Usage: python3 tools/culture_weights.py data/names/negatives/population.tsv  (prints the table)
"""

import collections
import os
import re
import sys
import xml.etree.ElementTree as ET

CLDR = "/usr/share/unicode/cldr/common/supplemental"
SUPPLEMENTAL = os.path.join(CLDR, "supplementalData.xml")
LANGUAGE_INFO = os.path.join(CLDR, "languageInfo.xml")
LIKELY = os.path.join(CLDR, "likelySubtags.xml")
INPUTS = [SUPPLEMENTAL, LANGUAGE_INFO, LIKELY]

# faker locales whose metadata language is not the CLDR code of the names they hold: Kurdish
# (Sorani) is CLDR's "ckb" (Central Kurdish); Kurmanji is CLDR's "ku".
FAKER_LANGUAGE = {"ku_ckb": "ckb", "ku_kmr_latin": "ku"}
# CLDR script codes of faker's script metadata that name a family of scripts.
SCRIPT_FAMILY = {"Jpan": "Jpan", "Kore": "Kore", "Hans": "Hans", "Hant": "Hant"}


class Locale:
    def __init__(self, code, language, country, script):
        self.code = code
        self.language = FAKER_LANGUAGE.get(code, language)
        self.country = country
        # sr_RS_latin and uz_UZ_latin say "latin" in their code; faker's metadata agrees.
        self.script = script


def cldr_version():
    """CLDR's release number, as its supplemental DTD fixes it ("41" in Debian 12)."""
    dtd = os.path.join(os.path.dirname(CLDR), "dtd", "ldmlSupplemental.dtd")
    with open(dtd, encoding="utf-8") as f:
        m = re.search(r'cldrVersion CDATA #FIXED "([^"]+)"', f.read())
    return m.group(1) if m else "unknown"


def read_locales(path):
    """The '# locale<TAB>code<TAB>language<TAB>country<TAB>script' header lines that
    tools/gen_negatives.mjs writes."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                break
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "# locale" and len(parts) == 5:
                out.append(Locale(*parts[1:]))
    return out


def _split_tag(tag):
    """'pa_Arab' -> ('pa', 'Arab'); 'zh_Hant' -> ('zh', 'Hant'); 'en' -> ('en', '')."""
    parts = tag.split("_")
    script = next((p for p in parts[1:] if len(p) == 4), "")
    return parts[0], script


def read_cldr():
    root = ET.parse(SUPPLEMENTAL).getroot()
    secondary = collections.defaultdict(set)
    for el in root.iter("language"):
        if el.get("alt") == "secondary":
            for t in (el.get("territories") or "").split():
                secondary[t].add(el.get("type"))
    territories = {}
    for t in root.find("territoryInfo"):
        langs = [(lp.get("type"), float(lp.get("populationPercent", "0")))
                 for lp in t.findall("languagePopulation")]
        territories[t.get("type")] = (int(t.get("population")), langs)
    encompassing = {}
    for m in ET.parse(LANGUAGE_INFO).getroot().iter("languageMatch"):
        if m.get("distance") == "10" and m.get("oneway") == "true":
            encompassing.setdefault(m.get("desired"), m.get("supported"))
    likely = {}
    for s in ET.parse(LIKELY).getroot().iter("likelySubtag"):
        likely[s.get("from")] = s.get("to")
    return territories, secondary, encompassing, likely


def _script_ok(locale, script):
    return not script or not locale.script or SCRIPT_FAMILY.get(locale.script, locale.script) == script


def culture_for(tag, territory, locales, encompassing, likely, depth=0):
    """The faker locale that writes names of CLDR language `tag` in `territory` (rule 2)."""
    lang, script = _split_tag(tag)
    if not script and tag in likely:
        script = _split_tag(likely[tag])[1]
    same = [l for l in locales if l.language == lang and _script_ok(l, script)]
    for pick in ([l for l in same if l.country == territory], [l for l in same if not l.country]):
        if pick:
            return pick[0].code
    if lang in encompassing and depth < 2:
        return culture_for(encompassing[lang], territory, locales, encompassing, likely, depth + 1)
    likely_tag = likely.get(tag) or likely.get(lang)
    if likely_tag:
        country = likely_tag.split("_")[-1]
        pick = [l for l in same if l.country == country]
        if pick:
            return pick[0].code
    return None


def culture_weights(locales):
    """{culture: people}, {culture: [(territory, people)]}, represented people, world people."""
    territories, secondary, encompassing, likely = read_cldr()
    weights = collections.Counter()
    detail = collections.defaultdict(list)
    world = 0
    for terr, (population, langs) in sorted(territories.items()):
        world += population
        shares = _territory_shares(terr, langs, secondary[terr], locales, encompassing, likely)
        for code, share in shares.items():
            weights[code] += population * share
            detail[code].append((terr, population * share))
    represented = sum(weights.values())
    return weights, detail, represented, world


def _territory_shares(terr, langs, secondary, locales, encompassing, likely):
    """{culture: share of the territory's people} by rules 1-3."""
    own = [l for l in locales if l.country == terr]
    if own:
        pct = {l.code: sum(p for tag, p in langs if _split_tag(tag)[0] == l.language) for l in own}
        total = sum(pct.values())
        # A territory whose own locales' languages CLDR does not list (none here) is shared
        # equally among them.
        return {c: (p / total if total > 0 else 1 / len(own)) for c, p in pct.items()}
    primary = [(tag, p) for tag, p in langs if tag not in secondary] or langs
    if not primary:
        return {}
    main_tag = max(primary, key=lambda x: x[1])[0]
    code = culture_for(main_tag, terr, locales, encompassing, likely)
    return {code: 1.0} if code else {}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python3 tools/culture_weights.py POPULATION_TSV")
    locales = read_locales(sys.argv[1])
    weights, detail, represented, world = culture_weights(locales)
    print(f"CLDR {cldr_version()}: world {world:,}; represented {represented:,.0f} ({100 * represented / world:.1f}%)")
    for l in locales:
        top = sorted(detail[l.code], key=lambda x: -x[1])[:6]
        terr = " ".join(f"{t}:{p / 1e6:.1f}M" for t, p in top)
        print(f"{l.code:14} {weights[l.code] / 1e6:9.1f}M  {terr}")


if __name__ == "__main__":
    main()
