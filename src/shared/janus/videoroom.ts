// The Janus VideoRoom requests TabBeam uses: one private room per share with a single,
// end-to-end encrypted publisher (the host's tab), joined by PIN; viewers subscribe to its feed.
import { randomToken } from '../random-id';
import { JanusError, type JanusHandle, type JanusJsep } from './client';

export const VIDEOROOM = 'janus.plugin.videoroom';

/** VideoRoom error codes (janus_videoroom.c), as seen from Janus 1.1.2. */
export const VideoRoomError = {
  /** Wrong PIN on join, wrong secret on edit/destroy/kick. */
  UNAUTHORIZED: 433,
  NO_SUCH_ROOM: 426,
  ROOM_EXISTS: 427,
  NO_SUCH_FEED: 428,
  /** e.g. join without a PIN in a room that has one. */
  MISSING_ELEMENT: 429,
  /** The room already has its one publisher. */
  PUBLISHERS_FULL: 432,
  /** A second join on the same handle (also after being kicked: attach a new handle). */
  ALREADY_JOINED: 425,
} as const;

export interface RoomConfig {
  room: number;
  /** Needed to join (publish or subscribe). */
  pin: string;
  /** Needed to edit, kick in, and destroy the room. */
  secret: string;
  /** Bit/s cap for the publisher (REMB). */
  bitrate: number;
}

/** A random integer in [1, 2^53 - 1]: JSON-safe in JavaScript, unguessable enough with the PIN on top. */
function randomRoomId(): number {
  const words = new Uint32Array(2);
  for (;;) {
    crypto.getRandomValues(words);
    const id = (words[0]! & 0x1fffff) * 0x1_0000_0000 + words[1]!;
    if (id > 0) return id;
  }
}

export function newRoomConfig(bitrate: number): RoomConfig {
  return { room: randomRoomId(), pin: randomToken(), secret: randomToken(), bitrate };
}

export async function createRoom(handle: JanusHandle, config: RoomConfig): Promise<void> {
  await handle.request({
    request: 'create',
    room: config.room,
    permanent: false,
    description: 'TabBeam',
    is_private: true,
    pin: config.pin,
    secret: config.secret,
    publishers: 1,
    require_e2ee: true,
    videocodec: 'vp8',
    audiocodec: 'opus',
    bitrate: config.bitrate,
    bitrate_cap: true,
    // A key frame every 10 s even if nobody asks: a subscriber whose PLI got lost, or whose
    // decoder broke, recovers within 10 s; costs one key frame per 10 s (small for tab content).
    // Janus also asks for one whenever a subscriber starts, so joins do not wait for it.
    fir_freq: 10,
  });
}

/** Destroys the room (kicking everyone out). A room that is already gone counts as destroyed. */
export async function destroyRoom(handle: JanusHandle, config: RoomConfig): Promise<void> {
  try {
    await handle.request({ request: 'destroy', room: config.room, secret: config.secret, permanent: false });
  } catch (error) {
    if (error instanceof JanusError && error.code === VideoRoomError.NO_SUCH_ROOM) return;
    throw error;
  }
}

/** Sets a new PIN: later joins need it (participants already in stay). Updates config.pin. */
export async function changePin(handle: JanusHandle, config: RoomConfig, newPin: string): Promise<void> {
  await handle.request({ request: 'edit', room: config.room, secret: config.secret, new_pin: newPin });
  config.pin = newPin;
}

/** Needs neither PIN nor secret, only the API secret. */
export async function roomExists(handle: JanusHandle, room: number): Promise<boolean> {
  const data = await handle.request<{ exists?: boolean }>({ request: 'exists', room });
  return data.exists === true;
}

/** Kicks a participant (publisher or not) by its id; a kicked handle cannot join again. */
export async function kick(handle: JanusHandle, config: RoomConfig, participantId: number): Promise<void> {
  await handle.request({ request: 'kick', room: config.room, secret: config.secret, id: participantId });
}

/** Participants in the room (publishers, active or not; subscribers are not participants). */
export async function listParticipants(
  handle: JanusHandle,
  room: number,
): Promise<Array<{ id: number; display?: string; publisher: boolean }>> {
  const data = await handle.request<{ participants?: Array<{ id: number; display?: string; publisher: boolean }> }>({
    request: 'listparticipants',
    room,
  });
  return data.participants ?? [];
}

