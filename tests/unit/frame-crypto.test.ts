import { hkdfSync } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clearBytes,
  decryptFrame,
  deriveShareKey,
  encryptFrame,
  importFrameKey,
  MAX_KEY_ID,
  newKeyBytes,
} from '../../src/shared/e2ee/frame-crypto';
import {
  frameTransform,
  KeyRing,
  PREVIOUS_KEY_MS,
  UNDECRYPTABLE_MS,
  UndecryptableWatch,
} from '../../src/shared/e2ee/frame-transform';

interface FakeFrame {
  type?: 'key' | 'delta';
  data: ArrayBuffer;
}

const OVERHEAD = 16 + 12 + 1;
// A VP8 key frame starts with a 3-byte frame tag, the start code 9d 01 2a and 4 bytes of size.
const VP8_KEY_HEADER = [0x50, 0x09, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01];

function bytes(length: number, first: readonly number[] = []): ArrayBuffer {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = first[i] ?? (i * 7 + 3) & 0xff;
  return out.buffer;
}

function flip(data: ArrayBuffer, index: number): ArrayBuffer {
  const out = new Uint8Array(data.slice(0));
  const at = index < 0 ? out.byteLength + index : index;
  out[at] = (out[at] ?? 0) ^ 0x01;
  return out.buffer;
}

const hex = (data: ArrayBuffer): string => Buffer.from(data).toString('hex');

