// The page kinds of the test catalogue (tests/fixtures/catalogue) that the quality suite
// judges, each with the path of one page of that kind, and helpers shared by its checks.
import { createRequire } from 'node:module';

/** One page of every kind the site builds. */
export const PAGE_KINDS = [
  { kind: 'accueil', path: '/' },
  { kind: 'liste des vidéos', path: '/videos/' },
  { kind: 'vidéo (YouTube)', path: '/videos/calcul-mental-avec-les-ardoises/' },
  { kind: 'vidéo (fichier, vignette, sous-titres)', path: '/videos/fluence-a-deux/' },
  { kind: 'vidéo au titre piégé (balises, mots longs)', path: '/videos/piege-a-balises/' },
  { kind: 'index des thèmes', path: '/themes/' },
  { kind: 'thème', path: '/themes/lecture/' },
  { kind: 'index des contributeurs', path: '/contributeurs/' },
  { kind: 'contributeur', path: '/contributeurs/claire-martin/' },
  { kind: 'niveau', path: '/niveaux/cp/' },
  { kind: 'événements', path: '/evenements/' },
  { kind: 'événement', path: '/evenements/focus-fluence-a-deux/' },
  { kind: 'recherche avec résultats', path: '/recherche/?q=lecture', ready: '.capsule-search-result__title a' },
  { kind: 'indicateurs', path: '/indicateurs/' },
  { kind: 'page', path: '/a-propos/' },
  { kind: 'index des parcours', path: '/parcours/' },
  { kind: 'parcours (7 étapes, consigne piégée)', path: '/parcours/le-calcul-mental-au-quotidien/' },
  { kind: '404', path: '/cette-page-n-existe-pas/', status: 404 },
];

/** The file of `public/` a page kind is served from. */
export function builtFile(path) {
  const clean = path.split('?')[0];
  if (clean === '/cette-page-n-existe-pas/') return '404.html';
  return `${clean.slice(1)}index.html`;
}

const require = createRequire(import.meta.url);
/** axe-core's browser build. */
export const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');
/** The Nu HTML Checker's jar, from npm `vnu-jar`. */
export const VNU_JAR = require.resolve('vnu-jar/build/dist/vnu.jar');

/** Opens `path` and waits until the page (and, for search, its results) is settled. */
export async function open(page, base, { path, ready, status = 200 }) {
  const response = await page.goto(base + path, { waitUntil: 'networkidle' });
  if (response.status() !== status) throw new Error(`${path} answered ${response.status()}`);
  if (ready) await page.waitForSelector(ready);
  return response;
}

/** Runs axe-core on the page; resolves to its serious and critical violations. */
export async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const results = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The levels of the page's headings in document order. */
export function headingLevels(page) {
  return page.$$eval('h1, h2, h3, h4, h5, h6', (hs) => hs.map((h) => Number(h.tagName[1])));
}

/** Whether the focused element shows a focus indicator (outline or box shadow). */
export function focusIsVisible(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== 'none';
  });
}

/** Presses Tab until `selector` has the focus (at most `limit` times); returns the presses. */
export async function tabTo(page, selector, limit = 80) {
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return presses;
  }
  throw new Error(`Tab never reached ${selector}`);
}
