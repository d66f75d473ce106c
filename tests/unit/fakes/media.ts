// In-memory stand-ins for MediaStreamTrack, MediaStream and the few Web Audio nodes the mixer
// uses; Node has none of them. Each records what was done to it.

export class FakeTrack {
  contentHint = '';
  stopped = false;
  /** Every clone made of this track, in order. */
  readonly clones: FakeTrack[] = [];
  constructor(
    readonly kind: 'video' | 'audio',
    readonly id: string,
    readonly height?: number,
    /** The track this one was cloned from. */
    readonly original: FakeTrack | null = null,
  ) {}
  clone(): FakeTrack {
    const copy = new FakeTrack(this.kind, `${this.id}-clone${this.clones.length + 1}`, this.height, this);
    this.clones.push(copy);
    return copy;
  }
  stop(): void {
    this.stopped = true;
  }
  getSettings(): MediaTrackSettings {
    return this.height === undefined ? {} : { height: this.height };
  }
  asTrack(): MediaStreamTrack {
    return this as unknown as MediaStreamTrack;
  }
}

export const videoTrack = (id = 'v', height = 1080) => new FakeTrack('video', id, height);
export const audioTrack = (id = 'a') => new FakeTrack('audio', id);

/** Enough of MediaStream for the host (new MediaStream(tracks)) and the mixer (getAudioTracks). */
export class FakeMediaStream extends EventTarget {
  readonly tracks: FakeTrack[];
  constructor(tracks: Iterable<FakeTrack | MediaStreamTrack> = []) {
    super();
    this.tracks = [...tracks] as FakeTrack[];
  }
  addTrack(track: FakeTrack): void {
    if (!this.tracks.includes(track)) this.tracks.push(track);
  }
  removeTrack(track: FakeTrack): void {
    const at = this.tracks.indexOf(track);
    if (at >= 0) this.tracks.splice(at, 1);
  }
  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  asStream(): MediaStream {
    return this as unknown as MediaStream;
  }
}

export const streamOf = (...tracks: FakeTrack[]) => new FakeMediaStream(tracks).asStream();

export class FakeAudioNode {
  /** Where this node currently sends its sound. */
  outputs: FakeAudioNode[] = [];
  disconnects = 0;
  constructor(readonly label: string) {}
  connect(node: FakeAudioNode): FakeAudioNode {
    this.outputs.push(node);
    return node;
  }
  disconnect(): void {
    this.outputs = [];
    this.disconnects++;
  }
}

/** The parts of AudioContext the mixer uses, with every node it made. */
export class FakeAudioContext {
  readonly destination = new FakeAudioNode('speakers');
  readonly outputs: (FakeAudioNode & { stream: FakeMediaStream })[] = [];
  readonly gains: (FakeAudioNode & { gain: { value: number } })[] = [];
  readonly sources: (FakeAudioNode & { mediaStream: FakeMediaStream })[] = [];
  closed = false;
  createMediaStreamDestination() {
    const node = Object.assign(new FakeAudioNode('out'), { stream: new FakeMediaStream([audioTrack('mixed')]) });
    this.outputs.push(node);
    return node;
  }
  createGain() {
    const node = Object.assign(new FakeAudioNode('gain'), { gain: { value: 1 } });
    this.gains.push(node);
    return node;
  }
  createMediaStreamSource(stream: FakeMediaStream) {
    const node = Object.assign(new FakeAudioNode(`source ${this.sources.length + 1}`), { mediaStream: stream });
    this.sources.push(node);
    return node;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  asContext(): AudioContext {
    return this as unknown as AudioContext;
  }
}
