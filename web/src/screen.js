// Ad-hoc screening of one party (POST /v1/screen): the hits with the engine's explanation of
// each, and the listed entity's full record on demand.
import { html } from 'htm/preact';
import { useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { EntityRecord } from './entity.js';
import { Explanation } from './explain.js';
import { score } from './format.js';

const FIELDS = [
  ['birth_date', 'Date of birth', 'e.g. 1975-03-02 or 1975'],
  ['nationality', 'Nationality', 'e.g. AF or Afghanistan'],
  ['country', 'Country', 'of residence or registration'],
  ['identifiers', 'Identifier', 'passport or ID number'],
];

function Hit({ hit, threshold, index }) {
  const [open, setOpen] = useState(index === 0);
  const [record, setRecord] = useState(false);
  const id = `hit-${index}`;
  return html`<li class="hit">
    <h3>
      <button class="disclosure" aria-expanded=${open} aria-controls=${id}
        onClick=${() => setOpen(!open)}>
        <span class="score">${score(hit.score)}</span>
        <span lang="und">${hit.name}</span>
        <span class="muted">${hit.entity_id} · ${hit.schema}</span>
      </button>
    </h3>
    ${open ? html`<div id=${id}>
      <${Explanation} hit=${hit} threshold=${threshold} />
      <button class="secondary" aria-expanded=${record} onClick=${() => setRecord(!record)}>
        ${record ? 'Hide' : 'Show'} the listed record</button>
      ${record ? html`<${EntityRecord} id=${hit.entity_id} />` : null}
    </div>` : null}
  </li>`;
}

export function ScreenPage({ threshold }) {
  const [form, setForm] = useState({ name: '', schema: 'Any' });
  const [result, setResult] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const results = useRef(null);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });

  async function submit(ev) {
    ev.preventDefault();
    const query = { id: 'ad-hoc' };
    for (const [k, v] of Object.entries(form)) {
      if (v.trim() === '') continue;
      query[k] = k === 'identifiers' ? [v.trim()] : v.trim();
    }
    setBusy(true);
    setError('');
    try {
      const r = await api('POST', '/v1/screen', query);
      setResult({ ...r, query });
      setTimeout(() => results.current?.focus(), 0);
    } catch (e) {
      setError(e.field ? `${e.field}: ${e.message}` : e.message);
      setResult(null);
    } finally {
      setBusy(false);
    }
  }

  return html`<section aria-labelledby="screen-title">
    <h1 id="screen-title">Screen a name</h1>
    <form class="screen" onSubmit=${submit}>
      <div class="row">
        <div class="field grow">
          <label for="q-name">Name</label>
          <input id="q-name" required value=${form.name} onInput=${set('name')}
            placeholder="in any script" autocomplete="off" />
        </div>
        <div class="field">
          <label for="q-schema">Kind</label>
          <select id="q-schema" value=${form.schema} onChange=${set('schema')}>
            ${['Any', 'Person', 'Organization', 'Vessel', 'Aircraft'].map((s) => html`<option>${s}</option>`)}
          </select>
        </div>
      </div>
      <div class="row">
        ${FIELDS.map(([k, label, hint]) => html`<div class="field">
          <label for=${`q-${k}`}>${label}</label>
          <input id=${`q-${k}`} value=${form[k] || ''} onInput=${set(k)} placeholder=${hint}
            autocomplete="off" />
        </div>`)}
      </div>
      <button type="submit" disabled=${busy}>${busy ? 'Screening…' : 'Screen'}</button>
    </form>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${result ? html`<section class="results" tabindex="-1" ref=${results} aria-labelledby="results-title">
      <h2 id="results-title">${result.hits.length === 0 ? 'No hits'
        : `${result.hits.length} hit${result.hits.length === 1 ? '' : 's'}`} for <span
        lang="und">“${result.query.name}”</span></h2>
      ${result.warnings?.length ? html`<ul class="warnings">${result.warnings.map((w) =>
        html`<li>${w.field}: ${w.value} – ${w.reason || w.message}</li>`)}</ul>` : null}
      ${result.hits.length === 0 ? html`<p>Nothing on the lists scores at or above the threshold${' '}
        ${threshold == null ? '' : score(threshold)}.</p>` : null}
      <ol class="hits">${result.hits.map((h, i) => html`<${Hit} key=${h.entity_id} hit=${h}
        threshold=${threshold} index=${i} />`)}</ol>
    </section>` : null}
  </section>`;
}
