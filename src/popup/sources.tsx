// What the share shows, and the sharer's switches for it: another source, sound, pointing, the page's text, quality.
import { useEffect, useState } from 'preact/hooks';
import { describePopupError, popupText } from '../shared/i18n/popup';
import { PRESETS, type Preset } from '../shared/quality';
import type { Session } from '../shared/session';
import { SettingsFix, useAction } from './action-problem';
import type { PopupActions } from './actions';

type Run = (task: () => Promise<void>) => void;

export function OtherSources({ actions, run = (task) => void task() }: { actions: PopupActions; run?: Run }) {
  const t = popupText();
  return (
    <div class="row">
      <button data-testid="share-picked" onClick={() => run(() => actions.share('picked'))}>
        {t.sharePicked}
      </button>
      <button data-testid="share-camera" onClick={() => run(() => actions.share('camera'))}>
        {t.shareCamera}
      </button>
    </div>
  );
}

export function Sources({ session, actions }: { session: Extract<Session, { state: 'live' }>; actions: PopupActions }) {
  const t = popupText();
  // undefined until the browser has said which tab is active: until then the popup cannot tell
  // "this tab" from "a tab", and shows neither rather than a button that then vanishes.
  const [activeTabId, setActiveTabId] = useState<number | null | undefined>(undefined);
  const [problem, run] = useAction();
  useEffect(() => void actions.activeTabId().then(setActiveTabId), [actions]);
  const { source } = session;
  const known = activeTabId !== undefined;
  const onThisTab = source.kind === 'tab' && source.tabId === activeTabId;
  const shown = source.kind === 'tab' && !onThisTab ? 'otherTab' : source.kind;
  // A checkbox shows the Session, not the click: it flips when the share has actually changed.
  const toggle = (event: Event, task: () => Promise<void>) => {
    event.preventDefault();
    run(task);
  };
  return (
    <section class="sources">
      {known && (
        <p data-testid="source" data-source={shown}>
          {t.showing[shown]}
        </p>
      )}
      {known && !onThisTab && (
        <button class="wide" data-testid="share-this-tab" onClick={() => run(actions.shareActiveTab)}>
          {t.shareThisTabInstead}
        </button>
      )}
      <OtherSources actions={actions} run={run} />
      <div class="row toggles">
        <label title={t.micHelp}>
          <input
            type="checkbox"
            data-testid="mic"
            checked={session.mic}
            onClick={(e) => toggle(e, () => actions.mic(!session.mic))}
          />{' '}
          {t.mic}
        </label>
        {source.kind === 'tab' && (
          <label title={t.muteForMeHelp}>
            <input
              type="checkbox"
              data-testid="mute-for-me"
              checked={session.mutedForMe}
              onClick={(e) => toggle(e, () => actions.muteForMe(!session.mutedForMe))}
            />{' '}
            {t.muteForMe}
          </label>
        )}
      </div>
      <div class="row toggles">
        <label title={t.letViewersPointHelp}>
          <input
            type="checkbox"
            data-testid="let-viewers-point"
            checked={session.pointing}
            onClick={(e) => toggle(e, () => actions.pointing(!session.pointing))}
          />{' '}
          {t.letViewersPoint}
        </label>
        <label title={t.letViewersCopyHelp}>
          <input
            type="checkbox"
            data-testid="let-viewers-copy"
            checked={session.copying}
            onClick={(e) => toggle(e, () => actions.copying(!session.copying))}
          />{' '}
          {t.letViewersCopy}
        </label>
      </div>
      {session.pointing && session.overlay !== 'on' && (
        <p class="muted hint" data-testid="pointing-note">
          {session.overlay === 'blocked' ? t.pointingOffPage : t.pointingOffSource}
        </p>
      )}
      <label title={t.presetHelp}>
        {t.quality}{' '}
        <select
          data-testid="quality"
          value={session.quality}
          onChange={(e) => run(() => actions.quality(e.currentTarget.value as Preset))}
        >
          {PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {t.presets[preset]}
            </option>
          ))}
        </select>
      </label>
      {problem && (
        <>
          <p class="status error" role="alert" data-testid="source-error" data-code={problem.code}>
            {describePopupError(problem)}
          </p>
          <SettingsFix error={problem} actions={actions} />
        </>
      )}
    </section>
  );
}
