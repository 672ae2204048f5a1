'use strict';
// Shared set-up for the end-to-end tests: build the guide under a subpath base URL, serve it
// on 127.0.0.1, and drive Debian's Chromium through playwright-core (never a downloaded
// browser). Everything lives in one temporary folder, removed by `close()`.

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { chromium } = require('playwright-core');

const REPO = path.resolve(__dirname, '..', '..');
const SUBPATH = '/guide/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Chromium's flags: headless, no GPU, and nothing that phones home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Serves `root` on 127.0.0.1 (GET and HEAD only); `requests` records every path asked for. */
function serve(root) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, path.normalize(pathname));
    if (!file.startsWith(root + path.sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { Location: pathname + '/' }).end();
        return;
      }
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat || !stat.isFile()) {
      // Like GitHub Pages: the site's own 404 page for anything under it.
      const notFound = path.join(root, SUBPATH, '404.html');
      const inSite = pathname.startsWith(SUBPATH) && fs.existsSync(notFound);
      res.writeHead(404, { 'Content-Type': TYPES['.html'] });
      res.end(req.method === 'HEAD' ? undefined : inSite ? fs.readFileSync(notFound) : 'not found');
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, requests, port: server.address().port }));
  });
}

/** Builds the guide at `source` into `out` with the given base URL; throws with its output. */
function build(source, out, baseUrl) {
  const bin = process.env.HIREGUIDE_BIN || path.join(REPO, 'target', 'release', 'hireguide');
  if (!fs.existsSync(bin)) {
    throw new Error(`no hireguide binary at ${bin}: run \`cargo build --release\` first`);
  }
  const run = spawnSync(bin, ['build', '--source', source, '--output', out, '--base-url', baseUrl], {
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`hireguide build failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return run.stdout.trim();
}

/** Starts Chromium with a fresh profile; `javaScriptEnabled: false` for the no-script pages. */
async function launch(profile, options = {}) {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    ...options,
  });
}

/** Everything a test run needs: the built site, its server, a browser and what they saw. */
async function setUp() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hireguide-e2e-'));
  const { server, requests, port } = await serve(path.join(tmp, 'site'));
  const origin = `http://127.0.0.1:${port}`;
  const base = origin + SUBPATH;
  const siteDir = path.join(tmp, 'site', SUBPATH.replaceAll('/', ''));
  const summary = build(process.env.HIREGUIDE_SOURCE || REPO, siteDir, base);
  const browser = await launch(path.join(tmp, 'profile'));
  const seen = { requests: [], consoleErrors: [] };
  const watch = (context) => {
    context.on('request', (r) => seen.requests.push(r.url()));
    context.on('page', (page) => {
      page.on('console', (m) => {
        // Chromium guesses /favicon.ico at the host root, outside the site (which lives under
        // the subpath): that 404 is the browser's, not the guide's.
        if (m.type() === 'error' && m.location().url !== `${origin}/favicon.ico`) {
          seen.consoleErrors.push(`${page.url()}: ${m.text()} ${m.location().url || ''}`.trim());
        }
      });
      page.on('pageerror', (e) => seen.consoleErrors.push(`${page.url()}: ${e.message}`));
    });
  };
  watch(browser);
  const env = {
    tmp,
    origin,
    base,
    siteDir,
    summary,
    browser,
    seen,
    served: requests,
    index: JSON.parse(fs.readFileSync(path.join(siteDir, 'search-index.json'), 'utf8')),
    /** A second browser with JavaScript off, started on first use. */
    async noScript() {
      if (!this._noScript) {
        this._noScript = await launch(path.join(tmp, 'profile-noscript'), { javaScriptEnabled: false });
        watch(this._noScript);
      }
      return this._noScript;
    },
    /** Absolute URL of a site path (`questions/`), under the subpath. */
    url(rel = '') {
      return base + rel.replace(/^\//, '');
    },
    /** The site's file at `rel`, as text. */
    read(rel) {
      return fs.readFileSync(path.join(siteDir, rel), 'utf8');
    },
    async close() {
      if (this._noScript) await this._noScript.close();
      await browser.close();
      await new Promise((r) => server.close(r));
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
  return env;
}

/** Words as the search script and the build split them. */
function words(text) {
  return String(text || '')
    .toLowerCase()
    .split(/[^\p{Alphabetic}\p{N}_]+/u)
    .map((w) => w.replace(/^_+|_+$/g, ''))
    .filter(Boolean);
}

module.exports = { setUp, words, SUBPATH, CHROMIUM_ARGS };
