// End-to-end test of the web application in a real browser (docs/web.md): Debian's Chromium
// driven by playwright-core, against a real `cordon serve --db` on loopback with a fresh case
// store. Run by ctest (web/CMakeLists.txt: web_browser_test):
//
//   node browser.mjs --cordon BUILD/src/cli/cordon --node-modules BUILD/web/node_modules
//                    [--chromium /usr/bin/chromium] [--lists DIR] [--screenshots DIR]
//                    [--message FILE]   (default: testdata/messages/injected/pacs.008_listed_creditor.xml)
//
// It signs in, works a customer's alert and a held payment's alert (a pacs.008 whose creditor is
// listed, recorded by `cordon message --db`) from the queue to a decision with the keyboard,
// screens a listed name and reads the explanation, opens the listed record, checks
// that a change without the CSRF token is refused and that a signed-out or other user's session
// gets no further than its role allows, and runs axe-core on every page (no serious or critical
// violation). The server and the browser are stopped however the test ends.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const required of ['cordon', 'node-modules']) {
  if (!args[required]) throw new Error(`--${required} is required`);
}
const chromiumPath = args.chromium || '/usr/bin/chromium';
// A real payment that holds: the pacs.008 of the case-store tests, its creditor SANAULLAH GHAFARI
// (UN QDi.431; testdata/PROVENANCE.md).
const messageFile = resolve(args.message || join(dirname(fileURLToPath(import.meta.url)), '..', '..',
  'testdata', 'messages', 'injected', 'pacs.008_listed_creditor.xml'));
const require = createRequire(join(resolve(args['node-modules']), 'noop.js'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Generous deadlines (a loaded CI machine, sanitizer builds): they bound a hang, never a speed.
const DEADLINE_MS = 60_000;
const PASSWORDS = { admin: 'admin passphrase 1', ana: 'analyst passphrase 2', bea: 'analyst passphrase 3' };

const work = mkdtempSync(join(tmpdir(), 'cordon-web-'));
const db = join(work, 'cases.db');
let server = null;
let browser = null;

function cordon(argv, input) {
  const r = spawnSync(args.cordon, argv, { input: input ?? '', encoding: 'utf8', timeout: DEADLINE_MS });
  assert.equal(r.status, 0, `cordon ${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// A list store (docs/lists.md) with two versions of the UN list fetched from file:// URLs: the
// list as published, then the same with one entry removed (CDi.001), one renamed (CDi.002) and
// one added (CDi.900); then a broken download, refused, so the page has a last refusal to show.
function makeListStore() {
  const dir = args.lists;
  const xml = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.xml'))), 'utf8');
  const first = xml.slice(xml.indexOf('    <INDIVIDUAL>'), xml.indexOf('</INDIVIDUAL>') + '</INDIVIDUAL>\n'.length);
  assert.match(first, /<REFERENCE_NUMBER>CDi\.001<\/REFERENCE_NUMBER>/);
  const added = first.replace('CDi.001', 'CDi.900').replace(/<DATAID>\d+</, '<DATAID>6900000<');
  const v2 = xml.replace('dateGenerated="2026-02-27', 'dateGenerated="2026-02-28').replace(first, '')
    .replace('<FIRST_NAME>FRANK KAKOLELE</FIRST_NAME>', '<FIRST_NAME>FRANK KAKOLELE MUHINDO</FIRST_NAME>')
    .replace('  </INDIVIDUALS>', `${added}  </INDIVIDUALS>`);
  const published = join(work, 'consolidated.xml');
  const sources = join(work, 'sources.toml');
  const store = join(work, 'lists');
  writeFileSync(sources, `[fetch]\nretries = 0\n\n[[source]]\nname = "un"\nurl = "file://${published}"\nformat = "un-xml"\n`);
  const fetch = () => spawnSync(args.cordon, ['lists', 'fetch', '--sources', sources, '--store', store],
    { encoding: 'utf8', timeout: DEADLINE_MS });
  for (const version of [xml, v2]) {
    writeFileSync(published, version);
    const r = fetch();
    assert.equal(r.status, 0, `lists fetch: ${r.stderr}`);
  }
  writeFileSync(published, v2.slice(0, 5000));  // cut short: refused, v2 stays current
  const refused = fetch();
  assert.equal(refused.status, 1, `a broken download is refused: ${refused.stdout} ${refused.stderr}`);
  return store;
}

// A small `cordon validate` report (20 sampled entities, every 500th name on no list, every 40th
// cross-script pair: seconds), for the Validation page.
function makeValidationReport() {
  const data = resolve(args.lists, '..', '..');
  const every = (file, k) => {
    const lines = readFileSync(join(data, file), 'utf8').split('\n');
    const head = lines.filter((l) => l.startsWith('#'));
    const rows = lines.filter((l) => l && !l.startsWith('#'));
    return [...head, ...rows.filter((_, i) => i % k === 0)].join('\n') + '\n';
  };
  const negatives = join(work, 'negatives.tsv');
  const pairs = join(work, 'pairs.tsv');
  const report = join(work, 'validation.json');
  writeFileSync(negatives, every('names/negatives/names.tsv', 500));
  writeFileSync(pairs, every('names/cross_script/pairs.tsv', 40));  // row 0: the header
  cordon(['validate', '--lists', args.lists, '--sample', '20', '--baseline-sample', '20',
    '--negatives', negatives, '--cross-script', pairs, '--cross-script-split', 'all',
    '--format', 'json', '-o', report]);
  return report;
}

async function startServer(lists, validationReport) {
  const argv = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--log-level', 'warn'];
  if (lists) argv.push('--lists', lists);
  if (validationReport) argv.push('--validation-report', validationReport);
  server = spawn(args.cordon, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  server.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cordon serve did not start: ${err}`)), DEADLINE_MS);
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`cordon serve exited (${code}): ${err}`)));
  });
}

