// The options page's share policy: who can watch, how the picture is encoded, and the devices the
// offscreen document may use later.
import { useState } from 'preact/hooks';
import { text } from '../shared/i18n/strings';
import { PRESETS, type Preset } from '../shared/quality';
import type { Fields } from './fields';

/** Asks for microphone and camera on this visible page, so the offscreen document may use them later. */
export type AllowDevices = () => Promise<
  { ok: true; allowed: 'both' | 'microphone' | 'camera' } | { ok: false; reason: string }
>;

/** What the permission request came to, in words; `reason` is the browser's error name, never shown itself. */
function devicesOutcome(result: Awaited<ReturnType<AllowDevices>>): string {
  const t = text().options;
  if (result.ok) return t.devicesAllowed[result.allowed];
  if (result.reason === 'NotFoundError' || result.reason === 'OverconstrainedError') return t.devicesMissing;
  if (result.reason === 'NotReadableError' || result.reason === 'AbortError') return t.devicesBusy;
  return t.devicesDenied;
}

type CheckName = 'askToJoin' | 'liveText' | 'controlYieldsToSharer';

/** One of the policy's switches, as a checkbox with its label. */
function Check({ fields, name, label }: { fields: Fields; name: CheckName; label: string }) {
  const { form, update, control } = fields;
  return (
    <label class="check">
      <input
        name={name}
        type="checkbox"
        {...control(name)}
        checked={form[name]}
        onChange={(e) => update({ [name]: e.currentTarget.checked })}
      />{' '}
      {label}
    </label>
  );
}

export function WhoCanWatch({ fields }: { fields: Fields }) {
  const { textField, errorFor } = fields;
  const t = text().options;
  return (
    <fieldset>
      <legend>{t.whoCanWatch}</legend>
      <Check fields={fields} name="askToJoin" label={t.askToJoin} />
      <Check fields={fields} name="liveText" label={t.liveText} />
      <Check fields={fields} name="controlYieldsToSharer" label={t.controlYieldsToSharer} />
      <div class="grid">
        <label>
          {t.maxViewers} <input inputMode="numeric" {...textField('maxViewers')} />
        </label>
        <label>
          {t.expiry} <input inputMode="decimal" {...textField('expiryMinutes')} placeholder={t.never} />
        </label>
      </div>
      {errorFor('askToJoin')}
      {errorFor('liveText')}
      {errorFor('controlYieldsToSharer')}
      {errorFor('maxViewers')}
      {errorFor('expiryMinutes')}
    </fieldset>
  );
}

export function QualitySection({ fields: { form, update, control, textField, errorFor } }: { fields: Fields }) {
  const { options: t, popup: popupText } = text();
  return (
    <fieldset>
      <legend>{t.qualityTitle}</legend>
      <label>
        {t.quality}{' '}
        <select
          name="quality"
          {...control('quality', 'quality-help')}
          value={form.quality}
          onChange={(e) => update({ quality: e.currentTarget.value as Preset })}
        >
          {PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {popupText.presets[preset]}
            </option>
          ))}
        </select>
      </label>
      <p class="help" id="quality-help">
        {popupText.presetHelp}
      </p>
      <p class="help" id="limits-help">
        {t.limits}
      </p>
      <div class="grid">
        <label>
          {t.maxHeight} <input inputMode="numeric" {...textField('maxHeight', 'limits-help')} />
        </label>
        <label>
          {t.maxFramerate} <input inputMode="numeric" {...textField('maxFramerate', 'limits-help')} />
        </label>
        <label>
          {t.maxBitrate} <input inputMode="numeric" {...textField('maxBitrateKbps', 'limits-help')} />
        </label>
      </div>
      {errorFor('quality')}
      {errorFor('maxHeight')}
      {errorFor('maxFramerate')}
      {errorFor('maxBitrateKbps')}
    </fieldset>
  );
}

export function DevicesSection({ allowDevices }: { allowDevices: AllowDevices }) {
  const [devices, setDevices] = useState<string | null>(null);
  const t = text().options;
  return (
    <fieldset>
      <legend>{t.permissionsTitle}</legend>
      <p class="help" id="devices-help">
        {t.permissionsHelp}
      </p>
      <button
        type="button"
        data-testid="allow-devices"
        aria-describedby="devices-help"
        onClick={() => void allowDevices().then((r) => setDevices(devicesOutcome(r)))}
      >
        {t.allowDevices}
      </button>
      {/* There before anything is said in it, so what is said is announced. */}
      <p class="help" role="status" data-testid="devices-status">
        {devices}
      </p>
    </fieldset>
  );
}
