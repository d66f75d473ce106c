import { describe, expect, it } from 'vitest';
import { createMixer } from '../../src/offscreen/mixer';
import { AppError } from '../../src/shared/errors';
import { audioTrack, FakeAudioContext, FakeMediaStream, streamOf, videoTrack } from './fakes/media';

function mixer({ microphone }: { microphone?: () => Promise<MediaStream> } = {}) {
  const context = new FakeAudioContext();
  const mics: FakeMediaStream[] = [];
  const openMic =
    microphone ??
    (async () => {
      const stream = new FakeMediaStream([audioTrack(`mic${mics.length + 1}`)]);
      mics.push(stream);
      return stream.asStream();
    });
  const mix = createMixer(context.asContext(), openMic);
  const out = context.outputs[0]!;
  const forMe = context.gains[0]!;
  return { mix, context, out, forMe, mics };
}

describe('audio mixer', () => {
  it("plays the source's sound for the sharer through a gain, and sends the source's own track while there is nothing to mix", () => {
    const { mix, context, out, forMe } = mixer();
    const silence = out.stream.getAudioTracks()[0];
    expect(mix.outgoing()).toBe(silence); // before any source: the (silent) mix
    expect(forMe.outputs).toEqual([context.destination]);
    const tab = new FakeMediaStream([videoTrack(), audioTrack('tab')]);
    mix.setSource(tab.asStream(), true);
    const [source] = context.sources;
    expect(source!.mediaStream).toBe(tab);
    expect(source!.outputs).toEqual([out, forMe]);
    expect(mix.outgoing()).toBe(tab.getAudioTracks()[0]); // no Web Audio between the tab and viewers
  });

  it('sends the mix while the microphone is on, the source again once it is off, and the silent mix for a source without sound', async () => {
    const { mix, out } = mixer();
    const silence = out.stream.getAudioTracks()[0];
    const tab = streamOf(audioTrack('tab'));
    mix.setSource(tab, true);
    await mix.setMic(true);
    expect(mix.outgoing()).toBe(silence);
    await mix.setMic(false);
    expect(mix.outgoing()).toBe(tab.getAudioTracks()[0]);
    mix.setSource(streamOf(videoTrack('camera')), false);
    expect(mix.outgoing()).toBe(silence);
  });

  it('a picked source still plays where it is, so it goes to viewers only (no echo for the sharer)', () => {
    const { mix, context, out } = mixer();
    mix.setSource(streamOf(audioTrack('picked')), false);
    expect(context.sources[0]!.outputs).toEqual([out]);
  });

  it('"mute for me" silences only the local playback', () => {
    const { mix, forMe, context, out } = mixer();
    mix.setSource(streamOf(audioTrack('tab')), true);
    mix.setMutedForMe(true);
    expect(forMe.gain.value).toBe(0);
    expect(context.sources[0]!.outputs).toContain(out); // viewers still get it
    mix.setMutedForMe(false);
    expect(forMe.gain.value).toBe(1);
  });

  it('a new source replaces the old one; a source without sound leaves the mix silent', () => {
    const { mix, context, out } = mixer();
    mix.setSource(streamOf(audioTrack('tab')), true);
    const first = context.sources[0]!;
    mix.setSource(streamOf(audioTrack('other')), true);
    expect(first.outputs).toEqual([]);
    expect(context.sources[1]!.outputs).toContain(out);
    mix.setSource(streamOf(videoTrack('camera')), false);
    expect(context.sources[1]!.outputs).toEqual([]);
    expect(context.sources).toHaveLength(2);
  });

  it('mixes the microphone in for viewers only, and turning it off releases it', async () => {
    const { mix, context, out, mics } = mixer();
    await mix.setMic(true);
    await mix.setMic(true); // already on: not opened twice
    expect(mics).toHaveLength(1);
    const micNode = context.sources[0]!;
    expect(micNode.mediaStream).toBe(mics[0]);
    expect(micNode.outputs).toEqual([out]);
    await mix.setMic(false);
    expect(micNode.outputs).toEqual([]);
    expect(mics[0]!.tracks[0]!.stopped).toBe(true);
    await mix.setMic(true);
    expect(mics).toHaveLength(2);
  });

  it('a refused microphone rejects and leaves the mic off', async () => {
    let attempts = 0;
    const { mix, context } = mixer({
      microphone: async () => {
        attempts++;
        throw new AppError('mic-denied');
      },
    });
    await expect(mix.setMic(true)).rejects.toMatchObject({ code: 'mic-denied' });
    expect(context.sources).toEqual([]);
    await mix.setMic(false); // nothing to turn off
    await expect(mix.setMic(true)).rejects.toMatchObject({ code: 'mic-denied' });
    expect(attempts).toBe(2);
  });

  it('closing stops the microphone and the outgoing track and closes the context', async () => {
    const { mix, context, mics } = mixer();
    await mix.setMic(true);
    mix.close();
    expect(mics[0]!.tracks[0]!.stopped).toBe(true);
    expect(context.outputs[0]!.stream.tracks[0]!.stopped).toBe(true);
    expect(context.closed).toBe(true);
  });
});