async function run<F>(stream: TransformStream<F, F>, frames: readonly F[]): Promise<F[]> {
  const out: F[] = [];
  const source = new ReadableStream<F>({
    start(controller) {
      for (const frame of frames) controller.enqueue(frame);
      controller.close();
    },
  });
  await source.pipeThrough(stream).pipeTo(new WritableStream({ write: (frame) => void out.push(frame) }));
  return out;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('frame crypto', () => {
  it('round-trips, leaving the header clear byte for byte and appending IV and key ID', async () => {
    const key = await deriveShareKey('secret', 'share');
    const plain = bytes(1200, VP8_KEY_HEADER);
    const sealed = await encryptFrame(key, 7, plain, 10);
    expect(sealed.byteLength).toBe(1200 + OVERHEAD);
    expect(hex(sealed.slice(0, 10))).toBe(hex(plain.slice(0, 10)));
    expect(hex(sealed.slice(10, 1200))).not.toBe(hex(plain.slice(10)));
    expect(new Uint8Array(sealed)[sealed.byteLength - 1]).toBe(7);
    const opened = await decryptFrame(new Map([[7, key]]), sealed, 10);
    expect(opened && hex(opened)).toBe(hex(plain));
  });

  it('VP8: the clear tag claims the largest first partition, so a decoder without the key rejects the frame; the real tag comes back', async () => {
    const key = await deriveShareKey('secret', 'share');
    const plain = bytes(1200, VP8_KEY_HEADER);
    const sealed = new Uint8Array(await encryptFrame(key, 0, plain, 10, true));
    const tag = sealed[0]! | (sealed[1]! << 8) | (sealed[2]! << 16);
    const original = new Uint8Array(plain);
    expect(tag & 0x1f).toBe(original[0]! & 0x1f); // key-frame bit, version, show-frame: as they were
    expect(tag >>> 5).toBe(0x7ffff); // 512 KiB: more than the frame holds
    expect(hex(sealed.slice(3, 10).buffer)).toBe(hex(plain.slice(3, 10))); // start code and size for Janus and the depacketizer
    const opened = await decryptFrame(new Map([[0, key]]), sealed.buffer, 10, true);
    expect(opened && hex(opened)).toBe(hex(plain));
    // The masked tag is authenticated: restoring it by hand fails.
    const restored = sealed.slice();
    restored.set(original.subarray(0, 3));
    expect(await decryptFrame(new Map([[0, key]]), restored.buffer, 10, true)).toBeNull();
  });

  it('uses a fresh IV for every frame', async () => {
    const key = await deriveShareKey('secret', 'share');
    const plain = bytes(100);
    const [a, b] = await Promise.all([encryptFrame(key, 0, plain, 3), encryptFrame(key, 0, plain, 3)]);
    expect(hex(a.slice(-13, -1))).not.toBe(hex(b.slice(-13, -1)));
    expect(hex(a)).not.toBe(hex(b));
  });

  it('round-trips frames no longer than the clear header, and audio with its TOC byte', async () => {
    const key = await deriveShareKey('secret', 'share');
    const keys = new Map([[0, key]]);
    for (const [length, clear] of [
      [1, 1],
      [3, 3],
      [10, 10],
      [11, 10],
      [2, 1],
      [160, 1],
    ] as const) {
      const plain = bytes(length);
      const sealed = await encryptFrame(key, 0, plain, clear);
      expect(sealed.byteLength).toBe(length + OVERHEAD);
      const opened = await decryptFrame(keys, sealed, clear);
      expect(opened && hex(opened)).toBe(hex(plain));
    }
  });

  it('fails on any tampering: clear header, ciphertext, tag, IV, key ID', async () => {
    const key = await deriveShareKey('secret', 'share');
    const other = await importFrameKey(newKeyBytes());
    const keys = new Map([
      [0, key],
      [1, other],
    ]);
    const sealed = await encryptFrame(key, 0, bytes(500, VP8_KEY_HEADER), 10);
    expect(await decryptFrame(keys, sealed, 10)).not.toBeNull();
    for (const index of [0, 1, 9, 10, 200, 10 + 490 + 15, -13, -2])
      expect(await decryptFrame(keys, flip(sealed, index), 10), `byte ${index}`).toBeNull();
    // Key ID 0 → 1: a known key, but the wrong one and the wrong AAD.
    expect(await decryptFrame(keys, flip(sealed, -1), 10)).toBeNull();
    // Same bytes read with another header length: the AAD differs.
    expect(await decryptFrame(keys, sealed, 3)).toBeNull();
  });

  it('authenticates the key ID even when both IDs name the same key', async () => {
    const key = await deriveShareKey('secret', 'share');
    const sealed = await encryptFrame(key, 0, bytes(100), 3);
    const keys = new Map([
      [0, key],
      [1, key],
    ]);
    expect(await decryptFrame(keys, sealed, 3)).not.toBeNull();
    expect(await decryptFrame(keys, flip(sealed, -1), 3)).toBeNull();
  });

  it('follows the documented format: header | ciphertext+tag | IV | key ID, AAD = header + key ID', async () => {
    const raw = newKeyBytes();
    const key = await importFrameKey(raw);
    const plain = new Uint8Array(bytes(50, VP8_KEY_HEADER));
    const sealed = new Uint8Array(await encryptFrame(key, 9, plain.buffer, 10));
    const reference = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt', 'encrypt']);
    const aad = new Uint8Array([...plain.subarray(0, 10), 9]);
    const body = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.slice(-13, -1), additionalData: aad },
      reference,
      sealed.slice(10, -13),
    );
    expect(hex(body)).toBe(hex(plain.slice(10).buffer));
    // And the other way: a frame sealed by hand opens.
    const iv = new Uint8Array(12).fill(0xaa);
    const handBody = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, reference, plain.subarray(10)),
    );
    const hand = new Uint8Array([...plain.subarray(0, 10), ...handBody, ...iv, 9]);
    const opened = await decryptFrame(new Map([[9, key]]), hand.buffer, 10);
    expect(opened && hex(opened)).toBe(hex(plain.buffer));
  });

  it('fails with a wrong key, an unknown key ID, or a frame too short', async () => {
    const key = await deriveShareKey('secret', 'share');
    const sealed = await encryptFrame(key, 3, bytes(300), 3);
    expect(await decryptFrame(new Map([[3, await deriveShareKey('secret', 'other share')]]), sealed, 3)).toBeNull();
    expect(await decryptFrame(new Map([[3, await deriveShareKey('Secret', 'share')]]), sealed, 3)).toBeNull();
    expect(await decryptFrame(new Map([[4, key]]), sealed, 3)).toBeNull();
    expect(await decryptFrame(new Map(), sealed, 3)).toBeNull();
    expect(await decryptFrame(new Map([[3, key]]), sealed.slice(0, 3 + OVERHEAD - 1), 3)).toBeNull();
    expect(await decryptFrame(new Map([[0, key]]), new ArrayBuffer(0), 0)).toBeNull();
    // Unencrypted media, as from a sender without the transform.
    expect(await decryptFrame(new Map([[0, key]]), bytes(1000, VP8_KEY_HEADER), 10)).toBeNull();
  });

  it('derives key 0 by HKDF-SHA-256 (salt = share ID, info = tabbeam/e2ee/1) as a non-extractable AES-GCM-128 key', async () => {
    const key = await deriveShareKey('the secret', 'share-id');
    expect(key.algorithm).toEqual({ name: 'AES-GCM', length: 128 });
    expect(key.extractable).toBe(false);
    expect([...key.usages].sort()).toEqual(['decrypt', 'encrypt']);
    // The same key as Node's own HKDF: what the other end derives must match whatever implements it.
    const reference = await importFrameKey(
      new Uint8Array(hkdfSync('sha256', 'the secret', 'share-id', 'tabbeam/e2ee/1', 16)),
    );
    const sealed = await encryptFrame(key, 0, bytes(64), 3);
    expect(await decryptFrame(new Map([[0, reference]]), sealed, 3)).not.toBeNull();
    const wrongInfo = await importFrameKey(
      new Uint8Array(hkdfSync('sha256', 'the secret', 'share-id', 'tabbeam/e2ee/2', 16)),
    );
    expect(await decryptFrame(new Map([[0, wrongInfo]]), sealed, 3)).toBeNull();
  });

  it('makes random 16-byte rotated keys and refuses other lengths and key IDs out of range', async () => {
    const a = newKeyBytes();
    expect(a.byteLength).toBe(16);
    expect(hex(a.buffer)).not.toBe(hex(newKeyBytes().buffer));
    const key = await importFrameKey(a);
    expect(key.extractable).toBe(false);
    await expect(importFrameKey(new Uint8Array(15))).rejects.toThrow(RangeError);
    await expect(importFrameKey(new Uint8Array(32))).rejects.toThrow(RangeError);
    expect(MAX_KEY_ID).toBe(255);
    await expect(encryptFrame(key, 255, bytes(10), 1)).resolves.toBeInstanceOf(ArrayBuffer);
    for (const id of [-1, 256, 1.5]) await expect(encryptFrame(key, id, bytes(10), 1)).rejects.toThrow(RangeError);
  });

  it('leaves the VP8 payload header and the Opus TOC byte clear', () => {
    expect(clearBytes('video', 'key', 1000)).toBe(10);
    expect(clearBytes('video', 'delta', 1000)).toBe(3);
    expect(clearBytes('video', undefined, 1000)).toBe(3);
    expect(clearBytes('video', 'key', 6)).toBe(6);
    expect(clearBytes('video', 'delta', 2)).toBe(2);
    expect(clearBytes('video', 'key', 0)).toBe(0);
    expect(clearBytes('audio', undefined, 160)).toBe(1);
    expect(clearBytes('audio', 'key', 160)).toBe(1);
    expect(clearBytes('audio', undefined, 0)).toBe(0);
  });
});

