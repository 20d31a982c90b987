// The review of one alert (GET /v1/alerts/{id}): the subject as screened beside the listed
// entity's full record, the engine's explanation (token alignment, unmatched tokens, evidence,
// score and threshold), the alert's history and the earlier alerts on the same pair, and the
// decision with a required reason (four eyes: a second person approves or rejects). Keys: t, f,
// e choose true match, false positive, escalate (in the form); Ctrl+Enter decides; a assigns to
// me; n opens the next open alert.
//
// A hit of a held message (kind "message", docs/cases.md "Message alerts") is reviewed the same
// way, with the payment around it: the message's type and reference, the transaction, the
// party's role and field path, the kind of hit, where in the input it was (source, byte offset,
// SHA-256), the party as screened (or the words of a free text) beside the listed entry (or the
// jurisdiction rule), and the engine's explanation of the hit (alert.hit.match).
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { EntityRecord } from './entity.js';
import { Explanation } from './explain.js';
import { hitKindLabel, score, when } from './format.js';

const DECISIONS = [
  ['true_match', 'True match', 't'],
  ['false_positive', 'False positive', 'f'],
  ['escalate', 'Escalate', 'e'],
];

// A value of the subject as screened, in words: a party's address, documents and identifiers
// are objects ({"town": "Helsinki", ...}), shown as "town: Helsinki, ...".
function plain(v) {
  if (Array.isArray(v)) return v.map(plain).join('; ');
  if (v && typeof v === 'object') {
    return Object.entries(v).filter(([, x]) => x !== '' && x != null && !(Array.isArray(x) && !x.length))
      .map(([k, x]) => `${k.replace(/_/g, ' ')}: ${plain(x)}`).join(', ');
  }
  return String(v);
}

function Subject({ subject, title = 'Subject' }) {
  // The name first (the stored record's keys are sorted), then the rest as stored.
  const entries = Object.entries(subject || {}).filter(([, v]) => v !== '' && v != null)
    .sort(([a], [b]) => (b === 'name') - (a === 'name'));
  return html`<section class="subject" aria-label=${`${title} as screened`}>
    <h2>${title}</h2>
    <dl>${entries.map(([k, v]) => html`<dt>${k.replace(/_/g, ' ')}</dt>
      <dd lang="und">${Array.isArray(v) && v.every((x) => typeof x !== 'object') ? v.join(', ') : plain(v)}</dd>`)}</dl>
  </section>`;
}

// What a held message's hit is about: the message, the transaction, the party's place in it,
// and where the message was in the input (so that it can be found in the file or request).
function HeldMessage({ alert }) {
  const m = alert.message;
  const hit = alert.hit || {};
  const t = m.transaction;
  const ids = t ? [['End-to-end id', t.end_to_end_id], ['UETR', t.uetr],
    ['Instruction id', t.instruction_id], ['Transaction id', t.transaction_id]].filter(([, v]) => v) : [];
  const row = (label, value) => html`<dt>${label}</dt><dd>${value}</dd>`;
  return html`<section class="message" aria-labelledby="message-title">
    <h2 id="message-title">Held message</h2>
    <dl>
      ${row('Message', html`${m.type} <span class="muted">(${m.family})</span>`)}
      ${row('Reference', html`<code>${m.reference || '–'}</code>`)}
      ${row('Transaction', t ? html`<code>${t.path}</code>${ids.map(([k, v]) => html`<br />${k}${' '}
        <code>${v}</code>`)}` : html`<span class="muted">none: the field is outside every transaction</span>`)}
      ${m.locators?.length ? row('Record locators', m.locators.join(', ')) : null}
      ${row('Party role', (m.role || '–').replace(/_/g, ' '))}
      ${row('Field path', html`<code>${m.field_path}</code>`)}
      ${row('Hit', html`${hitKindLabel(m.hit_kind)}${hit.text ? html`:${' '}<strong lang="und">${hit.text}</strong>` : null}`)}
      ${row('Found in', html`${m.source || '–'}, message ${(m.index ?? 0) + 1} at byte ${m.offset}`)}
      ${row('Input SHA-256', html`<code class="hash">${m.input_hash}</code>`)}
    </dl>
  </section>`;
}

// A jurisdiction hit has no list entry: the rule it matched stands where the entity would.
function JurisdictionRule({ hit }) {
  const r = hit.rule || {};
  return html`<section class="entity" aria-label="Jurisdiction rule">
    <h3>${r.label || r.value} <span class="muted">jurisdiction rule · ${r.kind}</span></h3>
    <dl><dt>Rule</dt><dd><code>${r.kind} ${r.value}</code>${r.line ? ` (line ${r.line} of the jurisdictions file)` : ''}</dd>
      <dt>Matched</dt><dd>${(hit.attribute || '').replace(/_/g, ' ')}: <strong lang="und">${hit.text}</strong></dd></dl>
  </section>`;
}

