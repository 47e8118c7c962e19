/**
 * The documentation site in a real browser: `npm run docs` builds it (TypeDoc, then VitePress), a local
 * server serves the build, and headless Chromium (Debian's, installed by scripts/install-system-packages.sh)
 * checks that the home page renders, that split-window's page shows the flags the catalog has, that the
 * local search finds split-window from "split", that no page logs a console error, and that every internal
 * link in the built HTML resolves. Screenshots of the home page and split-window's page are kept in
 * .cache/docs-screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogByName } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const site = join(root, 'docs/.vitepress/dist');
const shots = join(root, '.cache/docs-screenshots');
const CHROMIUM = '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** A static server of the built site, as a host would serve it (`/x` → `/x.html`, `/dir/` → index). */
function serve(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const candidates = [path, `${path}.html`, join(path, 'index.html')].map((p) => join(site, p));
    const file = candidates.find((f) => f.startsWith(site) && existsSync(f) && statSync(f).isFile());
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      done({ server, base: `http://127.0.0.1:${address.port}` });
    }),
  );
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? htmlFiles(join(dir, d.name)) : d.name.endsWith('.html') ? [join(dir, d.name)] : [],
  );
}

describe('the documentation site', () => {
  let browser: Browser;
  let http: Server;
  let base: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    execFileSync('npm', ['run', 'docs'], { cwd: root, stdio: 'ignore', timeout: 600_000 });
    ({ server: http, base } = await serve());
    mkdirSync(shots, { recursive: true });
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Root in a container has no user namespaces for Chromium's sandbox.
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    http?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${path}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${path}: ${(e as Error).message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) consoleErrors.push(`${path}: ${r.status()} ${r.url()}`);
    });
    const response = await page.goto(`${base}${path}`, { waitUntil: 'networkidle0' });
    expect(response?.status(), path).toBe(200);
    return page;
  }

  it('Chromium is installed (scripts/install-system-packages.sh)', () => {
    expect(existsSync(CHROMIUM)).toBe(true);
  });

  it('renders the home page', async () => {
    const page = await open('/');
    expect(await page.title()).toMatch(/tmuxkit/);
    const hero = await page.$eval('.VPHero .name', (e) => e.textContent);
    expect(hero).toMatch(/tmuxkit/);
    expect(await page.$$eval('.VPFeature', (els) => els.length)).toBe(4);
    await page.screenshot({ path: join(shots, 'home.png') });
    await page.close();
  });

  it("shows split-window's flags table with the catalog's rows", async () => {
    const page = await open('/reference/commands/split-window.html');
    expect(await page.$eval('h1', (e) => e.textContent)).toMatch(/split-window/);
    const flags = await page.$$eval('table', (tables) => {
      const table = tables.find((t) => t.querySelector('th')?.textContent?.trim() === 'Flag');
      return [...(table?.querySelectorAll('tbody tr') ?? [])].map((r) =>
        r.querySelector('td')?.textContent?.trim(),
      );
    });
    const catalog = catalogByName.get('split-window')!.flags.map((f) => `-${f.flag}`);
    expect(flags).toEqual(catalog);
    await page.screenshot({ path: join(shots, 'split-window.png'), fullPage: false });
    await page.close();
  });

  it('finds split-window by searching for "split"', async () => {
    const page = await open('/');
    await page.click('.VPNavBarSearch button');
    await page.waitForSelector('.VPLocalSearchBox input');
    await page.type('.VPLocalSearchBox input', 'split');
    // Evaluated in the page (a string, since the test's TypeScript has no DOM types).
    await page.waitForFunction(
      `[...document.querySelectorAll('.VPLocalSearchBox .result')].some((a) => (a.getAttribute('href') ?? '').includes('split-window'))`,
      { timeout: 20_000 },
    );
    const hits = await page.$$eval('.VPLocalSearchBox .result', (as) =>
      as.map((a) => a.getAttribute('href')),
    );
    expect(hits.some((h) => h?.includes('/reference/commands/split-window'))).toBe(true);
    await page.close();
  });

  it('resolves every internal link in the built HTML', () => {
    const files = htmlFiles(site);
    expect(files.length).toBeGreaterThan(200);
    const broken: string[] = [];
    for (const file of files) {
      const html = readFileSync(file, 'utf8');
      for (const [, href] of html.matchAll(/href="([^"]+)"/g)) {
        if (/^(https?:|mailto:|#|data:|javascript:)/.test(href!)) continue;
        const path = decodeURIComponent(href!.split('#')[0]!.split('?')[0]!);
        if (path === '') continue;
        const target = path.startsWith('/') ? join(site, path) : resolve(file, '..', path);
        const found = [target, `${target}.html`, join(target, 'index.html')].some(
          (t) => existsSync(t) && statSync(t).isFile(),
        );
        if (!found) broken.push(`${file.slice(site.length)}: ${href}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('logs no console errors on the pages it visited, nor on a guide and an API page', async () => {
    for (const path of ['/guides/getting-started.html', '/api/index.html']) await (await open(path)).close();
    expect(consoleErrors).toEqual([]);
  });
});
