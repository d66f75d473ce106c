import type { Peer, PeerOptions } from 'peerjs';
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PointingState } from '../shared/pointing';
import { generateCertificate } from '../shared/proof';
import { PREFERENCES, type ViewerPreference } from '../shared/quality';
import { viewerLocale, viewerText, type ViewerMessages } from '../shared/i18n/viewer';
import { zoomable, type Zoomable } from './gestures';
import { Icon } from './icons';
import { viewerPointer, type Pointer, type PointerInput } from './pointer';
import { fullscreenElement, fullscreenSupported, inPictureInPicture, pipSupported, toggleFullscreen, togglePictureInPicture } from './presentation';
import { statsRows, summarizeStats, type StatsSample } from './stats';
import { wakeLock, type WakeLock, type WakeLockState } from './wake-lock';
import { watchShare, type ViewProblem, type ViewState, type Watching } from './watch';
import type { Zoom } from './zoom';

/** One sentence per problem; a Record, so a new problem cannot go without words. */
const PROBLEM_TEXT: Record<ViewProblem, (t: ViewerMessages, broker: string) => string> = {
  'bad-link': (t) => t.badLink,
  denied: (t) => t.badLink, // the host refused the secret: to the viewer, the same wrong link
  'not-found': (t) => t.notFound,
  'broker-unreachable': (t, broker) => t.brokerUnreachable(broker),
  'connection-failed': (t) => t.connectionFailed,
  version: (t) => t.versionMismatch,
  'host-outdated': (t) => t.hostOutdated,
  lost: (t) => t.lost,
  security: (t) => t.security,
  full: (t) => t.full,
  locked: (t) => t.locked,
  rejected: (t) => t.rejected,
  kicked: (t) => t.kicked,
};

/** The ? panel's keys, the same in every language, and what each does (the catalogue's `shortcuts`). */
const SHORTCUTS: [keys: string, what: keyof ViewerMessages['shortcuts']][] = [
  ['F', 'fullscreen'],
  ['P', 'pip'],
  ['+  −', 'zoom'],
  ['0', 'fit'],
  ['1', 'actualSize'],
  ['← ↑ → ↓', 'pan'],
  ['M', 'sound'],
  ['Shift ↑ ↓', 'volume'],
  ['Q', 'quality'],
  ['S', 'stats'],
  ['L', 'point'],
  ['Alt', 'pointHeld'],
  ['?', 'help'],
];

export function describe(state: ViewState): string {
  const t = viewerText();
  switch (state.kind) {
    case 'connecting':
      return { broker: t.connectingBroker, host: t.connectingHost, proof: t.checkingLink, media: t.waitingMedia }[state.step];
    case 'waiting':
      return t.waitingForHost;
    case 'reconnecting':
      return t.reconnecting(state.attempt);
    case 'live':
      return state.paused ? t.paused : t.live;
    case 'ended':
      return t.ended;
    case 'error':
      return PROBLEM_TEXT[state.problem](t, state.broker ?? '');
  }
}

/** A share being watched, and what the page shows of it: started before the UI renders. */
export interface View {
  readonly watching: Watching;
  /** The latest state and stream (watchShare may report the first state before it returns). */
  readonly state: ViewState;
  readonly stream: MediaStream | null;
  /** Calls `changed` after every new state or stream; returns the unsubscribe. */
  subscribe(changed: () => void): () => void;
}

/**
 * The certificate index.html started making before the bundle loaded, once: a second attempt
 * (after a failure) makes a new one.
 */
function takeEarlyCertificate(): Promise<RTCCertificate> | undefined {
  const w = window as { tabbeamCertificate?: Promise<RTCCertificate> };
  const early = w.tabbeamCertificate;
  delete w.tabbeamCertificate;
  return early;
}

