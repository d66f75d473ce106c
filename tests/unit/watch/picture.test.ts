// picture.ts: the one stream the page plays, across the hand-off to the media server's room and back.
import { describe, expect, it } from 'vitest';
import type { MediaRoute } from '../../../src/shared/wire';
import { createPicture, swapTracks, type Source } from '../../../src/viewer/watch/picture';
import { audioTrack, FakeMediaStream, streamOf, videoTrack, type FakeTrack } from '../fakes/media';

function picture() {
  const streams: (MediaStream | null)[] = [];
  const vias: MediaRoute[] = [];
  const shown = createPicture({ onStream: (s) => streams.push(s), onVia: (v) => vias.push(v) });
  return { shown, streams, vias };
}

const report = (name: string) => new Map([[name, {}]]) as unknown as RTCStatsReport;
function source(name: string, ...tracks: FakeTrack[]): Source & { tracks: MediaStreamTrack[] } {
  const stream = streamOf(...(tracks.length ? tracks : [videoTrack(`${name}-v`), audioTrack(`${name}-a`)]));
  return { stream, tracks: stream.getTracks(), stats: async () => report(name) };
}

describe('picture', () => {
  it("shows the host's stream, then plays the room's tracks in that same stream, and the host's again", async () => {
    const { shown, streams, vias } = picture();
    const host = source('host');
    const room = source('room');
    expect(await shown.stats()).toBeNull();
    shown.showHost(host);
    expect(streams).toEqual([host.stream]);
    expect(shown.via).toBe('direct');
    expect(await shown.stats()).toEqual(report('host'));

    shown.showRoom(room);
    // No new stream for the page: its player keeps running, fed the room's tracks.
    expect(streams).toEqual([host.stream]);
    expect(host.stream.getTracks()).toEqual(room.tracks);
    expect(shown.via).toBe('server');
    expect(vias).toEqual(['server']);
    expect(await shown.stats()).toEqual(report('room'));

    shown.leaveRoom();
    expect(streams).toEqual([host.stream]);
    expect(host.stream.getTracks()).toEqual(host.tracks);
    expect(vias).toEqual(['server', 'direct']);
    expect(await shown.stats()).toEqual(report('host'));
  });

  it("shows nothing before the host's picture, even once the room's flows; then the room's", () => {
    const { shown, streams, vias } = picture();
    const host = source('host');
    const room = source('room');
    shown.showRoom(room);
    expect(streams).toEqual([]);
    expect(shown.via).toBe('server');
    expect(vias).toEqual(['server']);
    shown.showHost(host);
    expect(streams).toEqual([room.stream]);
    expect(room.stream.getTracks()).toEqual(room.tracks);
    // Back to the host's, in the stream already playing.
    shown.leaveRoom();
    expect(streams).toEqual([room.stream]);
    expect(room.stream.getTracks()).toEqual(host.tracks);
  });

  it("a second room after the first was left, then the host's own tracks once more", () => {
    const { shown, streams, vias } = picture();
    const host = source('host');
    shown.showHost(host);
    shown.showRoom(source('room1'));
    shown.leaveRoom();
    const second = source('room2');
    shown.showRoom(second);
    expect(host.stream.getTracks()).toEqual(second.tracks);
    shown.leaveRoom();
    expect(host.stream.getTracks()).toEqual(host.tracks);
    expect(streams).toEqual([host.stream]);
    expect(vias).toEqual(['server', 'direct', 'server', 'direct']);
  });

  it('leaving a room it never showed changes nothing; a room that flows again is no new move', () => {
    const { shown, vias } = picture();
    const host = source('host');
    shown.showHost(host);
    shown.leaveRoom();
    expect(vias).toEqual([]);
    expect(host.stream.getTracks()).toEqual(host.tracks);
    const room = source('room');
    shown.showRoom(room);
    shown.showRoom(room);
    expect(vias).toEqual(['server']);
    expect(host.stream.getTracks()).toEqual(room.tracks);
  });

  it('clears: null for the page, nothing shown, no statistics; the next host picture is shown afresh', async () => {
    const { shown, streams } = picture();
    shown.showHost(source('host'));
    shown.showRoom(source('room'));
    shown.clear();
    expect(streams.at(-1)).toBeNull();
    expect(shown.via).toBe('direct');
    expect(await shown.stats()).toBeNull();
    const again = source('again');
    shown.showHost(again);
    expect(streams.at(-1)).toBe(again.stream);
    expect(again.stream.getTracks()).toEqual(again.tracks);
  });
});

describe('swapTracks', () => {
  /** A stream that logs each change, to see the order. */
  class LoggingStream extends FakeMediaStream {
    log: string[] = [];
    override addTrack(track: FakeTrack): void {
      this.log.push(`+${track.id}`);
      super.addTrack(track);
    }
    override removeTrack(track: FakeTrack): void {
      this.log.push(`-${track.id}`);
      super.removeTrack(track);
    }
  }

  it('adds the new tracks before it removes the old: the player never goes without a video track', () => {
    const screen = new LoggingStream([videoTrack('old-v'), audioTrack('old-a')]);
    const next = [videoTrack('new-v'), audioTrack('new-a')];
    swapTracks(screen as unknown as MediaStream, next as unknown as MediaStreamTrack[]);
    expect(screen.log).toEqual(['+new-v', '+new-a', '-old-v', '-old-a']);
    expect(screen.getTracks()).toEqual(next);
  });

  it('keeps tracks in both, and tells the page when the kinds of track change (sound came or went)', () => {
    const shared = videoTrack('shared');
    const screen = new LoggingStream([shared, audioTrack('a')]);
    let told = 0;
    screen.addEventListener('addtrack', () => told++);
    swapTracks(screen as unknown as MediaStream, [shared as unknown as MediaStreamTrack, audioTrack('b').asTrack()]);
    expect(screen.log).toEqual(['+b', '-a']);
    expect(told).toBe(0);
    swapTracks(screen as unknown as MediaStream, [shared as unknown as MediaStreamTrack]);
    expect(told).toBe(1);
  });
});
