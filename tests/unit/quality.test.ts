import { describe, expect, it } from 'vitest';
import { autoLook, lookFor, MOVING_FPS, shareLook, videoSending } from '../../src/shared/quality';

const BUSY = MOVING_FPS;
const STILL = MOVING_FPS - 1;

describe('quality', () => {
  it('Text keeps full resolution (up to 1080 lines) at fewer frames, with VP9 and a detail hint', () => {
    expect(videoSending('text', 1080)).toEqual({
      maxBitrate: 4_000_000,
      maxFramerate: 15,
      scaleResolutionDownBy: 1,
      degradationPreference: 'maintain-resolution',
      contentHint: 'detail',
      codec: 'video/VP9',
    });
    expect(videoSending('text', 2160).scaleResolutionDownBy).toBe(2);
  });

  it('Motion keeps the frame rate and sends at most 720 lines', () => {
    expect(videoSending('motion', 1080)).toEqual({
      maxBitrate: 2_500_000,
      maxFramerate: 30,
      scaleResolutionDownBy: 1.5,
      degradationPreference: 'maintain-framerate',
      contentHint: 'motion',
      codec: 'video/VP8',
    });
    expect(videoSending('motion', 720).scaleResolutionDownBy).toBe(1);
  });

  it('never scales a small (or unknown) source up', () => {
    expect(videoSending('motion', 480).scaleResolutionDownBy).toBe(1);
    expect(videoSending('text', 480).scaleResolutionDownBy).toBe(1);
    expect(videoSending('motion', 0).scaleResolutionDownBy).toBe(1);
  });

  it("applies the user's caps, and caps above a preset's own height or frame rate do not raise them", () => {
    const caps = { maxHeight: 540, maxFramerate: 10, maxBitrateKbps: 800 };
    expect(videoSending('text', 1080, caps)).toMatchObject({ scaleResolutionDownBy: 2, maxFramerate: 10, maxBitrate: 800_000 });
    expect(videoSending('motion', 1080, caps)).toMatchObject({ scaleResolutionDownBy: 2, maxFramerate: 10, maxBitrate: 800_000 });
    // Caps above a preset's own values do not raise them.
    const loose = { maxHeight: 2160, maxFramerate: 60, maxBitrateKbps: 20_000 };
    expect(videoSending('motion', 1080, loose)).toMatchObject({ scaleResolutionDownBy: 1.5, maxFramerate: 30, maxBitrate: 2_500_000 });
    expect(videoSending('text', 1080, loose)).toMatchObject({ scaleResolutionDownBy: 1, maxFramerate: 15, maxBitrate: 4_000_000 });
  });

  it('Auto switches to Motion after two busy seconds, not one', () => {
    expect(autoLook('text', [])).toBe('text');
    expect(autoLook('text', [30])).toBe('text');
    expect(autoLook('text', [STILL, BUSY])).toBe('text');
    expect(autoLook('text', [BUSY, STILL])).toBe('text');
    expect(autoLook('text', [STILL, BUSY, BUSY])).toBe('motion');
    expect(autoLook('text', [BUSY, BUSY])).toBe('motion');
  });

  it('Auto switches back to Text after three still seconds; a single spike keeps Motion', () => {
    expect(autoLook('motion', [STILL, STILL])).toBe('motion');
    expect(autoLook('motion', [STILL, BUSY, STILL])).toBe('motion');
    expect(autoLook('motion', [STILL, STILL, BUSY, STILL, STILL])).toBe('motion');
    expect(autoLook('motion', [BUSY, STILL, STILL, STILL])).toBe('text');
    expect(autoLook('motion', [0, 0, 0])).toBe('text');
  });

  it("a viewer's own request wins over the share's look; Auto follows the source only under the Auto preset", () => {
    expect(lookFor('sharper', 'motion')).toBe('text');
    expect(lookFor('smoother', 'text')).toBe('motion');
    expect(lookFor('auto', 'motion')).toBe('motion');
    expect(lookFor('auto', 'text')).toBe('text');
    expect(shareLook('auto', 'motion')).toBe('motion');
    expect(shareLook('auto', 'text')).toBe('text');
    expect(shareLook('text', 'motion')).toBe('text');
    expect(shareLook('motion', 'text')).toBe('motion');
  });
});
