// Short-lived TURN credentials from a shared secret, against Node's own HMAC as the reference,
// and the promise that goes with them: the secret never reaches a share link.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { randomToken } from '../../src/shared/random-id';
import { buildShareLink, parseShareLink } from '../../src/shared/share-link';
import type { IceServerSetting } from '../../src/shared/settings';
import {
  CLOCK_MARGIN_MS,
  credentialExpiry,
  mintTurnCredentials,
  OPEN_SHARE_CREDENTIAL_MS,
  shareIceServers,
} from '../../src/shared/turn-credentials';

/** The connection config a link carries, as text. */
const configOf = (link: string) =>
  atob(new URLSearchParams(new URL(link).hash.slice(1)).get('c')!.replace(/-/g, '+').replace(/_/g, '/'));

/** coturn's check (use-auth-secret): the credential is base64(HMAC-SHA1(secret, username)). */
const reference = (secret: string, username: string) => createHmac('sha1', secret).update(username).digest('base64');

describe('TURN credentials from a shared secret', () => {
  it.each([
    ['s3cret', 1_800_000_000_000],
    ['a much longer secret with punctuation: !#$%&()*+,-./;<=>?@[]^_`{|}~', 1_800_000_000_123],
    ['한국어 비밀', 1_700_000_000_999],
  ])('mints "<expiry>:tabbeam" and base64(HMAC-SHA1) as Node computes it (%s)', async (secret, expiresAt) => {
    const { username, credential } = await mintTurnCredentials(secret, expiresAt);
    expect(username).toBe(`${Math.ceil(expiresAt / 1000)}:tabbeam`);
    expect(credential).toBe(reference(secret, username));
    expect(credential).toMatch(/^[A-Za-z0-9+/]{27}=$/); // 20 bytes
  });

  it("expire with the share (and a margin for the TURN server's clock), or after 12 hours for an open-ended share", () => {
    expect(credentialExpiry(1000, 1000 + 30 * 60_000)).toBe(1000 + 30 * 60_000 + CLOCK_MARGIN_MS);
    expect(credentialExpiry(1000, null)).toBe(1000 + OPEN_SHARE_CREDENTIAL_MS + CLOCK_MARGIN_MS);
    expect(OPEN_SHARE_CREDENTIAL_MS).toBe(12 * 3600_000);
  });

  it('replace each secret by minted credentials, and pass the other servers on as they are', async () => {
    const settings: IceServerSetting[] = [
      { urls: ['stun:stun.example.com'] },
      { urls: ['turns:turn.example.com:443?transport=tcp'], secret: 'only-here' },
      { urls: ['turn:other.example.com'], username: 'ann', credential: 'pw' },
    ];
    const expiresAt = 1_800_000_000_000;
    const servers = await shareIceServers(settings, expiresAt);
    expect(servers).toEqual([
      { urls: ['stun:stun.example.com'] },
      {
        urls: ['turns:turn.example.com:443?transport=tcp'],
        username: '1800000000:tabbeam',
        credential: reference('only-here', '1800000000:tabbeam'),
      },
      { urls: ['turn:other.example.com'], username: 'ann', credential: 'pw' },
    ]);
    expect(JSON.stringify(servers)).not.toContain('only-here');
    expect(await shareIceServers(null, expiresAt)).toBeNull();
  });

  it('never put the secret in a link, and a link that holds one is refused', async () => {
    const secret = 'never-in-a-link';
    const servers = await shareIceServers([{ urls: ['turns:turn.example.com:443'], secret }], 1_800_000_000_000);
    const target = { peerId: randomToken(), secret: randomToken(), broker: null, iceServers: servers };
    const link = buildShareLink('https://watch.example/', target);
    const config = configOf(link);
    expect(config).not.toContain(secret);
    expect(config).not.toContain('secret');
    expect(parseShareLink(new URL(link).hash)).toMatchObject({ ok: true, target: { iceServers: servers } });
    // Even an object that should not be there leaves only its URLs and credentials in the link.
    const sneaky = { urls: ['turns:t.example'], username: 'u', credential: 'c', secret } as unknown as NonNullable<
      typeof servers
    >[number];
    expect(configOf(buildShareLink('https://watch.example/', { ...target, iceServers: [sneaky] }))).toBe(
      '{"i":[{"urls":["turns:t.example"],"username":"u","credential":"c"}]}',
    );
    const hostile = { i: [{ urls: ['turns:t.example'], secret }] };
    const fragment = `#id=${target.peerId}&k=${target.secret}&c=${btoa(JSON.stringify(hostile)).replace(/=+$/, '')}`;
    expect(parseShareLink(fragment)).toEqual({ ok: false, problem: 'malformed' });
  });
});
