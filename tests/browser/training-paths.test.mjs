// Training paths in headless Chromium, on the test catalogue's seven-step path: the session
// mode driven by the keyboard alone (one step at a time, ←/→ and Space, Space left to the
// player and buttons, the step announced, no other origin contacted before a click on a
// player), clean for axe in that mode and usable at 360 px; and the printed handout
// (Chromium's print to PDF, A4): one page per six steps, and each QR code, screenshot as
// printed, read by a QR decoder (@paulmillr/qr) as its video's address.
// The page itself in every quality check (axe, Nu HTML Checker, privacy, 360 px) is in
// quality.test.mjs, through PAGE_KINDS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import decodeQR from '@paulmillr/qr/decode.js';

import { launch, watchedContext } from './lib/browser.mjs';
import { serve } from './lib/server.mjs';
import { builtFixture } from './lib/site.mjs';
import { open, seriousViolations, tabTo, focusIsVisible } from './lib/pages.mjs';

const PATH = '/parcours/le-calcul-mental-au-quotidien/';
const SHORT_PATH = '/parcours/un-rituel-de-lecture/';
const ORIGIN = 'https://devoirsfaits.example.org';
const VIDEOS = [
  'calcul-mental-avec-les-ardoises',
  'le-nombre-du-jour',
  'les-ceintures-de-calcul-mental',
  'le-probleme-du-jour',
  'la-boite-a-mots-de-la-grande-section',
  'fluence-a-deux',
  'piege-a-balises',
];

let site;
let server;
let browser;

before(async () => {
  site = builtFixture();
  server = await serve(site.output);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  site?.remove();
});

/** The ids of the steps a visitor sees, and the live region's text. */
function shown(page) {
  return page.evaluate(() => ({
    steps: [...document.querySelectorAll('[data-step]')].filter((s) => s.offsetParent !== null).map((s) => s.id),
    status: document.querySelector('[data-session-status]').textContent,
    focus: document.activeElement.closest('[data-step]')?.id ?? document.activeElement.className,
    hash: location.hash,
  }));
}

for (const width of [1280, 360]) {
  test(`session mode from the keyboard alone at ${width} px`, async () => {
    const height = width === 360 ? 740 : 900;
    const { context, foreignHosts, pageErrors } = await watchedContext(browser, server.url, { viewport: { width, height } });
    const page = await context.newPage();
    await open(page, server.url, { path: PATH });
    assert.equal(await page.locator('[data-step]:visible').count(), 7, 'without the mode, every step is shown');

    await tabTo(page, '[data-session-toggle]', 150);
    assert.ok(await focusIsVisible(page), 'the button shows its focus');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('[data-session-toggle]', 'aria-pressed'), 'true');
    assert.deepEqual(await shown(page), {
      steps: ['etape-1'],
      status: 'Étape 1 sur 7 : Calcul mental avec les ardoises : montrer, justifier, recommencer',
      focus: 'etape-1',
      hash: '#etape-1',
    });

    await page.keyboard.press('ArrowRight');
    assert.deepEqual((await shown(page)).steps, ['etape-2']);
    assert.equal((await shown(page)).focus, 'etape-2', 'the focus follows the step');
    await page.keyboard.press('Space');
    assert.deepEqual((await shown(page)).steps, ['etape-3']);
    await page.keyboard.press('ArrowLeft');
    const back = await shown(page);
    assert.deepEqual(back.steps, ['etape-2']);
    assert.match(back.status, /^Étape 2 sur 7 : /);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling in session mode (${overflow} px)`);
    assert.deepEqual(foreignHosts, [], 'nothing from another origin before a click');

    // Space on the player starts the video and stays on the step.
    await tabTo(page, '.step--current .player__start');
    await page.keyboard.press('Space');
    const frame = await page.waitForSelector('.step--current .player iframe');
    assert.deepEqual((await shown(page)).steps, ['etape-2']);
    await (await frame.contentFrame()).waitForLoadState('load');
    assert.deepEqual([...new Set(foreignHosts)], ['player.vimeo.com'], 'only the video’s host, after the click');

    // The visible « Suivant », from the keyboard: the next step, and the video stops.
    await tabTo(page, '.step--current [data-step-next]');
    await page.keyboard.press('Enter');
    assert.deepEqual((await shown(page)).steps, ['etape-3']);
    assert.equal(await page.locator('#etape-2 .player iframe').count(), 0, 'the video of the step left is stopped');

    // Space on a button presses it: « Quitter le mode séance » ends the mode, not a step change.
    await tabTo(page, '[data-session-toggle]', 150);
    await page.keyboard.press('Space');
    assert.equal(await page.getAttribute('[data-session-toggle]', 'aria-pressed'), 'false');
    assert.equal(await page.locator('[data-step]:visible').count(), 7);

    // Escape leaves it too.
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.body.classList.contains('session-mode')), false);
    assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-session-toggle')), true, 'focus back on the button');
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
}

test('the session mode is clean for axe-core', async () => {
  const { context } = await watchedContext(browser, server.url);
  const page = await context.newPage();
  await open(page, server.url, { path: PATH });
  await page.click('[data-session-toggle]');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await seriousViolations(page), []);
  await context.close();
});

/** Pages of a PDF as Chromium writes it (one `/Type /Page` object each). */
function pageCount(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
}

test('the handout prints on one A4 page per six steps', async () => {
  const { context } = await watchedContext(browser, server.url);
  const page = await context.newPage();
  for (const [path, steps] of [[PATH, 7], [SHORT_PATH, 2]]) {
    await open(page, server.url, { path });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    assert.equal(pageCount(pdf), Math.ceil(steps / 6), `${path}: ${steps} steps`);
  }
  await context.close();
});

test('each printed QR code reads as its video’s address', async () => {
  // A4's width at 96 px per inch, three device pixels to the CSS pixel: 288 dpi, a printer's.
  const { context } = await watchedContext(browser, server.url, { viewport: { width: 794, height: 1123 }, deviceScaleFactor: 3 });
  const page = await context.newPage();
  await open(page, server.url, { path: PATH });
  await page.emulateMedia({ media: 'print' });
  const codes = page.locator('.step__qr svg');
  assert.equal(await codes.count(), VIDEOS.length);
  for (const [index, slug] of VIDEOS.entries()) {
    const code = codes.nth(index);
    assert.ok(await code.isVisible(), `QR code ${index + 1} is printed`);
    // The code as printed, with its own quiet zone (four white modules) for a margin.
    const png = await code.screenshot();
    const image = await page.evaluate(async (bytes) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      context.drawImage(bitmap, 0, 0);
      const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      return { data: [...data], width, height };
    }, [...png]);
    let read;
    try {
      read = decodeQR(image);
    } catch (error) {
      read = `illisible (${image.width} × ${image.height} px) : ${error.message}`;
    }
    assert.equal(read, `${ORIGIN}/videos/${slug}/`, `step ${index + 1}`);
  }
  await context.close();
});
