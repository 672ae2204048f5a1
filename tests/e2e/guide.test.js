'use strict';
// The bundled guide in a real browser: built under a subpath base URL, served on 127.0.0.1,
// driven in Debian's headless Chromium. Run with `npm test` in this folder after
// `cargo build --release`. Set E2E_SCREENSHOTS=DIR to keep the screenshots.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { setUp, words } = require('./support');

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCHEMES = ['light', 'dark'];

let env;
let pages; // the site paths every page-level check visits

before(async () => {
  env = await setUp();
  const index = env.index;
  assert.ok(index.length > 0, 'the search index lists questions');
  const category = new URL(index[0].u, env.origin).pathname.split('/').slice(-3, -2)[0];
  const withCode = index.find((e) => env.read(pagePath(e.u)).includes('class="hl-'));
  assert.ok(withCode, 'some question has highlighted code');
  const kits = fs.readdirSync(path.join(env.siteDir, 'kits'), { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const kit = kits.includes('mid-technical') ? 'mid-technical' : kits[0];
  assert.ok(kit, 'the guide has a kit');
  pages = {
    home: '',
    category: `questions/${category}/`,
    question: rel(withCode.u),
    questions: 'questions/',
    kit: `kits/${kit}/`,
  };
});

after(async () => {
  if (env) await env.close();
});

/** A site URL (`/guide/questions/x/y/`) relative to the base (`questions/x/y/`). */
function rel(url) {
  return new URL(url, env.origin).pathname.slice(new URL(env.base).pathname.length);
}
function pagePath(url) {
  return path.join(rel(url), 'index.html');
}

async function open(rel, { scheme = 'light', width = 1280, context } = {}) {
  const page = await (context || env.browser).newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.emulateMedia({ colorScheme: scheme });
  const response = await page.goto(env.url(rel), { waitUntil: 'load' });
  assert.equal(response.status(), 200, `GET ${env.url(rel)}`);
  return page;
}

async function searchFor(page, query) {
  await page.keyboard.press('/');
  const input = page.locator('#search-input');
  assert.ok(await input.evaluate((el) => el === document.activeElement), '`/` focuses the search box');
  await input.fill(query);
  await page.locator('#search-popup').waitFor({ state: 'visible' });
  return page.locator('#search-results [role="option"]');
}

test('home page loads under the subpath, with landmarks, one h1 and a skip link', async () => {
  const page = await open(pages.home);
  assert.match(await page.title(), /\S/);
  assert.equal(await page.locator('h1').count(), 1);
  assert.equal(await page.locator('header.site-header').count(), 1);
  assert.equal(await page.locator('main#main').count(), 1);
  assert.equal(await page.locator('footer.site-footer').count(), 1);
  assert.ok(await page.locator('nav[aria-label="Main"]').isVisible());
  assert.ok(await page.locator('#site-search').isVisible(), 'the script reveals the search box');
  // The first Tab reaches the skip link, which is then visible and outlined.
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  assert.ok(await skip.evaluate((el) => el === document.activeElement), 'skip link is focused first');
  assert.ok(await skip.isVisible());
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.notEqual(outline, 'none', 'focused elements show an outline');
  await page.keyboard.press('Enter');
  assert.ok(page.url().endsWith('#main'));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  // Every stylesheet and script came from under the subpath.
  const assets = await page.evaluate(() =>
    [...document.querySelectorAll('link[rel=stylesheet], script[src]')].map((e) => e.href || e.src));
  assert.ok(assets.length >= 3, assets.join(' '));
  for (const a of assets) assert.ok(a.startsWith(env.base), a);
  await page.close();
});

test('a category link on the home page leads to its index', async () => {
  const page = await open(pages.home);
  const link = page.locator('.category-table tbody th a').first();
  const name = (await link.textContent()).trim();
  await Promise.all([page.waitForURL(/\/guide\/questions\/[^/]+\/$/), link.click()]);
  assert.equal((await page.locator('h1').textContent()).trim(), name);
  assert.ok(await page.locator('.question-list li').count() > 0);
  assert.ok(await page.locator('nav.breadcrumbs').isVisible());
  await page.close();
});

test('a question page shows breadcrumbs, the rubric and highlighted code', async () => {
  const page = await open(pages.question);
  assert.equal(await page.locator('h1').count(), 1);
  assert.ok(await page.locator('nav.breadcrumbs').isVisible());
  const rubric = page.locator('section.rubric');
  assert.ok(await rubric.isVisible());
  assert.equal((await rubric.locator('h2').textContent()).trim(), 'Rubric');
  assert.ok(await rubric.locator('.listen li').count() > 0);
  const tokens = page.locator('pre span[class^="hl-"]');
  assert.ok(await tokens.count() > 0, 'highlighted tokens');
  assert.ok(await tokens.first().isVisible());
  // The theme colours apply: some token is coloured unlike the plain code text.
  const colours = await page.evaluate(() => new Set(
    [...document.querySelectorAll('pre span[class^="hl-"]')].map((s) => getComputedStyle(s).color)).size);
  assert.ok(colours > 1, `highlighted code has ${colours} colour(s)`);
  await page.close();
});

test('search loads its index on first focus and finds a question by its title', async () => {
  const page = await env.browser.newPage();
  const asked = [];
  page.on('request', (r) => asked.push(r.url()));
  await page.goto(env.url(pages.home), { waitUntil: 'load' });
  const indexUrl = env.url('search-index.json');
  assert.ok(asked.length >= 3, asked.join(' '));
  assert.ok(!asked.includes(indexUrl), 'the index is not fetched before the box is used');
  // A question whose title has three distinctive words; the last is typed as a prefix.
  const target = env.index.find((e) => words(e.t).filter((w) => w.length >= 5).length >= 3);
  const [a, b, c] = words(target.t).filter((w) => w.length >= 5);
  const query = `${a} ${b} ${c.slice(0, 3)}`;
  const options = await searchFor(page, query);
  assert.ok(asked.includes(indexUrl), 'focusing the box fetched the index');
  const hrefs = await options.evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  const at = hrefs.indexOf(target.u);
  assert.ok(at >= 0, `"${query}" finds ${target.u} among ${hrefs.join(', ')}`);
  // Results show level and category badges, as text.
  const first = options.nth(at);
  assert.equal(await first.locator('.badge.level').count(), 1);
  assert.equal((await first.locator('.badge.category').textContent()).trim(), target.c);
  // Arrow keys move the active option; Enter opens it.
  for (let i = 0; i <= at; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await first.getAttribute('aria-selected'), 'true');
  const activeId = await page.locator('#search-input').getAttribute('aria-activedescendant');
  assert.equal(activeId, await first.getAttribute('id'));
  await Promise.all([page.waitForURL(new URL(target.u, env.origin).href), page.keyboard.press('Enter')]);
  assert.equal((await page.locator('h1').textContent()).trim(), target.t);
  await page.close();
});

test('search: Escape closes, every word must match, title hits rank first, under 50 ms', async (t) => {
  const page = await open(pages.question);
  const options = await searchFor(page, words(env.index[0].t).find((w) => w.length >= 4));
  assert.ok(await options.count() > 0);
  await page.keyboard.press('Escape');
  assert.ok(await page.locator('#search-popup').isHidden(), 'Escape closes the results');
  assert.equal(await page.locator('#search-input').getAttribute('aria-expanded'), 'false');

  // A word found only in a question's rubric or answer finds it.
  const inTitles = new Set(env.index.flatMap((e) => words(`${e.t} ${e.c} ${(e.g || []).join(' ')}`)));
  const kwTarget = env.index.find((e) => words(e.w).some((w) => w.length >= 6 && !inTitles.has(w)));
  const kw = words(kwTarget.w).find((w) => w.length >= 6 && !inTitles.has(w));
  await page.locator('#search-input').fill(kw);
  const kwHrefs = await options.evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  assert.ok(kwHrefs.includes(kwTarget.u), `"${kw}" (a rubric or answer word) finds ${kwTarget.u}`);

  // Stop words (left out of the keywords by the build) do not sink a query.
  await page.locator('#search-input').fill(`how does the ${kw}`);
  const stopHrefs = await options.evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  assert.ok(stopHrefs.includes(kwTarget.u), `"how does the ${kw}" finds ${kwTarget.u}`);

  // Nonsense after a good word matches nothing: every word must match.
  await page.locator('#search-input').fill(`${kw} zzqxj`);
  assert.equal(await options.count(), 0);
  assert.match(await page.locator('#search-note').textContent(), /No questions match/);

  // A word in some titles and in other questions' keywords: the title hits come first.
  const word = [...inTitles].find((w) => w.length >= 4 &&
    env.index.some((e) => !words(e.t).includes(w) && words(e.w).includes(w)) &&
    env.index.some((e) => words(e.t).includes(w)));
  assert.ok(word, 'the bank has a word in titles and in keywords');
  await page.locator('#search-input').fill(word);
  const titles = await page.locator('#search-results .search-title').allTextContents();
  const inTitle = titles.map((t) => words(t).some((w) => w.startsWith(word)));
  assert.ok(inTitle[0], `"${word}": the first result has it in its title`);
  assert.ok(inTitle.indexOf(false) < 0 || !inTitle.slice(inTitle.indexOf(false)).includes(true),
    `"${word}": title hits come before other hits: ${JSON.stringify(titles)}`);

  // A click on a result opens it too.
  await page.locator('#search-input').fill(kw);
  const clicked = options.first();
  const href = await clicked.getAttribute('href');
  await Promise.all([page.waitForURL(new URL(href, env.origin).href), clicked.click()]);
  await page.goto(env.url(pages.question));
  await searchFor(page, kw); // the index is loaded again before the timing below

  // Time from keystroke to rendered results, for a few queries.
  const slowest = await page.evaluate((queries) => {
    const input = document.getElementById('search-input');
    let worst = 0;
    for (const q of queries) {
      for (let i = 1; i <= q.length; i++) {
        const t0 = performance.now();
        input.value = q.slice(0, i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        document.querySelectorAll('#search-results [role="option"]').length;
        worst = Math.max(worst, performance.now() - t0);
      }
    }
    return worst;
  }, [word, kw, 'a', 'e', 'the python', env.index[env.index.length - 1].t]);
  assert.ok(slowest < 50, `slowest search took ${slowest.toFixed(1)} ms`);
  t.diagnostic(`slowest search keystroke: ${slowest.toFixed(2)} ms over ${env.index.length} questions`);
  await page.close();
});

test('search.js and the build agree on the stop words', () => {
  const rust = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'render', 'mod.rs'), 'utf8');
  const js = fs.readFileSync(path.join(__dirname, '..', '..', 'static', 'search.js'), 'utf8');
  const fromRust = rust.match(/const STOP: &\[&str\] = &\[([^\]]*)\]/)[1].match(/[a-z]+/g);
  const fromJs = js.match(/var STOP = \{\};\s*\(([^)]*)\)/)[1].match(/[a-z]+/g);
  assert.ok(fromRust.length > 50);
  assert.deepEqual(fromJs, fromRust);
});