describe('key ring', () => {
  it('encrypts with the newest key and accepts the previous one for a while', async () => {
    vi.useFakeTimers();
    const ring = new KeyRing();
    const first = await deriveShareKey('secret', 'share');
    const second = await importFrameKey(newKeyBytes());
    ring.set(0, first);
    const early = await encryptFrame(ring.current!.key, ring.current!.id, bytes(200), 3);
    ring.set(1, second);
    expect(ring.current?.id).toBe(1);
    const late = await encryptFrame(ring.current!.key, ring.current!.id, bytes(200), 3);
    expect(new Uint8Array(late).at(-1)).toBe(1);
    expect(await decryptFrame(ring.accepted, early, 3)).not.toBeNull();
    expect(await decryptFrame(ring.accepted, late, 3)).not.toBeNull();
    vi.advanceTimersByTime(PREVIOUS_KEY_MS - 1);
    expect(await decryptFrame(ring.accepted, early, 3)).not.toBeNull();
    vi.advanceTimersByTime(1);
    expect(await decryptFrame(ring.accepted, early, 3)).toBeNull();
    expect(await decryptFrame(ring.accepted, late, 3)).not.toBeNull();
    expect([...ring.accepted.keys()]).toEqual([1]);
  });

  it('keeps a key that becomes current again, and replaces a reused ID at once', async () => {
    vi.useFakeTimers();
    const ring = new KeyRing();
    const a = await importFrameKey(newKeyBytes());
    const b = await importFrameKey(newKeyBytes());
    const c = await importFrameKey(newKeyBytes());
    ring.set(0, a);
    ring.set(1, b);
    ring.set(0, c); // key IDs wrap after 255
    vi.advanceTimersByTime(PREVIOUS_KEY_MS);
    expect(ring.current?.key).toBe(c);
    expect([...ring.accepted.entries()]).toEqual([[0, c]]);
    expect(() => ring.set(256, a)).toThrow(RangeError);
    ring.clear();
    expect(ring.current).toBeNull();
    expect(ring.accepted.size).toBe(0);
  });
});

