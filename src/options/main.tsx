import { render } from 'preact';
import { defaultSettings, settingsStore } from '../platform/settings-store';
import { OptionsPage } from './options-page';

render(<OptionsPage store={settingsStore} defaults={defaultSettings} />, document.getElementById('app')!);
