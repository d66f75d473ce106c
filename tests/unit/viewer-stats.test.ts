import { describe, expect, it, vi } from 'vitest';
import { viewer as viewerText } from '../../src/shared/i18n/en';
import { viewer as koreanViewerText } from '../../src/shared/i18n/ko';
import { importSecret, sign, type Transcript } from '../../src/shared/proof';
import { buildShareLink } from '../../src/shared/share-link';
import { routeName, statsRows, summarizeStats } from '../../src/viewer/stats';
import { watchShare } from '../../src/viewer/watch';
import { FakeConnection, FakePeer, HOST_FP, VIEWER_FP } from './fakes/peer';

type Stat = Record<string, unknown>;

/** A receive-only connection's report as Chromium writes it: video and audio in, one selected pair. */
function chromeReport({
  at = 10_000,
  bytes = 1_000_000,
  audioBytes = 50_000,
  received = 1000,
  lost = 0,
  frames = 300,
  delay = 6,
  emitted = 300,
  local = 'host',
  remote = 'host',
  fps = 29.5 as number | null,
} = {}) {
  const stats: Stat[] = [
    {
      id: 'IT01V',
      type: 'inbound-rtp',
      kind: 'video',
      timestamp: at,
      frameWidth: 1280,
      frameHeight: 720,
      framesPerSecond: fps,
      bytesReceived: bytes,
      packetsReceived: received,
      packetsLost: lost,
      framesDecoded: frames,
      jitterBufferDelay: delay,
      jitterBufferEmittedCount: emitted,
      codecId: 'CIT01_96',
    },
    {
      id: 'IT01A',
      type: 'inbound-rtp',
      kind: 'audio',
      timestamp: at,
      bytesReceived: audioBytes,
      packetsReceived: 500,
      packetsLost: 3,
    },
    { id: 'CIT01_96', type: 'codec', mimeType: 'video/VP8', payloadType: 96 },
    { id: 'T01', type: 'transport', selectedCandidatePairId: 'CPa_b' },
    {
      id: 'CPa_b',
      type: 'candidate-pair',
      localCandidateId: 'Ia',
      remoteCandidateId: 'Ib',
      nominated: true,
      state: 'succeeded',
      currentRoundTripTime: 0.042,
    },
    {
      id: 'CPa_c',
      type: 'candidate-pair',
      localCandidateId: 'Ia',
      remoteCandidateId: 'Ic',
      nominated: false,
      state: 'failed',
      currentRoundTripTime: 0.5,
    },
    { id: 'Ia', type: 'local-candidate', candidateType: local },
    { id: 'Ib', type: 'remote-candidate', candidateType: remote },
    { id: 'Ic', type: 'remote-candidate', candidateType: 'relay' },
  ];
  return new Map(stats.map((s) => [s.id as string, s]));
}

