import { render } from 'preact';
import { uiLanguage } from '../platform/i18n';
import { defaultSettings, settingsStore } from '../platform/settings-store';
import { chooseLanguage, text } from '../shared/i18n/strings';
import { OptionsPage, type AllowDevices } from './options-page';

// Chrome remembers the grant for the extension's origin, which the offscreen document shares.
// A machine without a camera still gets its microphone allowed, and the other way round.
const allowDevices: AllowDevices = async () => {
  let reason = '';
  for (const [constraints, allowed] of [
    [{ audio: true, video: true }, 'both'],
    [{ audio: true }, 'microphone'],
    [{ video: true }, 'camera'],
  ] as const) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia(constraints);
      stream.getTracks().forEach((track) => track.stop());
      return { ok: true, allowed };
    } catch (error) {
      reason = error instanceof Error ? error.name : String(error);
      if (reason === 'NotAllowedError') break; // refused: asking again would not help
    }
  }
  return { ok: false, reason };
};

// Chrome's language, before anything renders.
document.documentElement.lang = chooseLanguage([uiLanguage()]).language;
document.title = text().options.title;

render(
  <OptionsPage store={settingsStore} defaults={defaultSettings} allowDevices={allowDevices} />,
  document.getElementById('app')!,
);
