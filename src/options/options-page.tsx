import { useEffect, useState } from 'preact/hooks';
import { PRESETS, type Preset } from '../shared/quality';
import { describeFieldError } from '../shared/i18n/format';
import { validateSettings, type FieldError, type Settings, type Validated } from '../shared/settings';
import { text } from '../shared/strings';
import { iceToLines, linesToIce } from './ice-lines';

interface Store {
  read(): Promise<Validated<Settings>>;
  save(settings: Settings): Promise<void>;
  reset(): Promise<void>;
}

interface Form {
  viewerUrl: string;
  ownBroker: boolean;
  host: string;
  port: string;
  path: string;
  secure: boolean;
  key: string;
  customIce: boolean;
  ice: string;
  askToJoin: boolean;
  maxViewers: string;
  expiryMinutes: string;
  quality: Preset;
  maxHeight: string;
  maxFramerate: string;
  maxBitrateKbps: string;
}

const optional = (n: number | null) => (n === null ? '' : String(n));

function toForm(s: Settings): Form {
  return {
    viewerUrl: s.viewerUrl,
    ownBroker: s.broker !== null,
    host: s.broker?.host ?? '',
    port: String(s.broker?.port ?? 443),
    path: s.broker?.path ?? '/',
    secure: s.broker?.secure ?? true,
    key: s.broker?.key ?? 'peerjs',
    customIce: s.iceServers !== null,
    ice: iceToLines(s.iceServers ?? []),
    askToJoin: s.askToJoin,
    maxViewers: String(s.maxViewers),
    expiryMinutes: optional(s.expiryMinutes),
    quality: s.quality,
    maxHeight: optional(s.maxHeight),
    maxFramerate: optional(s.maxFramerate),
    maxBitrateKbps: optional(s.maxBitrateKbps),
  };
}

function fromForm(f: Form) {
  return {
    viewerUrl: f.viewerUrl,
    broker: f.ownBroker ? { host: f.host, port: f.port, path: f.path, secure: f.secure, key: f.key } : null,
    iceServers: f.customIce ? linesToIce(f.ice) : null,
    askToJoin: f.askToJoin,
    maxViewers: f.maxViewers,
    expiryMinutes: f.expiryMinutes.trim(),
    quality: f.quality,
    maxHeight: f.maxHeight.trim(),
    maxFramerate: f.maxFramerate.trim(),
    maxBitrateKbps: f.maxBitrateKbps.trim(),
  };
}

/** Asks for microphone and camera on this visible page, so the offscreen document may use them later. */
export type AllowDevices = () => Promise<{ ok: true; allowed: 'both' | 'microphone' | 'camera' } | { ok: false; reason: string }>;

/** What the permission request came to, in words; `reason` is the browser's error name, never shown itself. */
function devicesOutcome(result: Awaited<ReturnType<AllowDevices>>): string {
  const t = text().options;
  if (result.ok) return t.devicesAllowed[result.allowed];
  if (result.reason === 'NotFoundError' || result.reason === 'OverconstrainedError') return t.devicesMissing;
  if (result.reason === 'NotReadableError' || result.reason === 'AbortError') return t.devicesBusy;
  return t.devicesDenied;
}