test('filters narrow the table, show a count, live in the URL and survive a reload', async () => {
  const page = await open(pages.questions);
  const rows = page.locator('#question-table tbody tr');
  const visible = page.locator('#question-table tbody tr:visible');
  const total = await rows.count();
  const count = page.locator('#filter-count');
  assert.equal((await count.textContent()).trim(), `${total} of ${total} questions`);
  // Pick a level and a kind that some row has together, so the combination is not empty.
  const row = rows.nth(Math.floor(total / 2));
  const level = await row.getAttribute('data-level');
  const kind = await row.getAttribute('data-kind');
  await page.selectOption('#filter-level', level);
  const byLevel = await visible.count();
  assert.ok(byLevel > 0 && byLevel < total, `level ${level}: ${byLevel} of ${total}`);
  assert.equal((await count.textContent()).trim(), `${byLevel} of ${total} questions`);
  for (const l of await visible.evaluateAll((rs) => rs.map((r) => r.dataset.level))) assert.equal(l, level);
  await page.selectOption('#filter-kind', kind);
  const both = await visible.count();
  assert.ok(both > 0 && both <= byLevel);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('level'), level);
  assert.equal(url.searchParams.get('kind'), kind);
  assert.ok(url.pathname.startsWith('/guide/'));

  await page.reload({ waitUntil: 'load' });
  assert.equal(await page.inputValue('#filter-level'), level);
  assert.equal(await page.inputValue('#filter-kind'), kind);
  assert.equal(await visible.count(), both, 'the same rows after a reload');
  assert.equal((await count.textContent()).trim(), `${both} of ${total} questions`);

  // A shared link with a tag and a category opens filtered.
  const tagged = rows.filter({ has: page.locator('td.tags a') }).first();
  const tag = (await tagged.getAttribute('data-tags')).trim().split(' ')[0];
  const category = await tagged.getAttribute('data-category');
  const shared = await open(`questions/?tag=${encodeURIComponent(tag)}&category=${category}`);
  const sharedRows = await shared.locator('#question-table tbody tr:visible')
    .evaluateAll((rs) => rs.map((r) => [r.dataset.category, r.dataset.tags.split(' ')]));
  assert.ok(sharedRows.length > 0);
  for (const [c, tags] of sharedRows) {
    assert.equal(c, category);
    assert.ok(tags.includes(tag));
  }
  // Clearing shows everything and empties the query.
  await shared.click('button[type="reset"]');
  await shared.waitForFunction(() => !location.search);
  assert.equal(await shared.locator('#question-table tbody tr:visible').count(), total);
  await shared.close();
  await page.close();
});