/**
 * Sends pc's ICE candidates to Janus, holding them until `flush()` (once Janus has the SDP
 * they belong to), then as they come; null (end of candidates) last.
 */
function trickleCandidates(handle: JanusHandle, pc: RTCPeerConnection): { flush(): void } {
  let held: Array<RTCIceCandidateInit | null> | null = [];
  const send = (candidate: RTCIceCandidateInit | null) => handle.trickle(candidate);
  pc.addEventListener('icecandidate', (event) => {
    const candidate = event.candidate && event.candidate.candidate ? event.candidate.toJSON() : null;
    if (held) held.push(candidate);
    else send(candidate);
  });
  return {
    flush() {
      if (!held) return;
      const queue = held;
      held = null;
      queue.forEach(send);
    },
  };
}

function expect(data: Record<string, unknown>, field: string, what: string): void {
  if (data[field] === undefined)
    throw new JanusError('failed', null, `Unexpected VideoRoom answer to ${what}: ${JSON.stringify(data)}`);
}

/** How long a publisher's connection to Janus may take to come up. */
export const PUBLISH_UP_TIMEOUT_MS = 10_000;

/**
 * Joins as the room's publisher and publishes pc's tracks: createOffer → publish with jsep →
 * setRemoteDescription(answer); trickles pc's candidates. Returns the publisher's feed id once
 * Janus says its connection is up (webrtcup): until then a subscriber to the feed is refused
 * with 428 "No such feed". Marked end-to-end encrypted (the room requires it); encrypting the
 * frames is the caller's job.
 */
export async function publish(
  handle: JanusHandle,
  config: { room: number; pin: string },
  pc: RTCPeerConnection,
  display: string,
): Promise<number> {
  let up!: () => void;
  const connected = new Promise<void>((resolve) => (up = resolve));
  handle.onEvent((event) => {
    if (event.janus === 'webrtcup') up();
  });
  const joined = await handle.message({
    request: 'join',
    ptype: 'publisher',
    room: config.room,
    pin: config.pin,
    display,
  });
  expect(joined.data, 'id', 'join');
  const feed = joined.data.id as number;
  const trickle = trickleCandidates(handle, pc);
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  const jsep: JanusJsep = { type: 'offer', sdp: offer.sdp, e2ee: true };
  const published = await handle.message({ request: 'publish', e2ee: true }, jsep);
  if (!published.jsep || published.jsep.type !== 'answer')
    throw new JanusError(
      'failed',
      null,
      `VideoRoom 'publish' answered without an SDP answer: ${JSON.stringify(published.data)}`,
    );
  await pc.setRemoteDescription({ type: 'answer', sdp: published.jsep.sdp });
  trickle.flush();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new JanusError(
            'failed',
            null,
            `the publisher's connection to Janus was not up within ${PUBLISH_UP_TIMEOUT_MS} ms`,
          ),
        ),
      PUBLISH_UP_TIMEOUT_MS,
    );
  });
  await Promise.race([connected, late]).finally(() => clearTimeout(timer));
  return feed;
}

/** Joins as a subscriber to `feed`: Janus's offer → setRemoteDescription → createAnswer → start. */
export async function subscribe(
  handle: JanusHandle,
  config: { room: number; pin: string },
  feed: number,
  pc: RTCPeerConnection,
): Promise<void> {
  const attached = await handle.message({
    request: 'join',
    ptype: 'subscriber',
    room: config.room,
    pin: config.pin,
    streams: [{ feed }],
  });
  if (!attached.jsep || attached.jsep.type !== 'offer')
    throw new JanusError(
      'failed',
      null,
      `VideoRoom subscriber 'join' answered without an SDP offer: ${JSON.stringify(attached.data)}`,
    );
  const trickle = trickleCandidates(handle, pc);
  await pc.setRemoteDescription({ type: 'offer', sdp: attached.jsep.sdp });
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  await handle.message({ request: 'start' }, { type: 'answer', sdp: answer.sdp, e2ee: true });
  trickle.flush();
}