function History({ history }) {
  return html`<table class="history">
    <caption>History</caption>
    <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th>
      <th scope="col">Status</th><th scope="col">Reason</th></tr></thead>
    <tbody>${(history || []).map((h) => html`<tr>
      <td>${when(h.time)}</td><td>${h.user}</td><td>${h.action.replace(/_/g, ' ')}</td>
      <td>${h.from ? `${h.from} → ` : ''}${h.to}</td><td>${h.reason}</td></tr>`)}</tbody>
  </table>`;
}

function Earlier({ alert }) {
  const [rows, setRows] = useState(null);
  useEffect(() => {
    const q = new URLSearchParams({ subject_id: alert.subject_id, entity_id: alert.entity_id,
      sort: 'id', limit: '20' });
    api('GET', `/v1/alerts?${q}`).then((d) => setRows(d.alerts.filter((a) => a.alert_id !== alert.alert_id)))
      .catch(() => setRows([]));
  }, [alert.alert_id]);
  return html`<section aria-labelledby="earlier-title">
    <h2 id="earlier-title">Earlier decisions on this pair</h2>
    ${alert.previous_decision ? alert.kind === 'message'
      ? html`<p>The last alert on this party and entry before this one, alert ${alert.previous_alert_id}:${' '}
        <strong>${alert.previous_decision}</strong>.</p>`
      : html`<p>Alert ${alert.previous_alert_id} was closed:${' '}
        <strong>${alert.previous_decision}</strong>. The subject or the listed entry has changed since.</p>` : null}
    ${rows === null ? html`<p class="muted">Loading…</p>` : rows.length === 0 && !alert.previous_decision
      ? html`<p class="muted">None: this ${alert.kind === 'message' ? 'party' : 'subject'} has not been
        alerted on this entity before.</p>`
      : html`<ul>${rows.map((a) => html`<li><a href=${`#/alerts/${a.alert_id}`}>Alert ${a.alert_id}</a>${' '}
          (${when(a.created_at)}): ${a.status.replace(/_/g, ' ')}${a.decided_by ? ` by ${a.decided_by}` : ''}
          ${a.reason ? `: ${a.reason}` : ''}</li>`)}</ul>`}
  </section>`;
}

function Decide({ alert, session, onDone }) {
  const [decision, setDecision] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef(null);
  const pending = alert.status === 'pending_approval';
  const closed = ['true_match', 'false_positive', 'delisted'].includes(alert.status);
  const choices = pending
    ? [['approve', `Approve (${alert.pending_decision.replace(/_/g, ' ')})`, 'y'], ['reject', 'Reject', 'r']]
    : DECISIONS;

  async function submit(ev) {
    ev?.preventDefault();
    if (!decision) { setError('Choose a decision.'); return; }
    if (!reason.trim()) { setError('A reason is required.'); reasonRef.current?.focus(); return; }
    setBusy(true);
    setError('');
    try {
      const a = await api('POST', `/v1/alerts/${alert.alert_id}/decision`, { decision, reason });
      setReason('');
      setDecision('');
      onDone(a, `Alert ${a.alert_id} is now ${a.status.replace(/_/g, ' ')}.`);
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  }
  function onKey(e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); return; }
    if (e.target.tagName === 'TEXTAREA' || e.altKey || e.ctrlKey || e.metaKey) return;
    const c = choices.find(([, , key]) => key === e.key);
    if (c) {
      e.preventDefault();
      setDecision(c[0]);
      reasonRef.current?.focus();
    }
  }
  if (closed) return html`<p>Closed as <strong>${alert.status.replace(/_/g, ' ')}</strong>
    ${alert.decided_by ? ` by ${alert.decided_by}` : ''}: ${alert.reason}</p>`;
  const ownPending = pending && alert.pending_by === session.user;
  return html`<form class="decide" onSubmit=${submit} onKeyDown=${onKey} aria-labelledby="decide-title">
    <h2 id="decide-title">${pending ? 'Four eyes: approve or reject' : 'Decide'}</h2>
    ${pending ? html`<p>${alert.pending_by} decided <strong>${alert.pending_decision.replace(/_/g, ' ')}</strong>;
      a second person must confirm it.</p>` : null}
    ${ownPending ? html`<p class="muted">You made this decision: someone else must approve it.</p>` : html`
    <fieldset>
      <legend>Decision</legend>
      ${choices.map(([value, label, key]) => html`<label class="choice">
        <input type="radio" name="decision" value=${value} checked=${decision === value}
          onChange=${() => setDecision(value)} /> ${label} <kbd>${key}</kbd></label>`)}
    </fieldset>
    <label for="reason">Reason (required)</label>
    <textarea id="reason" ref=${reasonRef} rows="3" value=${reason} required
      onInput=${(e) => setReason(e.target.value)}
      placeholder="What in the record decides it: a different date of birth, the same passport…"></textarea>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <button type="submit" disabled=${busy}>${busy ? 'Saving…' : 'Decide'}</button>
    <span class="muted small"> <kbd>Ctrl</kbd>+<kbd>Enter</kbd></span>`}
  </form>`;
}

export function ReviewPage({ session, rest, threshold }) {
  const id = rest[0];
  const [alert, setAlert] = useState(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const heading = useRef(null);

  useEffect(() => {
    setAlert(null);
    setError('');
    api('GET', `/v1/alerts/${encodeURIComponent(id)}`)
      .then((a) => { setAlert(a); setTimeout(() => heading.current?.focus(), 0); })
      .catch((e) => setError(e.message));
  }, [id]);

  async function assignToMe() {
    try {
      setAlert(await api('POST', `/v1/alerts/${alert.alert_id}/assign`, { reason: 'taken for review' }));
      setNote('Assigned to you.');
    } catch (e) {
      setNote(e.message);
    }
  }
  async function next() {
    const q = new URLSearchParams({ status: 'open', sort: 'score', limit: '2' });
    try {
      const d = await api('GET', `/v1/alerts?${q}`);
      const n = d.alerts.find((a) => a.alert_id !== alert?.alert_id);
      if (n) window.location.hash = `#/alerts/${n.alert_id}`;
      else setNote('No other open alert.');
    } catch (e) {
      setNote(e.message);
    }
  }
  function onKey(e) {
    if (e.target.closest('form') || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'a' && alert) { e.preventDefault(); assignToMe(); }
    else if (e.key === 'n') { e.preventDefault(); next(); }
    else if (e.key === 'd') { e.preventDefault(); document.querySelector('form.decide input')?.focus(); }
  }

  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!alert) return html`<p class="muted">Loading alert ${id}…</p>`;
  const message = alert.kind === 'message' && alert.message ? alert.message : null;
  // A message alert's hit is the inspector's ({kind, path, role, text, match | rule}): the
  // engine's hit, with its explanation, is its match.
  const hit = (message ? alert.hit?.match : alert.hit) || {};
  const jurisdiction = message?.hit_kind === 'jurisdiction';
  const who = message
    ? html`${(message.role || 'text').replace(/_/g, ' ')} in ${message.type}${' '}<code>${message.reference}</code>`
    : html`<span lang="und">${alert.subject_id}</span>`;
  return html`<article class="review" onKeyDown=${onKey} aria-labelledby="review-title">
    <h1 id="review-title" tabindex="-1" ref=${heading}>Alert ${alert.alert_id}:${' '}
      ${who} ~ <span lang="und">${alert.entity_name}</span></h1>
    <p><span class=${`tag status-${alert.status}`}>${alert.status.replace(/_/g, ' ')}</span>
      ${' '}score ${score(alert.score)} · ${alert.list} · raised ${when(alert.created_at)}
      ${' '}· ${alert.assigned_to ? `assigned to ${alert.assigned_to}` : 'unassigned'}${' '}
      ${alert.assigned_to !== session.user ? html`<button class="secondary" onClick=${assignToMe}>Assign to me <kbd>a</kbd></button>` : null}${' '}
      <button class="secondary" onClick=${next}>Next open alert <kbd>n</kbd></button></p>
    <p class="notice" role="status">${note}</p>
    ${message ? html`<${HeldMessage} alert=${alert} />` : null}
    <div class="side-by-side">
      <${Subject} subject=${alert.subject}
        title=${!message ? 'Subject' : alert.subject?.text !== undefined ? 'Free text' : 'Party'} />
      <section aria-label="Listed entity"><h2>${jurisdiction ? 'Jurisdiction' : 'Listed entity'}</h2>
        ${jurisdiction ? html`<${JurisdictionRule} hit=${alert.hit} />`
          : html`<${EntityRecord} id=${alert.entity_id} />`}</section>
    </div>
    <section aria-labelledby="why-title"><h2 id="why-title">Why it matched</h2>
      ${jurisdiction ? html`<p>The ${(alert.hit.attribute || 'field').replace(/_/g, ' ')}${' '}
          <strong lang="und">${alert.hit.text}</strong> is in ${alert.entity_name}, a jurisdiction the
          configured rules embargo: no name is compared.</p>`
        : html`<${Explanation} hit=${{ ...hit, score: alert.score }} threshold=${threshold} />`}
      <p class="muted small">Screened by ${alert.engine_version} against${' '}
        ${(alert.lists || []).map((l) => `${l.list} ${l.published || ''}`).join(', ')}.</p>
    </section>
    <${Decide} alert=${alert} session=${session} onDone=${(a, msg) => { setAlert(a); setNote(msg); }} />
    <${Earlier} alert=${alert} />
    <${History} history=${alert.history} />
  </article>`;
}