/** Starts reaching the broker and the host at once: rendering the page does not wait, nor delay it. */
export function startView(hash: string, createPeer: (options: PeerOptions) => Peer): View {
  const listeners = new Set<() => void>();
  let state: ViewState = { kind: 'connecting', step: 'broker' };
  let stream: MediaStream | null = null;
  const changed = () => listeners.forEach((listener) => listener());
  const watching = watchShare({
    hash,
    createPeer,
    createCertificate: () => takeEarlyCertificate() ?? generateCertificate(),
    onState(next) {
      state = next;
      changed();
    },
    onStream(next) {
      stream = next;
      changed();
    },
  });
  return {
    watching,
    get state() {
      return state;
    },
    get stream() {
      return stream;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** What a viewer can do next when watching has stopped; a Record, so a new problem gets a decision. */
type NextStep = 'retry' | 'ask-again' | 'reload' | 'new-link' | null;
const NEXT_STEP: Record<ViewProblem, NextStep> = {
  'bad-link': 'new-link',
  denied: 'new-link',
  'not-found': 'retry',
  'broker-unreachable': 'retry',
  'connection-failed': 'retry',
  version: 'reload',
  'host-outdated': 'retry', // once the person sharing has updated TabBeam
  lost: 'retry',
  security: 'retry',
  full: 'retry',
  locked: 'retry',
  rejected: 'ask-again',
  kicked: null, // the person sharing decided; asking them is the next step
};

export function nextStep(state: ViewState): NextStep {
  return state.kind === 'ended' ? 'retry' : state.kind === 'error' ? NEXT_STEP[state.problem] : null;
}

/** The tab's title: the state first, so a viewer with many tabs sees it. */
export function titleOf(state: ViewState): string {
  const t = viewerText();
  const word = state.kind === 'live' && state.paused ? t.titles.paused : t.titles[state.kind];
  return `${word} · TabBeam`;
}

/** How long the controls stay after the last pointer move, touch or key while the picture plays. */
const IDLE_MS = 3000;
/** How long the note saying why Point does nothing stays. */
const NOTE_MS = 6000;

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

export function ViewerPage({ view }: { view: View }) {
  const t = viewerText();
  const root = useRef<HTMLElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const bar = useRef<HTMLElement>(null);
  const zoomer = useRef<Zoomable | null>(null);
  const pointer = useRef<Pointer | null>(null);
  const lock = useRef<WakeLock | null>(null);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [state, setState] = useState<ViewState>(view.state);
  const [tracks, setTracks] = useState({ audio: true, video: true });
  const [muted, setMuted] = useState(true);
  const [volume, setVolume] = useState(1);
  const [preference, setPreference] = useState<ViewerPreference>('auto');
  const [zoomLevel, setZoomLevel] = useState<Zoom['level']>(1);
  const [fullscreen, setFullscreen] = useState(false);
  const [pip, setPip] = useState(false);
  const [statsShown, setStatsShown] = useState(false);
  const [stats, setStats] = useState<[string, string][] | null>(null);
  const [help, setHelp] = useState(false);
  const [idle, setIdle] = useState(false);
  const [awake, setAwake] = useState<WakeLockState>('released');
  const [pointOn, setPointOn] = useState(false);
  /** Why Point does nothing, shown for a while: a new object each time, so the time starts again. */
  const [note, setNote] = useState<{ why: Exclude<PointingState, 'on'> } | null>(null);

  const live = state.kind === 'live';
  const paused = live && state.paused;
  const playing = live && !paused;
  /** Whether the host draws this viewer's marks now. */
  const pointing: PointingState = live ? state.pointing : 'off';
  const via = live ? state.via : 'direct';
  const pointingNow = pointOn && pointing === 'on';
  /** For the stage's listeners, which outlive renders. */
  const aim = useRef({ on: false, state: pointing });
  aim.current = { on: pointOn, state: pointing };

  useEffect(() => {
    let shown: MediaStream | null = null;
    const readTracks = () => shown && setTracks({ audio: shown.getAudioTracks().length > 0, video: shown.getVideoTracks().length > 0 });
    const sync = () => {
      setState(view.state);
      const element = video.current;
      if (!element || view.stream === shown) return;
      shown?.removeEventListener('addtrack', readTracks);
      shown?.removeEventListener('removetrack', readTracks);
      shown = view.stream;
      element.srcObject = shown;
      // Browsers allow autoplay only while muted; the Unmute button is the user's gesture.
      if (shown) {
        readTracks();
        shown.addEventListener('addtrack', readTracks);
        shown.addEventListener('removetrack', readTracks);
        void element.play().catch(() => undefined);
      }
    };
    sync();
    const unsubscribe = view.subscribe(sync);
    return () => {
      unsubscribe();
      view.watching.close();
    };
  }, [view]);

  useEffect(() => {
    document.title = titleOf(state);
  }, [state]);

  // The page's own listeners: zoom gestures, pointing, fullscreen and picture-in-picture changes, sound, the wake lock.
  useEffect(() => {
    const v = video.current!;
    const s = stage.current!;
    /** Whether a pointer event points: Point is on, or a mouse moves with Alt held; only while the host draws marks. */
    const aiming = (e: MouseEvent) => aim.current.state === 'on' && (aim.current.on || (e.altKey && ((e as PointerEvent).pointerType ?? 'mouse') === 'mouse'));
    const z = zoomable(s, v, { zoom: (zoom) => setZoomLevel(zoom.level), doubleClick: () => actions.current.fullscreen(), pointing: aiming });
    zoomer.current = z;
    const p = viewerPointer({ send: (message) => view.watching.point(message), now: () => performance.now() });
    pointer.current = p;
    // The video's rectangle is the picture on screen (gestures.ts sizes and moves it); the stage cuts it off.
    const input = (e: PointerEvent): PointerInput => ({
      x: e.clientX,
      y: e.clientY,
      picture: v.getBoundingClientRect(),
      view: s.getBoundingClientRect(),
      id: e.pointerId,
      type: e.pointerType,
      buttons: e.buttons,
      time: e.timeStamp,
    });
    const onPicture = (e: Event) => e.target === s || e.target === v; // not a panel over it
    const pointerEvents: [string, (e: PointerEvent) => void][] = [
      ['pointerdown', (e) => aiming(e) && onPicture(e) && (e.pointerType !== 'mouse' || e.button === 0) && p.down(input(e))],
      [
        'pointermove',
        (e) => {
          const on = aiming(e);
          s.classList.toggle('aiming', on);
          if (on && onPicture(e)) p.move(input(e));
          else if (e.pointerType !== 'touch') p.leave(); // Alt let go, or over a panel
        },
      ],
      ['pointerup', (e) => p.up(input(e))],
      ['pointercancel', (e) => p.cancel(e.pointerId)],
      ['pointerleave', (e) => e.pointerType !== 'touch' && p.leave()],
    ];
    pointerEvents.forEach(([type, listener]) => s.addEventListener(type, listener as EventListener));
    // Alt points only while held: letting go (or leaving the window with Alt+Tab) hides the dot.
    const onAlt = (e: Event) => {
      if (e instanceof KeyboardEvent && e.key !== 'Alt') return;
      const held = e.type === 'keydown' && aim.current.state === 'on';
      s.classList.toggle('aiming', held || (aim.current.on && aim.current.state === 'on'));
      if (!held && !aim.current.on) p.leave();
    };
    const altEvents = ['keydown', 'keyup', 'blur'];
    altEvents.forEach((type) => window.addEventListener(type, onAlt));
    const onFullscreen = () => setFullscreen(!!fullscreenElement());
    const onPip = () => setPip(inPictureInPicture(v));
    const onVolume = () => {
      setMuted(v.muted);
      setVolume(v.volume);
    };
    const fullscreenEvents = ['fullscreenchange', 'webkitfullscreenchange'];
    const videoEvents: [string, () => void][] = [
      ['enterpictureinpicture', onPip],
      ['leavepictureinpicture', onPip],
      ['webkitpresentationmodechanged', onPip],
      ['webkitbeginfullscreen', () => setFullscreen(true)], // iPhone: the video alone
      ['webkitendfullscreen', () => setFullscreen(false)],
      ['volumechange', onVolume],
    ];
    fullscreenEvents.forEach((type) => document.addEventListener(type, onFullscreen));
    videoEvents.forEach(([type, listener]) => v.addEventListener(type, listener));
    const nav = navigator as Navigator & { wakeLock?: Parameters<typeof wakeLock>[0]['wakeLock'] };
    lock.current = wakeLock({ wakeLock: nav.wakeLock, document, onChange: setAwake });
    return () => {
      z.dispose();
      p.dispose();
      pointerEvents.forEach(([type, listener]) => s.removeEventListener(type, listener as EventListener));
      altEvents.forEach((type) => window.removeEventListener(type, onAlt));
      lock.current?.dispose();
      fullscreenEvents.forEach((type) => document.removeEventListener(type, onFullscreen));
      videoEvents.forEach(([type, listener]) => v.removeEventListener(type, listener));
    };
  }, []);

  // Point works only while the host draws marks: when that stops, the note says why. The sharer
  // switching it off or a source without a page turns Point off; a new page loading in the shared
  // tab only pauses it, and it comes back with that page's overlay.
  useEffect(() => {
    if (!live) return; // reconnecting: the host says again once back
    if (pointing === 'on') setNote(null);
    else if (aim.current.on) {
      if (pointing !== 'page') setPointOn(false);
      setNote({ why: pointing });
    }
  }, [live, pointing]);

  // Turning Point off (or losing it) hides the dot; the crosshair shows where a press points.
  useEffect(() => {
    stage.current?.classList.toggle('aiming', pointingNow);
    if (!pointingNow) pointer.current?.leave();
  }, [pointingNow]);

  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(null), NOTE_MS);
    return () => clearTimeout(timer);
  }, [note]);

  // The screen stays on while the share plays, or is coming back; let go once it has ended.
  useEffect(() => lock.current?.want(state.kind === 'live' || state.kind === 'reconnecting'), [state.kind]);

  // Statistics: read every second while the overlay shows, not at all while it does not.
  useEffect(() => {
    if (!statsShown || !live) return setStats(null);
    let previous: StatsSample | null = null;
    let stopped = false;
    const read = async () => {
      const report = await view.watching.stats().catch(() => null);
      if (stopped || !report) return;
      const summary = summarizeStats(report, previous);
      previous = summary.sample;
      setStats(statsRows(summary, t.stats, viewerLocale(), via));
    };
    // The first rates need two reports: the second comes soon after the first, then one a second.
    void read();
    const soon = setTimeout(read, 300);
    const timer = setInterval(read, 1000);
    return () => {
      stopped = true;
      clearTimeout(soon);
      clearInterval(timer);
    };
  }, [statsShown, live, view, via]);

  /** Shows the controls, and hides them again after a while if the picture plays and nothing holds them. */
  const wake = () => {
    setIdle(false);
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(() => {
      const held = bar.current?.matches(':hover') || bar.current?.querySelector(':focus-visible');
      if (hideable.current && !held) setIdle(true);
    }, IDLE_MS);
  };
  const hideable = useRef(false);
  hideable.current = playing && !help;
  useEffect(() => {
    if (playing) wake();
    else setIdle(false);
    return () => clearTimeout(idleTimer.current);
  }, [playing, help]);

  const prefer = (want: ViewerPreference) => {
    setPreference(want);
    view.watching.prefer(want);
  };

  const setSound = (on: boolean, level?: number) => {
    const element = video.current;
    if (!element) return;
    if (level !== undefined) element.volume = clamp01(level);
    // Unmuting at volume 0 would still be silent.
    if (on && element.volume === 0) element.volume = 0.5;
    element.muted = !on;
    void element.play().catch(() => undefined);
  };

  /** Every action, for the buttons, the keys and the gestures; the keys read the latest through a ref. */
  const act = {
    fullscreen: () => video.current && root.current && void toggleFullscreen(root.current, video.current).catch(() => undefined),
    pip: () => video.current && void togglePictureInPicture(video.current).catch(() => undefined),
    zoomIn: () => zoomer.current?.step(1),
    zoomOut: () => zoomer.current?.step(-1),
    fit: () => zoomer.current?.fit(),
    native: () => zoomer.current?.toggleNative(),
    pan: (fx: number, fy: number) => zoomer.current?.pan(fx, fy),
    stats: () => setStatsShown((shown) => !shown),
    help: () => setHelp((shown) => !shown),
    mute: () => setSound(!!video.current?.muted),
    volume: (by: number) => video.current && setSound(true, video.current.volume + by),
    quality: () => prefer(PREFERENCES[(PREFERENCES.indexOf(preference) + 1) % PREFERENCES.length]!),
    point: () => {
      if (!live) return;
      if (pointing !== 'on') return setNote({ why: pointing });
      setPointOn((on) => !on);
      setNote(null);
    },
  };
  const actions = useRef(act);
  actions.current = act;

  useEffect(() => {
    const keys: Record<string, () => unknown> = {
      f: () => actions.current.fullscreen(),
      p: () => actions.current.pip(),
      s: () => actions.current.stats(),
      m: () => actions.current.mute(),
      q: () => actions.current.quality(),
      l: () => actions.current.point(),
      '?': () => actions.current.help(),
      '+': () => actions.current.zoomIn(),
      '=': () => actions.current.zoomIn(),
      '-': () => actions.current.zoomOut(),
      '0': () => actions.current.fit(),
      '1': () => actions.current.native(),
      ArrowLeft: () => actions.current.pan(-0.1, 0),
      ArrowRight: () => actions.current.pan(0.1, 0),
      ArrowUp: () => actions.current.pan(0, -0.1),
      ArrowDown: () => actions.current.pan(0, 0.1),
      ShiftArrowUp: () => actions.current.volume(0.1),
      ShiftArrowDown: () => actions.current.volume(-0.1),
      Escape: () => setHelp(false),
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      const field = target?.closest?.('input, textarea, select') as HTMLInputElement | null;
      // A text field keeps every key; the volume slider keeps its arrows.
      if (field && (field.type !== 'range' || e.key.startsWith('Arrow'))) return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.shiftKey && e.key.startsWith('Arrow') ? `Shift${e.key}` : e.key;
      const run = keys[key];
      if (!run) return;
      e.preventDefault();
      run();
      wake();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const step = nextStep(state);
  const code = state.kind === 'live' || state.kind === 'waiting' ? state.code : null;
  const key = (label: string, shortcut: string) => `${label} (${shortcut})`;
  const classes = ['viewer', state.kind, paused && 'paused', idle && 'idle'].filter(Boolean).join(' ');
  return (
    <main ref={root} class={classes} data-wake-lock={awake} onPointerMove={wake} onPointerDown={wake} onFocusIn={wake}>
      <div class="stage" ref={stage}>
        <video data-testid="remote-video" ref={video} autoplay playsInline muted hidden={!live || paused} />
        {paused && (
          <p class="slate" data-testid="paused">
            <span class="pause-mark" aria-hidden="true" />
            {t.pausedHint}
          </p>
        )}
        {live && !paused && !tracks.video && <p class="slate">{t.soundOnly}</p>}
        {live && statsShown && (
          <section class="panel stats" data-testid="stats" aria-label={t.stats.title}>
            <dl>
              {(stats ?? statsRows(summarizeStats(new Map()), t.stats, viewerLocale())).map(([label, value]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </section>
        )}
        {live && note && (
          <p class="panel note" data-testid="point-note" role="status">
            {t.pointingNotes[note.why]}
          </p>
        )}
        {help && (
          <section class="panel shortcuts" data-testid="shortcuts" role="dialog" aria-label={t.shortcutsButton}>
            <h2>{t.shortcutsButton}</h2>
            <dl>
              {SHORTCUTS.map(([keys, what]) => (
                <div key={keys}>
                  <dt>
                    <kbd>{keys}</kbd>
                  </dt>
                  <dd>{t.shortcuts[what]}</dd>
                </div>
              ))}
            </dl>
            <button onClick={() => setHelp(false)}>{t.close}</button>
          </section>
        )}
      </div>
      <footer class="bar" ref={bar}>
        <div class="info">
          <span class="brand">TabBeam</span>
          <span
            class="status"
            data-testid="status"
            data-state={state.kind}
            data-problem={state.kind === 'error' ? state.problem : undefined}
            data-paused={paused ? 'true' : undefined}
            data-via={state.kind === 'live' ? state.via : undefined}
            role="status"
            aria-live="polite"
          >
            {live && <span class="dot" aria-hidden="true" />}
            {describe(state)}
          </span>
          {code && (
            <span class="code-box">
              <span class="code-label">{t.codeLabel}</span> <strong class="code" data-testid="verification-code" title={t.codeHelp}>{code}</strong>
              <span class="code-help" data-testid="verification-help">{live ? t.codeHelpLive : t.codeHelpWaiting}</span>
            </span>
          )}
          {step && <NextStepAction step={step} />}
        </div>
        {live && (
          <div class="controls">
            <span class="group" role="group" aria-label={t.quality} title={t.preferenceHelp}>
              {PREFERENCES.map((want) => (
                <button key={want} data-testid={`prefer-${want}`} aria-pressed={preference === want} onClick={() => prefer(want)}>
                  {t.preferences[want]}
                </button>
              ))}
            </span>
            <span class="group sound">
              <button data-testid="unmute" class={muted ? 'primary' : undefined} onClick={act.mute} hidden={!tracks.audio} aria-pressed={!muted} title={key(muted ? t.unmute : t.mute, 'M')}>
                {muted ? t.unmute : t.mute}
              </button>
              <input
                type="range"
                class="volume"
                data-testid="volume"
                min="0"
                max="1"
                step="0.05"
                value={muted ? 0 : volume}
                aria-label={t.volume}
                title={key(t.volume, 'Shift ↑ ↓')}
                hidden={!tracks.audio}
                onInput={(e: JSX.TargetedEvent<HTMLInputElement>) => setSound(Number(e.currentTarget.value) > 0, Number(e.currentTarget.value))}
              />
              {!tracks.audio && (
                <span class="hint" data-testid="no-sound">
                  {t.noSound}
                </span>
              )}
            </span>
            <span class="group" role="group" aria-label={t.zoom}>
              <button data-testid="zoom-out" aria-label={t.zoomOut} title={key(t.zoomOut, '−')} onClick={act.zoomOut}>
                <Icon name="zoomOut" />
              </button>
              <button data-testid="zoom-fit" aria-pressed={zoomLevel === 1} title={key(t.zoomFitHelp, '0')} onClick={act.fit}>
                {t.zoomFit}
              </button>
              <button data-testid="zoom-1to1" aria-pressed={zoomLevel === 'native'} title={key(t.zoom1to1Help, '1')} onClick={act.native}>
                1:1
              </button>
              <button data-testid="zoom-in" aria-label={t.zoomIn} title={key(t.zoomIn, '+')} onClick={act.zoomIn}>
                <Icon name="zoomIn" />
              </button>
            </span>
            <button
              class="point-toggle"
              data-testid="point-toggle"
              aria-pressed={pointingNow}
              aria-disabled={pointing === 'on' ? undefined : 'true'}
              title={pointing === 'on' ? key(t.pointHelp, 'L') : t.pointingNotes[pointing]}
              onClick={act.point}
            >
              <Icon name="point" />
              {t.point}
            </button>
            <span class="group">
              <button data-testid="stats-toggle" aria-label={t.statsButton} aria-pressed={statsShown} title={key(t.statsButton, 'S')} onClick={act.stats}>
                <Icon name="stats" />
              </button>
              {pipSupported(video.current) && (
                <button data-testid="pip" aria-label={t.pip} aria-pressed={pip} title={key(t.pip, 'P')} onClick={act.pip}>
                  <Icon name="pip" />
                </button>
              )}
              {fullscreenSupported(video.current) && (
                <button data-testid="fullscreen" aria-label={t.fullscreen} aria-pressed={fullscreen} title={key(fullscreen ? t.exitFullscreen : t.fullscreen, 'F')} onClick={act.fullscreen}>
                  <Icon name={fullscreen ? 'exitFullscreen' : 'fullscreen'} />
                </button>
              )}
              <button data-testid="shortcuts-toggle" aria-label={t.shortcutsButton} aria-pressed={help} title={key(t.shortcutsButton, '?')} onClick={act.help}>
                ?
              </button>
            </span>
          </div>
        )}
      </footer>
    </main>
  );
}

/** The way on from a state that has stopped: try again, ask again, reload, or open a new link. */
function NextStepAction({ step }: { step: Exclude<NextStep, null> }) {
  const t = viewerText();
  if (step === 'new-link') {
    const open = (e: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
      e.preventDefault();
      const value = (e.currentTarget.elements.namedItem('link') as HTMLInputElement).value.trim();
      try {
        const url = new URL(value);
        if (url.protocol === 'https:' || url.protocol === 'http:') location.assign(url.href);
      } catch {
        // not a link: the field says what it wants
      }
    };
    return (
      <form class="next new-link" onSubmit={open}>
        <input name="link" type="url" required data-testid="new-link" aria-label={t.newLink} placeholder={t.newLink} />
        <button type="submit" class="primary">
          {t.open}
        </button>
      </form>
    );
  }
  const label = step === 'ask-again' ? t.askAgain : step === 'reload' ? t.reload : t.tryAgain;
  return (
    <button class="next primary" data-testid="retry" onClick={() => location.reload()}>
      {label}
    </button>
  );
}
