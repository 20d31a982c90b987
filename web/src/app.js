// cordon's analyst application (docs/web.md): the shell (sign-in, navigation, sign-out) and the
// pages, routed by the location's hash (#/screen, #/lists, ...) so that the server serves one
// page. Preact with htm: no build step is needed to read it, and esbuild bundles it.
import { html } from 'htm/preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AlertsPage } from './alerts.js';
import { api, setSession, whenSignedOut } from './api.js';
import { AuditPage } from './audit.js';
import { GoodGuysPage } from './goodguys.js';
import { ListsPage } from './lists.js';
import { ReviewPage } from './review.js';
import { ScreenPage } from './screen.js';
import { SignIn } from './signin.js';
import { ValidationPage } from './validation.js';

// The case pages (alerts, audit) need the case API of `cordon serve --db` (docs/service.md).
const PAGES = [
  { path: 'alerts', title: 'Alerts', page: AlertsPage },
  { path: 'goodguys', title: 'Good guys', page: GoodGuysPage },
  { path: 'screen', title: 'Screen', page: ScreenPage },
  { path: 'audit', title: 'Audit', page: AuditPage },
  { path: 'lists', title: 'Lists', page: ListsPage },
  { path: 'validation', title: 'Validation', page: ValidationPage },
];

function route() {
  const h = window.location.hash.replace(/^#\/?/, '');
  const [path, ...rest] = h.split('/');
  return { path: PAGES.some((p) => p.path === path) ? path : 'alerts', rest };
}

function Shell({ session, onSignOut }) {
  const [where, setWhere] = useState(route());
  useEffect(() => {
    const go = () => setWhere(route());
    window.addEventListener('hashchange', go);
    return () => window.removeEventListener('hashchange', go);
  }, []);
  const current = PAGES.find((p) => p.path === where.path);
  useEffect(() => {
    document.title = `${current.title} – cordon`;
  }, [current]);
  // #/alerts/12: the review of alert 12.
  const Page = current.path === 'alerts' && where.rest.length ? ReviewPage : current.page;
  return html`<a class="skip" href="#main" onClick=${(e) => {
      e.preventDefault();
      document.getElementById('main')?.focus();
    }}>Skip to content</a>
    <header class="top">
      <span class="brand">cordon</span>
      <nav aria-label="Main">
        <ul>${PAGES.map((p) => html`<li><a href=${`#/${p.path}`}
          aria-current=${p.path === where.path ? 'page' : undefined}>${p.title}</a></li>`)}</ul>
      </nav>
      <span class="who">${session.user} <span class="muted">(${session.role})</span></span>
      <button class="secondary" onClick=${onSignOut}>Sign out</button>
    </header>
    <main id="main" tabindex="-1">
      <${Page} session=${session} rest=${where.rest} threshold=${session.screening?.threshold} />
    </main>`;
}

function App() {
  const [session, setSessionState] = useState(undefined);  // undefined: not known yet
  const [notice, setNotice] = useState('');
  const signedIn = (s) => {
    setSession(s);
    setSessionState(s);
    setNotice('');
  };
  const signedOut = (why) => {
    setSession(null);
    setSessionState(null);
    setNotice(why || '');
  };
  useEffect(() => {
    whenSignedOut((why) => signedOut(why));
    api('GET', '/v1/session').then(signedIn).catch(() => signedOut(''));
  }, []);
  async function signOut() {
    try {
      await api('DELETE', '/v1/session');
      signedOut('You are signed out.');
    } catch (e) {
      signedOut(e.message);
    }
  }
  if (session === undefined) return html`<main id="main"><p>Loading cordon…</p></main>`;
  if (session === null) return html`<${SignIn} onSignedIn=${signedIn} notice=${notice} />`;
  return html`<${Shell} session=${session} onSignOut=${signOut} />`;
}

render(html`<${App} />`, document.getElementById('app'));
