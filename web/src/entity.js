// The full record of a listed entity (GET /v1/entities/{id}): every name in every script, dates,
// places, identifiers, programmes, the list's remarks and listing date, as the list publishes
// them (FollowTheMoney property names).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

// FollowTheMoney property -> label, in the order an analyst reads a record.
const LABELS = [
  ['name', 'Names'], ['alias', 'Aliases'], ['weakAlias', 'Weak aliases'],
  ['previousName', 'Previous names'], ['title', 'Titles'], ['position', 'Positions'],
  ['gender', 'Gender'], ['birthDate', 'Birth dates'], ['birthPlace', 'Birth places'],
  ['deathDate', 'Death dates'], ['nationality', 'Nationality'], ['citizenship', 'Citizenship'],
  ['flag', 'Flag'], ['country', 'Countries'], ['incorporationDate', 'Incorporated'],
  ['imoNumber', 'IMO number'], ['passportNumber', 'Passports'], ['idNumber', 'ID numbers'],
  ['taxNumber', 'Tax numbers'], ['registrationNumber', 'Registration numbers'],
  ['program', 'Programmes'], ['notes', 'Remarks'],
];

function Values({ values }) {
  if (values.length === 1) return html`<span lang="und">${String(values[0])}</span>`;
  return html`<ul class="values">${values.map((v) => html`<li lang="und">${String(v)}</li>`)}</ul>`;
}

function Nested({ items, label }) {
  return html`<div><strong>${label}</strong>
    <ul class="values">${items.map((it) => html`<li>${Object.entries(it.properties || {})
      .map(([k, v]) => `${k}: ${[].concat(v).join(', ')}`).join('; ')}</li>`)}</ul></div>`;
}

export function EntityRecord({ id }) {
  const [entity, setEntity] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    setEntity(null);
    setError('');
    api('GET', `/v1/entities/${encodeURIComponent(id)}`)
      .then((e) => live && setEntity(e))
      .catch((e) => live && setError(e.message));
    return () => { live = false; };
  }, [id]);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!entity) return html`<p class="muted">Loading the listed record…</p>`;
  const p = entity.properties || {};
  const known = new Set(LABELS.map(([k]) => k).concat(['addressEntity', 'identification', 'sanctions']));
  const other = Object.keys(p).filter((k) => !known.has(k));
  return html`<section class="entity" aria-label="Listed record">
    <h3>${entity.caption} <span class="muted">${entity.entity_id} · ${entity.schema}</span></h3>
    <dl>
      ${LABELS.filter(([k]) => p[k]?.length).map(([k, label]) => html`
        <dt>${label}</dt><dd><${Values} values=${p[k]} /></dd>`)}
      ${other.map((k) => html`<dt>${k}</dt><dd><${Values} values=${[].concat(p[k])} /></dd>`)}
      <dt>List</dt><dd>${entity.list}${entity.last_change ? ` · last changed ${entity.last_change}` : ''}</dd>
    </dl>
    ${p.addressEntity?.length ? html`<${Nested} items=${p.addressEntity} label="Addresses" />` : null}
    ${p.identification?.length ? html`<${Nested} items=${p.identification} label="Identification documents" />` : null}
    ${p.sanctions?.length ? html`<${Nested} items=${p.sanctions} label="Listing" />` : null}
  </section>`;
}
