// The lists serving now (GET /v1/lists): versions, counts, the last reload and, with a list
// store, each source's last fetch and refusal, its stored versions, and what changed between two
// of them (GET /v1/lists/diff: entries added, removed and changed, field by field).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { when } from './format.js';

const SHOWN = 200;  // entries shown per kind of change; the counts are always whole

function Refs({ title, refs, cls }) {
  if (!refs.length) return null;
  return html`<details open=${refs.length <= 20}>
    <summary>${title} (${refs.length.toLocaleString('en')})</summary>
    <ul class=${`changes ${cls}`}>${refs.slice(0, SHOWN).map((r) => html`<li>
      <code>${r.id}</code> <span lang="und">${r.name}</span> <span class="muted small">${r.schema}</span></li>`)}</ul>
    ${refs.length > SHOWN ? html`<p class="muted small">and ${(refs.length - SHOWN).toLocaleString('en')} more</p>` : null}
  </details>`;
}

function Changed({ changed }) {
  if (!changed.length) return null;
  return html`<details open=${changed.length <= 20}>
    <summary>Changed (${changed.length.toLocaleString('en')})</summary>
    <ul class="changes changed">${changed.slice(0, SHOWN).map((c) => html`<li>
      <code>${c.id}</code> <span lang="und">${c.name}</span>
      <ul>${c.fields.map((f) => html`<li><strong>${f.field.replace(/_/g, ' ')}</strong>${' '}
        ${f.reordered ? html`<span class="muted">same values, new order</span>` : null}
        ${f.removed.map((v) => html`<div class="removed" lang="und"><span class="visually-hidden">removed: </span>− ${v}</div>`)}
        ${f.added.map((v) => html`<div class="added" lang="und"><span class="visually-hidden">added: </span>+ ${v}</div>`)}
      </li>`)}</ul></li>`)}</ul>
    ${changed.length > SHOWN ? html`<p class="muted small">and ${(changed.length - SHOWN).toLocaleString('en')} more</p>` : null}
  </details>`;
}