describe('stats summary', () => {
  it('reads resolution, frame rate, codec, round trip and route from one report', () => {
    const s = summarizeStats(chromeReport());
    expect(s).toMatchObject({
      width: 1280,
      height: 720,
      fps: 29.5,
      codec: 'VP8',
      route: 'direct',
      candidates: ['host', 'host'],
      lossPercent: 0,
    });
    expect(s.rttMs).toBeCloseTo(42, 9);
    expect(s.jitterBufferMs).toBeCloseTo(20, 9); // 6 s over 300 frames, since the start
    expect(s.bitrateKbps).toBeNull(); // a rate needs two reports
  });

  it('takes rates over the time since the previous report', () => {
    const first = summarizeStats(chromeReport());
    const s = summarizeStats(
      chromeReport({
        at: 11_000,
        bytes: 1_250_000,
        audioBytes: 54_000,
        received: 1190,
        lost: 10,
        frames: 330,
        delay: 6.3,
        emitted: 330,
      }),
      first.sample,
    );
    expect(s.bitrateKbps).toBeCloseTo(((250_000 + 4_000) * 8) / 1000, 9); // video and audio together
    expect(s.lossPercent).toBeCloseTo(5, 9); // 10 lost of 200 sent
    expect(s.jitterBufferMs).toBeCloseTo(10, 9); // 0.3 s over 30 frames
    // No framesPerSecond (older browsers): frames decoded per second.
    expect(
      summarizeStats(chromeReport({ at: 11_000, bytes: 1_250_000, frames: 330, fps: null }), first.sample).fps,
    ).toBeCloseTo(30, 9);
    // Counters that went back belong to a new connection: no rate from the old one.
    expect(summarizeStats(chromeReport({ at: 12_000, bytes: 10_000 }), s.sample).bitrateKbps).toBeNull();
  });

  it('says relayed when either end of the selected pair is a TURN relay', () => {
    expect(summarizeStats(chromeReport({ local: 'relay' }))).toMatchObject({
      route: 'relay',
      candidates: ['relay', 'host'],
    });
    expect(summarizeStats(chromeReport({ local: 'srflx', remote: 'prflx' }))).toMatchObject({
      route: 'direct',
      candidates: ['srflx', 'prflx'],
    });
  });

  it('says how this end reaches its TURN server: TURN/TLS through a firewall that lets only HTTPS out', () => {
    const report = chromeReport({ local: 'relay' });
    report.set('Ia', { ...report.get('Ia')!, relayProtocol: 'tls' });
    const s = summarizeStats(report);
    expect(s).toMatchObject({ route: 'relay', relayProtocol: 'tls', candidates: ['relay', 'host'] });
    expect(routeName(s)).toBe('relay-tls');
    expect(statsRows(s, viewerText.stats, 'en').at(-1)).toEqual(['Connection', 'Relayed (TURN/TLS) (relay ↔ host)']);
    expect(statsRows(s, koreanViewerText.stats, 'ko').at(-1)).toEqual(['연결', '중계 (TURN/TLS) (relay ↔ host)']);
    report.set('Ia', { ...report.get('Ia')!, relayProtocol: 'tcp' });
    expect(routeName(summarizeStats(report))).toBe('relay-tcp');
    report.set('Ia', { ...report.get('Ia')!, relayProtocol: 'udp' });
    expect(statsRows(summarizeStats(report), viewerText.stats, 'en').at(-1)![1]).toBe('Relayed (TURN) (relay ↔ host)');
    expect(routeName(summarizeStats(report))).toBe('relay-udp');
    // Only the other end relayed, or a protocol nobody knows: relayed, without saying how.
    const theirs = summarizeStats(chromeReport({ remote: 'relay' }));
    expect([theirs.relayProtocol, routeName(theirs)]).toEqual([null, 'relay']);
    report.set('Ia', { ...report.get('Ia')!, relayProtocol: 'quic' });
    expect(routeName(summarizeStats(report))).toBe('relay');
    expect(routeName(summarizeStats(chromeReport()))).toBe('direct');
    expect(routeName(summarizeStats(new Map()))).toBeNull();
  });

  it("finds the selected pair without a transport's pointer (Firefox flags it)", () => {
    const report = chromeReport();
    report.delete('T01');
    report.set('CPa_c', { ...report.get('CPa_c')!, selected: true });
    expect(summarizeStats(report)).toMatchObject({ route: 'relay', candidates: ['host', 'relay'], rttMs: 500 });
    report.set('CPa_c', { ...report.get('CPa_c')!, selected: false });
    expect(summarizeStats(report)).toMatchObject({ route: 'direct', rttMs: 42 }); // the nominated, succeeded one
  });

  it('an empty report (no picture yet) gives no figures, shown as dashes', () => {
    const s = summarizeStats(new Map());
    expect(s).toMatchObject({ width: null, fps: null, codec: null, route: null, sample: null });
    expect(statsRows(s, viewerText.stats, 'en').every(([, value]) => value === '—')).toBe(true);
  });

  it('formats the overlay rows, resolution as 1280×720', () => {
    const first = summarizeStats(chromeReport());
    const s = summarizeStats(
      chromeReport({ at: 11_000, bytes: 1_250_000, received: 1190, lost: 10, emitted: 330, delay: 6.3 }),
      first.sample,
    );
    expect(Object.fromEntries(statsRows(s, viewerText.stats, 'en'))).toEqual({
      Resolution: '1280×720',
      'Frame rate': '30 fps',
      Bitrate: '2.00 Mbit/s',
      Codec: 'VP8',
      'Round trip': '42 ms',
      'Packet loss': '5.0 %',
      'Jitter buffer': '10 ms',
      Connection: 'Direct (host ↔ host)',
    });
    expect(statsRows(summarizeStats(chromeReport({ local: 'relay' })), viewerText.stats, 'en').at(-1)).toEqual([
      'Connection',
      'Relayed (TURN) (relay ↔ host)',
    ]);
  });

  it("writes the figures the reader's way (Intl.NumberFormat), with the catalogue's labels", () => {
    const first = summarizeStats(chromeReport());
    const s = summarizeStats(
      chromeReport({ at: 11_000, bytes: 1_250_000, received: 1190, lost: 10, emitted: 330, delay: 6.3, fps: 7.25 }),
      first.sample,
    );
    const korean = Object.fromEntries(statsRows(s, koreanViewerText.stats, 'ko'));
    expect(korean).toMatchObject({
      해상도: '1280×720',
      '프레임 속도': '7.3 fps',
      비트레이트: '2.00 Mbit/s',
      '패킷 손실': '5.0 %',
    });
    // German writes a decimal comma: the figures follow the locale, the units stay symbols.
    expect(Object.fromEntries(statsRows(s, viewerText.stats, 'de'))).toMatchObject({
      'Frame rate': '7,3 fps',
      Bitrate: '2,00 Mbit/s',
      'Packet loss': '5,0 %',
    });
  });
});