async function axeCheck(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`), [],
    `axe-core on ${label}`);
  console.log(`axe ${label}: ${result.violations.length} minor/moderate, ${result.passes.length} rules pass`);
}

async function shot(page, name) {
  if (!args.screenshots) return;
  mkdirSync(args.screenshots, { recursive: true });
  await page.screenshot({ path: join(args.screenshots, `${name}.png`), fullPage: true });
}

async function signIn(page, base, user) {
  await page.goto(base + '/');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(PASSWORDS[user]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

// The queue to a decision with the keyboard alone, four eyes, and the audit trail.
async function workAnAlert(page, base, browser, messageAlertId) {
  await page.getByRole('link', { name: 'Alerts' }).click();
  const queue = page.locator('table.alerts tbody tr');
  await queue.first().waitFor();
  const rows = await queue.allInnerTexts();
  const row = rows.findIndex((r) => r.includes('c-1') && r.includes('SANAULLAH GHAFARI'));
  assert.ok(row >= 0, `c-1 ~ SANAULLAH GHAFARI in the queue: ${rows.join(' | ')}`);
  await axeCheck(page, 'alert queue');
  await shot(page, 'queue');
  // Keyboard alone: focus the queue, move to the row, open it, assign, decide.
  await page.locator('.queue').focus();
  for (let i = 0; i < row; i++) await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  const title = page.getByRole('heading', { level: 1 });
  await title.filter({ hasText: 'c-1' }).waitFor();
  const alertId = (await title.innerText()).match(/Alert (\d+)/)[1];
  // Words keep their spaces around elements (htm drops whitespace that holds a line break).
  assert.equal((await title.innerText()).trim(), `Alert ${alertId}: c-1 ~ SANAULLAH GHAFARI`);
  assert.match(await page.locator('article.review > p').first().innerText(),
    /^open score 0\.\d{4} · un · raised \S+ \S+ · unassigned Assign to me a Next open alert n$/);
  assert.match(await page.getByText(/^Screened by /).innerText(), /^Screened by cordon \S+ against un \S+/);
  await page.locator('section.entity').getByText('Remarks', { exact: true }).waitFor();  // the listed record
  await page.locator('table.alignment').first().waitFor();
  await page.keyboard.press('a');
  await page.getByRole('status').filter({ hasText: 'Assigned to you.' }).waitFor();
  // A decision without a reason is refused on the page.
  await page.keyboard.press('d');  // to the decision
  await page.keyboard.press('f');  // false positive; the reason box takes the focus
  await page.keyboard.press('Control+Enter');
  await page.getByRole('alert').filter({ hasText: 'A reason is required.' }).waitFor();
  await page.keyboard.type('Born 1994 per passport; the listed person is a different man (QDi.431).');
  await axeCheck(page, 'alert review');
  await shot(page, 'review');
  await page.keyboard.press('Control+Enter');
  await page.getByRole('status').filter({ hasText: `Alert ${alertId} is now pending approval.` }).waitFor();
  // Four eyes: ana cannot approve her own decision; the admin does, in a browser of their own.
  await page.getByText('You made this decision: someone else must approve it.').waitFor();
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, base, 'admin');
  await admin.goto(`${base}/#/alerts/${alertId}`);
  await admin.getByText('a second person must confirm it').waitFor();
  await admin.getByLabel(/Approve/).check();
  await admin.getByLabel('Reason (required)').fill('Checked the passport copy: agreed.');
  await admin.getByRole('button', { name: 'Decide' }).click();
  await admin.getByRole('status').filter({ hasText: `Alert ${alertId} is now false positive.` }).waitFor();
  // The audit trail shows it, and the chain verifies.
  await admin.getByRole('link', { name: 'Audit' }).click();
  await admin.getByRole('button', { name: 'Verify the chain' }).click();
  await admin.getByRole('status').filter({ hasText: 'The chain is intact' }).waitFor();
  await admin.getByRole('button', { name: 'Next page' }).or(admin.locator('table.audit')).first().waitFor();
  const auditText = await admin.locator('table.audit').innerText();
  for (const want of [`alert:${alertId}`, 'assign', 'false positive', 'approve', 'sign in']) {
    assert.ok(auditText.includes(want), `${want} in the audit page`);
  }
  // The held payment's decision, made with the keyboard, is in the trail: by ana, with her reason.
  const messageDecision = await admin.locator('table.audit tbody tr')
    .filter({ hasText: `alert:${messageAlertId}` }).filter({ hasText: 'true match' }).innerText();
  assert.match(messageDecision, /\bana\s+true match\s+alert:\d+\s+.*"to":"pending_approval"/);
  assert.ok(messageDecision.includes('Creditor is the listed SANAULLAH GHAFARI'), messageDecision);
  await axeCheck(admin, 'audit');
  await shot(admin, 'audit');
  // The false positive is on the good-guy list; the admin revokes it with a reason.
  await admin.getByRole('link', { name: 'Good guys' }).click();
  const entries = admin.locator('table.goodguys tbody tr');
  await entries.first().waitFor();
  const entry = await entries.first().innerText();
  for (const want of ['c-1', 'un:QDi.431', alertId, 'ana, approved by admin', 'Checked the passport copy', 'never']) {
    assert.ok(entry.includes(want), `${want} in the good-guy entry: ${entry}`);
  }
  await admin.getByLabel('Subject, entity, decider or reason contains').fill('nobody-like-this');
  await admin.getByText('No entry matches.').waitFor();
  await admin.getByLabel('Subject, entity, decider or reason contains').fill('QDi.431');
  await entries.first().waitFor();
  await axeCheck(admin, 'good-guy list');
  await shot(admin, 'goodguys');
  await admin.getByRole('button', { name: /^Revoke entry/ }).first().click();
  await admin.getByRole('button', { name: 'Revoke', exact: true }).click();
  await admin.getByRole('alert').filter({ hasText: 'A reason is required.' }).waitFor();
  await admin.getByLabel('Reason (required)').fill('New adverse media on the customer: look again.');
  await admin.getByRole('button', { name: 'Revoke', exact: true }).click();
  await admin.getByRole('status').filter({ hasText: /Entry \d+ is revoked: c-1 ~ un:QDi.431/ }).waitFor();
  await admin.getByText('The good-guy list is empty.').waitFor();
  await admin.getByLabel('Show').selectOption('all');
  await entries.first().getByText('revoked by admin').waitFor();
  assert.match(await entries.first().innerText(), /revoked/);
  await adminContext.close();
  const revoked = JSON.parse(cordon(['suppressions', 'list', '--db', db, '--all']).trim().split('\n')[0]);
  assert.equal(revoked.revoked_by, 'admin');
  assert.equal(revoked.active, false);
  // An analyst's session does not read the audit trail, and cannot act as another user.
  const denied = await page.evaluate(async (id) => {
    const me = await (await fetch('/v1/session')).json();
    const audit = await fetch('/v1/audit');
    const spoof = await fetch(`/v1/alerts/${id}/assign`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'X-Cordon-User': 'admin' },
      body: JSON.stringify({ reason: 'pretending' }) });
    return { audit: audit.status, spoof: spoof.status };
  }, alertId);
  assert.deepEqual(denied, { audit: 403, spoof: 403 });
}

