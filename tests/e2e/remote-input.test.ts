// Remote control's in-page half without the extension: src/overlay/remote-input.ts and
// control-panel.ts, bundled here with esbuild and run in a real Chromium on
// tests/fixtures/control.html. Input is given as the wire carries it (fractions of the viewport),
// computed from the elements' boxes; the panel is clicked with puppeteer's trusted mouse.
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, launchChromium } from '../../scripts/chromium';
import { startStaticServer, type LocalServer } from '../../scripts/local-servers';
import type { RemoteInput } from '../../src/shared/remote-control';
import { MOD } from '../../src/shared/remote-control';
import { overlayBox } from './overlay-dom';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** What the bundle puts on window, and what the tests keep there. */
interface TestWindow {
  remote: { apply(input: RemoteInput): void };
  reports: unknown[];
  panel: { asks(list: unknown[]): void; controller(words: string | null, yields: boolean): void };
  panelShadow: ShadowRoot;
  controlLog: string[];
  composition: string[];
}

let browser: Browser;
let code: string;
let server: LocalServer;
let page: Page;

async function bundle(): Promise<string> {
  const contents = `
    import { createRemoteInput } from './src/overlay/remote-input';
    import { createControlPanel } from './src/overlay/control-panel';
    import { overlay } from './src/shared/i18n/en-overlay';
    // The panel in a host of its own with a closed shadow root, as layer.ts makes it.
    const host = document.createElement('tabbeam-overlay');
    host.style.cssText = 'position:fixed;inset:0;pointer-events:none;z-index:2147483647';
    const shadow = host.attachShadow({ mode: 'closed' });
    document.documentElement.append(host);
    window.reports = [];
    window.panelShadow = shadow;
    window.panel = createControlPanel(shadow, (r) => window.reports.push(r), overlay, 'en');
    window.remote = createRemoteInput(window, (el) => el === host || el.id === 'own');`;
  const out = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
  });
  return out.outputFiles[0]!.text;
}

const apply = (input: RemoteInput) => page.evaluate((i) => (window as unknown as TestWindow).remote.apply(i), input);

/** A point of an element (fx, fy: where across and down it), as a fraction of the viewport. */
async function at(selector: string, fx = 0.5, fy = 0.5): Promise<[number, number]> {
  return page.$eval(
    selector,
    (el, fx, fy) => {
      const r = el.getBoundingClientRect();
      return [(r.left + r.width * fx) / innerWidth, (r.top + r.height * fy) / innerHeight] as [number, number];
    },
    fx,
    fy,
  );
}

const click = async (selector: string, n: 1 | 2 = 1) => apply({ k: 'click', at: await at(selector), n });
const key = (k: string, mods = 0) => apply({ k: 'key', key: k, mods });
const typeKeys = async (text: string) => {
  for (const k of text) await key(k);
};
const value = (selector: string) => page.$eval(selector, (el) => (el as HTMLInputElement).value);
const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
const log = () => page.evaluate(() => (window as unknown as TestWindow).controlLog);
const reports = () => page.evaluate(() => (window as unknown as TestWindow).reports);

