// The good-guy list (GET /v1/suppressions): the subject and listed entry pairs closed as false
// positives, which do not alert again while the subject's data and the entry are unchanged and
// the entry is in force. Filtered on the page (text, in force or all), each entry's expiry shown;
// supervisors and admins revoke one with a required reason (POST /v1/suppressions/{id}/revoke):
// the pair alerts again at the next run, showing the earlier decision.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { when } from './format.js';

function expiry(s) {
  if (s.revoked_at) return html`<span class="tag status-open">revoked</span>`;
  if (!s.expires_at) return html`<span>never</span>`;
  const days = (new Date(s.expires_at).getTime() - Date.now()) / 864e5;
  if (!(days > 0)) return html`<span class="tag status-open" title=${when(s.expires_at)}>expired</span>`;
  return html`<span title=${when(s.expires_at)}>${when(s.expires_at).slice(0, 10)}${' '}
    <span class="muted small">(in ${days < 1 ? 'less than a day' : `${Math.floor(days)} d`})</span></span>`;
}

function Revoke({ entry, onDone, onCancel }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const box = useRef(null);
  useEffect(() => { box.current?.focus(); }, [entry.suppression_id]);
  async function submit(e) {
    e.preventDefault();
    if (!reason.trim()) { setError('A reason is required.'); box.current?.focus(); return; }
    setBusy(true);
    setError('');
    try {
      const r = await api('POST', `/v1/suppressions/${entry.suppression_id}/revoke`, { reason });
      onDone(r.suppression);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }
  return html`<form class="decide" onSubmit=${submit} aria-labelledby="revoke-title"
      onKeyDown=${(e) => { if (e.key === 'Escape') onCancel(); }}>
    <h2 id="revoke-title">Revoke good-guy entry ${entry.suppression_id}</h2>
    <p>${entry.subject_id} ~ ${entry.entity_id}: the pair alerts again at the next screening run,
      with this decision shown as the earlier one.</p>
    <label for="revoke-reason">Reason (required)</label>
    <textarea id="revoke-reason" ref=${box} rows="2" value=${reason} aria-required="true"
      onInput=${(e) => setReason(e.target.value)}
      placeholder="What changed: new information on the customer, a wrong decision…"></textarea>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <div class="pager">
      <button type="submit" disabled=${busy}>${busy ? 'Revoking…' : 'Revoke'}</button>
      <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

export function GoodGuysPage({ session }) {
  const [all, setAll] = useState(false);
  const [text, setText] = useState('');
  const [rows, setRows] = useState(null);
  const [error, setError] = useState('');
  const [revoking, setRevoking] = useState(null);
  const [note, setNote] = useState('');
  const mayRevoke = session.role === 'supervisor' || session.role === 'admin';

  async function load() {
    setError('');
    try {
      const d = await api('GET', `/v1/suppressions${all ? '?all=true' : ''}`);
      setRows(d.suppressions);
    } catch (e) {
      setError(e.message);
    }
  }
  useEffect(() => { load(); }, [all]);

  const needle = text.trim().toLowerCase();
  const shown = (rows || []).filter((s) => !needle || [s.subject_id, s.entity_id, s.created_by,
    s.reason, String(s.alert_id)].some((v) => (v || '').toLowerCase().includes(needle)));
  return html`<section aria-labelledby="goodguys-title">
    <h1 id="goodguys-title">Good-guy list</h1>
    <p>Customers and listed entries closed as false positives. A pair on this list does not alert
      again while the customer's data and the listed entry are unchanged and the entry is in force.</p>
    <form class="filters row" onSubmit=${(e) => e.preventDefault()} aria-label="Filter the good-guy list">
      <div class="field grow"><label for="g-text">Subject, entity, decider or reason contains</label>
        <input id="g-text" type="search" value=${text} onInput=${(e) => setText(e.target.value)} /></div>
      <div class="field"><label for="g-all">Show</label>
        <select id="g-all" value=${all ? 'all' : 'active'} onChange=${(e) => setAll(e.target.value === 'all')}>
          <option value="active">in force</option>
          <option value="all">all (also expired and revoked)</option>
        </select></div>
    </form>
    <p class="notice" role="status">${note}</p>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${rows === null && !error ? html`<p class="muted">Loading…</p>` : null}
    ${rows ? html`<table class="goodguys">
      <caption>${shown.length} of ${rows.length} ${all ? '' : 'in force'}${' '}
        entr${rows.length === 1 ? 'y' : 'ies'}</caption>
      <thead><tr><th scope="col" class="num">#</th><th scope="col">Subject</th>
        <th scope="col">Listed entity</th><th scope="col">Alert</th><th scope="col">Decided</th>
        <th scope="col">Reason</th><th scope="col">Expires</th>
        ${mayRevoke ? html`<th scope="col"><span class="visually-hidden">Action</span></th>` : null}</tr></thead>
      <tbody>${shown.map((s) => html`<tr class=${s.active ? '' : 'inactive'}>
        <td class="num">${s.suppression_id}</td>
        <td lang="und">${s.subject_id}</td>
        <td><code>${s.entity_id}</code></td>
        <td><a href=${`#/alerts/${s.alert_id}`}>${s.alert_id}</a></td>
        <td>${s.created_by}, ${when(s.created_at)}</td>
        <td>${s.reason}${s.revoked_at ? html`<br /><span class="muted small">revoked by ${s.revoked_by}, ${when(s.revoked_at)}</span>` : null}</td>
        <td>${expiry(s)}</td>
        ${mayRevoke ? html`<td>${s.active ? html`<button class="secondary"
          aria-label=${`Revoke entry ${s.suppression_id}`}
          onClick=${() => { setRevoking(s); setNote(''); }}>Revoke…</button>` : null}</td>` : null}
      </tr>`)}</tbody>
    </table>
    ${shown.length === 0 ? html`<p>${rows.length ? 'No entry matches.' : 'The good-guy list is empty.'}</p>` : null}` : null}
    ${revoking ? html`<${Revoke} entry=${revoking} onCancel=${() => setRevoking(null)}
      onDone=${(s) => { setRevoking(null); setNote(`Entry ${s.suppression_id} is revoked: ${s.subject_id} ~ ${s.entity_id} alerts again at the next run.`); load(); }} />` : null}
  </section>`;
}
