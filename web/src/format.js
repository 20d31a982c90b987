// Small formatting helpers shared by the pages.

export function pct(x) {
  return typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : '–';
}

export function score(x) {
  return typeof x === 'number' ? x.toFixed(4) : '–';
}

export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

// How a token pair matched, in words an analyst reads at a glance.
export const HOW = {
  exact: 'exact',
  phonetic: 'sounds alike',
  typo: 'typo',
  translit: 'transliteration',
  transliteration: 'transliteration',
  initial: 'initial',
  abbreviation: 'abbreviation',
  missing: 'missing',
};

export function howLabel(how) {
  return HOW[how] || how;
}

// The kind of a held message's hit (docs/messages.md: party, identifier, text, jurisdiction).
export const HIT_KIND = {
  party: 'party name',
  identifier: 'identifier (BIC, LEI)',
  text: 'name in free text',
  jurisdiction: 'embargoed country or place',
};

export function hitKindLabel(kind) {
  return HIT_KIND[kind] || kind || '–';
}
