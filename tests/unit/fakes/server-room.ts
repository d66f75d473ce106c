// A Janus room (src/offscreen/host/server-room.ts) that records what the host asks of it.
import type { ServerRoom, ServerRoomOptions } from '../../../src/offscreen/host/server-room';
import type { VideoSending } from '../../../src/shared/quality';

/** A Janus room that records what the host asks of it. */
export function fakeRoom(fail = false) {
  const made: {
    options: ServerRoomOptions;
    tracks: [unknown, unknown][];
    keys: number[];
    pins: number;
    closed: boolean;
    tunes: VideoSending[];
  }[] = [];
  const open = async (options: ServerRoomOptions): Promise<ServerRoom> => {
    if (fail) throw new Error('unreachable');
    const record = {
      options,
      tracks: [] as [unknown, unknown][],
      keys: [options.keyId],
      pins: 0,
      closed: false,
      tunes: [] as VideoSending[],
    };
    made.push(record);
    return {
      room: 1234,
      feed: 99,
      get pin() {
        return `pin-number-${record.pins}`;
      },
      setTracks: (v, a) => void record.tracks.push([v, a]),
      tune: async (want) => void record.tunes.push(want),
      setKey: (id) => void record.keys.push(id),
      changePin: async () => void record.pins++,
      stats: async () => new Map() as unknown as RTCStatsReport,
      videoSender: () => ({ getParameters: () => ({ encodings: [{}] }) }) as unknown as RTCRtpSender,
      contentHint: () => 'detail',
      close: async () => void (record.closed = true),
    };
  };
  return { made, open };
}
