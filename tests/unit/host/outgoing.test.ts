import { describe, expect, it } from 'vitest';
import { createOutgoing } from '../../../src/offscreen/host/outgoing';
import { NO_LIMITS, videoSending } from '../../../src/shared/quality';
import { videoTrack } from '../fakes/media';

const open = () =>
  createOutgoing({ video: videoTrack('v', 1080).asTrack(), audio: null, preset: 'auto', limits: NO_LIMITS });

describe('outgoing', () => {
  it("follows the share's preset and what Auto sees, unless a viewer asked for its own look", () => {
    const out = open();
    expect(out.paused).toBe(false);
    expect(out.lookFor('auto')).toBe('text');
    out.autoLook = 'motion';
    expect(out.lookFor('auto')).toBe('motion');
    expect(out.lookFor('sharper')).toBe('text');
    out.preset = 'text';
    expect(out.lookFor('auto')).toBe('text');
    expect(out.lookFor('smoother')).toBe('motion');
  });

  it('encodes for the current source, so a new source of another size is encoded for its own height', () => {
    const out = open();
    expect(out.sendingFor('text')).toEqual(videoSending('text', 1080));
    out.video = videoTrack('w', 480).asTrack();
    expect(out.sendingFor('text')).toEqual(videoSending('text', 480));
  });
});
