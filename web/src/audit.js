// The audit trail (GET /v1/audit, paged by sequence number) and its verification (GET
// /v1/audit/verify: the hash chain recomputed on the server).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { when } from './format.js';

export function AuditPage() {
  const [pages, setPages] = useState(['0']);
  const [data, setData] = useState(null);
  const [error, setError] = useState('');
  const [verify, setVerify] = useState(null);
  const [busy, setBusy] = useState(false);
  const after = pages[pages.length - 1];
  useEffect(() => {
    setError('');
    api('GET', `/v1/audit?after=${encodeURIComponent(after)}&limit=50`)
      .then(setData).catch((e) => setError(e.message));
  }, [after]);
  async function runVerify() {
    setBusy(true);
    setVerify(null);
    try {
      setVerify(await api('GET', '/v1/audit/verify'));
    } catch (e) {
      setVerify({ ok: false, reason: e.message });
    } finally {
      setBusy(false);
    }
  }
  return html`<section aria-labelledby="audit-title">
    <h1 id="audit-title">Audit trail</h1>
    <p>Every import, screening run, alert, assignment, decision, suppression, user change and
      sign-in, each record carrying the SHA-256 of the one before.</p>
    <p><button onClick=${runVerify} disabled=${busy}>${busy ? 'Verifying…' : 'Verify the chain'}</button></p>
    <div role="status">${verify ? verify.ok
      ? html`<p class="notice">The chain is intact: ${verify.checked.toLocaleString('en')} records verified.</p>`
      : html`<p class="error">The chain is broken${verify.bad_seq ? ` at record ${verify.bad_seq}` : ''}: ${verify.reason}</p>`
      : null}</div>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${data ? html`<table class="audit">
      <caption>Records ${data.records[0]?.seq ?? ''}–${data.records[data.records.length - 1]?.seq ?? ''}</caption>
      <thead><tr><th scope="col" class="num">#</th><th scope="col">When</th><th scope="col">Who</th>
        <th scope="col">Action</th><th scope="col">Object</th><th scope="col">Detail</th>
        <th scope="col">Hash</th></tr></thead>
      <tbody>${data.records.map((r) => html`<tr>
        <td class="num">${r.seq}</td><td>${when(r.time)}</td><td>${r.actor}</td>
        <td>${r.action.replace(/_/g, ' ')}</td><td><code>${r.object}</code></td>
        <td class="detail"><code>${JSON.stringify(r.detail)}</code></td>
        <td><code class="hash" title=${r.hash}>${r.hash.slice(0, 12)}</code></td></tr>`)}</tbody>
    </table>
    <nav class="pager" aria-label="Pages">
      <button class="secondary" disabled=${pages.length < 2} onClick=${() => setPages(pages.slice(0, -1))}>Previous page</button>
      <button class="secondary" disabled=${!data.next} onClick=${() => setPages([...pages, data.next])}>Next page</button>
    </nav>` : null}
  </section>`;
}
