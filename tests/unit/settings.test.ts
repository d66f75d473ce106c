import { describe, expect, it } from 'vitest';
import { brokerFromUrl, buildDefaults, DEFAULT_VIEWER_URL, POLICY_DEFAULTS, validateSettings, type Settings } from '../../src/shared/settings';
import { iceToLines, linesToIce } from '../../src/options/ice-lines';

const defaults: Settings = { viewerUrl: 'https://watch.example/', broker: null, iceServers: null, ...POLICY_DEFAULTS };
const errorsOf = (raw: Record<string, unknown>) => {
  const result = validateSettings(raw, defaults);
  return result.ok ? [] : result.errors.map((e) => `${e.field}: ${e.message}`);
};

describe('settings validation', () => {
  it('fills missing keys from the defaults', () => {
    expect(validateSettings({}, defaults)).toEqual({ ok: true, value: defaults });
  });

  it('accepts a self-hosted broker and TURN servers', () => {
    const raw = {
      broker: { host: 'peer.example.com', port: '9000', path: '/app', secure: true, key: 'team' },
      iceServers: [{ urls: 'stun:stun.example.com:3478' }, { urls: ['turn:turn.example.com:3478?transport=udp'], username: 'u', credential: 'p' }],
    };
    const result = validateSettings(raw, defaults);
    expect(result).toEqual({
      ok: true,
      value: {
        viewerUrl: defaults.viewerUrl,
        broker: { host: 'peer.example.com', port: 9000, path: '/app', secure: true, key: 'team' },
        iceServers: [{ urls: ['stun:stun.example.com:3478'] }, { urls: ['turn:turn.example.com:3478?transport=udp'], username: 'u', credential: 'p' }],
        ...POLICY_DEFAULTS,
      },
    });
  });

  it.each([
    [{ viewerUrl: 'not a url' }, /viewerUrl: .*not a web address/],
    [{ viewerUrl: 'http://watch.example/' }, /viewerUrl: .*https/],
    [{ viewerUrl: 'https://watch.example/#x' }, /viewerUrl: .*#/],
    [{ broker: { host: 'bad host', port: 1, secure: true } }, /broker: .*host name/],
    [{ broker: { host: 'p.example', port: 70000, secure: true } }, /broker: .*port/],
    [{ broker: { host: 'p.example', port: 443, path: 'no-slash', secure: true } }, /broker: .*path/],
    [{ broker: { host: 'p.example', port: 443, secure: true, key: 'a b' } }, /broker: .*key/],
    [{ broker: { host: 'p.example', port: 80, secure: false } }, /broker: .*secure/],
    [{ broker: 'x' }, /broker: .*malformed/],
    [{ iceServers: 'stun:x' }, /iceServers: .*list/],
    [{ iceServers: [{ urls: ['http://x'] }] }, /iceServers: ICE server 1: .*not a stun/],
    [{ iceServers: [{ urls: ['turn:t.example'] }] }, /iceServers: ICE server 1: a TURN server needs/],
    [{ iceServers: Array.from({ length: 11 }, () => ({ urls: 'stun:x' })) }, /at most 10/],
    [{ askToJoin: 'yes' }, /askToJoin: /],
    [{ maxViewers: 0 }, /maxViewers: .*1 to 50/],
    [{ maxViewers: 2.5 }, /maxViewers: .*whole number/],
    [{ expiryMinutes: -5 }, /expiryMinutes: .*24 hours/],
    [{ expiryMinutes: 'soon' }, /expiryMinutes: /],
    [{ quality: 'best' }, /quality: Choose Auto, Text or Motion/],
    [{ quality: null }, /quality: /],
    [{ maxHeight: 100 }, /maxHeight: .*144 to 2160/],
    [{ maxHeight: 2161 }, /maxHeight: .*144 to 2160/],
    [{ maxHeight: '720p' }, /maxHeight: /],
    [{ maxFramerate: 0 }, /maxFramerate: .*1 to 60/],
    [{ maxFramerate: 61 }, /maxFramerate: .*1 to 60/],
    [{ maxFramerate: 29.97 }, /maxFramerate: .*whole number/],
    [{ maxBitrateKbps: 99 }, /maxBitrateKbps: .*100 to 20000/],
    [{ maxBitrateKbps: 20001 }, /maxBitrateKbps: .*100 to 20000/],
  ])('explains what is wrong with %j', (raw, message) => {
    const errors = errorsOf(raw);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('accepts share policies, with an empty expiry meaning never', () => {
    const result = validateSettings({ askToJoin: true, maxViewers: '3', expiryMinutes: '' }, defaults);
    expect(result).toMatchObject({ ok: true, value: { askToJoin: true, maxViewers: 3, expiryMinutes: null } });
    expect(validateSettings({ expiryMinutes: 0.1 }, defaults)).toMatchObject({ ok: true, value: { expiryMinutes: 0.1 } });
  });

  it('accepts a quality preset and caps, typed or stored, with empty meaning the preset\'s own', () => {
    expect(validateSettings({ quality: 'text', maxHeight: '720', maxFramerate: 24, maxBitrateKbps: '2500' }, defaults)).toEqual({
      ok: true,
      value: { ...defaults, quality: 'text', maxHeight: 720, maxFramerate: 24, maxBitrateKbps: 2500 },
    });
    expect(validateSettings({ quality: 'motion', maxHeight: '', maxFramerate: '', maxBitrateKbps: null }, defaults)).toMatchObject({
      ok: true,
      value: { quality: 'motion', maxHeight: null, maxFramerate: null, maxBitrateKbps: null },
    });
    expect(validateSettings({ maxHeight: 144, maxFramerate: 60, maxBitrateKbps: 20000 }, defaults)).toMatchObject({ ok: true });
    expect(POLICY_DEFAULTS).toMatchObject({ quality: 'auto', maxHeight: null, maxFramerate: null, maxBitrateKbps: null });
  });

  it('reports every bad field at once', () => {
    expect(errorsOf({ quality: 'x', maxHeight: 1, maxFramerate: 100, maxBitrateKbps: 1 }).map((e) => e.split(':')[0])).toEqual(['quality', 'maxHeight', 'maxFramerate', 'maxBitrateKbps']);
  });

  it('allows plain http only for a broker or viewer on this machine', () => {
    expect(errorsOf({ viewerUrl: 'http://127.0.0.1:8080/', broker: { host: '127.0.0.1', port: 9000, secure: false } })).toEqual([]);
  });

  it('reads build-time defaults, and refuses bad ones loudly', () => {
    expect(buildDefaults({})).toEqual({ viewerUrl: DEFAULT_VIEWER_URL, broker: null, iceServers: null, ...POLICY_DEFAULTS });
    expect(buildDefaults({ viewerUrl: 'https://w.example/v/', peerServer: 'https://p.example/app?key=k', iceServers: '[]' })).toEqual({
      viewerUrl: 'https://w.example/v/',
      broker: { host: 'p.example', port: 443, path: '/app', secure: true, key: 'k' },
      iceServers: [],
      ...POLICY_DEFAULTS,
    });
    expect(() => buildDefaults({ peerServer: 'ftp://x' })).toThrow(/TABBEAM_PEER_SERVER/);
    expect(() => buildDefaults({ iceServers: '[{"urls":"bogus"}]' })).toThrow(/TABBEAM_ICE_SERVERS/);
    expect(brokerFromUrl('http://127.0.0.1:9000/')).toEqual({ host: '127.0.0.1', port: 9000, path: '/', secure: false, key: 'peerjs' });
  });

  it('edits ICE servers as lines', () => {
    const text = 'stun:s.example:3478\n\n# comment\nturn:t.example:3478,turns:t.example:5349 ann secret';
    const servers = linesToIce(text);
    expect(servers).toEqual([{ urls: ['stun:s.example:3478'] }, { urls: ['turn:t.example:3478', 'turns:t.example:5349'], username: 'ann', credential: 'secret' }]);
    expect(linesToIce(iceToLines(servers))).toEqual(servers);
  });
});
