import { describe, expect, it } from 'vitest';
import { settings as englishProblems } from '../../src/shared/i18n/en-popup';
import { describeFieldError } from '../../src/shared/i18n/format';
import { buildDefaults, DEFAULT_VIEWER_URL } from '../../src/shared/build-defaults';
import { decodeFieldErrors, encodeFieldErrors } from '../../src/shared/field-errors';
import {
  brokerFromUrl,
  POLICY_DEFAULTS,
  SETTINGS_KEYS,
  validateMediaServer,
  validateSettings,
  type FieldError,
  type Settings,
} from '../../src/shared/settings';
import { iceToLines, linesToIce } from '../../src/options/ice-lines';

const defaults: Settings = { viewerUrl: 'https://watch.example/', broker: null, iceServers: null, ...POLICY_DEFAULTS };
const problemsOf = (raw: Record<string, unknown>): FieldError[] => {
  const result = validateSettings(raw, defaults);
  return result.ok ? [] : result.errors;
};
/** "field: code", the language-independent answer of validation. */
const errorsOf = (raw: Record<string, unknown>) => problemsOf(raw).map((e) => `${e.field}: ${e.code}`);

describe('the media server setting', () => {
  const janus = { url: 'wss://janus.example.com/', apiSecret: 's3cret', threshold: 3 };

  it('is stored under mediaServer, off (null) by default', () => {
    expect(SETTINGS_KEYS).toContain('mediaServer');
    expect(POLICY_DEFAULTS.mediaServer).toBeNull();
    expect(validateSettings({ mediaServer: null }, defaults)).toEqual({ ok: true, value: defaults });
  });

  it('accepts Janus over WebSocket (any path) or HTTP (its API path), normalised, with the threshold typed or stored', () => {
    expect(validateMediaServer(janus)).toEqual(janus);
    expect(validateMediaServer({ ...janus, url: ' wss://janus.example.com ' })).toEqual(janus);
    expect(validateMediaServer({ ...janus, url: 'wss://janus.example.com:8989/ws' })).toMatchObject({
      url: 'wss://janus.example.com:8989/ws',
    });
    expect(validateMediaServer({ ...janus, url: 'https://janus.example.com/janus' })).toMatchObject({
      url: 'https://janus.example.com/janus',
    });
    expect(validateMediaServer({ ...janus, url: 'https://media.example.com/sfu/api' })).toMatchObject({
      url: 'https://media.example.com/sfu/api',
    }); // another base_path
    for (const url of [
      'ws://localhost:8188/',
      'ws://127.0.0.1:8188/',
      'ws://[::1]:8188/',
      'http://localhost:8088/janus',
    ])
      expect(validateMediaServer({ ...janus, url })).toMatchObject({ url });
    expect(validateMediaServer({ ...janus, threshold: '0' })).toEqual({ ...janus, threshold: 0 }); // from the form: 0 = always
    expect(validateMediaServer({ ...janus, threshold: ' 50 ' })).toEqual({ ...janus, threshold: 50 });
    expect(validateMediaServer({ url: janus.url, apiSecret: janus.apiSecret })).toEqual(janus); // hand-edited without one: 3
    expect(validateMediaServer({ ...janus, apiSecret: 'A'.repeat(256) })).toMatchObject({ apiSecret: 'A'.repeat(256) });
    expect(validateMediaServer(null)).toBeNull();
    expect(validateSettings({ mediaServer: { ...janus, threshold: '5' } }, defaults)).toEqual({
      ok: true,
      value: { ...defaults, mediaServer: { ...janus, threshold: 5 } },
    });
  });

  it.each([
    ['a string', 'wss://janus.example.com/', { code: 'media-server-malformed' }],
    ['a list', [janus], { code: 'media-server-malformed' }],
    ['an address that is not text', { ...janus, url: 8188 }, { code: 'media-server-malformed' }],
    ['no address', { ...janus, url: '  ' }, { code: 'media-server-missing' }],
    ['no address at all', { apiSecret: 's' }, { code: 'media-server-missing' }],
    ['not a URL', { ...janus, url: 'janus.example.com' }, { code: 'media-server-url', value: 'janus.example.com' }],
    [
      'credentials in the URL',
      { ...janus, url: 'wss://me:pw@janus.example.com/' },
      { code: 'media-server-url', value: 'wss://me:pw@janus.example.com/' },
    ],
    [
      'a #part',
      { ...janus, url: 'wss://janus.example.com/#x' },
      { code: 'media-server-url', value: 'wss://janus.example.com/#x' },
    ],
    [
      'a huge address',
      { ...janus, url: `wss://janus.example.com/${'a'.repeat(600)}` },
      { code: 'media-server-url', value: `wss://janus.example.com/${'a'.repeat(600)}` },
    ],
    ['another scheme', { ...janus, url: 'ftp://janus.example.com/' }, { code: 'media-server-scheme' }],
    ['a TURN URL', { ...janus, url: 'turn:janus.example.com' }, { code: 'media-server-scheme' }],
    ['plain ws to a public host', { ...janus, url: 'ws://janus.example.com:8188/' }, { code: 'media-server-insecure' }],
    [
      'plain http to a LAN address',
      { ...janus, url: 'http://192.168.1.5:8088/janus' },
      { code: 'media-server-insecure' },
    ],
    ['https without the API path', { ...janus, url: 'https://janus.example.com/' }, { code: 'media-server-path' }],
    ['no secret', { url: janus.url, threshold: 3 }, { code: 'media-server-secret' }],
    ['an empty secret', { ...janus, apiSecret: '' }, { code: 'media-server-secret' }],
    ['a secret with a space', { ...janus, apiSecret: 'two words' }, { code: 'media-server-secret' }],
    ['a secret with a line break', { ...janus, apiSecret: 'abc\n' }, { code: 'media-server-secret' }],
    ['a secret too long', { ...janus, apiSecret: 'A'.repeat(257) }, { code: 'media-server-secret' }],
    ['a secret not text', { ...janus, apiSecret: 42 }, { code: 'media-server-secret' }],
    ['a negative threshold', { ...janus, threshold: -1 }, { code: 'media-server-threshold', max: 50 }],
    ['a threshold over the viewer limit', { ...janus, threshold: 51 }, { code: 'media-server-threshold', max: 50 }],
    ['a fractional threshold', { ...janus, threshold: 2.5 }, { code: 'media-server-threshold', max: 50 }],
    ['an empty threshold field', { ...janus, threshold: '' }, { code: 'media-server-threshold', max: 50 }],
    ['a threshold in words', { ...janus, threshold: 'three' }, { code: 'media-server-threshold', max: 50 }],
    ['a null threshold', { ...janus, threshold: null }, { code: 'media-server-threshold', max: 50 }],
  ])('says what is wrong with %s', (_name, mediaServer, problem) => {
    expect(problemsOf({ mediaServer })).toEqual([{ field: 'mediaServer', ...problem }]);
  });

  it('is put in words, naming what was typed', () => {
    const english = (mediaServer: unknown) =>
      problemsOf({ mediaServer }).map((e) => describeFieldError(e, englishProblems));
    expect(english({ ...janus, url: 'janus' })).toEqual([
      '"janus" is not a media server address like wss://janus.example.com/ or https://janus.example.com/janus.',
    ]);
    expect(english({ ...janus, url: 'https://janus.example.com' })).toEqual([
      "An http(s):// media server address needs the path of Janus's HTTP API, usually /janus (https://janus.example.com/janus).",
    ]);
  });
});

