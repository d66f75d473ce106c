// Settings in storage.sync under the keys of Settings (README "Settings"), with build-time defaults.
import { AppError } from '../shared/errors';
import { buildDefaults } from '../shared/build-defaults';
import { encodeFieldErrors } from '../shared/field-errors';
import { SETTINGS_KEYS, validateSettings, type Settings, type Validated } from '../shared/settings';
import browser from './browser';

export const defaultSettings: Settings = buildDefaults({
  viewerUrl: import.meta.env.TABBEAM_VIEWER_URL,
  peerServer: import.meta.env.TABBEAM_PEER_SERVER,
  iceServers: import.meta.env.TABBEAM_ICE_SERVERS,
  mediaServer: import.meta.env.TABBEAM_MEDIA_SERVER,
});

export const settingsStore = {
  async read(): Promise<Validated<Settings>> {
    const stored = await browser.storage.sync.get([...SETTINGS_KEYS]);
    return validateSettings(stored, defaultSettings);
  },
  /** For the share: valid settings, or AppError('bad-settings') with what is wrong as codes (the popup words them). */
  async load(): Promise<Settings> {
    const result = await settingsStore.read();
    if (!result.ok) throw new AppError('bad-settings', encodeFieldErrors(result.errors));
    return result.value;
  },
  async save(settings: Settings): Promise<void> {
    await browser.storage.sync.set({ ...settings });
  },
  async reset(): Promise<void> {
    await browser.storage.sync.remove([...SETTINGS_KEYS]);
  },
};