beforeAll(async () => {
  const react = (name: string) => path.join(ROOT, 'node_modules', name, 'umd');
  [code] = await Promise.all([
    bundle(),
    startStaticServer({
      '/demo/': FIXTURES_DIR,
      '/vendor/react/': react('react'),
      '/vendor/react-dom/': react('react-dom'),
    }).then((s) => (server = s)),
    launchChromium().then((b) => (browser = b)),
  ]);
  page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.goto(`${server.url}demo/control.html`);
  await page.waitForSelector('#react-input');
  await page.addScriptTag({ content: code });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('remote input in a page', () => {
  it('a click focuses an input, keys and text type into it, Ctrl+Z undoes', async () => {
    await click('#text');
    expect(await focusedId()).toBe('text');
    await typeKeys('Hi');
    await apply({ k: 'text', text: ' there' });
    expect(await value('#text')).toBe('Hi there');
    // Consecutive typing is one undo step, as Chromium groups a user's.
    await key('z', MOD.ctrl);
    expect(await value('#text')).toBe('');
    await key('z', MOD.ctrl | MOD.shift);
    expect(await value('#text')).toBe('Hi there');
    // The caret goes where the click was: here, before the text.
    await apply({ k: 'click', at: await at('#text', 0.01), n: 1 });
    await key('X');
    await key('ArrowRight');
    await key('Backspace');
    expect(await value('#text')).toBe('Xi there');
  });

  it("a React-controlled input's state follows typing, Backspace and Korean composition", async () => {
    await click('#react-input');
    await typeKeys('abc');
    await key('Backspace');
    const state = () => page.$eval('#react-state', (el) => el.textContent);
    expect(await state()).toBe('ab');
    for (const text of ['ㅎ', '하', '한']) await apply({ k: 'compose', text });
    await apply({ k: 'text', text: '한' });
    for (const text of ['ㄱ', '그', '글']) await apply({ k: 'compose', text });
    await apply({ k: 'text', text: '글' });
    expect(await value('#react-input')).toBe('ab한글');
    expect(await state()).toBe('ab한글');
  });

  it('Korean composition in a plain input fires composition events and ends as 한글', async () => {
    await page.$eval('#text', (el) => {
      (el as HTMLInputElement).value = '';
      const w = window as unknown as TestWindow;
      w.composition = [];
      for (const type of ['compositionstart', 'compositionend'])
        el.addEventListener(type, (e) => w.composition.push(`${type}:${(e as CompositionEvent).data}`));
    });
    await click('#text');
    for (const text of ['ㅎ', '하', '한']) await apply({ k: 'compose', text });
    await apply({ k: 'text', text: '한' });
    for (const text of ['ㄱ', '그', '글']) await apply({ k: 'compose', text });
    await apply({ k: 'text', text: '글' });
    await apply({ k: 'compose', text: 'ㅇ' });
    await apply({ k: 'compose', text: '' });
    expect(await value('#text')).toBe('한글');
    const events = await page.evaluate(() => (window as unknown as TestWindow).composition);
    expect(events).toEqual([
      'compositionstart:',
      'compositionend:한',
      'compositionstart:',
      'compositionend:글',
      'compositionstart:',
      'compositionend:',
    ]);
  });
});

describe('remote input in a page: fields, controls, focus, scrolling', () => {
  it('Enter in a textarea makes a new line', async () => {
    await click('#textarea');
    await apply({ k: 'text', text: 'one' });
    await key('Enter');
    await apply({ k: 'text', text: 'two' });
    expect(await value('#textarea')).toBe('one\ntwo');
  });

  it('a contenteditable takes text where it was clicked', async () => {
    // The left edge of "world" in "Hello world".
    const point = await page.$eval('#editable p', (p) => {
      const range = document.createRange();
      range.setStart(p.firstChild!, 6);
      range.setEnd(p.firstChild!, 7);
      const r = range.getBoundingClientRect();
      return [(r.left + 1) / innerWidth, (r.top + r.height / 2) / innerHeight] as [number, number];
    });
    await apply({ k: 'click', at: point, n: 1 });
    expect(await focusedId()).toBe('editable');
    await apply({ k: 'text', text: 'big ' });
    expect(await page.$eval('#editable', (el) => el.textContent)).toBe('Hello big world');
  });

  it('Korean composes in a contenteditable, and an input in an open shadow root takes text', async () => {
    await page.$eval('#editable', (el) => (el.innerHTML = '<p>가</p>'));
    const end = await page.$eval('#editable p', (p) => {
      const r = p.getBoundingClientRect();
      return [(r.right - 2) / innerWidth, (r.top + r.height / 2) / innerHeight] as [number, number];
    });
    await apply({ k: 'click', at: end, n: 1 });
    for (const text of ['ㅎ', '하', '한']) await apply({ k: 'compose', text });
    await apply({ k: 'text', text: '한' });
    for (const text of ['ㄱ', '그', '글']) await apply({ k: 'compose', text });
    await apply({ k: 'text', text: '글' });
    expect(await page.$eval('#editable', (el) => el.textContent)).toBe('가한글');

    await click('#shadow-field');
    await apply({ k: 'text', text: 'deep' });
    expect(await page.$eval('#shadow-field', (el) => el.shadowRoot!.querySelector('input')!.value)).toBe('deep');
  });

  it('ArrowDown changes a focused select and fires change', async () => {
    await click('#select');
    expect(await focusedId()).toBe('select');
    await key('ArrowDown');
    expect(await value('#select')).toBe('Banana');
    expect(await log()).toEqual(expect.arrayContaining(['input Banana', 'change Banana']));
  });

  it('a click toggles a checkbox and counts on a button', async () => {
    await click('#checkbox');
    expect(await page.$eval('#checkbox', (el) => (el as HTMLInputElement).checked)).toBe(true);
    await click('#checkbox');
    expect(await page.$eval('#checkbox', (el) => (el as HTMLInputElement).checked)).toBe(false);
    await click('#counter');
    await click('#counter');
    expect(await page.$eval('#counter', (el) => el.textContent)).toBe('Clicked 2');
  });

  it("Enter in a form's input submits it", async () => {
    await click('#form-input');
    await apply({ k: 'text', text: 'query' });
    await key('Enter');
    expect(await log()).toContain('submit 1');
  });

  it('Tab and Shift+Tab move focus through the tab order', async () => {
    await click('#text');
    await key('Tab');
    expect(await focusedId()).toBe('react-input');
    await key('Tab', MOD.shift);
    expect(await focusedId()).toBe('text');
  });

  it('a click on a link follows it', async () => {
    await click('#link');
    expect(await page.evaluate(() => location.hash)).toBe('#linked');
  });

  it('a wheel over the nested scroller scrolls it, not the page; elsewhere it scrolls the page', async () => {
    await page.evaluate(() => scrollTo(0, 0));
    await apply({ k: 'wheel', at: await at('#nested'), dx: 0, dy: 0.2 });
    expect(await page.$eval('#nested', (el) => el.scrollTop)).toBeCloseTo(0.2 * 720, 0);
    expect(await page.evaluate(() => scrollY)).toBe(0);
    await apply({ k: 'wheel', at: await at('#counter'), dx: 0, dy: 0.3 });
    expect(await page.evaluate(() => scrollY)).toBeCloseTo(0.3 * 720, 0);
    await key('PageUp');
    expect(await page.evaluate(() => scrollY)).toBe(0);
  });

  it('a click on the overlay’s own element goes through it to the page beneath', async () => {
    await page.evaluate(() => scrollTo(0, 0));
    await page.$eval('#counter', (counter) => {
      const own = document.createElement('div');
      own.id = 'own';
      const r = counter.getBoundingClientRect();
      own.style.cssText = `position:fixed;left:${r.left}px;top:${r.top}px;width:${r.width}px;height:${r.height}px`;
      document.body.append(own);
    });
    await click('#counter');
    expect(await page.$eval('#counter', (el) => el.textContent)).toBe('Clicked 3');
    await page.$eval('#own', (el) => el.remove());
  });
});

describe('remote input in a page: double click, caret keys, select all, activation by key', () => {
  const counted = async () => Number((await page.$eval('#counter', (el) => el.textContent))!.replace(/\D/g, ''));
  const checked = () => page.$eval('#checkbox', (el) => (el as HTMLInputElement).checked);
  const setValue = (selector: string, v: string) =>
    page.$eval(selector, (el, v) => ((el as HTMLInputElement).value = v), v);

  it('caret keys stay in a field whose caret scripts cannot see (email): the page does not scroll', async () => {
    await page.evaluate(() => scrollTo(0, 200));
    await setValue('#email', 'ann@example.com');
    await click('#email');
    for (const k of ['Home', 'End', 'ArrowUp', 'ArrowDown']) await key(k);
    expect(await page.evaluate(() => scrollY)).toBe(200);
    await key('x');
    expect(await value('#email')).toContain('x');
  });

  it('a click then its second (n 2) fires a dblclick with detail 2', async () => {
    await page.evaluate(() => scrollTo(0, 0));
    const before = await counted();
    await click('#counter');
    await click('#counter', 2);
    // Each press is a click of its own; the second also makes the double click.
    expect(await counted()).toBe(before + 2);
    expect(await log()).toContain('dblclick 2');
  });

  it('Home and End move the caret to the ends of an input, and of the line in a textarea', async () => {
    await page.evaluate(() => scrollTo(0, 0));
    await setValue('#text', 'middle');
    await apply({ k: 'click', at: await at('#text', 0.5), n: 1 });
    await key('Home');
    await key('<');
    await key('End');
    await key('>');
    expect(await value('#text')).toBe('<middle>');

    await setValue('#textarea', 'one\ntwo\nthree');
    await click('#textarea');
    await key('End', MOD.ctrl);
    await key('Home');
    await key('>');
    expect(await value('#textarea')).toBe('one\ntwo\n>three');
    await key('ArrowUp');
    await key('End');
    await key('!');
    await key('Home');
    await key('<');
    expect(await value('#textarea')).toBe('one\n<two!\n>three');
  });

  it('Ctrl+A selects all of a field, so typing replaces it', async () => {
    await page.evaluate(() => scrollTo(0, 0));
    await setValue('#text', 'old words');
    await click('#text');
    await key('a', MOD.ctrl);
    await typeKeys('new');
    expect(await value('#text')).toBe('new');

    await setValue('#textarea', 'line one\nline two');
    await click('#textarea');
    await key('a', MOD.ctrl);
    await apply({ k: 'text', text: 'all gone' });
    expect(await value('#textarea')).toBe('all gone');
  });

  it('Space presses a focused button and toggles a focused checkbox, without scrolling', async () => {
    await page.evaluate(() => scrollTo(0, 0));
    await click('#counter');
    expect(await focusedId()).toBe('counter');
    const before = await counted();
    await key(' ');
    await key(' ');
    expect(await counted()).toBe(before + 2);

    await click('#checkbox');
    expect(await focusedId()).toBe('checkbox');
    const was = await checked();
    await key(' ');
    expect(await checked()).toBe(!was);
    await key(' ');
    expect(await checked()).toBe(was);
    expect(await page.evaluate(() => scrollY)).toBe(0);
  });

  it('Enter on a link focused with Tab follows it', async () => {
    await page.evaluate(() => {
      location.hash = '';
      scrollTo(0, 0);
    });
    await click('#form-input');
    await key('Tab');
    await key('Tab');
    expect(await focusedId()).toBe('link');
    expect(await page.evaluate(() => location.hash)).toBe('');
    await key('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#linked');
  });
});

describe('the control panel', () => {
  const panel = (f: string, ...args: unknown[]) =>
    page.evaluate(
      (f, args) => {
        const w = window as unknown as TestWindow;
        w.reports.length = 0;
        (w.panel as unknown as Record<string, (...a: unknown[]) => void>)[f]!(...args);
      },
      f,
      args,
    );
  const untrustedClick = (testId: string) =>
    page.evaluate((testId) => {
      const el = (window as unknown as TestWindow).panelShadow.querySelector(`[data-testid="${testId}"]`)!;
      el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    }, testId);
  const trustedClick = async (testId: string) => {
    const box = await overlayBox(page, testId);
    expect(box, testId).not.toBeNull();
    await page.mouse.click(box!.centre.x, box!.centre.y);
  };

  it('answers a prompt only for a trusted click', async () => {
    await panel('asks', [
      { viewer: 'v1', words: 'Blue Fox' },
      { viewer: 'v2', words: 'Red Owl' },
    ]);
    await untrustedClick('overlay-allow-control');
    // The controlling viewer's click goes through the overlay's element: it never answers.
    const allow = await overlayBox(page, 'overlay-allow-control');
    await apply({ k: 'click', at: [allow!.centre.x / 1280, allow!.centre.y / 720], n: 1 });
    expect(await reports()).toEqual([]);
    await trustedClick('overlay-allow-control');
    expect(await reports()).toEqual([{ t: 'control-answer', viewer: 'v2', allow: true }]);
    await panel('asks', []);
    expect(await overlayBox(page, 'overlay-allow-control')).toBeNull();
  });

  it('the banner takes control back on a trusted click, and on Esc twice', async () => {
    await panel('controller', 'Red Owl', false);
    await untrustedClick('overlay-control-banner');
    expect(await reports()).toEqual([]);
    await trustedClick('overlay-control-banner');
    expect(await reports()).toEqual([{ t: 'take-back' }]);

    await panel('controller', 'Red Owl', false);
    await key('Escape');
    await key('Escape');
    await page.keyboard.press('Escape');
    expect(await reports()).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await reports()).toEqual([{ t: 'take-back' }]);
  });

  it("with yields, any of the sharer's own input takes control back", async () => {
    await panel('controller', 'Red Owl', true);
    await click('#counter');
    expect(await reports()).toEqual([]);
    await page.mouse.click(5, 5);
    expect(await reports()).toEqual([{ t: 'take-back' }]);
    await panel('controller', null, false);
    expect(await overlayBox(page, 'overlay-control-banner')).toBeNull();
  });
});

describe('in an isolated world, as the overlay runs', () => {
  it("typing reaches a React-controlled input's state", async () => {
    const cdp = await page.createCDPSession();
    const { frameTree } = await cdp.send('Page.getFrameTree');
    // A world of its own, like a content script's: its own globals and DOM wrappers.
    const { executionContextId: contextId } = await cdp.send('Page.createIsolatedWorld', {
      frameId: frameTree.frame.id,
      worldName: 'tabbeam-test',
    });
    const run = (expression: string) => cdp.send('Runtime.evaluate', { expression, contextId });
    await run(code);
    await page.$eval('#react-input', (el) => el.scrollIntoView());
    const point = await at('#react-input');
    await run(`window.remote.apply(${JSON.stringify({ k: 'click', at: point, n: 1 })})`);
    for (const k of 'xyz') await run(`window.remote.apply(${JSON.stringify({ k: 'key', key: k, mods: 0 })})`);
    await run(`window.remote.apply(${JSON.stringify({ k: 'key', key: 'Backspace', mods: 0 })})`);
    expect(await page.$eval('#react-state', (el) => el.textContent)).toBe('ab한글xy');
    await cdp.detach();
  });
});