function Versions({ source }) {
  const versions = [...(source.versions || [])].reverse();  // newest first
  const [from, setFrom] = useState(versions[1]?.id || '');
  const [to, setTo] = useState(versions[0]?.id || '');
  const [diff, setDiff] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function compare(e) {
    e.preventDefault();
    setBusy(true);
    setError('');
    setDiff(null);
    try {
      const q = new URLSearchParams({ source: source.source, old: from, new: to });
      setDiff(await api('GET', `/v1/lists/diff?${q}`));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }
  const id = `v-${source.source}`;
  return html`<section class="versions" aria-labelledby=${`${id}-title`}>
    <h2 id=${`${id}-title`}>Versions of <code>${source.source}</code></h2>
    <table>
      <caption class="visually-hidden">Stored versions of ${source.source}, newest first</caption>
      <thead><tr><th scope="col">Version</th><th scope="col">Published</th><th scope="col">Fetched</th>
        <th scope="col" class="num">Entities</th><th scope="col" class="num">Skipped</th></tr></thead>
      <tbody>${versions.map((v) => html`<tr>
        <td><code>${v.id}</code>${v.current ? html` <span class="tag status-false_positive">current</span>` : null}</td>
        <td>${v.published || '–'}</td><td>${when(v.fetched_at)}</td>
        <td class="num">${v.entities.toLocaleString('en')}</td><td class="num">${v.skipped}</td></tr>`)}</tbody>
    </table>
    ${versions.length < 2 ? html`<p class="muted">One version only: nothing to compare yet.</p>` : html`
    <form class="row" onSubmit=${compare} aria-label=${`Compare two versions of ${source.source}`}>
      <div class="field"><label for=${`${id}-old`}>Older version</label>
        <select id=${`${id}-old`} value=${from} onChange=${(e) => setFrom(e.target.value)}>
          ${versions.map((v) => html`<option value=${v.id}>${v.id}</option>`)}</select></div>
      <div class="field"><label for=${`${id}-new`}>Newer version</label>
        <select id=${`${id}-new`} value=${to} onChange=${(e) => setTo(e.target.value)}>
          ${versions.map((v) => html`<option value=${v.id}>${v.id}</option>`)}</select></div>
      <div class="field"><button type="submit" class="compare" disabled=${busy}>${busy ? 'Comparing…' : 'Compare'}</button></div>
    </form>`}
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <div role="status">${diff ? html`<div class="diff">
      ${diff.lists.map((l) => html`<section aria-label=${`Changes in ${l.list}`}>
        <p><strong>${l.counts.added.toLocaleString('en')} added, ${l.counts.removed.toLocaleString('en')} removed,${' '}
          ${l.counts.changed.toLocaleString('en')} changed</strong>, ${l.counts.unchanged.toLocaleString('en')} unchanged${' '}
          (${l.old.published || diff.old} → ${l.new.published || diff.new}).</p>
        <${Refs} title="Added" refs=${l.added} cls="added" />
        <${Refs} title="Removed" refs=${l.removed} cls="removed" />
        <${Changed} changed=${l.changed} />
      </section>`)}
      ${[...diff.only_in_old.map((k) => `${k}: only in ${diff.old}`), ...diff.only_in_new.map((k) => `${k}: only in ${diff.new}`)]
        .map((t) => html`<p>${t}</p>`)}
    </div>` : null}</div>
  </section>`;
}

export function ListsPage() {
  const [data, setData] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api('GET', '/v1/lists').then(setData).catch((e) => setError(e.message));
  }, []);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!data) return html`<p class="muted">Loading…</p>`;
  const r = data.last_reload || {};
  return html`<section aria-labelledby="lists-title">
    <h1 id="lists-title">Lists</h1>
    <p>${data.entities.toLocaleString('en')} entities, loaded ${when(data.loaded_at)}${' '}
      (generation ${data.generation}).
      ${r.error ? html` <span class="error">Last reload failed ${when(r.error_at)}: ${r.error}</span>` : null}</p>
    <table>
      <caption>Lists in use</caption>
      <thead><tr><th scope="col">List</th><th scope="col">Title</th><th scope="col">Published</th>
        <th scope="col" class="num">Entities</th><th scope="col" class="num">Skipped</th>
        <th scope="col">Content hash</th></tr></thead>
      <tbody>${data.lists.map((l) => html`<tr>
        <td><code>${l.list}</code></td><td>${l.title}</td><td>${l.published || '–'}</td>
        <td class="num">${l.entities.toLocaleString('en')}</td>
        <td class="num">${l.skipped}</td>
        <td><code class="hash" title=${l.content_hash}>${(l.content_hash || '').slice(0, 19)}</code></td>
      </tr>`)}</tbody>
    </table>
    ${data.sources?.length ? html`<table>
      <caption>Sources fetched</caption>
      <thead><tr><th scope="col">Source</th><th scope="col">Current version</th>
        <th scope="col">Checked</th><th scope="col">Fetched</th><th scope="col">Last refusal</th></tr></thead>
      <tbody>${data.sources.map((s) => html`<tr>
        <td><code>${s.source}</code></td><td>${s.current_version || '–'}</td>
        <td>${when(s.checked_at)}</td><td>${when(s.fetched_at)}</td>
        <td>${s.last_refusal ? `${when(s.last_refusal.at)}: ${s.last_refusal.reason}` : '–'}</td>
      </tr>`)}</tbody>
    </table>
    ${data.sources.map((s) => html`<${Versions} key=${s.source} source=${s} />`)}` : html`<p class="muted">
      The lists are read from files: with a list store (<code>cordon lists fetch</code>,
      docs/lists.md) this page shows each source's versions and what changed between two.</p>`}
  </section>`;
}
