// Generates data/names/negatives/names.tsv ("culture\tschema\tname"): names of people (and some
// companies) who are on no list, across name cultures, for the false-positive test of
// `cordon validate`; and, with another seed, --iid and --exclude-names names.tsv,
// data/names/negatives/population.tsv, the general population sample tools/build_token_stats.py
// counts tokens in. The population is kept apart so that the token statistics the engine uses
// are not computed on the names the false-positive test screens: a population name whose exact
// key equals a test name's is dropped from the population. It is drawn --iid: exactly --persons
// draws per locale, repeats kept, as a frequency sample must be (drawing distinct names would
// flatten the frequencies of a locale with short faker lists).
//
// Source: the person and company name data of the npm package @faker-js/faker (MIT). Development
// time only; nothing at run time needs Node. Run from a folder OUTSIDE the repository:
//   mkdir /tmp/fk && cd /tmp/fk && npm install @faker-js/faker@10.6.0
//   python3 /work/main/tools/namedata.py keys > /tmp/listkeys.txt
//   node /work/main/tools/gen_negatives.mjs \
//     --faker /tmp/fk/node_modules/@faker-js/faker/dist/index.js --exclude /tmp/listkeys.txt
//
// Per locale that has its own person names (locales that fall back to English data are skipped),
// PERSONS_PER_LOCALE distinct people (2,000: a culture's false-positive rate of 0.2% is then
// measured within about +-0.2 points, Wilson 95%): given name(s) + family name in the locale's
// order of faker data, 30% with a second given name (common in Arabic, Persian, Turkic and Spanish
// names); and COMPANIES_PER_LOCALE distinct companies where the locale has company names. Names
// are drawn until that many distinct ones are kept, at most MAX_DRAWS_PER_NAME draws per name
// wanted: a locale whose faker lists are short (Urdu: 36 given and 20 family names, so 720
// two-word names) reaches its count with more three-word names, and one that cannot is reported.
// The culture label is the faker locale code, and the header gives each locale's language,
// country and script (faker's metadata), which tools/build_token_stats.py maps to CLDR
// territories. Where faker gives native script only, a Latin transliteration is added with
// the label "<locale>-Latn": Cyrillic and Greek by the letter tables below (BGN/PCGN-style),
// Arabic-script names through data/tables/arabic_latin.tsv (most frequent spelling), tokens missing
// from the table letter by letter (arabicLetters). Hebrew, Armenian, Georgian, CJK, Thai,
// Devanagari and Thaana names stay in native script only.
//
// Any name whose exact key (sorted normalised Latin tokens, or the casefolded text in another
// script; see exact_keys in tools/namedata.py) equals a listed name's is dropped.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const PERSONS_PER_LOCALE = 2000;
const COMPANIES_PER_LOCALE = 200;
const SECOND_GIVEN_SHARE = 0.3;
// Draws allowed per distinct name wanted before a locale is reported short: Urdu, the smallest
// faker name space, needs about 3.5 draws a name to reach 2,000; 20 leaves room and still ends.
const MAX_DRAWS_PER_NAME = 20;

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const CYRILLIC = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'yo', є: 'ye', ж: 'zh', з: 'z',
  и: 'i', і: 'i', ї: 'yi', й: 'y', к: 'k', л: 'l', љ: 'lj', м: 'm', н: 'n', њ: 'nj', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', ѓ: 'gj', ќ: 'kj', ѕ: 'dz',
  џ: 'dzh', ј: 'j', ө: 'o', ү: 'u', ң: 'ng', қ: 'q', ғ: 'gh', ҳ: 'h', ҷ: 'j', ә: 'a',
};
const GREEK = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l',
  μ: 'm', ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f',
  χ: 'ch', ψ: 'ps', ω: 'o',
};

function byTable(name, table) {
  const lower = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  let out = '';
  for (const ch of lower) out += ch in table ? table[ch] : ch;
  return out.replace(/(^|[\s-])(\p{L})/gu, (m, sep, c) => sep + c.toUpperCase());
}

// The Arabic normalisation of tools/namedata.py (normalize_arabic).
function normArabic(t) {
  return t.normalize('NFKC').replace(/[\u064b-\u065f\u0670\u0640]/g, '')
      .replace(/[أإآٱ]/g, 'ا').replace(/[ىی]/g, 'ي').replace(/ة/g, 'ه').replace(/ک/g, 'ك');
}

function loadArabicLatin() {
  const map = new Map();
  const path = join(REPO, 'data', 'tables', 'arabic_latin.tsv');
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [ar, latin] = line.split('\t');
    map.set(ar, latin);
  }
  return map;
}

