// The share's outgoing sound: the source's own audio track while there is nothing to mix, and the
// source plus the microphone mixed with Web Audio while the microphone is on. (Web Audio's output
// arrives at viewers with more jitter, and a viewer holds the picture back to keep sound and
// picture in sync: sending it always cost ~15 ms of glass-to-glass latency; docs/benchmarks.md.)
// The host swaps tracks with replaceTrack, so no change needs renegotiation. A tab shared by tabCapture also plays here, since Chrome
// mutes such a tab for the sharer unless something plays it back; "mute for me" silences only that.
// Picked sources (getDisplayMedia) keep playing where they are, so playing them here would echo.
import { openMicrophone, stopTracks } from './capture';

export interface Mixer {
  /** The track viewers get now; changes after setSource and setMic. */
  outgoing(): MediaStreamTrack;
  setSource(stream: MediaStream, playLocally: boolean): void;
  /** Resolves once the microphone is mixed in (or out); rejects with mic-denied / mic-missing. */
  setMic(on: boolean): Promise<void>;
  setMutedForMe(muted: boolean): void;
  close(): void;
}

export function createMixer(context: AudioContext = new AudioContext(), microphone = openMicrophone): Mixer {
  const out = context.createMediaStreamDestination();
  const forMe = context.createGain();
  forMe.connect(context.destination);
  const mix = out.stream.getAudioTracks()[0]!;
  let source: MediaStreamAudioSourceNode | null = null;
  let sourceTrack: MediaStreamTrack | null = null;
  let mic: { node: MediaStreamAudioSourceNode; stream: MediaStream } | null = null;

  return {
    // A silent source still sends the (silent) mix: the viewer's audio slot stays, ready for a microphone.
    outgoing: () => (mic || !sourceTrack ? mix : sourceTrack),
    setSource(stream, playLocally) {
      source?.disconnect();
      source = null;
      sourceTrack = stream.getAudioTracks()[0] ?? null;
      if (!sourceTrack) return;
      source = context.createMediaStreamSource(stream);
      source.connect(out);
      if (playLocally) source.connect(forMe);
    },
    async setMic(on) {
      if (on === (mic !== null)) return;
      if (!on) {
        mic?.node.disconnect();
        stopTracks(mic?.stream ?? null);
        mic = null;
        return;
      }
      const stream = await microphone();
      mic = { node: context.createMediaStreamSource(stream), stream };
      mic.node.connect(out); // to viewers only: the sharer must not hear their own voice
    },
    setMutedForMe(muted) {
      forMe.gain.value = muted ? 0 : 1;
    },
    close() {
      stopTracks(mic?.stream ?? null);
      out.stream.getTracks().forEach((t) => t.stop());
      void context.close();
    },
  };
}