test('without JavaScript: every question listed, no broken search box or filters', async () => {
  const context = await env.noScript();
  const page = await open(pages.questions, { context });
  const rows = page.locator('#question-table tbody tr');
  assert.equal(await page.locator('#question-table tbody tr:visible').count(), await rows.count());
  assert.ok(await rows.count() === env.index.length, 'one row per question');
  assert.ok(await page.locator('#filters').isHidden());
  assert.ok(await page.locator('#site-search').isHidden());
  const home = await open(pages.home, { context });
  assert.ok(await home.locator('#site-search').isHidden());
  assert.ok(await home.locator('nav[aria-label="Main"] a').first().isVisible());
  await home.close();
  await page.close();
});

test('dark mode changes the background and the text colour', async () => {
  const colours = {};
  for (const scheme of SCHEMES) {
    const page = await open(pages.question, { scheme });
    colours[scheme] = await page.evaluate(() => {
      const body = getComputedStyle(document.body);
      const pre = document.querySelector('pre');
      return { bg: body.backgroundColor, fg: body.color, pre: pre && getComputedStyle(pre).backgroundColor };
    });
    await page.close();
  }
  assert.notEqual(colours.dark.bg, colours.light.bg);
  assert.notEqual(colours.dark.fg, colours.light.fg);
  assert.notEqual(colours.dark.pre, colours.light.pre);
  const lum = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((s, v) => s + Number(v), 0);
  assert.ok(lum(colours.dark.bg) < lum(colours.light.bg), JSON.stringify(colours));
});

