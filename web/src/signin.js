// The sign-in form (POST /v1/session).
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from './api.js';

export function SignIn({ onSignedIn, notice }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(ev) {
    ev.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await api('POST', '/v1/session', { user, password }));
    } catch (e) {
      setError(e.message);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }
  return html`<main class="signin" id="main">
    <form onSubmit=${submit} aria-labelledby="signin-title">
      <h1 id="signin-title">cordon</h1>
      <p class="muted">Sign in to screen names and work alerts.</p>
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
      <label for="user">User name</label>
      <input id="user" name="user" autocomplete="username" required autofocus
        value=${user} onInput=${(e) => setUser(e.target.value)} />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required
        value=${password} onInput=${(e) => setPassword(e.target.value)} />
      ${error ? html`<p class="error" role="alert">${error}</p>` : null}
      <button type="submit" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  </main>`;
}
