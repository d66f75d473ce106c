import { describe, expect, it } from 'vitest';
import { randomToken } from '../../src/shared/random-id';
import { buildShareLink, parseShareLink, type ShareTarget } from '../../src/shared/share-link';

const target: ShareTarget = {
  peerId: randomToken(),
  secret: randomToken(),
  broker: null,
  iceServers: null,
  mediaServer: null,
};
const hashOf = (link: string) => new URL(link).hash;
/** A fragment with this connection config, as a hostile page might write it. */
const withConfig = (config: unknown) =>
  `#id=${target.peerId}&k=${target.secret}&c=${btoa(JSON.stringify(config)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;

describe('share link', () => {
  it('round-trips a share on the public broker with nothing but the id and secret', () => {
    const link = buildShareLink('https://watch.example/', target);
    expect(link).toBe(`https://watch.example/#id=${target.peerId}&k=${target.secret}`);
    expect(parseShareLink(hashOf(link))).toEqual({ ok: true, target });
  });

  it('carries a self-hosted broker and ICE servers, credentials included, in the fragment', () => {
    const custom: ShareTarget = {
      ...target,
      broker: { host: 'peer.example.com', port: 9000, path: '/tb', secure: true, key: 'k1' },
      iceServers: [{ urls: ['turn:turn.example.com:3478'], username: 'ann', credential: 'pässwörd' }],
    };
    const link = buildShareLink('https://watch.example/app/', custom);
    expect(new URL(link).pathname).toBe('/app/');
    expect(link).not.toContain('turn.example.com'); // encoded, not readable at a glance
    expect(parseShareLink(hashOf(link))).toEqual({ ok: true, target: custom });
  });

  it('carries a media server (address and secret, never the threshold) as `m`, alone or with a broker', () => {
    const janus: ShareTarget = { ...target, mediaServer: { url: 'wss://janus.example.com/ws', apiSecret: 't0k3n/+=' } };
    const link = buildShareLink('https://watch.example/', janus);
    expect(link).not.toContain('janus.example.com');
    expect(parseShareLink(hashOf(link))).toEqual({ ok: true, target: janus });
    expect(JSON.parse(atob(link.split('&c=')[1]!.replace(/-/g, '+').replace(/_/g, '/')))).toEqual({
      m: { u: 'wss://janus.example.com/ws', s: 't0k3n/+=' },
    });
    const both: ShareTarget = {
      ...janus,
      broker: { host: 'peer.example.com', port: 443, path: '/', secure: true, key: 'peerjs' },
      mediaServer: { url: 'https://janus.example.com/janus', apiSecret: 'x' },
    };
    expect(parseShareLink(hashOf(buildShareLink('https://watch.example/', both)))).toEqual({ ok: true, target: both });
    // Made without one (older callers): no `m`, and the viewer reads null.
    const { mediaServer: _, ...plain } = target;
    expect(buildShareLink('https://watch.example/', plain)).toBe(buildShareLink('https://watch.example/', target));
    expect(parseShareLink(withConfig({ m: { u: 'ws://localhost:8188/', s: 'dev' } }))).toEqual({
      ok: true,
      target: { ...target, mediaServer: { url: 'ws://localhost:8188/', apiSecret: 'dev' } },
    });
  });

  it.each([
    ['not an object', { m: 'wss://janus.example.com/' }],
    ['a list', { m: [] }],
    ['null', { m: null }],
    ['no address', { m: { s: 'x' } }],
    ['no secret', { m: { u: 'wss://janus.example.com/' } }],
    ['an extra key', { m: { u: 'wss://janus.example.com/', s: 'x', t: 3 } }],
    ['the threshold', { m: { u: 'wss://janus.example.com/', s: 'x', threshold: 3 } }],
    ['not a URL', { m: { u: 'janus', s: 'x' } }],
    ['another scheme', { m: { u: 'javascript:alert(1)', s: 'x' } }],
    ['plain ws to a public host', { m: { u: 'ws://janus.example.com/', s: 'x' } }],
    ['http without the API path', { m: { u: 'https://janus.example.com/', s: 'x' } }],
    ['a secret with a space', { m: { u: 'wss://janus.example.com/', s: 'a b' } }],
    ['credentials in the address', { m: { u: 'wss://user:pw@janus.example.com/', s: 'x' } }],
  ])('a link whose media server is %s is malformed', (_name, config) => {
    expect(parseShareLink(withConfig(config))).toEqual({ ok: false, problem: 'malformed' });
  });

  it('keeps a viewer URL query and replaces any fragment', () => {
    const link = buildShareLink('https://watch.example/?lang=ko', target);
    expect(new URL(link).search).toBe('?lang=ko');
  });

  it.each([
    ['empty', '', 'missing'],
    ['hash only', '#', 'missing'],
    ['no secret', `#id=${target.peerId}`, 'malformed'],
    ['no id', `#k=${target.secret}`, 'malformed'],
    ['short id', `#id=abc&k=${target.secret}`, 'malformed'],
    ['upper case', `#id=${target.peerId.toUpperCase()}&k=${target.secret}`, 'malformed'],
    ['script', `#id=<script>alert(1)</script>&k=${target.secret}`, 'malformed'],
    ['duplicate id', `#id=${target.peerId}&id=${target.peerId}&k=${target.secret}`, 'malformed'],
    ['unknown key', `#id=${target.peerId}&k=${target.secret}&x=1`, 'malformed'],
    ['config not base64', `#id=${target.peerId}&k=${target.secret}&c=%%%`, 'malformed'],
    ['config not JSON', `#id=${target.peerId}&k=${target.secret}&c=${btoa('nope')}`, 'malformed'],
    ['config array', `#id=${target.peerId}&k=${target.secret}&c=${btoa('[]')}`, 'malformed'],
    ['config extra key', `#id=${target.peerId}&k=${target.secret}&c=${btoa('{"z":1}')}`, 'malformed'],
    [
      'bad broker',
      `#id=${target.peerId}&k=${target.secret}&c=${btoa('{"b":{"host":"a b","port":1,"secure":true}}')}`,
      'malformed',
    ],
    ['bad ICE', `#id=${target.peerId}&k=${target.secret}&c=${btoa('{"i":[{"urls":["http://x"]}]}')}`, 'malformed'],
    ['huge', `#id=${target.peerId}&k=${target.secret}&c=${'A'.repeat(5000)}`, 'too-long'],
  ])('rejects hostile input: %s', (_name, hash, problem) => {
    expect(parseShareLink(hash)).toEqual({ ok: false, problem });
  });

  it('random tokens are 26 base32 characters (128 bits) and do not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => randomToken()));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{26}$/);
    expect(randomToken((b) => b.fill(0))).toBe('a'.repeat(26));
    expect(randomToken((b) => b.fill(255))).toBe('7'.repeat(25) + '4');
  });
});

describe('verification code', () => {
  it('is four words from both fingerprints, the same on both sides, different for another pair', async () => {
    const { verificationCode } = await import('../../src/shared/proof');
    const a = await verificationCode('AA:01', 'BB:02');
    expect(a).toMatch(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+$/);
    expect(await verificationCode('AA:01', 'BB:02')).toBe(a);
    expect(await verificationCode('AA:01', 'CC:03')).not.toBe(a);
  });
});
