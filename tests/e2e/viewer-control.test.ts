// The host decides who watches and what they see: ask-to-join, remove, lock, a viewer limit,
// expiry and pause — each driven from the popup, as the person sharing would.
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { presetSettings } from '../../scripts/chromium';
import {
  measureFrames,
  openPopup,
  openViewer,
  readSession,
  waitForSession,
  waitForViewerState,
} from '../../scripts/drive';
import { startRig, type Rig } from './fixture';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(async () => rig.reset());
afterAll(async () => rig.close());

const count = (popup: Page) => popup.$eval('[data-testid="viewer-count"]', (el) => el.textContent);
const waitForCount = (popup: Page, n: number) =>
  popup.waitForFunction(
    (n) => document.querySelector('[data-testid="viewer-count"]')?.textContent === String(n),
    { timeout: 10_000 },
    n,
  );

describe('viewer control', () => {
  it('ask before joining: the viewer waits, Let in admits, Deny refuses', async () => {
    await presetSettings(rig.worker, { askToJoin: true });
    const { link, source } = await rig.share();
    const popup = await openPopup(rig.browser, rig.extensionId, source);

    const guest = await openViewer(rig.browser, link);
    await waitForViewerState(guest, 'waiting');
    await popup.waitForSelector('[data-testid="viewer"][data-state="waiting"]');
    expect(await count(popup)).toBe('0');
    // The host can check who is knocking before letting them in.
    expect(await guest.$eval('[data-testid="verification-code"]', (el) => el.textContent)).toBe(
      await popup.$eval('[data-testid="viewer"][data-state="waiting"] .code', (el) => el.textContent),
    );
    // A waiting viewer is told, on screen (not in a tooltip), to read the words to the host.
    const help = () =>
      guest.$eval('[data-testid="verification-help"]', (el) => ({
        text: el.textContent ?? '',
        shown: (el as HTMLElement).offsetHeight > 0,
      }));
    const waitingHelp = await help();
    expect(waitingHelp.shown).toBe(true);
    expect(waitingHelp.text.length).toBeGreaterThan(10);
    await popup.click('[data-testid="admit"]');
    await waitForViewerState(guest, 'live');
    expect((await help()).text).not.toBe(waitingHelp.text); // live, the words explain themselves differently
    await waitForCount(popup, 1);
    expect((await measureFrames(guest, 2000)).frames).toBeGreaterThan(5);

    const stranger = await openViewer(rig.browser, link);
    await waitForViewerState(stranger, 'waiting');
    await popup.waitForSelector('[data-testid="viewer"][data-state="waiting"] [data-testid="deny"]');
    await popup.click('[data-testid="viewer"][data-state="waiting"] [data-testid="deny"]');
    await waitForViewerState(stranger, 'error', { problem: 'rejected' });
    expect(await count(popup)).toBe('1');
  });

  it('a waiting viewer whose page stalls is dropped, the host is told who left, and it comes back to wait again', async () => {
    await presetSettings(rig.worker, { askToJoin: true });
    const { link, source } = await rig.share();
    const popup = await openPopup(rig.browser, rig.extensionId, source);
    const guest = await openViewer(rig.browser, link);
    const waiting = await waitForSession(
      rig.worker,
      (s) => s.state === 'live' && s.viewers.some((v) => v.state === 'waiting'),
    );
    const { id, code } = waiting.state === 'live' ? waiting.viewers[0]! : { id: '', code: '' };
    // Let in and Deny each name the viewer they answer.
    await popup.waitForSelector('[data-testid="viewer"][data-state="waiting"]');
    for (const button of ['admit', 'deny'])
      expect(await popup.$eval(`[data-testid="${button}"]`, (el) => el.getAttribute('aria-label'))).toContain(code);

    // The page stalls (a phone switching apps): no heartbeat, so the host drops it and says so.
    const page = await guest.createCDPSession();
    await page.send('Page.setWebLifecycleState', { state: 'frozen' });
    await popup.waitForFunction(
      (code) => document.querySelector('[data-testid="viewer-left"]')?.textContent?.includes(code),
      { timeout: 10_000 },
      code,
    );
    expect(await popup.$('[data-testid="viewer"]')).toBeNull();
    expect(await readSession(rig.worker)).toMatchObject({ viewers: [], left: [{ id, code }] });

    // Back: it reconnects by itself, proves the secret again and waits, with the same code.
    await page.send('Page.setWebLifecycleState', { state: 'active' });
    const back = await waitForSession(
      rig.worker,
      (s) => s.state === 'live' && s.viewers.some((v) => v.state === 'waiting'),
      15_000,
    );
    expect(back.state === 'live' && back.viewers).toEqual([expect.objectContaining({ code, state: 'waiting' })]);
    expect(back.state === 'live' && back.viewers[0]!.id).not.toBe(id);
    await popup.waitForFunction(() => !document.querySelector('[data-testid="viewer-left"]'), { timeout: 5000 }); // no longer gone
    await popup.click('[data-testid="viewer"][data-state="waiting"] [data-testid="admit"]');
    await waitForCount(popup, 1);
    await guest.waitForFunction(
      () =>
        (document.querySelector('[data-testid="remote-video"]') as HTMLVideoElement | null)?.srcObject instanceof
        MediaStream,
      { timeout: 10_000 },
    );
    expect((await measureFrames(guest, 2000)).frames).toBeGreaterThan(5);
  });

  it('Remove ends one viewer, whose code matched the one on its page', async () => {
    const { viewer, popup } = await rig.watched();
    await waitForCount(popup, 1);
    const hostCode = await popup.$eval('[data-testid="viewer"] .code', (el) => el.textContent);
    const viewerCode = await viewer.$eval('[data-testid="verification-code"]', (el) => el.textContent);
    expect(hostCode).toMatch(/^\S+ \S+ \S+ \S+$/); // four words
    expect(viewerCode).toBe(hostCode);

    await popup.click('[data-testid="kick"]');
    await waitForViewerState(viewer, 'error', { problem: 'kicked' });
    await waitForCount(popup, 0);
  });

  it('Lock keeps new viewers out and leaves current ones watching', async () => {
    const { link, viewer, popup } = await rig.watched();
    await popup.click('[data-testid="lock"]');
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.locked);
    const late = await openViewer(rig.browser, link);
    await waitForViewerState(late, 'error', { problem: 'locked' });
    expect((await measureFrames(viewer, 1000)).frames).toBeGreaterThan(5);
    expect(await count(popup)).toBe('1');
  });

  it('the viewer limit turns away one viewer too many', async () => {
    await presetSettings(rig.worker, { maxViewers: 1 });
    const { link } = await rig.share();
    await waitForViewerState(await openViewer(rig.browser, link), 'live');
    const second = await openViewer(rig.browser, link);
    await waitForViewerState(second, 'error', { problem: 'full' });
  });

  it('a share with an expiry stops itself and tells viewers', async () => {
    await presetSettings(rig.worker, { expiryMinutes: 0.1 }); // 6 s
    const { link } = await rig.share();
    const viewer = await openViewer(rig.browser, link);
    await waitForViewerState(viewer, 'live');
    await waitForViewerState(viewer, 'ended', { timeoutMs: 15_000 });
    await waitForSession(rig.worker, (s) => s.state === 'idle');
  });

  it('Pause shows viewers a slate and sends nothing of the tab; Resume brings it back', async () => {
    const { viewer, popup } = await rig.watched();
    await popup.click('[data-testid="pause"]');
    await waitForViewerState(viewer, 'live', { paused: true });
    expect(await viewer.$eval('[data-testid="paused"]', (el) => (el as HTMLElement).offsetHeight > 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 500)); // frames already in flight
    expect((await measureFrames(viewer, 2000)).frames).toBeLessThanOrEqual(1);

    await popup.click('[data-testid="pause"]');
    await waitForViewerState(viewer, 'live', { paused: false });
    expect((await measureFrames(viewer, 1500)).frames).toBeGreaterThan(5);
  });
});