// Letter-by-letter fallback for Arabic-script tokens the table lacks: one Latin value per letter
// (BGN/PCGN-style, with the Persian, Urdu and Sorani letters), "a" inserted between two consonants
// since the script writes no short vowels, "al" for the article. Crude but Latin-shaped; it only
// feeds the negatives.
const ARABIC_LETTERS = {
  ا: 'a', ب: 'b', ت: 't', ث: 'th', ج: 'j', ح: 'h', خ: 'kh', د: 'd', ذ: 'dh', ر: 'r', ز: 'z',
  س: 's', ش: 'sh', ص: 's', ض: 'd', ط: 't', ظ: 'z', ع: '', غ: 'gh', ف: 'f', ق: 'q', ك: 'k',
  ل: 'l', م: 'm', ن: 'n', ه: 'h', و: 'u', ي: 'i', ء: '', ئ: '', ؤ: '', پ: 'p', چ: 'ch', ژ: 'zh',
  گ: 'g', ٹ: 't', ڈ: 'd', ڑ: 'r', ں: 'n', ھ: 'h', ے: 'e', ڕ: 'r', ۆ: 'o', ێ: 'e', ڵ: 'l', ڤ: 'v',
};
const LONG_VOWELS = new Set(['a', 'u', 'i', 'o', 'e', '']);

function arabicLetters(token) {
  let body = token;
  let out = '';
  if (body.startsWith('ال') && body.length > 3) { out = 'al'; body = body.slice(2); }
  const letters = [...body].map((c) => ARABIC_LETTERS[c] ?? '');
  letters.forEach((l, i) => {
    out += (i === 0 && (l === 'u' || l === 'i')) ? (l === 'u' ? 'w' : 'y') : l;
    const next = letters[i + 1];
    if (next !== undefined && !LONG_VOWELS.has(l) && !LONG_VOWELS.has(next)) out += 'a';
  });
  if (body.endsWith('ه')) out = out.slice(0, -1) + 'a';
  return out;
}

function fromArabic(name, table) {
  const toks = normArabic(name).split(/[^\u0600-\u06ff]+/).filter(Boolean);
  if (!toks.length) return null;
  const latin = toks.map((t) => table.get(t) ?? arabicLetters(t)).filter(Boolean);
  return latin.map((l) => l[0].toUpperCase() + l.slice(1)).join(' ');
}

// A Latin twin for a name written in Cyrillic, Greek or Arabic script; none for a Latin name
// holding a stray letter of another script (faker's en_GH writes "Akyerεko" with a Greek
// epsilon for the Latin open e).
function transliterate(name, arabicLatin) {
  if (/\p{Script=Latin}/u.test(name)) return null;
  if (/\p{Script=Cyrillic}/u.test(name)) return byTable(name, CYRILLIC);
  if (/\p{Script=Greek}/u.test(name)) return byTable(name, GREEK);
  if (/\p{Script=Arabic}/u.test(name)) return fromArabic(name, arabicLatin);
  return null;
}

