import { describe, expect, it } from 'vitest';
import { autoLook, lookFor, MOVING_QP, shareLook, videoSending, wasMoving } from '../../src/shared/quality';

describe('quality', () => {
  it('Text keeps full resolution (up to 1080 lines) at up to 30 fps, with a detail hint', () => {
    expect(videoSending('text', 1080)).toEqual({
      maxBitrate: undefined, // the browser's default for the resolution, as a bare pipeline gets
      maxFramerate: 30,
      scaleResolutionDownBy: 1,
      degradationPreference: 'maintain-resolution',
      contentHint: 'detail',
    });
    expect(videoSending('text', 2160).scaleResolutionDownBy).toBe(2);
  });

  it('Motion sends at most 720 lines with a motion hint, and never fewer', () => {
    expect(videoSending('motion', 1080)).toEqual({
      maxBitrate: undefined,
      maxFramerate: 30,
      scaleResolutionDownBy: 1.5,
      degradationPreference: 'maintain-resolution',
      contentHint: 'motion',
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
    expect(videoSending('text', 1080, caps)).toMatchObject({
      scaleResolutionDownBy: 2,
      maxFramerate: 10,
      maxBitrate: 800_000,
    });
    expect(videoSending('motion', 1080, caps)).toMatchObject({
      scaleResolutionDownBy: 2,
      maxFramerate: 10,
      maxBitrate: 800_000,
    });
    const loose = { maxHeight: 2160, maxFramerate: 60, maxBitrateKbps: 20_000 };
    expect(videoSending('motion', 1080, loose)).toMatchObject({
      scaleResolutionDownBy: 1.5,
      maxFramerate: 30,
      maxBitrate: 20_000_000,
    });
    expect(videoSending('text', 1080, loose)).toMatchObject({
      scaleResolutionDownBy: 1,
      maxFramerate: 30,
      maxBitrate: 20_000_000,
    });
  });

  it('Auto switches to Motion after three moving seconds, not fewer', () => {
    expect(autoLook('text', [], 1080)).toBe('text');
    expect(autoLook('text', [true, true], 1080)).toBe('text');
    expect(autoLook('text', [true, false, true], 1080)).toBe('text');
    expect(autoLook('text', [false, true, true, true], 1080)).toBe('motion');
    expect(autoLook('text', [true, true, true], 1080)).toBe('motion');
  });

  it('Auto switches back to Text after three still seconds; a single moving second keeps Motion', () => {
    expect(autoLook('motion', [false, false], 1080)).toBe('motion');
    expect(autoLook('motion', [false, true, false], 1080)).toBe('motion');
    expect(autoLook('motion', [true, false, false, false], 1080)).toBe('text');
  });

  it('Auto keeps Text on a source Motion would not make smaller (at most 720 lines)', () => {
    expect(autoLook('text', [true, true, true], 720)).toBe('text');
    expect(autoLook('motion', [true, true, true], 714)).toBe('text');
    expect(autoLook('text', [true, true, true], 721)).toBe('motion');
  });

  it('a picture moves when its encoders quantize coarsely: a video, not a spinner on a document', () => {
    const reading = (viewerId: string, framesEncoded: number, qpSum: number) => ({ viewerId, framesEncoded, qpSum });
    const before = [reading('a', 100, 1500), reading('b', 50, 500)];
    // 30 frames at QP 15 (a document with a clock) vs QP 100 (a video).
    expect(wasMoving(before, [reading('a', 130, 1500 + 30 * 15)])).toBe(false);
    expect(wasMoving(before, [reading('a', 130, 1500 + 30 * 100)])).toBe(true);
    expect(wasMoving(before, [reading('a', 130, 1500 + 30 * (MOVING_QP - 1))])).toBe(false);
    // The mean over viewers; a viewer that just joined (no earlier reading) or sent nothing does not count.
    expect(wasMoving(before, [reading('a', 130, 1500 + 30 * 100), reading('b', 80, 500 + 30 * 40)])).toBe(true); // mean 70
    expect(wasMoving(before, [reading('c', 30, 3000), reading('a', 100, 1500)])).toBeNull();
    expect(wasMoving([], [])).toBeNull();
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