test('axe: no serious or critical violations, light and dark', async (t) => {
  const problems = [];
  const visits = [
    ['home', pages.home],
    ['category index', pages.category],
    ['question', pages.question],
    ['kit', pages.kit],
    ['all questions', pages.questions],
    ['search results open', pages.home, true],
  ];
  for (const scheme of SCHEMES) {
    for (const [name, where, withSearch] of visits) {
      const page = await open(where, { scheme });
      if (withSearch) await searchFor(page, words(env.index[0].t).find((w) => w.length >= 4));
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 6).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 2).join(' ').trim()}`),
          more: Math.max(0, v.nodes.length - 6),
        }));
      });
      for (const v of violations) {
        const line = `${scheme} ${name}: [${v.impact}] ${v.id} (${v.help})\n      ${v.nodes.join('\n      ')}${v.more ? `\n      … and ${v.more} more` : ''}`;
        if (v.impact === 'serious' || v.impact === 'critical') problems.push(line);
        else t.diagnostic(`axe, not failing: ${line.split('\n')[0]}`);
      }
      await page.close();
    }
  }
  assert.deepEqual(problems, [], `axe found:\n${problems.join('\n')}`);
});

test('responsive: nothing scrolls sideways at 320 px; screenshots at 375 and 1280 px', async (t) => {
  for (const [name, where] of Object.entries(pages)) {
    const page = await open(where, { width: 320 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} at 320 px overflows by ${overflow} px`);
    await page.close();
  }
  const dir = process.env.E2E_SCREENSHOTS
    ? path.resolve(process.env.E2E_SCREENSHOTS)
    : path.join(env.tmp, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const shots = [];
  for (const scheme of SCHEMES) {
    for (const width of [375, 1280]) {
      for (const [name, where] of Object.entries({ ...pages, questions: 'questions/?level=junior' })) {
        const page = await open(where, { scheme, width });
        const file = path.join(dir, `${name}-${width}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: name !== 'questions' && name !== 'kit' });
        shots.push(file);
        await page.close();
      }
      const page = await open(pages.home, { scheme, width });
      await searchFor(page, env.index.flatMap((e) => words(e.t)).find((w) => w.length >= 8));
      const file = path.join(dir, `search-${width}-${scheme}.png`);
      await page.screenshot({ path: file });
      shots.push(file);
      await page.close();
    }
  }
  for (const f of shots) assert.ok(fs.statSync(f).size > 1000, f);
  if (process.env.E2E_SCREENSHOTS) t.diagnostic(`${shots.length} screenshots in ${dir}`);
});

test('page weight: HTML + CSS + JS of the home and a question page', async (t) => {
  for (const [name, where] of [['home', pages.home], ['question', pages.question]]) {
    const page = await open(where);
    const sizes = await page.evaluate(() => {
      const out = { html: 0, css: 0, js: 0, other: 0 };
      for (const e of performance.getEntriesByType('navigation')) out.html += e.encodedBodySize;
      for (const e of performance.getEntriesByType('resource')) {
        const kind = e.name.endsWith('.css') ? 'css' : e.name.endsWith('.js') ? 'js' : 'other';
        out[kind] += e.encodedBodySize;
      }
      return out;
    });
    const total = sizes.html + sizes.css + sizes.js;
    t.diagnostic(`${name} (${where || '/'}): html ${sizes.html} + css ${sizes.css} + js ${sizes.js} = ${total} bytes (uncompressed)`);
    assert.equal(sizes.other, 0, `${name} loads nothing but HTML, CSS and JS on load`);
    assert.ok(total < 200_000, `${name} weighs ${total} bytes`);
    await page.close();
  }
});

test('no request left 127.0.0.1 and no console errors', () => {
  const origin = env.origin + '/';
  const outside = env.seen.requests.filter((u) => !u.startsWith(origin));
  assert.deepEqual(outside, [], 'requests to other hosts');
  assert.ok(env.seen.requests.length > 20, 'requests were recorded');
  assert.deepEqual(env.seen.consoleErrors, []);
});
