// How quickly the alert queue and the review page become interactive in Chromium with 1,000,000
// alerts in a SQLite case store (issue 13's target: 300 ms). A benchmark, not a CI test; the
// figures are in bench/RESULTS.md. From the source tree, after building cordon and cordon_web:
//
//   nice -n 15 node bench/web_queue.mjs --cordon build/src/cli/cordon \
//        --node-modules build/web/node_modules [--alerts 1000000] [--runs 20] \
//        [--chromium /usr/bin/chromium] [--lists data/lists/un] [--keep DIR] [--message-every K]
//
// The store: three real customers screened against the UN list by `cordon subjects screen` (real
// alerts with their explanations) and a held pacs.008 recorded by `cordon message --db` (a
// message alert), then cloned in SQL to N open alerts with spread scores, ages and a few
// assignees, one in K (--message-every, default 10; 0: none, the real one alone) a held
// message's (the clones bypass the audit trail: this measures reads, not the chain).
// --keep DIR keeps (or reuses) the store in DIR, so a second run skips the minutes of cloning.
//
// Every figure is measured by the browser's own clock (performance.now()), p50 and p95 over the
// runs:
//   - queue, page load: /#/alerts loaded anew in the tab (reload: the HTML, the bundle, the
//     session, the first 50 alerts by score) until the 50 rows are in the document;
//     performance.now() counts from the navigation's start (a tab's first load of cordon also
//     starts a renderer process: Chromium's cost, not measured);
//   - review, page load: /#/alerts/ID loaded anew until the alignment and the listed record are
//     shown;
//   - queue -> review and queue -> next page: inside the running application (Enter on a row, n),
//     from the key press until the review's explanation or the next 50 rows are shown;
//   - the API answers behind the queue's filters (fetch() in the page, 50 alerts each), including
//     a page deep in the million (the keyset cursor of alert ~N-50) and the optional total.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = { alerts: '1000000', runs: '20', chromium: '/usr/bin/chromium', lists: 'data/lists/un',
  'message-every': '10' };
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const required of ['cordon', 'node-modules']) {
  if (!args[required]) throw new Error(`--${required} is required (see the top of ${process.argv[1]})`);
}
const N = Number(args.alerts);
const RUNS = Number(args.runs);
const require = createRequire(join(resolve(args['node-modules']), 'noop.js'));
const { chromium } = require('playwright-core');
const work = args.keep ? resolve(args.keep) : mkdtempSync(join(tmpdir(), 'cordon-webq-'));
mkdirSync(work, { recursive: true });
const db = join(work, 'cases.db');
const PW = 'bench passphrase 1';
const DEADLINE_MS = 120_000;
const run = (argv, input = '') => {
  const r = spawnSync(args.cordon, argv, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cordon ${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

function makeStore() {
  run(['users', 'add', '--db', db, 'admin', '--role', 'admin'], PW + '\n');
  for (const u of ['ana', 'bea']) run(['users', 'add', '--db', db, u, '--role', 'analyst', '--user', 'admin']);
  writeFileSync(join(work, 's.jsonl'), [
    { id: 'c-1', name: 'Sanaullah Ghafary', birth_date: '1994' },
    { id: 'c-2', name: 'Khalil Rahman Haqani', birth_date: '1966' },
    { id: 'c-3', name: 'Islamic State Khorasan', schema: 'Organization' },
  ].map((x) => JSON.stringify(x)).join('\n') + '\n');
  run(['subjects', 'import', '--db', db, '--user', 'admin', join(work, 's.jsonl')]);
  run(['subjects', 'screen', '--db', db, '--user', 'admin', '--lists', args.lists]);
  run(['message', '--db', db, '--user', 'admin', '--lists', args.lists,
    'testdata/messages/injected/pacs.008_listed_creditor.xml']);
  // Clones of the first real alert: scores spread over 0.5-1.0, created over the last 60 days,
  // 1 in 100 assigned to ana, 1 in 200 to bea, 1 in 50 closed as a false positive; 1 in K a
  // held message's (the real message alert's message, hit and party, a key of its own).
  const t0 = Date.now();
  const py = spawnSync('python3', ['-c', `
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
cols = [r[1] for r in c.execute("PRAGMA table_info(alerts)") if r[1] != "alert_id"]
expr = {
  "subject_id": "'bulk-' || n.i",
  "score": "round((abs(random()) % 5000) / 10000.0 + 0.5, 4)",
  "created_at": "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ((n.i % 86400) * 60) || ' seconds')",
  "assigned_to": "CASE WHEN n.i % 100 = 0 THEN 'ana' WHEN n.i % 200 = 1 THEN 'bea' ELSE '' END",
  "status": "CASE WHEN n.i % 50 = 7 THEN 'false_positive' WHEN n.i % 100 = 0 OR n.i % 200 = 1 THEN 'in_review' ELSE 'open' END",
  "active": "CASE WHEN n.i % 50 = 7 THEN 0 ELSE 1 END",
}
k = int(sys.argv[3])
held = f"(n.i % {k} = {min(3, k - 1)})" if k > 0 else "0"
expr.update({
  "kind": f"CASE WHEN {held} THEN 'message' ELSE 'subject' END",
  "message": f"CASE WHEN {held} THEN (SELECT message FROM alerts WHERE kind = 'message' LIMIT 1) ELSE '' END",
  "message_key": f"CASE WHEN {held} THEN 'bench-' || n.i ELSE '' END",
  "hit": f"CASE WHEN {held} THEN (SELECT hit FROM alerts WHERE kind = 'message' LIMIT 1) ELSE hit END",
  "subject_data": f"CASE WHEN {held} THEN (SELECT subject_data FROM alerts WHERE kind = 'message' LIMIT 1) ELSE subject_data END",
})
sel = ", ".join(expr.get(x, x) for x in cols)
c.execute(f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
  INSERT INTO alerts ({", ".join(cols)}) SELECT {sel} FROM n, (SELECT * FROM alerts LIMIT 1)""",
  (int(sys.argv[2]),))
c.commit()
print(c.execute("SELECT COUNT(*) FROM alerts").fetchone()[0])
`, db, String(N - 4), args['message-every']], { encoding: 'utf8' });
  if (py.status !== 0) throw new Error(py.stderr);
  writeFileSync(join(work, 'complete'), py.stdout);
  console.log(`store: ${py.stdout.trim()} alerts (cloned in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

let server, browser;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return `p50 ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms (${s.length} runs)`;
};
// Polls in the page (every animation frame) until `selector` matches at least `count` elements
// whose text includes `text`; answers performance.now() then.
const shown = (page, selector, count = 1, text = '') => page.waitForFunction(({ selector, count, text }) => {
  const els = [...document.querySelectorAll(selector)].filter((e) => e.textContent.includes(text));
  return els.length >= count ? performance.now() : false;
}, { selector, count, text }, { polling: 'raf', timeout: DEADLINE_MS }).then((h) => h.jsonValue());

try {
  if (!existsSync(join(work, 'complete'))) {
    rmSync(db, { force: true });
    makeStore();
  }
  server = spawn(args.cordon, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--lists', args.lists,
    '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => { out += d; const m = out.match(/listening on (http:\/\/\S+?);/); if (m) resolve(m[1]); });
    server.on('exit', (code) => reject(new Error(`cordon serve exited (${code})`)));
  });
  browser = await chromium.launch({ executablePath: args.chromium, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(DEADLINE_MS);
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(PW);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await shown(page, 'table.alerts tbody tr', 50);  // warm: the first page once

  const ids = (await page.locator('table.alerts tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
  const res = { queueCold: [], reviewCold: [], toReview: [], nextPage: [] };
  for (let i = 0; i < RUNS; i++) {
    await page.evaluate(() => history.replaceState(null, '', '#/alerts'));
    await page.reload();
    res.queueCold.push(await shown(page, 'table.alerts tbody tr', 50));
    // In the application: n (next page), then Enter on the row under the cursor.
    await page.locator('.queue').focus();
    let t = await page.evaluate(() => performance.now());
    await page.keyboard.press('n');
    res.nextPage.push(await shown(page, 'table.alerts caption', 1, 'Page 2') - t);
    await shown(page, 'table.alerts tbody tr', 50);
    t = await page.evaluate(() => performance.now());
    await page.keyboard.press('Enter');
    await shown(page, 'table.alignment');
    res.toReview.push(await shown(page, 'section.entity dl') - t);
    await page.evaluate((id) => history.replaceState(null, '', `#/alerts/${id}`), ids[i % ids.length]);
    await page.reload();
    await shown(page, 'table.alignment');
    await shown(page, 'table.history');
    res.reviewCold.push(await shown(page, 'section.entity dl'));
  }
  console.log(`queue, page load to 50 rows:      ${stats(res.queueCold)}`);
  console.log(`queue, next page (n):             ${stats(res.nextPage)}`);
  console.log(`queue -> review (Enter):          ${stats(res.toReview)}`);
  console.log(`review, page load to explanation: ${stats(res.reviewCold)}`);

  // The API behind the filters, timed in the page.
  const tail = await page.evaluate(async () => (await (await fetch('/v1/alerts?sort=created&limit=1')).json()).alerts[0]);
  const queries = {
    'active by score (the default)': 'status=active&sort=score',
    'active, newest': 'status=active&sort=created',
    'any status, oldest': 'sort=id',
    'open by score': 'status=open&sort=score',
    'false positives by score': 'status=false_positive&sort=score',
    'list un by score': 'status=active&list=un&sort=score',
    'list ofac (none) by score': 'status=active&list=ofac&sort=score',
    'score >= 0.95': 'status=active&min_score=0.95&sort=score',
    'assigned to ana by score': 'status=active&assigned_to=ana&sort=score',
    'raised in the last day': "status=active&max_age_days=1&sort=score",
    'deep: oldest, near the end': `sort=id&after=${Math.max(1, tail.alert_id - 60)}`,
    'deep: by score, near the end': `status=active&sort=score&after=0.5001:1`,
    'held messages by score': 'status=active&kind=message&sort=score',
    'held messages, newest': 'status=active&kind=message&sort=created',
    'held messages, open by score': 'status=open&kind=message&sort=score',
    'subjects by score': 'status=active&kind=subject&sort=score',
    'with the total (count=true)': 'status=active&sort=score&count=true',
  };
  for (const [label, q] of Object.entries(queries)) {
    const times = [];
    let n = 0;
    for (let i = 0; i < Math.max(5, Math.floor(RUNS / 2)); i++) {
      const r = await page.evaluate(async (url) => {
        const t = performance.now();
        const resp = await fetch(url);
        const j = await resp.json();
        if (!resp.ok) throw new Error(`${url}: ${JSON.stringify(j)}`);
        return { ms: performance.now() - t, n: j.alerts.length };
      }, `/v1/alerts?${q}&limit=50`);
      times.push(r.ms);
      n = r.n;
    }
    console.log(`GET /v1/alerts ${label.padEnd(34)} ${String(n).padStart(2)} alerts: ${stats(times)}`);
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) server.kill('SIGTERM');
  if (!args.keep) rmSync(work, { recursive: true, force: true });
}