// A held payment's alert worked from the queue with the keyboard alone: the queue filtered to
// held messages shows it as one (type, reference, the party's role and field path); the review
// shows the message around the hit (transaction, role, field path, where in the file, the hit's
// kind), the party as screened beside the listed entry and the explanation; a true match is
// decided (four eyes: pending approval). `held` is what `cordon message --db` printed.
async function workAMessageAlert(page, held) {
  const alertId = held.alerts[0].alert_id;
  await page.getByRole('link', { name: 'Alerts' }).click();
  const queue = page.locator('table.alerts tbody tr');
  await queue.first().waitFor();
  await page.getByLabel('Kind').selectOption('message');
  await page.getByText('Page 1: 1 alert').waitFor();
  const row = await queue.first().innerText();
  for (const want of [String(alertId), 'message', 'pacs.008.001.12', 'pacs8bizmsgidr01', 'creditor',
    'party name', 'CdtTrfTxInf[0]/Cdtr/Nm', 'SANAULLAH GHAFARI']) {
    assert.ok(row.includes(want), `${want} in the message alert's row: ${row}`);
  }
  await page.locator('.queue').focus();
  await page.keyboard.press('Enter');
  const title = page.getByRole('heading', { level: 1 });
  await title.filter({ hasText: 'pacs8bizmsgidr01' }).waitFor();
  assert.equal((await title.innerText()).trim(),
    `Alert ${alertId}: creditor in pacs.008.001.12 pacs8bizmsgidr01 ~ SANAULLAH GHAFARI`);
  // The message around the hit, each value what the file holds.
  const hash = createHash('sha256').update(readFileSync(messageFile)).digest('hex');
  const facts = await page.locator('section.message dl').innerText();
  for (const want of [/Message\s+pacs\.008\.001\.12 \(iso20022\)/, /Reference\s+pacs8bizmsgidr01/,
    /Transaction\s+CdtTrfTxInf\[0\]\s+End-to-end id pacs008EndToEndId-001\s+UETR 8a562c67-ca16-48ba-b074-65581be6f001/,
    /Party role\s+creditor/, /Field path\s+CdtTrfTxInf\[0\]\/Cdtr\/Nm/, /Hit\s+party name: SANAULLAH GHAFARI/,
    new RegExp(`Found in\\s+${messageFile.replace(/[.[\]]/g, '\\$&')}, message 1 at byte ${held.offset}\\s`),
    new RegExp(`Input SHA-256\\s+sha256:${hash}`)]) {
    assert.match(facts, want);
  }
  // The party as screened beside the listed entry, and why it matched.
  const party = await page.getByRole('region', { name: 'Party as screened' }).innerText();
  assert.match(party, /name\s+SANAULLAH GHAFARI/);
  assert.match(party, /Helsinki/);  // the creditor's postal address, screened with the name
  await page.locator('section.entity').getByText('Remarks', { exact: true }).waitFor();
  assert.match(await page.locator('section.entity h3').innerText(), /un:QDi\.431/);
  const alignment = page.locator('table.alignment tbody tr');
  assert.deepEqual((await alignment.locator('td:nth-child(1)').allInnerTexts()).sort(), ['ghafari', 'sanaullah']);
  assert.deepEqual(await alignment.locator('td:nth-child(3)').allInnerTexts(), ['exact', 'exact']);
  // Decided with the keyboard alone: assign, to the decision, true match, the reason, Ctrl+Enter.
  await page.keyboard.press('a');
  await page.getByRole('status').filter({ hasText: 'Assigned to you.' }).waitFor();
  await page.keyboard.press('d');
  await page.keyboard.press('t');
  await page.keyboard.type('Creditor is the listed SANAULLAH GHAFARI (QDi.431): same name, payment stays held.');
  await axeCheck(page, 'message alert review');
  await shot(page, 'review-message');
  await page.keyboard.press('Control+Enter');
  await page.getByRole('status').filter({ hasText: `Alert ${alertId} is now pending approval.` }).waitFor();
  return alertId;
}