export function OptionsPage({ store, defaults, allowDevices }: { store: Store; defaults: Settings; allowDevices: AllowDevices }) {
  const [form, setForm] = useState<Form | null>(null);
  const [devices, setDevices] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState(false);
  const { options: t, popup: popupText, settings: problemText } = text();

  useEffect(() => {
    void store.read().then((result) => {
      setForm(toForm(result.ok ? result.value : defaults));
      if (!result.ok) setErrors(result.errors);
    });
  }, [store, defaults]);
  if (!form) return null;

  const update = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch });
    setSaved(false);
  };
  const errorFor = (field: FieldError['field']) => {
    const error = errors.find((e) => e.field === field);
    return error && (
      <p class="error" role="alert" data-testid={`error-${field}`} data-field={field}>
        {describeFieldError(error, problemText)}
      </p>
    );
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const result = validateSettings(fromForm(form), defaults);
    setErrors(result.ok ? [] : result.errors);
    if (!result.ok) return;
    await store.save(result.value);
    setForm(toForm(result.value));
    setSaved(true);
  };

  const reset = async () => {
    await store.reset();
    setForm(toForm(defaults));
    setErrors([]);
    setSaved(true);
  };

  return (
    <form onSubmit={(e) => void save(e)} novalidate>
      <h1>{t.title}</h1>

      <fieldset>
        <legend>{t.viewerUrl}</legend>
        <input name="viewerUrl" type="url" value={form.viewerUrl} onInput={(e) => update({ viewerUrl: e.currentTarget.value })} />
        <p class="help">{t.viewerUrlHelp}</p>
        {errorFor('viewerUrl')}
      </fieldset>

      <fieldset>
        <legend>{t.broker}</legend>
        <label>
          <input type="radio" name="broker" checked={!form.ownBroker} onChange={() => update({ ownBroker: false })} /> {t.publicBroker}
        </label>
        <label>
          <input type="radio" name="broker" checked={form.ownBroker} onChange={() => update({ ownBroker: true })} /> {t.ownBroker}
        </label>
        {form.ownBroker && (
          <div class="grid">
            <label>
              {t.host} <input name="host" value={form.host} onInput={(e) => update({ host: e.currentTarget.value })} />
            </label>
            <label>
              {t.port} <input name="port" inputMode="numeric" value={form.port} onInput={(e) => update({ port: e.currentTarget.value })} />
            </label>
            <label>
              {t.path} <input name="path" value={form.path} onInput={(e) => update({ path: e.currentTarget.value })} />
            </label>
            <label>
              {t.key} <input name="key" value={form.key} onInput={(e) => update({ key: e.currentTarget.value })} />
            </label>
            <label class="check">
              <input name="secure" type="checkbox" checked={form.secure} onChange={(e) => update({ secure: e.currentTarget.checked })} /> {t.secure}
            </label>
          </div>
        )}
        {errorFor('broker')}
      </fieldset>

      <fieldset>
        <legend>{t.ice}</legend>
        <label>
          <input type="radio" name="ice" checked={!form.customIce} onChange={() => update({ customIce: false })} /> {t.defaultIce}
        </label>
        <label>
          <input type="radio" name="ice" checked={form.customIce} onChange={() => update({ customIce: true })} /> {t.customIce}
        </label>
        {form.customIce && (
          <>
            <textarea name="ice" rows={4} value={form.ice} onInput={(e) => update({ ice: e.currentTarget.value })} placeholder="turn:turn.example.com:3478 alice s3cret" />
            <p class="help">{t.iceHelp}</p>
          </>
        )}
        {errorFor('iceServers')}
      </fieldset>

      <fieldset>
        <legend>{t.whoCanWatch}</legend>
        <label class="check">
          <input name="askToJoin" type="checkbox" checked={form.askToJoin} onChange={(e) => update({ askToJoin: e.currentTarget.checked })} /> {t.askToJoin}
        </label>
        <div class="grid">
          <label>
            {t.maxViewers} <input name="maxViewers" inputMode="numeric" value={form.maxViewers} onInput={(e) => update({ maxViewers: e.currentTarget.value })} />
          </label>
          <label>
            {t.expiry} <input name="expiryMinutes" inputMode="decimal" placeholder={t.never} value={form.expiryMinutes} onInput={(e) => update({ expiryMinutes: e.currentTarget.value })} />
          </label>
        </div>
        {errorFor('maxViewers')}
        {errorFor('expiryMinutes')}
      </fieldset>

      <fieldset>
        <legend>{t.qualityTitle}</legend>
        <label>
          {t.quality}{' '}
          <select name="quality" value={form.quality} onChange={(e) => update({ quality: e.currentTarget.value as Preset })}>
            {PRESETS.map((preset) => (
              <option key={preset} value={preset}>
                {popupText.presets[preset]}
              </option>
            ))}
          </select>
        </label>
        <p class="help">{popupText.presetHelp}</p>
        <p class="help">{t.limits}</p>
        <div class="grid">
          <label>
            {t.maxHeight} <input name="maxHeight" inputMode="numeric" value={form.maxHeight} onInput={(e) => update({ maxHeight: e.currentTarget.value })} />
          </label>
          <label>
            {t.maxFramerate} <input name="maxFramerate" inputMode="numeric" value={form.maxFramerate} onInput={(e) => update({ maxFramerate: e.currentTarget.value })} />
          </label>
          <label>
            {t.maxBitrate} <input name="maxBitrateKbps" inputMode="numeric" value={form.maxBitrateKbps} onInput={(e) => update({ maxBitrateKbps: e.currentTarget.value })} />
          </label>
        </div>
        {errorFor('quality')}
        {errorFor('maxHeight')}
        {errorFor('maxFramerate')}
        {errorFor('maxBitrateKbps')}
      </fieldset>

      <fieldset>
        <legend>{t.permissionsTitle}</legend>
        <p class="help">{t.permissionsHelp}</p>
        <button type="button" data-testid="allow-devices" onClick={() => void allowDevices().then((r) => setDevices(devicesOutcome(r)))}>
          {t.allowDevices}
        </button>
        {devices && (
          <p class="help" role="status" data-testid="devices-status">
            {devices}
          </p>
        )}
      </fieldset>

      <div class="actions">
        <button type="submit" class="primary">
          {t.save}
        </button>
        <button type="button" onClick={() => void reset()}>
          {t.reset}
        </button>
        {saved && (
          <span class="saved" role="status">
            {t.saved}
          </span>
        )}
      </div>
    </form>
  );
}
