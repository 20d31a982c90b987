// The alert queue (GET /v1/alerts): filters (status, kind, list, score, assignee, age), sort,
// keyset paging (the server's cursor, so a page costs the same at alert 1,000,000 as at alert 1),
// and the keyboard: j/k or the arrows move, Enter opens, a assigns to me, n/p page. Each row says
// its kind: a customer of the subject base, or a hit of a held message (its type and reference,
// the party's role and field path).
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { hitKindLabel, score, when } from './format.js';

export const STATUSES = ['active', 'open', 'in_review', 'escalated', 'pending_approval',
  'true_match', 'false_positive', 'delisted', ''];
const STATUS_LABEL = { '': 'any', active: 'active (not closed)' };

function query(filter, after) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== '' && v != null) q.set(k, v);
  if (after) q.set('after', after);
  return `/v1/alerts?${q}`;
}

function ageOf(iso) {
  const ms = Date.now() - new Date(iso).getTime();
  if (!(ms >= 0)) return '–';
  const h = ms / 3.6e6;
  return h < 1 ? `${Math.round(ms / 6e4)} min` : h < 48 ? `${Math.round(h)} h` : `${Math.round(h / 24)} d`;
}

// The kind and subject cells of a row: a customer's id, or for a hit of a held message the
// message (type and reference) and where in it the hit is (the party's role, the field path).
function KindCells({ alert: a }) {
  const m = a.message;
  if (a.kind !== 'message' || !m) return html`<td>subject</td><td>${a.subject_id}</td>`;
  return html`<td><span class="tag kind-message">message</span>${' '}
      <span class="small">${m.type}</span>${' '}<code class="small">${m.reference}</code></td>
    <td title=${a.subject_id}>${m.role ? `${m.role.replace(/_/g, ' ')} ` : ''}<span class="muted small">
      (${hitKindLabel(m.hit_kind)})</span>${' '}<code class="small">${m.field_path}</code></td>`;
}