describe('frame transform', () => {
  it('encrypts and decrypts a stream of frames, passing empty frames through', async () => {
    const keys = new KeyRing();
    keys.set(5, await deriveShareKey('secret', 'share'));
    const plain: FakeFrame[] = [
      { type: 'key', data: bytes(900, VP8_KEY_HEADER) },
      { type: 'delta', data: bytes(120) },
      { type: 'delta', data: new ArrayBuffer(0) },
      { type: 'delta', data: bytes(80) },
    ];
    const expected = plain.map((frame) => hex(frame.data));
    const sent: boolean[] = [];
    const sealed = await run(
      frameTransform<FakeFrame>({ mode: 'encrypt', kind: 'video', keys, onStatus: (ok) => sent.push(ok) }),
      plain,
    );
    expect(sealed).toHaveLength(4);
    // Video carries its real 3-byte VP8 tag inside the ciphertext (masked in the clear header).
    expect(sealed.map((frame) => frame.data.byteLength)).toEqual([
      900 + OVERHEAD + 3,
      120 + OVERHEAD + 3,
      0,
      80 + OVERHEAD + 3,
    ]);
    expect(hex(sealed[0]!.data.slice(3, 10))).toBe(hex(new Uint8Array(VP8_KEY_HEADER).buffer.slice(3)));
    expect(sent).toEqual([true, true, true]);
    const received: boolean[] = [];
    const opened = await run(
      frameTransform<FakeFrame>({ mode: 'decrypt', kind: 'video', keys, onStatus: (ok) => received.push(ok) }),
      sealed,
    );
    expect(opened.map((frame) => hex(frame.data))).toEqual(expected);
    expect(opened.map((frame) => frame.type)).toEqual(['key', 'delta', 'delta', 'delta']);
    expect(received).toEqual([true, true, true]);
  });

  it('drops frames it cannot decrypt and reports each', async () => {
    const senderKeys = new KeyRing();
    senderKeys.set(0, await deriveShareKey('secret', 'share'));
    const audio: FakeFrame[] = [{ data: bytes(60) }, { data: bytes(70) }, { data: bytes(80) }];
    const sealed = await run(frameTransform<FakeFrame>({ mode: 'encrypt', kind: 'audio', keys: senderKeys }), audio);
    const tampered = { data: flip(sealed[1]!.data, 30) };
    const frames = [sealed[0]!, tampered, { data: bytes(90) }, sealed[2]!];

    const status: boolean[] = [];
    const opened = await run(
      frameTransform<FakeFrame>({
        mode: 'decrypt',
        kind: 'audio',
        keys: senderKeys,
        onStatus: (ok) => status.push(ok),
      }),
      frames,
    );
    expect(opened.map((frame) => hex(frame.data))).toEqual([hex(audio[0]!.data), hex(audio[2]!.data)]);
    expect(status).toEqual([true, false, false, true]);

    const wrong = new KeyRing();
    wrong.set(0, await deriveShareKey('wrong', 'share'));
    const wrongStatus: boolean[] = [];
    expect(
      await run(
        frameTransform<FakeFrame>({
          mode: 'decrypt',
          kind: 'audio',
          keys: wrong,
          onStatus: (ok) => wrongStatus.push(ok),
        }),
        sealed,
      ),
    ).toEqual([]);
    expect(wrongStatus).toEqual([false, false, false]);
    expect(
      await run(frameTransform<FakeFrame>({ mode: 'decrypt', kind: 'audio', keys: new KeyRing() }), sealed),
    ).toEqual([]);
  });

  it('drops frames rather than send them before there is a key', async () => {
    const keys = new KeyRing();
    const status: boolean[] = [];
    const out = await run(
      frameTransform<FakeFrame>({ mode: 'encrypt', kind: 'video', keys, onStatus: (ok) => status.push(ok) }),
      [{ type: 'key', data: bytes(500) }],
    );
    expect(out).toEqual([]);
    expect(status).toEqual([false]);
  });

  it('uses the rotated key for new frames while frames under the old key still decrypt', async () => {
    const host = new KeyRing();
    const viewer = new KeyRing();
    const first = await deriveShareKey('secret', 'share');
    const second = await importFrameKey(newKeyBytes());
    host.set(0, first);
    viewer.set(0, first);
    const before = await run(frameTransform<FakeFrame>({ mode: 'encrypt', kind: 'video', keys: host }), [
      { type: 'delta', data: bytes(100) },
    ]);
    viewer.set(1, second);
    host.set(1, second);
    const after = await run(frameTransform<FakeFrame>({ mode: 'encrypt', kind: 'video', keys: host }), [
      { type: 'delta', data: bytes(100) },
    ]);
    expect(new Uint8Array(after[0]!.data).at(-1)).toBe(1);
    const opened = await run(frameTransform<FakeFrame>({ mode: 'decrypt', kind: 'video', keys: viewer }), [
      ...before,
      ...after,
    ]);
    expect(opened).toHaveLength(2);
    host.clear();
    viewer.clear();
  });
});

