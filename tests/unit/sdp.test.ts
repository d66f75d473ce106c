import { describe, expect, it } from 'vitest';
import { START_BITRATE_KBPS, withStartBitrate } from '../../src/shared/sdp';

// The shape of a Chromium answer: audio with an fmtp line, VP8 without one, VP9 and H.264 with, and rtx.
const ANSWER = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 transport-cc',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:98 VP9/90000',
  'a=fmtp:98 profile-id=0',
  'a=rtpmap:100 H264/90000',
  'a=fmtp:100 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=ssrc:1 cname:x',
  '',
].join('\r\n');

describe('withStartBitrate', () => {
  const out = withStartBitrate(ANSWER, 2000);
  const lines = out.split('\r\n');

  it('gives every video codec a start bitrate, on its own fmtp line or a new one', () => {
    expect(lines).toContain('a=fmtp:96 x-google-start-bitrate=2000');
    expect(lines.indexOf('a=fmtp:96 x-google-start-bitrate=2000')).toBe(lines.indexOf('a=rtpmap:96 VP8/90000') + 1);
    expect(lines).toContain('a=fmtp:98 profile-id=0;x-google-start-bitrate=2000');
    expect(lines).toContain(
      'a=fmtp:100 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f;x-google-start-bitrate=2000',
    );
  });

  it('leaves audio, retransmission and every other line as they were, with the same line endings', () => {
    expect(lines).toContain('a=fmtp:111 minptime=10;useinbandfec=1');
    expect(lines).toContain('a=fmtp:97 apt=96');
    expect(out.match(/x-google-start-bitrate/g)).toHaveLength(3);
    expect(out.replace(/;?x-google-start-bitrate=2000/g, '').replace('a=fmtp:96 \r\n', '')).toBe(ANSWER);
    expect(withStartBitrate(ANSWER.replaceAll('\r\n', '\n')).includes('\r')).toBe(false);
  });

  it('is idempotent and defaults to START_BITRATE_KBPS', () => {
    expect(withStartBitrate(out, 2000)).toBe(out);
    expect(withStartBitrate(ANSWER)).toContain(`a=fmtp:96 x-google-start-bitrate=${START_BITRATE_KBPS}`);
  });
});