describe('settings validation', () => {
  it('fills missing keys from the defaults', () => {
    expect(validateSettings({}, defaults)).toEqual({ ok: true, value: defaults });
  });

  it('accepts a self-hosted broker and TURN servers', () => {
    const raw = {
      broker: { host: 'peer.example.com', port: '9000', path: '/app', secure: true, key: 'team' },
      iceServers: [
        { urls: 'stun:stun.example.com:3478' },
        { urls: ['turn:turn.example.com:3478?transport=udp'], username: 'u', credential: 'p' },
      ],
    };
    const result = validateSettings(raw, defaults);
    expect(result).toEqual({
      ok: true,
      value: {
        viewerUrl: defaults.viewerUrl,
        broker: { host: 'peer.example.com', port: 9000, path: '/app', secure: true, key: 'team' },
        iceServers: [
          { urls: ['stun:stun.example.com:3478'] },
          { urls: ['turn:turn.example.com:3478?transport=udp'], username: 'u', credential: 'p' },
        ],
        ...POLICY_DEFAULTS,
      },
    });
  });

  it.each([
    [{ viewerUrl: 'not a url' }, { field: 'viewerUrl', code: 'viewer-url-invalid', value: 'not a url' }],
    [{ viewerUrl: '' }, { field: 'viewerUrl', code: 'viewer-url-missing' }],
    [{ viewerUrl: 'http://watch.example/' }, { field: 'viewerUrl', code: 'viewer-url-insecure' }],
    [{ viewerUrl: 'https://watch.example/#x' }, { field: 'viewerUrl', code: 'viewer-url-fragment' }],
    [
      { broker: { host: 'bad host', port: 1, secure: true } },
      { field: 'broker', code: 'broker-host', value: 'bad host' },
    ],
    [{ broker: { host: 'p.example', port: 70000, secure: true } }, { field: 'broker', code: 'broker-port' }],
    [
      { broker: { host: 'p.example', port: 443, path: 'no-slash', secure: true } },
      { field: 'broker', code: 'broker-path' },
    ],
    [{ broker: { host: 'p.example', port: 443, secure: true, key: 'a b' } }, { field: 'broker', code: 'broker-key' }],
    [{ broker: { host: 'p.example', port: 443 } }, { field: 'broker', code: 'broker-secure' }],
    [{ broker: { host: 'p.example', port: 80, secure: false } }, { field: 'broker', code: 'broker-insecure' }],
    [{ broker: 'x' }, { field: 'broker', code: 'broker-malformed' }],
    [{ iceServers: 'stun:x' }, { field: 'iceServers', code: 'ice-not-list' }],
    [{ iceServers: [7] }, { field: 'iceServers', code: 'ice-malformed', server: 1 }],
    [{ iceServers: [{ urls: [] }] }, { field: 'iceServers', code: 'ice-urls', server: 1 }],
    [{ iceServers: [{ urls: ['http://x'] }] }, { field: 'iceServers', code: 'ice-url', server: 1, value: 'http://x' }],
    [
      { iceServers: [{ urls: 'stun:x' }, { urls: 'stun:y', username: 5 }] },
      { field: 'iceServers', code: 'ice-text', server: 2, name: 'username' },
    ],
    [{ iceServers: [{ urls: ['turn:t.example'] }] }, { field: 'iceServers', code: 'ice-turn-credentials', server: 1 }],
    [
      { iceServers: [{ urls: ['turns:t.example'], secret: '' }] },
      { field: 'iceServers', code: 'ice-secret', server: 1 },
    ],
    [
      { iceServers: [{ urls: 'stun:x' }, { urls: ['turns:t.example'], secret: 'two words' }] },
      { field: 'iceServers', code: 'ice-secret', server: 2 },
    ],
    [
      { iceServers: [{ urls: ['turns:t.example'], secret: 7 }] },
      { field: 'iceServers', code: 'ice-secret', server: 1 },
    ],
    [
      { iceServers: [{ urls: ['turns:t.example'], secret: 's', username: 'u', credential: 'c' }] },
      { field: 'iceServers', code: 'ice-secret-and-credentials', server: 1 },
    ],
    [
      { iceServers: [{ urls: ['stun:s.example'], secret: 's' }] },
      { field: 'iceServers', code: 'ice-secret-not-turn', server: 1 },
    ],
    [
      { iceServers: Array.from({ length: 11 }, () => ({ urls: 'stun:x' })) },
      { field: 'iceServers', code: 'ice-too-many', max: 10 },
    ],
    [{ askToJoin: 'yes' }, { field: 'askToJoin', code: 'ask-to-join' }],
    [{ liveText: 'on' }, { field: 'liveText', code: 'live-text' }],
    [{ maxViewers: 0 }, { field: 'maxViewers', code: 'max-viewers', max: 50 }],
    [{ maxViewers: 2.5 }, { field: 'maxViewers', code: 'max-viewers', max: 50 }],
    [{ expiryMinutes: -5 }, { field: 'expiryMinutes', code: 'expiry', maxMinutes: 1440 }],
    [{ expiryMinutes: 'soon' }, { field: 'expiryMinutes', code: 'expiry', maxMinutes: 1440 }],
    [{ quality: 'best' }, { field: 'quality', code: 'quality' }],
    [{ quality: null }, { field: 'quality', code: 'quality' }],
    [{ maxHeight: 100 }, { field: 'maxHeight', code: 'max-height', min: 144, max: 2160 }],
    [{ maxHeight: 2161 }, { field: 'maxHeight', code: 'max-height', min: 144, max: 2160 }],
    [{ maxHeight: '720p' }, { field: 'maxHeight', code: 'max-height', min: 144, max: 2160 }],
    [{ maxFramerate: 0 }, { field: 'maxFramerate', code: 'max-framerate', min: 1, max: 60 }],
    [{ maxFramerate: 61 }, { field: 'maxFramerate', code: 'max-framerate', min: 1, max: 60 }],
    [{ maxFramerate: 29.97 }, { field: 'maxFramerate', code: 'max-framerate', min: 1, max: 60 }],
    [{ maxBitrateKbps: 99 }, { field: 'maxBitrateKbps', code: 'max-bitrate', min: 100, max: 20000 }],
    [{ maxBitrateKbps: 20001 }, { field: 'maxBitrateKbps', code: 'max-bitrate', min: 100, max: 20000 }],
  ])('says what is wrong with %j as a code and its figures', (raw, problem) => {
    expect(problemsOf(raw)).toEqual([problem]);
  });

  it('is put in words by the catalogue, English here (i18n.test.ts checks every language)', () => {
    const english = (raw: Record<string, unknown>) =>
      problemsOf(raw).map((e) => `${e.field}: ${describeFieldError(e, englishProblems)}`);
    expect(english({ viewerUrl: 'not a url' })).toEqual(['viewerUrl: "not a url" is not a web address.']);
    expect(english({ iceServers: [{ urls: ['http://x'] }] })).toEqual([
      'iceServers: ICE server 1: "http://x" is not a stun:, stuns:, turn: or turns: URL.',
    ]);
    expect(english({ expiryMinutes: -5 })).toEqual([
      'expiryMinutes: A share can stop itself after up to 24 hours (1440 minutes), or never.',
    ]);
    expect(english({ maxBitrateKbps: 99 })).toEqual([
      "maxBitrateKbps: Maximum bitrate (kbit/s) must be a whole number from 100 to 20000, or empty for the preset's.",
    ]);
    expect(english({ quality: 'best' })).toEqual(['quality: Choose Auto, Text or Motion.']);
    expect(english({ iceServers: [{ urls: ['turns:t.example'], secret: 's', username: 'u' }] })).toEqual([
      'iceServers: ICE server 1: give either a shared secret or a username and credential, not both.',
    ]);
  });

  it('crosses contexts as codes in a bad-settings detail, and only ours come back', () => {
    const problems = problemsOf({ maxViewers: 0, iceServers: [{ urls: ['http://x'] }] });
    expect(decodeFieldErrors(encodeFieldErrors(problems))).toEqual(problems);
    for (const detail of [
      undefined,
      '',
      'Broker port must be a whole number.',
      '{"field":"broker"}',
      '[1, {"code":"x"}]',
    ])
      expect(decodeFieldErrors(detail)).toEqual([]);
  });

  it('accepts share policies, with an empty expiry meaning never', () => {
    const result = validateSettings({ askToJoin: true, maxViewers: '3', expiryMinutes: '' }, defaults);
    expect(result).toMatchObject({ ok: true, value: { askToJoin: true, maxViewers: 3, expiryMinutes: null } });
    expect(validateSettings({ expiryMinutes: 0.1 }, defaults)).toMatchObject({
      ok: true,
      value: { expiryMinutes: 0.1 },
    });
  });

  it("accepts a quality preset and caps, typed or stored, with empty meaning the preset's own", () => {
    expect(
      validateSettings({ quality: 'text', maxHeight: '720', maxFramerate: 24, maxBitrateKbps: '2500' }, defaults),
    ).toEqual({
      ok: true,
      value: { ...defaults, quality: 'text', maxHeight: 720, maxFramerate: 24, maxBitrateKbps: 2500 },
    });
    expect(
      validateSettings({ quality: 'motion', maxHeight: '', maxFramerate: '', maxBitrateKbps: null }, defaults),
    ).toMatchObject({
      ok: true,
      value: { quality: 'motion', maxHeight: null, maxFramerate: null, maxBitrateKbps: null },
    });
    expect(validateSettings({ maxHeight: 144, maxFramerate: 60, maxBitrateKbps: 20000 }, defaults)).toMatchObject({
      ok: true,
    });
    expect(POLICY_DEFAULTS).toMatchObject({
      quality: 'auto',
      maxHeight: null,
      maxFramerate: null,
      maxBitrateKbps: null,
    });
  });

  it('reports every bad field at once', () => {
    expect(
      errorsOf({ quality: 'x', maxHeight: 1, maxFramerate: 100, maxBitrateKbps: 1 }).map((e) => e.split(':')[0]),
    ).toEqual(['quality', 'maxHeight', 'maxFramerate', 'maxBitrateKbps']);
  });

  it('allows plain http only for a broker or viewer on this machine', () => {
    expect(
      errorsOf({ viewerUrl: 'http://127.0.0.1:8080/', broker: { host: '127.0.0.1', port: 9000, secure: false } }),
    ).toEqual([]);
  });

  it('reads build-time defaults, and refuses bad ones loudly', () => {
    expect(buildDefaults({})).toEqual({
      viewerUrl: DEFAULT_VIEWER_URL,
      broker: null,
      iceServers: null,
      ...POLICY_DEFAULTS,
    });
    expect(
      buildDefaults({ viewerUrl: 'https://w.example/v/', peerServer: 'https://p.example/app?key=k', iceServers: '[]' }),
    ).toEqual({
      viewerUrl: 'https://w.example/v/',
      broker: { host: 'p.example', port: 443, path: '/app', secure: true, key: 'k' },
      iceServers: [],
      ...POLICY_DEFAULTS,
    });
    // The person building reads these in a terminal: in English.
    expect(() => buildDefaults({ peerServer: 'ftp://x' })).toThrow(
      'TABBEAM_PEER_SERVER: A broker URL starts with https:// or http://.',
    );
    expect(() => buildDefaults({ iceServers: '[{"urls":"bogus"}]' })).toThrow(
      'TABBEAM_ICE_SERVERS: ICE server 1: "bogus" is not a stun:, stuns:, turn: or turns: URL.',
    );
    expect(() => buildDefaults({ viewerUrl: 'http://watch.example/' })).toThrow(
      'TABBEAM_VIEWER_URL: The viewer page must use https://',
    );
    expect(brokerFromUrl('http://127.0.0.1:9000/')).toEqual({
      host: '127.0.0.1',
      port: 9000,
      path: '/',
      secure: false,
      key: 'peerjs',
    });
  });

  it('reads a build-time media server as JSON, the threshold 3 unless given, and refuses a bad one loudly', () => {
    expect(buildDefaults({}).mediaServer).toBeNull();
    expect(
      buildDefaults({ mediaServer: '{"url":"wss://janus.example.com","apiSecret":"s3cret"}' }).mediaServer,
    ).toEqual({ url: 'wss://janus.example.com/', apiSecret: 's3cret', threshold: 3 });
    expect(
      buildDefaults({ mediaServer: '{"url":"https://janus.example.com/janus","apiSecret":"t","threshold":0}' })
        .mediaServer,
    ).toEqual({ url: 'https://janus.example.com/janus', apiSecret: 't', threshold: 0 });
    expect(() => buildDefaults({ mediaServer: 'wss://janus.example.com/' })).toThrow(
      'TABBEAM_MEDIA_SERVER: Media server settings are malformed.',
    );
    expect(() => buildDefaults({ mediaServer: '{"url":"ws://janus.example.com/","apiSecret":"s"}' })).toThrow(
      'TABBEAM_MEDIA_SERVER: The media server must use wss:// or https://',
    );
    expect(() => buildDefaults({ mediaServer: '{"url":"wss://janus.example.com/"}' })).toThrow(
      "TABBEAM_MEDIA_SERVER: Enter the media server's API secret or token",
    );
    expect(() =>
      buildDefaults({ mediaServer: '{"url":"wss://janus.example.com/","apiSecret":"s","threshold":51}' }),
    ).toThrow(
      'TABBEAM_MEDIA_SERVER: The number of viewers above which the media server is used must be a whole number from 0 (always) to 50.',
    );
  });

  it('edits a TURN server with a shared secret as "URL secret=…", and says when a line gives both', () => {
    const servers = linesToIce('turns:t.example:443?transport=tcp secret=s3cr:et=\nstun:s.example');
    expect(servers).toEqual([
      { urls: ['turns:t.example:443?transport=tcp'], secret: 's3cr:et=' },
      { urls: ['stun:s.example'] },
    ]);
    expect(linesToIce(iceToLines(servers))).toEqual(servers);
    expect(validateSettings({ iceServers: servers }, defaults)).toEqual({
      ok: true,
      value: { ...defaults, iceServers: servers },
    });
    expect(errorsOf({ iceServers: linesToIce('turns:t.example secret=s3cret ann') })).toEqual([
      'iceServers: ice-secret-and-credentials',
    ]);
  });

  it('edits ICE servers as lines', () => {
    const text = 'stun:s.example:3478\n\n# comment\nturn:t.example:3478,turns:t.example:5349 ann secret';
    const servers = linesToIce(text);
    expect(servers).toEqual([
      { urls: ['stun:s.example:3478'] },
      { urls: ['turn:t.example:3478', 'turns:t.example:5349'], username: 'ann', credential: 'secret' },
    ]);
    expect(linesToIce(iceToLines(servers))).toEqual(servers);
  });
});