describe('undecryptable watch', () => {
  it('reports once after 2 s of failures, and again only after a success', () => {
    const watch = new UndecryptableWatch();
    expect(watch.observe(1, false, 1000)).toBe(false);
    expect(watch.observe(1, false, 1000 + UNDECRYPTABLE_MS - 1)).toBe(false);
    expect(watch.observe(1, false, 1000 + UNDECRYPTABLE_MS)).toBe(true);
    expect(watch.observe(1, false, 9000)).toBe(false);
    expect(watch.observe(1, true, 9100)).toBe(false);
    expect(watch.observe(1, false, 9200)).toBe(false);
    expect(watch.observe(1, false, 9200 + UNDECRYPTABLE_MS)).toBe(true);
  });

  it('counts time from the first failure after a success, and reports a spell once for all receivers', () => {
    const watch = new UndecryptableWatch();
    expect(watch.observe(1, false, 0)).toBe(false);
    expect(watch.observe(1, true, 1500)).toBe(false);
    expect(watch.observe(1, false, 1600)).toBe(false);
    expect(watch.observe(1, false, 3000)).toBe(false);
    expect(watch.observe(2, false, 3000)).toBe(false);
    expect(watch.observe(1, false, 3600)).toBe(true);
    expect(watch.observe(2, false, 5000)).toBe(false); // audio and video both failing: one report
    watch.forget(1);
    expect(watch.observe(2, true, 5100)).toBe(false);
    expect(watch.observe(2, false, 5200)).toBe(false);
    expect(watch.observe(2, false, 7200)).toBe(true);
  });
});
