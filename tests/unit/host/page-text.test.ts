import { describe, expect, it } from 'vitest';
import { TEXT_INTERVAL_MS } from '../../../src/offscreen/host';
import type { PageText, TextRequest } from '../../../src/shared/page-text';
import type { HostMessage } from '../../../src/shared/wire';
import { host, settle, useFakeMedia, watching } from './harness';
import type { FakeConnection } from '../fakes/peer';

const page = (words: string): PageText => ({ runs: [{ s: words, b: [0.1, 0.1, 0.3, 0.05] }], links: [] });
const report = (words: string) => ({ t: 'page-text', page: page(words) });

const sent = (conn: FakeConnection) => conn.sent as HostMessage[];
const statesSent = (conn: FakeConnection) => sent(conn).flatMap((m) => (m.t === 'text-state' ? [m.state] : []));
const wordsSent = (conn: FakeConnection) =>
  sent(conn).flatMap((m) => (m.t === 'text' ? m.runs.map((run) => run.s) : []));

describe('share host: the page text', () => {
  useFakeMedia();

  async function textHost(copying = true) {
    const made = await host({ copying });
    const asked: boolean[] = [];
    const overlay = (m: unknown) => {
      if ((m as TextRequest).t === 'read-text') asked.push((m as TextRequest).on);
    };
    return { ...made, asked, overlay };
  }

  it('reads the page only while someone can get it, and tells each viewer why not otherwise', async () => {
    const { share, peer, asked, overlay } = await textHost();
    share.setOverlay('tab', overlay);
    expect(asked).toEqual([]); // nobody watches
    const { conn } = await watching(peer, 'v');
    expect(asked).toEqual([true]);
    share.copying(false);
    share.copying(true);
    share.setOverlay('tab', null); // the page navigated away
    share.setOverlay('other', null); // a screen now
    expect(statesSent(conn)).toEqual(['on', 'off', 'on', 'page', 'source']);
    expect(asked).toEqual([true, false, true]);
  });

  it('passes the page to watching viewers at most once per interval each, the newest, never while off', async () => {
    const { share, peer, overlay } = await textHost();
    share.setOverlay('tab', overlay);
    const { conn } = await watching(peer, 'v');
    share.overlayReport(report('first'));
    share.overlayReport(report('second'));
    share.overlayReport(report('third'));
    expect(wordsSent(conn)).toEqual(['first']);
    await new Promise((r) => setTimeout(r, TEXT_INTERVAL_MS + 50));
    expect(wordsSent(conn)).toEqual(['first', 'third']);

    share.overlayReport({ t: 'page-text', page: { ...page('bad'), links: 'none' } });
    share.copying(false);
    share.overlayReport(report('while off'));
    await new Promise((r) => setTimeout(r, TEXT_INTERVAL_MS + 50));
    expect(wordsSent(conn)).toEqual(['first', 'third']);
  });

  it('a viewer let in later gets the current page; a viewer that is not let in gets nothing', async () => {
    const { share, peer, overlay } = await textHost();
    share.setOverlay('tab', overlay);
    const first = await watching(peer, 'v');
    share.overlayReport(report('the page'));
    const second = await watching(peer, 'w');
    await settle();
    expect(wordsSent(second.conn)).toEqual(['the page']);
    expect(wordsSent(first.conn)).toEqual(['the page']);
    const stranger = peer.incoming('x'); // connected, not through the proof
    share.overlayReport(report('newer'));
    expect(wordsSent(stranger)).toEqual([]);
  });

  it('starts off when the sharer turned it off in settings: nothing is read or sent', async () => {
    const { share, peer, asked, overlay } = await textHost(false);
    share.setOverlay('tab', overlay);
    const { conn } = await watching(peer, 'v');
    share.overlayReport(report('secret'));
    expect(asked).toEqual([]);
    expect(statesSent(conn)).toEqual(['off']);
    expect(wordsSent(conn)).toEqual([]);
  });

  it('sends a small change as a change to the page the viewer has', async () => {
    const { share, peer, overlay } = await textHost();
    share.setOverlay('tab', overlay);
    const { conn } = await watching(peer, 'v');
    const lines = (last: string): PageText => ({
      links: [],
      runs: [...Array.from({ length: 40 }, (_, i) => `line ${i}`), last].map((s, i) => ({
        s,
        b: [0, i / 50, 0.5, 0.02],
      })),
    });
    share.overlayReport({ t: 'page-text', page: lines('status: running') });
    await new Promise((r) => setTimeout(r, TEXT_INTERVAL_MS + 50));
    share.overlayReport({ t: 'page-text', page: lines('status: passed') });
    const texts = sent(conn).filter((m) => m.t === 'text');
    expect(texts).toHaveLength(2);
    expect(texts[0]).not.toHaveProperty('keep');
    expect(texts[1]).toMatchObject({ keep: [texts[0]!.seq, 40, 0], runs: [{ s: 'status: passed' }] });
  });

  it('paused, nothing of the page is read or sent; a viewer let in later gets nothing read before it came', async () => {
    const { share, peer, asked, overlay } = await textHost();
    share.setOverlay('tab', overlay);
    const first = await watching(peer, 'v');
    share.overlayReport(report('before the pause'));
    share.pause(true);
    share.overlayReport(report('during the pause'));
    await new Promise((r) => setTimeout(r, TEXT_INTERVAL_MS + 50));
    expect(wordsSent(first.conn)).toEqual(['before the pause']);
    expect(asked).toEqual([true, false]);
    share.pause(false);
    expect(asked).toEqual([true, false, true]);

    // Everyone leaves: reading stops, and what was read is gone with it.
    share.overlayReport(report('while watched'));
    first.conn.emit('close');
    await settle();
    const later = await watching(peer, 'w');
    await settle();
    expect(wordsSent(later.conn)).toEqual([]);
  });
});
