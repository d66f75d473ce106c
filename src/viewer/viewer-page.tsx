// The viewer's page: the picture on its stage, the panels over it, and the bar below. Each concern
// lives in its own hook (hooks/), the pieces of the page in components/.
import { useRef, useState } from 'preact/hooks';
import { viewerText } from '../shared/i18n/viewer';
import {
  ControlToggle,
  PanelToggles,
  PointToggle,
  QualityGroup,
  SoundGroup,
  TextGroup,
  ZoomGroup,
} from './components/controls';
import {
  ControlPanel,
  LinkConfirm,
  PointNoteText,
  ShortcutsPanel,
  StatsPanel,
  TextNoteText,
} from './components/stage-panels';
import { TextLayer } from './components/text-layer';
import { StatusInfo } from './components/status-info';
import { useIdle } from './hooks/use-idle';
import { usePageText } from './hooks/use-page-text';
import { usePointing } from './hooks/use-pointing';
import { usePreference } from './hooks/use-preference';
import { useRemoteControl } from './hooks/use-remote-control';
import { usePresentation } from './hooks/use-presentation';
import { useShortcuts } from './hooks/use-shortcuts';
import { useSound } from './hooks/use-sound';
import { useStageInput } from './hooks/use-stage-input';
import { useStats } from './hooks/use-stats';
import { useView } from './hooks/use-view';
import { useWakeLock } from './hooks/use-wake-lock';
import type { ShortcutActions } from './shortcuts';
import type { View } from './view';

export function ViewerPage({ view }: { view: View }) {
  const t = viewerText();
  const root = useRef<HTMLElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const bar = useRef<HTMLElement>(null);
  const { watching } = view;
  const { state, tracks, text } = useView(view, video);
  const live = state.kind === 'live';
  const paused = live && state.paused;
  const via = live ? state.via : 'direct';

  const pointing = usePointing(live, live ? state.pointing : 'off');
  const pageText = usePageText(live && !paused, text);
  const control = useRemoteControl({
    watching,
    active: live && !paused,
    state: live ? state.control : 'page',
    stage,
    video,
  });
  const presentation = usePresentation(root, video);
  const sound = useSound(video);
  const onDoubleClick = presentation.toggleFullscreen;
  const zoom = useStageInput({
    stage,
    video,
    watching,
    aim: pointing.aim,
    // Pointing gives way to control: a click is the controlling viewer's click, not a ripple.
    pointingNow: pointing.now && !control.granted,
    controlling: control.granted,
    onDoubleClick,
  });
  const awake = useWakeLock(state.kind);
  const stats = useStats(watching, live, via);
  const quality = usePreference(watching);
  const [help, setHelp] = useState(false);
  const { idle, wake } = useIdle(bar, live && !paused && !help);

  /** Every action, for the buttons, the keys and the gestures. */
  const act: ShortcutActions = {
    fullscreen: presentation.toggleFullscreen,
    pip: presentation.togglePip,
    zoomIn: zoom.zoomIn,
    zoomOut: zoom.zoomOut,
    fit: zoom.fit,
    native: zoom.native,
    pan: zoom.pan,
    stats: stats.toggle,
    help: () => setHelp((was) => !was),
    closeHelp: () => setHelp(false),
    mute: sound.toggleMute,
    volume: sound.nudge,
    quality: quality.cycle,
    point: pointing.toggle,
    control: control.toggle,
  };
  useShortcuts(act, wake);

  const classes = ['viewer', state.kind, paused && 'paused', idle && 'idle', control.granted && 'controlling']
    .filter(Boolean)
    .join(' ');
  return (
    <main ref={root} class={classes} data-wake-lock={awake} onPointerMove={wake} onPointerDown={wake} onFocusIn={wake}>
      <div class="stage" ref={stage}>
        <video data-testid="remote-video" ref={video} autoplay playsInline muted hidden={!live || paused} />
        {pageText.page && <TextLayer page={pageText.page} video={video.current} openLink={pageText.askToOpen} />}
        {paused && (
          <p class="slate" data-testid="paused">
            <span class="pause-mark" aria-hidden="true" />
            {t.pausedHint}
          </p>
        )}
        {live && !paused && !tracks.video && <p class="slate">{t.soundOnly}</p>}
        {live && stats.shown && <StatsPanel rows={stats.rows} route={stats.route} />}
        {live && pointing.note && <PointNoteText note={pointing.note} />}
        {live && pageText.note && <TextNoteText note={pageText.note} />}
        {live && <ControlPanel control={control} />}
        {pageText.link && <LinkConfirm href={pageText.link} answer={pageText.answer} />}
        <p class="sr-only" aria-live="polite" data-testid="page-changes">
          {pageText.changes}
        </p>
        {help && <ShortcutsPanel close={act.closeHelp} />}
      </div>
      <footer class="bar" ref={bar}>
        <StatusInfo state={state} />
        {live && (
          <div class="controls">
            <QualityGroup preference={quality.preference} prefer={quality.prefer} />
            <SoundGroup sound={sound} audio={tracks.audio} mute={act.mute} />
            <ZoomGroup level={zoom.level} act={act} />
            <PointToggle state={pointing.state} on={pointing.now} toggle={act.point} />
            <TextGroup text={pageText} />
            <ControlToggle control={control} toggle={act.control} />
            <PanelToggles
              act={act}
              stats={stats.shown}
              pip={presentation.pip}
              fullscreen={presentation.fullscreen}
              help={help}
              video={video.current}
            />
          </div>
        )}
      </footer>
    </main>
  );
}
