// The share's one outgoing audio track: the source's sound plus, optionally, the microphone,
// mixed with Web Audio. Because the track itself never changes, switching the source or turning
// the microphone on needs no renegotiation. A tab shared by tabCapture also plays here, since Chrome
// mutes such a tab for the sharer unless something plays it back; "mute for me" silences only that.
// Picked sources (getDisplayMedia) keep playing where they are, so playing them here would echo.
import { openMicrophone, stopTracks } from './capture';

export interface Mixer {
  readonly track: MediaStreamTrack;
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
  let source: MediaStreamAudioSourceNode | null = null;
  let mic: { node: MediaStreamAudioSourceNode; stream: MediaStream } | null = null;

  return {
    track: out.stream.getAudioTracks()[0]!,
    setSource(stream, playLocally) {
      source?.disconnect();
      source = null;
      if (stream.getAudioTracks().length === 0) return;
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