// exact_keys of tools/namedata.py.
const LATIN_ASCII = { ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
function exactKeys(name) {
  let t = name.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  t = [...t].map((c) => LATIN_ASCII[c] ?? c).join('');
  t = t.replace(/['\u2018\u2019\u02bb\u02bc\u02bf\u02be\u02b9`\u00b4\-\u2010\u2011]/g, '');
  const toks = t.split(/[^0-9a-z\u0080-\u{10ffff}]+/u).filter((x) => x && /^[\x00-\x7f]+$/.test(x));
  const keys = toks.length ? [toks.sort().join(' ')] : [];
  if (!/^[\x00-\x7f]*$/.test(t)) keys.push(normArabic(name).toLowerCase().split(/\s+/).filter(Boolean).join(' '));
  return keys;
}

function personName(f) {
  const sex = f.helpers.arrayElement(['female', 'male']);
  const given = [f.person.firstName(sex)];
  if (f.number.float() < SECOND_GIVEN_SHARE) given.push(f.person.firstName(sex));
  return `${given.join(' ')} ${f.person.lastName(sex)}`;
}

function hasOwnPersons(locale, allLocales) {
  const p = allLocales[locale]?.person;
  return Boolean(p && (p.first_name || p.last_name));
}

// The keys of every name in a names.tsv file (--exclude-names): population names whose key is
// one of them are dropped, so that no name is both a test negative and a population name.
function namesFileKeys(path) {
  const keys = new Set();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const parts = line.split('\t');
    if (line.startsWith('#') || parts.length !== 3) continue;
    for (const k of exactKeys(parts[2])) keys.add(k);
  }
  return keys;
}

// Draws names with `make` and offers them to `add` until `done()` says the locale (and its Latin
// twin, which can lose a name to the exclusions or to two spellings with one transliteration)
// has its count, or the draw budget of `want` names is spent.
function drawDistinct(want, make, add, done) {
  for (let draws = 0; !done() && draws < want * MAX_DRAWS_PER_NAME; draws++) add(make());
}

// Draws exactly `draws` names (--iid) and offers each to `add`.
function drawIid(draws, make, add) {
  for (let i = 0; i < draws; i++) add(make());
}

async function main() {
  const mod = await import(arg('--faker', '@faker-js/faker'));
  const { allFakers, allLocales } = mod;
  const seed = Number(arg('--seed', '20250101'));
  const persons = Number(arg('--persons', PERSONS_PER_LOCALE));
  const companies = Number(arg('--companies', COMPANIES_PER_LOCALE));
  const out = arg('--out', join(REPO, 'data', 'names', 'negatives', 'names.tsv'));
  const excludePath = arg('--exclude', null);
  const exclude = new Set(excludePath ? readFileSync(excludePath, 'utf8').split('\n') : []);
  const excludeNamesPath = arg('--exclude-names', null);
  const excludeNames = excludeNamesPath ? namesFileKeys(excludeNamesPath) : new Set();
  const iid = process.argv.includes('--iid');
  const arabicLatin = loadArabicLatin();
  const rows = new Set();
  const counts = new Map();  // culture<TAB>schema -> distinct rows
  const bump = (key) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const repeats = [];  // --iid: rows drawn again (kept, in draw order after the first ones)
  let dropped = 0, droppedShared = 0;
  const short = [];
  // Adds a name and its Latin twin; true when the name is new and kept.
  const add = (culture, schema, raw) => {
    const name = raw.replace(/\s+/g, ' ').trim();
    const keys = exactKeys(name);
    if (keys.some((k) => exclude.has(k))) { dropped++; return false; }
    if (keys.some((k) => excludeNames.has(k))) { droppedShared++; return false; }
    const row = `${culture}\t${schema}\t${name}`;
    const latin = transliterate(name, arabicLatin);
    const latinKeys = latin ? exactKeys(latin) : [];
    // A name whose transliteration is a listed name is that listed name ("Станислав Кузнецов"
    // is Stanislav KUZNETSOV of the Canada list), whichever script it is written in.
    if (latinKeys.some((k) => exclude.has(k))) { dropped++; return false; }
    const twin = latin && !latinKeys.some((k) => excludeNames.has(k))
      ? `${culture}-Latn\t${schema}\t${latin.replace(/\s+/g, ' ').trim()}` : null;
    if (rows.has(row)) {
      if (iid) repeats.push(row, ...(twin ? [twin] : []));
      return iid;
    }
    rows.add(row);
    bump(`${culture}\t${schema}`);
    if (twin && !rows.has(twin)) {
      rows.add(twin);
      bump(`${culture}-Latn\t${schema}`);
    }
    return true;
  };
  const locales = Object.keys(allFakers).filter(
      (l) => hasOwnPersons(l, allLocales) && !['en_BORK', 'en_AU_ocker', 'eo'].includes(l)).sort();
  const meta = [];
  for (const locale of locales) {
    const f = allFakers[locale];
    const m = allLocales[locale].metadata ?? {};
    meta.push(`# locale\t${locale}\t${m.language ?? ''}\t${m.country ?? ''}\t${m.script ?? ''}`);
    f.seed(seed);
    // Whether the locale, and its Latin twin if it has one, hold `want` names of `schema`.
    const reached = (schema, want) => () => [locale, `${locale}-Latn`].every(
        (c, i) => (counts.get(`${c}\t${schema}`) ?? 0) >= want ||
            (i === 1 && !counts.has(`${c}\t${schema}`)));
    if (iid) {
      drawIid(persons, () => personName(f), (n) => add(locale, 'Person', n));
    } else {
      drawDistinct(persons, () => personName(f), (n) => add(locale, 'Person', n),
          reached('Person', persons));
      if (!reached('Person', persons)()) short.push(`${locale} persons`);
    }
    if (allLocales[locale]?.company?.name_pattern || allLocales[locale]?.company?.last_name) {
      drawDistinct(companies, () => f.company.name(), (n) => add(locale, 'Organization', n),
          reached('Organization', companies));
      if (!reached('Organization', companies)()) {
        short.push(`${locale} ${counts.get(`${locale}\tOrganization`) ?? 0} companies`);
      }
    }
  }
  const version = JSON.parse(readFileSync(join(dirname(arg('--faker')), '..', 'package.json'))).version;
  const head = [
    `# generated by tools/gen_negatives.mjs on ${new Date().toISOString().slice(0, 10)}`,
    `# source: npm @faker-js/faker ${version} (MIT), seed ${seed}, ` +
        (iid ? `${persons} person draws per locale (repeats kept)` : `${persons} distinct persons`) +
        ` and up to ${companies} companies per locale`,
    `# ${locales.length} locales; ${rows.size + repeats.length} names; ${dropped} dropped as exactly equal to a listed name` +
        (excludeNamesPath ? `; ${droppedShared} dropped as equal to a name of ${excludeNamesPath.split('/').pop()}` : ''),
    `# short of the count wanted: ${short.length ? short.join(', ') : 'none'}`,
    '# format: culture<TAB>schema<TAB>name; culture = faker locale, "-Latn" = our transliteration',
    '# locale<TAB>code<TAB>language<TAB>country<TAB>script: faker\'s metadata of each locale',
    ...meta,
  ];
  writeFileSync(out, head.join('\n') + '\n' + [...rows, ...repeats].join('\n') + '\n');
  console.error(`${out}: ${rows.size + repeats.length} names from ${locales.length} locales, ${dropped} dropped` +
      `, ${droppedShared} shared with --exclude-names; short: ${short.join(', ') || 'none'}`);
}

main();
