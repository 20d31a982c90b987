// The lists serving now (GET /v1/lists): versions, counts, the last reload and, with a list
// store, each source's last fetch and refusal.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { when } from './format.js';

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
    </table>` : null}
  </section>`;
}
