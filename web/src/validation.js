// The last `cordon validate` report (GET /v1/validation: the JSON of `cordon validate --format
// json -o FILE`, named by `cordon serve --validation-report FILE`; the server never runs it):
// what it was run on (engine, lists, and whether those are the lists serving now), recall per
// kind of variant, the false-positive rate on names on no list overall and per culture, the
// baseline and the cross-script pairs, with the misses kept as examples.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { when } from './format.js';

const pct = (x) => (typeof x === 'number' ? `${(x * 100).toFixed(2)}%` : '–');
const n = (x) => (typeof x === 'number' ? x.toLocaleString('en') : '–');
const ci = (c) => (Array.isArray(c) && c.length === 2 ? `${pct(c[0])}–${pct(c[1])}` : '–');

function Examples({ items }) {
  if (!items?.length) return null;
  return html`<details><summary>${items.length} example${items.length === 1 ? '' : 's'}</summary>
    <ul class="values">${items.map((e) => html`<li><span lang="und">${e.query || e.original}</span>${' '}
      ${e.entity_id ? html`<code>${e.entity_id}</code>` : null}${e.other ? html` ~ <span lang="und">${e.other}</span>` : null}
      ${e.detail ? html` <span class="muted small">${e.detail}</span>` : null}</li>`)}</ul></details>`;
}

export function ValidationPage() {
  const [data, setData] = useState(null);
  const [lists, setLists] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api('GET', '/v1/validation').then(setData).catch((e) => setError(e.message));
    api('GET', '/v1/lists').then(setLists).catch(() => setLists(null));
  }, []);
  if (error) {
    return html`<section aria-labelledby="validation-title"><h1 id="validation-title">Validation</h1>
      <p class="error" role="alert">${error}</p></section>`;
  }
  if (!data) return html`<p class="muted">Loading…</p>`;
  const r = data.report;
  const serving = new Map((lists?.lists || []).map((l) => [l.list, l.content_hash]));
  const stale = lists ? (r.lists || []).filter((l) => serving.get(l.list) !== l.hash) : [];
  const neg = r.negatives;
  return html`<section aria-labelledby="validation-title">
    <h1 id="validation-title">Validation</h1>
    <p>The last report of <code>cordon validate</code>: <code>${data.file}</code>, written${' '}
      ${when(data.modified_at)} by ${r.engine_version}; threshold ${r.threshold}, seed ${r.seed},
      ${' '}${r.sample ? `${n(Math.min(r.sample, r.entities))} of ${n(r.entities)}` : `all ${n(r.entities)}`} listed entities sampled.</p>
    <p>Lists: ${(r.lists || []).map((l) => `${l.list} ${l.published || ''}`).join(', ')}.${' '}
      ${!lists ? null : stale.length === 0
        ? html`<span class="notice">The lists serving now are the ones validated.</span>`
        : html`<strong class="error">Not the lists serving now (${stale.map((l) => l.list).join(', ')} changed since): run cordon validate again.</strong>`}</p>
    ${r.categories?.length ? html`<table class="validation">
      <caption>Listed names written otherwise: found at or above the threshold</caption>
      <thead><tr><th scope="col">Variant</th><th scope="col" class="num">Cases</th>
        <th scope="col" class="num">Found</th><th scope="col" class="num">Recall</th>
        <th scope="col">Misses</th></tr></thead>
      <tbody>${r.categories.map((c) => html`<tr>
        <td>${c.category.replace(/_/g, ' ')}</td><td class="num">${n(c.cases)}</td>
        <td class="num">${n(c.found)}</td><td class="num">${pct(c.recall)}</td>
        <td><${Examples} items=${c.misses} /></td></tr>`)}</tbody>
    </table>` : null}
    ${neg ? html`<p><strong>Names on no list:</strong> ${n(neg.names)} screened; false positives${' '}
      ${pct(neg.fp_rate_name_only)} on the name alone (95% ${ci(neg.fp_ci95_name_only)}),${' '}
      ${pct(neg.fp_rate_with_dob)} with a date of birth (95% ${ci(neg.fp_ci95_with_dob)}).</p>` : null}
    ${r.cultures?.length ? html`<table class="validation">
      <caption>False positives per culture of names</caption>
      <thead><tr><th scope="col">Culture</th><th scope="col" class="num">Names</th>
        <th scope="col" class="num">Name only</th><th scope="col" class="num">With date of birth</th>
        <th scope="col">Flag</th><th scope="col">Examples</th></tr></thead>
      <tbody>${r.cultures.map((c) => html`<tr>
        <td>${c.culture}</td><td class="num">${n(c.names)}</td>
        <td class="num">${pct(c.fp_rate_name_only)}</td><td class="num">${pct(c.fp_rate_with_dob)}</td>
        <td>${c.above_twice_overall ? html`<span class="tag status-open">over twice the overall
          rate${c.above_twice_overall_significant ? ', significant' : ''}</span>` : ''}</td>
        <td><${Examples} items=${c.examples} /></td></tr>`)}</tbody>
    </table>` : null}
    ${r.baseline ? html`<p><strong>Baseline:</strong> cordon ${pct(r.baseline.cordon_recall)} recall at${' '}
      ${pct(r.baseline.cordon_fp_rate)} false positives; Jaro-Winkler at ${r.baseline.jw_threshold}:${' '}
      ${pct(r.baseline.jw_recall)} recall at ${pct(r.baseline.jw_fp_rate)} false positives.</p>` : null}
    ${r.cross_script?.groups?.length ? html`<table class="validation">
      <caption>Names in another script (${r.cross_script.split} split)</caption>
      <thead><tr><th scope="col">Group</th><th scope="col" class="num">Names</th>
        <th scope="col" class="num">Screening recall</th><th scope="col" class="num">False positives</th></tr></thead>
      <tbody>${r.cross_script.groups.map((g) => html`<tr>
        <td>${g.group}</td><td class="num">${n(g.names)}</td>
        <td class="num">${pct(g.screening_recall)}</td><td class="num">${n(g.false_positives)}</td></tr>`)}</tbody>
    </table>` : null}
  </section>`;
}