describe('Watching.stats()', () => {
  it("is the shown media connection's report, and null before the picture and after the end", async () => {
    const peerId = 'h'.repeat(26);
    const secret = 'k'.repeat(26);
    let peer: FakePeer | undefined;
    const watching = watchShare({
      hash: new URL(buildShareLink('https://w.example/', { peerId, secret, broker: null, iceServers: [] })).hash,
      createPeer: (options) => (peer = new FakePeer('viewer', options)).asPeer(),
      createCertificate: async () =>
        ({ getFingerprints: () => [{ algorithm: 'sha-256', value: VIEWER_FP }] }) as unknown as RTCCertificate,
      onState: () => undefined,
      onStream: () => undefined,
    });
    expect(await watching.stats()).toBeNull();
    await vi.waitFor(() => expect(peer).toBeDefined());
    peer!.remoteFingerprint = HOST_FP;
    peer!.emit('open', 'viewer');
    const conn = peer!.connections[0]!;
    conn.open = true;
    conn.emit('open');
    const hello = conn.sent[0] as { nonce: string };
    const transcript: Transcript = {
      hostFingerprint: HOST_FP,
      viewerFingerprint: VIEWER_FP,
      hostNonce: 'c'.repeat(22),
      viewerNonce: hello.nonce,
    };
    const key = await importSecret(secret);
    conn.emit('data', {
      t: 'challenge',
      nonce: transcript.hostNonce,
      key: await sign(key, 'key', transcript),
      mac: await sign(key, 'host', transcript),
    });
    await vi.waitFor(() => expect(conn.sent.at(-1)).toMatchObject({ t: 'proof' }));
    conn.emit('data', { t: 'welcome', code: 'x' });
    const media = new FakeConnection(peerId, HOST_FP);
    media.peerConnection.stats = chromeReport();
    peer!.emit('call', media);
    expect(await watching.stats()).toBeNull(); // answered, no picture yet
    media.emit('stream', { id: 's', getAudioTracks: () => [] });
    expect(await watching.stats()).toBe(media.peerConnection.stats);
    conn.emit('data', { t: 'end', reason: 'stopped' });
    expect(await watching.stats()).toBeNull();
    watching.close();
  });
});
