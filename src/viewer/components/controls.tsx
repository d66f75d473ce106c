// The bar's controls while the share is live. Each button's title names its key (shortcuts.ts).
import type { JSX } from 'preact';
import type { PageTextUi } from '../hooks/use-page-text';
import type { RemoteControlUi } from '../hooks/use-remote-control';
import { viewerText } from '../../shared/i18n/viewer';
import type { PointingState } from '../../shared/pointing';
import { PREFERENCES, type ViewerPreference } from '../../shared/quality';
import type { Sound } from '../hooks/use-sound';
import { Icon } from '../icons';
import { fullscreenSupported, pipSupported } from '../presentation';
import type { ShortcutActions } from '../shortcuts';
import type { Zoom } from '../zoom';

const hint = (label: string, keys: string) => `${label} (${keys})`;

interface QualityProps {
  preference: ViewerPreference;
  prefer(want: ViewerPreference): void;
}

export function QualityGroup({ preference, prefer }: QualityProps) {
  const t = viewerText();
  return (
    <span class="group" role="group" aria-label={t.quality} title={t.preferenceHelp}>
      {PREFERENCES.map((want) => (
        <button
          key={want}
          data-testid={`prefer-${want}`}
          aria-pressed={preference === want}
          onClick={() => prefer(want)}
        >
          {t.preferences[want]}
        </button>
      ))}
    </span>
  );
}

/** `audio`: whether the stream has sound at all; without, the controls give way to a hint. */
export function SoundGroup({ sound, audio, mute }: { sound: Sound; audio: boolean; mute(): void }) {
  const t = viewerText();
  const { muted } = sound;
  const onInput = (e: JSX.TargetedEvent<HTMLInputElement>) =>
    sound.set(Number(e.currentTarget.value) > 0, Number(e.currentTarget.value));
  return (
    <span class="group sound">
      <button
        data-testid="unmute"
        class={muted ? 'primary' : undefined}
        onClick={mute}
        hidden={!audio}
        aria-pressed={!muted}
        title={hint(muted ? t.unmute : t.mute, 'M')}
      >
        {muted ? t.unmute : t.mute}
      </button>
      <input
        type="range"
        class="volume"
        data-testid="volume"
        min="0"
        max="1"
        step="0.05"
        value={muted ? 0 : sound.volume}
        aria-label={t.volume}
        title={hint(t.volume, 'Shift ↑ ↓')}
        hidden={!audio}
        onInput={onInput}
      />
      {!audio && (
        <span class="hint" data-testid="no-sound">
          {t.noSound}
        </span>
      )}
    </span>
  );
}

export function ZoomGroup({ level, act }: { level: Zoom['level']; act: ShortcutActions }) {
  const t = viewerText();
  return (
    <span class="group" role="group" aria-label={t.zoom}>
      <button data-testid="zoom-out" aria-label={t.zoomOut} title={hint(t.zoomOut, '−')} onClick={act.zoomOut}>
        <Icon name="zoomOut" />
      </button>
      <button data-testid="zoom-fit" aria-pressed={level === 1} title={hint(t.zoomFitHelp, '0')} onClick={act.fit}>
        {t.zoomFit}
      </button>
      <button
        data-testid="zoom-1to1"
        aria-pressed={level === 'native'}
        title={hint(t.zoom1to1Help, '1')}
        onClick={act.native}
      >
        1:1
      </button>
      <button data-testid="zoom-in" aria-label={t.zoomIn} title={hint(t.zoomIn, '+')} onClick={act.zoomIn}>
        <Icon name="zoomIn" />
      </button>
    </span>
  );
}

/** `state`: whether the host draws marks; `on`: Point is on and it does. */
export function PointToggle({ state, on, toggle }: { state: PointingState; on: boolean; toggle(): void }) {
  const t = viewerText();
  return (
    <button
      class="point-toggle"
      data-testid="point-toggle"
      aria-pressed={on}
      aria-disabled={state === 'on' ? undefined : 'true'}
      title={state === 'on' ? hint(t.pointHelp, 'L') : t.pointingNotes[state]}
      onClick={toggle}
    >
      <Icon name="point" />
      {t.point}
    </button>
  );
}

/** Ask to control: asks, cancels the request, or stops controlling; says why not when it cannot. */
export function ControlToggle({ control, toggle }: { control: RemoteControlUi; toggle(): void }) {
  const t = viewerText();
  const { state, blocked } = control;
  const label = state === 'granted' ? t.stopControl : state === 'asking' ? t.askingControl : t.askControl;
  return (
    <button
      data-testid="request-control"
      data-state={state}
      aria-pressed={state === 'granted' || state === 'asking'}
      aria-disabled={blocked ? 'true' : undefined}
      title={blocked ? t.controlNotes[blocked] : hint(t.askControlHelp, 'C')}
      onClick={toggle}
    >
      <Icon name="control" />
      {label}
    </button>
  );
}

/**
 * The page's text: Copy text (every word the shared page shows; says why not when there is none)
 * and Read the page (changes to the page's text are announced to a screen reader).
 */
export function TextGroup({ text }: { text: PageTextUi }) {
  const t = viewerText();
  return (
    <span class="group">
      <button
        data-testid="copy-text"
        aria-label={t.copyText}
        aria-disabled={text.available ? undefined : 'true'}
        title={t.copyTextHelp}
        onClick={text.copy}
      >
        <Icon name="copy" />
      </button>
      <button
        data-testid="read-page"
        aria-label={t.readPage}
        aria-pressed={text.reading}
        title={t.readPageHelp}
        onClick={text.toggleReading}
      >
        <Icon name="read" />
      </button>
    </span>
  );
}

export interface PanelTogglesProps {
  act: ShortcutActions;
  stats: boolean;
  pip: boolean;
  fullscreen: boolean;
  help: boolean;
  /** Which of picture-in-picture and fullscreen this browser offers for it. */
  video: HTMLVideoElement | null;
}

export function PanelToggles({ act, stats, pip, fullscreen, help, video }: PanelTogglesProps) {
  const t = viewerText();
  return (
    <span class="group">
      <button
        data-testid="stats-toggle"
        aria-label={t.statsButton}
        aria-pressed={stats}
        title={hint(t.statsButton, 'S')}
        onClick={act.stats}
      >
        <Icon name="stats" />
      </button>
      {pipSupported(video) && (
        <button data-testid="pip" aria-label={t.pip} aria-pressed={pip} title={hint(t.pip, 'P')} onClick={act.pip}>
          <Icon name="pip" />
        </button>
      )}
      {fullscreenSupported(video) && (
        <button
          data-testid="fullscreen"
          aria-label={t.fullscreen}
          aria-pressed={fullscreen}
          title={hint(fullscreen ? t.exitFullscreen : t.fullscreen, 'F')}
          onClick={act.fullscreen}
        >
          <Icon name={fullscreen ? 'exitFullscreen' : 'fullscreen'} />
        </button>
      )}
      <button
        data-testid="shortcuts-toggle"
        aria-label={t.shortcutsButton}
        aria-pressed={help}
        title={hint(t.shortcutsButton, '?')}
        onClick={act.help}
      >
        ?
      </button>
    </span>
  );
}