export function AlertsPage({ session }) {
  const [filter, setFilter] = useState({ status: 'active', sort: 'score', kind: '', list: '', min_score: '',
    assigned_to: '', max_age_days: '', limit: 50 });
  const [pages, setPages] = useState(['']);  // cursors of the pages seen: back goes one up
  const [data, setData] = useState(null);
  const [error, setError] = useState('');
  const [sel, setSel] = useState(0);
  const [note, setNote] = useState('');
  const table = useRef(null);
  const after = pages[pages.length - 1];

  async function load() {
    setError('');
    try {
      const started = performance.now();
      const d = await api('GET', query(filter, after));
      d.ms = Math.round(performance.now() - started);
      setData(d);
      setSel((s) => Math.min(s, Math.max(0, d.alerts.length - 1)));
    } catch (e) {
      setError(e.message);
      setData(null);
    }
  }
  useEffect(() => { load(); }, [filter, after]);

  const set = (k) => (e) => {
    setFilter({ ...filter, [k]: e.target.value });
    setPages(['']);
    setSel(0);
  };
  const open = (a) => { window.location.hash = `#/alerts/${a.alert_id}`; };
  async function assignToMe(a) {
    try {
      await api('POST', `/v1/alerts/${a.alert_id}/assign`, { reason: 'taken from the queue' });
      setNote(`Alert ${a.alert_id} is assigned to you.`);
      load();
    } catch (e) {
      setNote(`Alert ${a.alert_id}: ${e.message}`);
    }
  }

  function onKey(e) {
    if (!data || e.target.closest('form') || e.altKey || e.ctrlKey || e.metaKey) return;
    const alerts = data.alerts;
    const k = e.key;
    if ((k === 'j' || k === 'ArrowDown') && sel + 1 < alerts.length) setSel(sel + 1);
    else if ((k === 'k' || k === 'ArrowUp') && sel > 0) setSel(sel - 1);
    else if (k === 'Enter' && alerts[sel]) open(alerts[sel]);
    else if (k === 'a' && alerts[sel]) assignToMe(alerts[sel]);
    else if (k === 'n' && data.next) { setPages([...pages, data.next]); setSel(0); }
    else if (k === 'p' && pages.length > 1) { setPages(pages.slice(0, -1)); setSel(0); }
    else return;
    e.preventDefault();
  }
  useEffect(() => {
    table.current?.querySelector(`tr[data-row="${sel}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [sel, data]);

  return html`<section aria-labelledby="alerts-title" onKeyDown=${onKey}>
    <h1 id="alerts-title">Alert queue</h1>
    <form class="filters row" onSubmit=${(e) => e.preventDefault()} aria-label="Filter the alerts">
      <div class="field"><label for="f-status">Status</label>
        <select id="f-status" value=${filter.status} onChange=${set('status')}>
          ${STATUSES.map((s) => html`<option value=${s}>${STATUS_LABEL[s] ?? s.replace(/_/g, ' ')}</option>`)}
        </select></div>
      <div class="field"><label for="f-kind">Kind</label>
        <select id="f-kind" value=${filter.kind} onChange=${set('kind')}>
          <option value="">any</option><option value="subject">subjects</option>
          <option value="message">held messages</option>
        </select></div>
      <div class="field"><label for="f-list">List</label>
        <input id="f-list" value=${filter.list} onChange=${set('list')} placeholder="un, ofac, …" /></div>
      <div class="field"><label for="f-score">Score at least</label>
        <input id="f-score" type="number" min="0" max="1" step="0.01" value=${filter.min_score}
          onChange=${set('min_score')} /></div>
      <div class="field"><label for="f-assignee">Assigned to</label>
        <select id="f-assignee" value=${filter.assigned_to} onChange=${set('assigned_to')}>
          <option value="">anyone</option><option value=${session.user}>me</option>
        </select></div>
      <div class="field"><label for="f-age">Raised in the last</label>
        <select id="f-age" value=${filter.max_age_days} onChange=${set('max_age_days')}>
          <option value="">any time</option><option value="1">day</option>
          <option value="7">7 days</option><option value="30">30 days</option>
        </select></div>
      <div class="field"><label for="f-sort">Sort</label>
        <select id="f-sort" value=${filter.sort} onChange=${set('sort')}>
          <option value="score">highest score</option><option value="created">newest</option>
          <option value="id">oldest</option>
        </select></div>
    </form>
    <p class="muted small" id="queue-keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> open,
      <kbd>a</kbd> assign to me, <kbd>n</kbd>/<kbd>p</kbd> next/previous page.</p>
    <p class="notice" role="status">${note}</p>
    <p class="visually-hidden" aria-live="polite">${data?.alerts[sel]
      ? `Selected alert ${data.alerts[sel].alert_id}, score ${score(data.alerts[sel].score)}` : ''}</p>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${data ? html`<div class="queue" ref=${table} tabindex="0" aria-describedby="queue-keys">
      <table class="alerts">
        <caption>Page ${pages.length}: ${data.alerts.length} alert${data.alerts.length === 1 ? '' : 's'}
          <span class="muted small">(${data.ms} ms)</span></caption>
        <thead><tr><th scope="col">Alert</th><th scope="col" class="num">Score</th>
          <th scope="col">Kind</th><th scope="col">Subject</th><th scope="col">Listed entity</th><th scope="col">List</th>
          <th scope="col">Status</th><th scope="col">Assigned to</th><th scope="col">Age</th></tr></thead>
        <tbody>${data.alerts.map((a, i) => html`<tr data-row=${i}
            class=${i === sel ? 'selected' : ''}
            onClick=${() => setSel(i)} onDblClick=${() => open(a)}>
          <td><a href=${`#/alerts/${a.alert_id}`}>${a.alert_id}</a></td>
          <td class="num">${score(a.score)}</td>
          <${KindCells} alert=${a} />
          <td lang="und">${a.entity_name}</td>
          <td><code>${a.list}</code></td>
          <td><span class=${`tag status-${a.status}`}>${a.status.replace(/_/g, ' ')}</span></td>
          <td>${a.assigned_to || '–'}</td>
          <td title=${when(a.created_at)}>${ageOf(a.created_at)}</td>
        </tr>`)}</tbody>
      </table>
      ${data.alerts.length === 0 ? html`<p>No alerts match.</p>` : null}
    </div>
    <nav class="pager" aria-label="Pages">
      <button class="secondary" disabled=${pages.length < 2} onClick=${() => setPages(pages.slice(0, -1))}>Previous page</button>
      <button class="secondary" disabled=${!data.next} onClick=${() => setPages([...pages, data.next])}>Next page</button>
    </nav>` : null}
  </section>`;
}
