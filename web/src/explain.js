// The explanation of one hit, as the engine gives it (docs/matching.md): the query's tokens
// aligned with the listed name's, how each pair matched, the tokens left unmatched on either
// side, the evidence for and against (dates, nationality, identifiers) and the score beside the
// threshold. Used by the screening page and the alert review.
import { html } from 'htm/preact';
import { howLabel, pct, score } from './format.js';

function ScoreBar({ value, threshold }) {
  const pos = Math.max(0, Math.min(1, value)) * 100;
  const mark = Math.max(0, Math.min(1, threshold ?? 0)) * 100;
  const over = threshold == null || value >= threshold;
  return html`<div class="scorebar" role="img"
      aria-label=${`score ${score(value)}${threshold == null ? '' : `, threshold ${score(threshold)}`}`}>
    <div class=${over ? 'fill over' : 'fill'} style=${`width:${pos}%`}></div>
    ${threshold == null ? null : html`<div class="mark" style=${`left:${mark}%`}></div>`}
  </div>`;
}

function Alignment({ alignment }) {
  if (!alignment?.length) return html`<p class="muted">No token pairs.</p>`;
  return html`<table class="alignment">
    <caption>Token alignment</caption>
    <thead><tr><th scope="col">Query token</th><th scope="col">List token</th>
      <th scope="col">How</th><th scope="col">Similarity</th></tr></thead>
    <tbody>
      ${alignment.map((a) => html`<tr class=${`how-${a.how}`}>
        <td lang="und"><code>${a.query_token}</code></td>
        <td lang="und"><code>${a.list_token}</code></td>
        <td><span class=${`tag how-${a.how}`}>${howLabel(a.how)}</span></td>
        <td class="num">${pct(a.similarity)}</td>
      </tr>`)}
    </tbody>
  </table>`;
}

function Tokens({ label, tokens }) {
  return html`<div class="tokens"><span class="label">${label}:</span>
    ${tokens?.length
      ? tokens.map((t) => html`<code class="tag how-none">${t}</code> `)
      : html`<span class="muted">none</span>`}</div>`;
}

function Evidence({ evidence }) {
  if (!evidence?.length) {
    return html`<p class="muted">No evidence: the query gave no date of birth, nationality,
      country, gender or identifier to compare.</p>`;
  }
  return html`<table class="evidence">
    <caption>Evidence</caption>
    <thead><tr><th scope="col">Attribute</th><th scope="col">Query</th><th scope="col">Listed</th>
      <th scope="col">Effect</th><th scope="col">Adjustment</th></tr></thead>
    <tbody>
      ${evidence.map((e) => html`<tr>
        <td>${e.attribute.replace(/_/g, ' ')}</td>
        <td>${e.query_value}</td>
        <td>${e.list_value}</td>
        <td><span class=${`tag effect-${e.effect}`}>${e.effect}</span></td>
        <td class="num">${e.adjustment > 0 ? '+' : ''}${score(e.adjustment)}</td>
      </tr>`)}
    </tbody>
  </table>`;
}

export function Explanation({ hit, threshold }) {
  const x = hit.explanation || {};
  return html`<div class="explanation">
    <div class="scoreline">
      <span>Score <strong>${score(hit.score)}</strong></span>
      ${threshold == null ? null : html`<span>threshold ${score(threshold)}</span>`}
      <span>name ${score(x.name_score)} (${x.name_strength || '–'}, ${x.name_kind || '–'} name)</span>
    </div>
    <${ScoreBar} value=${hit.score} threshold=${threshold} />
    <p>Matched name: <strong lang="und">${x.matched_name || hit.matched_name}</strong></p>
    <${Alignment} alignment=${x.alignment} />
    <${Tokens} label="Query tokens unmatched" tokens=${x.unmatched_query_tokens} />
    <${Tokens} label="List tokens unmatched" tokens=${x.unmatched_list_tokens} />
    <${Evidence} evidence=${x.evidence} />
    <p class="muted small">Normaliser: ${x.normalizer_version || '–'}</p>
  </div>`;
}