async function main() {
  cordon(['users', 'add', '--db', db, 'admin', '--role', 'admin'], PASSWORDS.admin + '\n');
  cordon(['users', 'add', '--db', db, 'ana', '--role', 'analyst', '--user', 'admin'], PASSWORDS.ana + '\n');
  cordon(['users', 'add', '--db', db, 'bea', '--role', 'analyst', '--user', 'admin'], PASSWORDS.bea + '\n');
  // Customers, screened by the CLI into the same store: alerts for the queue.
  const subjects = join(work, 'customers.jsonl');
  writeFileSync(subjects, [
    { id: 'c-1', name: 'Sanaullah Ghafary', birth_date: '1994' },
    { id: 'c-2', name: 'Khalil Rahman Haqani', birth_date: '1966' },
    { id: 'c-3', name: 'Maria Schmidt', birth_date: '1984-03-02', nationality: 'de' },
  ].map((x) => JSON.stringify(x)).join('\n') + '\n');
  cordon(['subjects', 'import', '--db', db, '--user', 'admin', subjects]);
  cordon(['subjects', 'screen', '--db', db, '--user', 'admin', ...(args.lists ? ['--lists', args.lists] : [])]);
  // A held payment, recorded as an alert by the CLI (one hit: the creditor).
  const held = JSON.parse(cordon(['message', '--db', db, '--user', 'admin',
    ...(args.lists ? ['--lists', args.lists] : []), messageFile]));
  assert.equal(held.decision, 'hold');
  assert.deepEqual(held.alerts.map((a) => a.outcome), ['created']);
  cordon(['policy', '--db', db, '--four-eyes', 'on', '--user', 'admin']);
  const base = await startServer(args.lists ? makeListStore() : undefined,
    args.lists ? makeValidationReport() : undefined);
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'], timeout: DEADLINE_MS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(DEADLINE_MS);
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400) console.log(`${r.status()} ${r.request().method()} ${r.url()}`); });

  // Sign-in: a wrong password is refused on the page, the right one lets in.
  await page.goto(base + '/');
  await axeCheck(page, 'sign-in');
  await shot(page, 'signin');
  await page.getByLabel('User name').fill('ana');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'wrong user name or password' }).waitFor();
  await signIn(page, base, 'ana');
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'cordon_session');
  assert.ok(session, 'a session cookie');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie.includes('cordon_session')), false,
    'scripts cannot read the session cookie');

  const messageAlertId = await workAMessageAlert(page, held);
  await workAnAlert(page, base, browser, messageAlertId);
  // An analyst reads the good-guy list but has no revoke button.
  await page.getByRole('link', { name: 'Good guys' }).click();
  await page.getByText('The good-guy list is empty.').waitFor();
  await page.getByLabel('Show').selectOption('all');
  await page.locator('table.goodguys tbody tr').first().getByText('revoked by admin').waitFor();
  assert.equal(await page.getByRole('button', { name: /Revoke/ }).count(), 0, 'no revoke button for an analyst');

  // Ad-hoc screening: a listed name spelled otherwise, with a date of birth as evidence.
  await page.getByRole('link', { name: 'Screen' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Sanaullah Gafari');
  await page.getByLabel('Date of birth').fill('1994');
  await page.getByRole('button', { name: 'Screen', exact: true }).click();
  const results = page.locator('section.results');
  await results.getByRole('heading', { level: 2 }).waitFor();
  const first = results.locator('li.hit').first();
  await first.getByText('un:QDi.431').waitFor();
  const alignment = first.locator('table.alignment tbody tr');
  assert.deepEqual(await alignment.locator('td:nth-child(3)').allInnerTexts(), ['exact', 'sounds alike']);
  assert.deepEqual(await alignment.locator('td:nth-child(2)').allInnerTexts(), ['sanaullah', 'ghafari']);
  const evidence = await first.locator('table.evidence tbody tr').first().innerText();
  assert.match(evidence, /birth date\s+1994\s+1994-10-28\s+supports/);
  await first.getByRole('button', { name: 'Show the listed record' }).click();
  await first.locator('section.entity').getByText('Remarks', { exact: true }).waitFor();
  await axeCheck(page, 'screening');
  await shot(page, 'screen');

  // The lists page.
  await page.getByRole('link', { name: 'Lists' }).click();
  await page.getByRole('table', { name: 'Lists in use' }).getByText('un', { exact: true }).waitFor();
  const fetched = await page.getByRole('table', { name: 'Sources fetched' }).locator('tbody tr').first().innerText();
  assert.match(fetched, /^un\s+2026-02-28_[0-9a-f]{12}\s/, fetched);
  assert.match(fetched, /refused|parse|XML|truncat|cannot/i, `the last refusal is shown: ${fetched}`);
  const versions = page.getByRole('table', { name: 'Stored versions of un, newest first' }).locator('tbody tr');
  assert.equal(await versions.count(), 2);
  assert.match(await versions.first().innerText(), /2026-02-28_\S+ current/);
  // The two versions compared: the form offers the older and the newer by default.
  await page.getByRole('button', { name: 'Compare' }).click();
  const diff = page.locator('.diff');
  await diff.getByText('1 added, 1 removed, 1 changed').waitFor();
  const diffText = await diff.innerText();
  for (const want of [/Added \(1\)\s+un:CDi\.900 ERIC BADEGE/, /Removed \(1\)\s+un:CDi\.001 ERIC BADEGE/,
    /Changed \(1\)\s+un:CDi\.002 FRANK KAKOLELE MUHINDO BWAMBALE/, /− FRANK KAKOLELE BWAMBALE/,
    /\+ FRANK KAKOLELE MUHINDO BWAMBALE/]) {
    assert.match(diffText, want);
  }
  // The same as the CLI's diff of the two versions (one diff, two ways in).
  const cli = JSON.parse(cordon(['lists', 'diff', '--store', join(work, 'lists'), '--source', 'un',
    (await page.locator('select[id="v-un-old"]').inputValue()), 'current', '--format', 'json']));
  assert.deepEqual(cli.lists[0].counts, { added: 1, removed: 1, changed: 1, unchanged: cli.lists[0].counts.unchanged });
  assert.match(await page.locator('section[aria-labelledby="lists-title"] > p').first().innerText(),
    /^\d[\d,]* entities, loaded \S+ \S+ \(generation \d+\)\.$/);
  await axeCheck(page, 'lists');
  await shot(page, 'lists');

  // The validation report: run on the UN list as published (the first version), so not on the
  // lists serving now (the second, from the store).
  await page.getByRole('link', { name: 'Validation' }).click();
  await page.getByRole('table', { name: /Listed names written otherwise/ }).waitFor();
  const validation = await page.locator('section[aria-labelledby="validation-title"]').innerText();
  assert.match(validation, /Lists: un 2026-02-27\S*\. Not the lists serving now \(un changed since\)/);
  assert.match(validation, /exact\s+20\s+\d+\s+\d+\.\d\d%/);
  assert.match(validation, /Names on no list: \d+ screened; false positives \d+\.\d\d% on the name alone/);
  await axeCheck(page, 'validation');
  await shot(page, 'validation');

  // A change without the session's CSRF token is refused; with it, it goes through.
  const csrf = await page.evaluate(async () => {
    const body = JSON.stringify({ name: 'Sanaullah Gafari' });
    const headers = { 'Content-Type': 'application/json' };
    const without = await fetch('/v1/screen', { method: 'POST', body, headers });
    const me = await (await fetch('/v1/session')).json();
    const withToken = await fetch('/v1/screen', { method: 'POST', body, headers: { ...headers, 'X-CSRF-Token': me.csrf_token } });
    return { without: without.status, code: (await without.json()).error.code, with: withToken.status };
  });
  assert.deepEqual(csrf, { without: 403, code: 'forbidden', with: 200 });

  // An analyst's session does not reach what only an admin may do.
  const reload = await page.evaluate(async () => {
    const me = await (await fetch('/v1/session')).json();
    const r = await fetch('/v1/lists/reload', { method: 'POST', headers: { 'X-CSRF-Token': me.csrf_token } });
    return r.status;
  });
  assert.equal(reload, 403);

  // Another user in another browser context has a session of their own, with their own CSRF
  // token: ana's token does not work with bea's session.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await signIn(page2, base, 'bea');
  const anaToken = await page.evaluate(async () => (await (await fetch('/v1/session')).json()).csrf_token);
  const cross = await page2.evaluate(async (token) => {
    const me = await (await fetch('/v1/session')).json();
    const r = await fetch('/v1/screen', { method: 'POST', body: '{"name":"x y"}', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token } });
    return { user: me.user, status: r.status };
  }, anaToken);
  assert.deepEqual(cross, { user: 'bea', status: 403 });
  await other.close();

  // Signing out ends the session on the server: the old cookie gets nothing any more.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('status').filter({ hasText: 'You are signed out.' }).waitFor();
  const after = await fetch(base + '/v1/session', { headers: { Cookie: `cordon_session=${session.value}` } });
  assert.equal(after.status, 401);

  assert.deepEqual(consoleErrors.filter((e) => !/status of 40[13]/.test(e)), [], 'console errors');

  // The audit trail has the sign-ins and the sign-out.
  const audit = cordon(['audit', 'export', '--db', db]);
  const actions = audit.trim().split('\n').map((l) => JSON.parse(l)).map((r) => `${r.action} ${r.actor}`);
  assert.ok(actions.includes('sign_in ana') && actions.includes('sign_out ana') && actions.includes('sign_in bea'),
    actions.join(', '));
  assert.match(cordon(['audit', 'verify', '--db', db]), /audit: \d+ records verified/);
  console.log('web_browser_test: all checks passed');
}

try {
  await main();
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
