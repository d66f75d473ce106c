import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { PRESETS, type Preset } from '../shared/quality';
import { describeFieldError } from '../shared/i18n/format';
import { MEDIA_SERVER_THRESHOLD_DEFAULT, validateSettings, type FieldError, type Settings, type Validated } from '../shared/settings';
import { text } from '../shared/i18n/strings';
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
  /** The media server: its fields keep what was typed while it is switched off. */
  mediaServerOn: boolean;
  mediaServerUrl: string;
  mediaServerSecret: string;
  mediaServerThreshold: string;
}

/** The form's text fields (their inputs are made by `textField`). */
type TextField = { [K in keyof Form]: Form[K] extends string ? K : never }[keyof Form];

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
    mediaServerOn: s.mediaServer !== null,
    mediaServerUrl: s.mediaServer?.url ?? '',
    mediaServerSecret: s.mediaServer?.apiSecret ?? '',
    mediaServerThreshold: String(s.mediaServer?.threshold ?? MEDIA_SERVER_THRESHOLD_DEFAULT),
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
    // A pasted secret often brings a space or a line break along.
    mediaServer: f.mediaServerOn ? { url: f.mediaServerUrl, apiSecret: f.mediaServerSecret.trim(), threshold: f.mediaServerThreshold.trim() } : null,
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

/** The fields under Advanced: the plumbing, which most people never change. */
const ADVANCED: readonly FieldError['field'][] = ['viewerUrl', 'broker', 'iceServers', 'mediaServer'];

/** The broker's own fields, by the problem's code; a problem with the whole broker points at the choice of broker. */
const BROKER_CONTROL: Partial<Record<FieldError['code'], string>> = {
  'broker-host': 'host',
  'broker-port': 'port',
  'broker-path': 'path',
  'broker-key': 'key',
  'broker-secure': 'secure',
  'broker-insecure': 'secure',
};

/** The media server's own fields, by the problem's code; a malformed one points at its switch. */
const MEDIA_SERVER_CONTROL: Partial<Record<FieldError['code'], string>> = {
  'media-server-missing': 'mediaServerUrl',
  'media-server-url': 'mediaServerUrl',
  'media-server-scheme': 'mediaServerUrl',
  'media-server-insecure': 'mediaServerUrl',
  'media-server-path': 'mediaServerUrl',
  'media-server-secret': 'mediaServerSecret',
  'media-server-threshold': 'mediaServerThreshold',
};

/** The control (its id) a problem is about, so the field says it is wrong and which error explains it. */
function controlFor(error: FieldError, form: Form): string {
  switch (error.field) {
    case 'broker':
      return (form.ownBroker && BROKER_CONTROL[error.code]) || 'ownBroker';
    case 'iceServers':
      return form.customIce ? 'ice' : 'customIce';
    case 'mediaServer':
      return (form.mediaServerOn && MEDIA_SERVER_CONTROL[error.code]) || 'mediaServerOn';
    default:
      return error.field;
  }
}

export function OptionsPage({ store, defaults, allowDevices }: { store: Store; defaults: Settings; allowDevices: AllowDevices }) {
  const [form, setForm] = useState<Form | null>(null);
  const [devices, setDevices] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState(false);
  const [advanced, setAdvanced] = useState(false);
  const [showSecret, setShowSecret] = useState(false);
  /** Set by a failed Save: focus goes to the first field that is wrong, once it has rendered. */
  const [focusInvalid, setFocusInvalid] = useState(0);
  const formElement = useRef<HTMLFormElement>(null);
  const { options: t, popup: popupText, settings: problemText } = text();

  useEffect(() => {
    void store.read().then((result) => {
      setForm(toForm(result.ok ? result.value : defaults));
      if (!result.ok) {
        setErrors(result.errors);
        if (result.errors.some((e) => ADVANCED.includes(e.field))) setAdvanced(true);
      }
    });
  }, [store, defaults]);
  // As soon as the errors are in the page (and Advanced is open if one is there), before anything else.
  useLayoutEffect(() => {
    if (focusInvalid) formElement.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusInvalid]);
  if (!form) return null;

  const update = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch });
    setSaved(false);
  };
  const errorFor = (field: FieldError['field']) => {
    const error = errors.find((e) => e.field === field);
    return error && (
      <p class="error" role="alert" id={`error-${field}`} data-testid={`error-${field}`} data-field={field}>
        {describeFieldError(error, problemText)}
      </p>
    );
  };
  /** A control's id, and whether it is wrong and what explains it: its help (`help`, an id) and its error. */
  const control = (id: string, help?: string) => {
    const wrong = errors.filter((e) => controlFor(e, form) === id).map((e) => `error-${e.field}`);
    const describedBy = [help, ...wrong].filter(Boolean).join(' ');
    return { id, 'aria-invalid': wrong.length > 0 ? ('true' as const) : undefined, 'aria-describedby': describedBy || undefined };
  };

  /** A text control's props: its name and id, its value in the form, and what typing changes. */
  const textField = (name: TextField, help?: string) => ({ name, ...control(name, help), value: form[name], onInput: (e: { currentTarget: { value: string } }) => update({ [name]: e.currentTarget.value }) });

  const save = async (event: Event) => {
    event.preventDefault();
    const result = validateSettings(fromForm(form), defaults);
    setErrors(result.ok ? [] : result.errors);
    if (!result.ok) {
      setSaved(false);
      if (result.errors.some((e) => ADVANCED.includes(e.field))) setAdvanced(true);
      setFocusInvalid((n) => n + 1);
      return;
    }
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
    <form ref={formElement} onSubmit={(e) => void save(e)} novalidate>
      <h1>{t.title}</h1>

      <fieldset>
        <legend>{t.whoCanWatch}</legend>
        <label class="check">
          <input name="askToJoin" type="checkbox" {...control('askToJoin')} checked={form.askToJoin} onChange={(e) => update({ askToJoin: e.currentTarget.checked })} /> {t.askToJoin}
        </label>
        <div class="grid">
          <label>
            {t.maxViewers} <input inputMode="numeric" {...textField('maxViewers')} />
          </label>
          <label>
            {t.expiry} <input inputMode="decimal" {...textField('expiryMinutes')} placeholder={t.never} />
          </label>
        </div>
        {errorFor('askToJoin')}
        {errorFor('maxViewers')}
        {errorFor('expiryMinutes')}
      </fieldset>

      <fieldset>
        <legend>{t.qualityTitle}</legend>
        <label>
          {t.quality}{' '}
          <select name="quality" {...control('quality', 'quality-help')} value={form.quality} onChange={(e) => update({ quality: e.currentTarget.value as Preset })}>
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

      <fieldset>
        <legend>{t.permissionsTitle}</legend>
        <p class="help" id="devices-help">
          {t.permissionsHelp}
        </p>
        <button type="button" data-testid="allow-devices" aria-describedby="devices-help" onClick={() => void allowDevices().then((r) => setDevices(devicesOutcome(r)))}>
          {t.allowDevices}
        </button>
        {/* There before anything is said in it, so what is said is announced. */}
        <p class="help" role="status" data-testid="devices-status">
          {devices}
        </p>
      </fieldset>

      {/* The plumbing: closed until wanted, and open by itself when one of its fields is wrong. */}
      <details class="advanced" data-testid="advanced" open={advanced} onToggle={(e) => setAdvanced(e.currentTarget.open)}>
        <summary>{t.advanced}</summary>
        <p class="help">{t.advancedHelp}</p>

        <div class="field">
          <label for="viewerUrl">{t.viewerUrl}</label>
          <input type="url" {...textField('viewerUrl', 'viewerUrl-help')} />
          <p class="help" id="viewerUrl-help">
            {t.viewerUrlHelp}
          </p>
          {errorFor('viewerUrl')}
        </div>

        <fieldset aria-describedby="broker-help">
          <legend>{t.broker}</legend>
          <p class="help" id="broker-help">
            {t.brokerHelp}
          </p>
          <label>
            <input type="radio" name="broker" checked={!form.ownBroker} onChange={() => update({ ownBroker: false })} /> {t.publicBroker}
          </label>
          <label>
            <input type="radio" name="broker" {...control('ownBroker')} checked={form.ownBroker} onChange={() => update({ ownBroker: true })} /> {t.ownBroker}
          </label>
          {form.ownBroker && (
            <div class="grid">
              <label>
                {t.host} <input {...textField('host')} />
              </label>
              <label>
                {t.port} <input inputMode="numeric" {...textField('port')} />
              </label>
              <label>
                {t.path} <input {...textField('path')} />
              </label>
              <label>
                {t.key} <input {...textField('key')} />
              </label>
              <label class="check">
                <input name="secure" type="checkbox" {...control('secure')} checked={form.secure} onChange={(e) => update({ secure: e.currentTarget.checked })} /> {t.secure}
              </label>
            </div>
          )}
          {errorFor('broker')}
        </fieldset>

        <fieldset aria-describedby="ice-intro">
          <legend id="ice-legend">{t.ice}</legend>
          <p class="help" id="ice-intro">
            {t.iceIntro}
          </p>
          <label>
            <input type="radio" name="ice" checked={!form.customIce} onChange={() => update({ customIce: false })} /> {t.defaultIce}
          </label>
          <label>
            <input type="radio" name="ice" {...control('customIce')} checked={form.customIce} onChange={() => update({ customIce: true })} /> {t.customIce}
          </label>
          {form.customIce && (
            <>
              <textarea rows={4} aria-labelledby="ice-legend" {...textField('ice', 'ice-help')} placeholder="turn:turn.example.com:3478 alice s3cret" />
              <p class="help" id="ice-help">
                {t.iceHelp}
              </p>
            </>
          )}
          {errorFor('iceServers')}
        </fieldset>

        <fieldset aria-describedby="mediaServer-help">
          <legend>{t.mediaServer}</legend>
          <p class="help" id="mediaServer-help">
            {t.mediaServerHelp}
          </p>
          <label class="check">
            <input name="mediaServerOn" type="checkbox" data-testid="media-server-on" {...control('mediaServerOn')} checked={form.mediaServerOn} onChange={(e) => update({ mediaServerOn: e.currentTarget.checked })} /> {t.mediaServerOn}
          </label>
          {form.mediaServerOn && (
            <>
              <label>
                {t.mediaServerUrl}{' '}
                <input type="url" data-testid="media-server-url" {...textField('mediaServerUrl', 'mediaServerUrl-help')} placeholder="wss://janus.example.com/" />
              </label>
              <p class="help" id="mediaServerUrl-help">
                {t.mediaServerUrlHelp}
              </p>
              <div class="grid">
                <div>
                  <label for="mediaServerSecret">{t.mediaServerSecret}</label>
                  <input type={showSecret ? 'text' : 'password'} autocomplete="off" spellcheck={false} data-testid="media-server-secret" {...textField('mediaServerSecret')} />
                  <label class="check">
                    <input type="checkbox" data-testid="media-server-secret-show" checked={showSecret} onChange={(e) => setShowSecret(e.currentTarget.checked)} /> {t.showSecret}
                  </label>
                </div>
                <div>
                  <label for="mediaServerThreshold">{t.mediaServerThreshold}</label>
                  <input inputMode="numeric" data-testid="media-server-threshold" {...textField('mediaServerThreshold', 'mediaServerThreshold-help')} />
                  <p class="help" id="mediaServerThreshold-help">
                    {t.mediaServerThresholdHelp}
                  </p>
                </div>
              </div>
            </>
          )}
          {errorFor('mediaServer')}
        </fieldset>
      </details>

      <div class="actions">
        <button type="submit" class="primary">
          {t.save}
        </button>
        <button type="button" onClick={() => void reset()}>
          {t.reset}
        </button>
        {/* There before "Saved" shows in it, so it is announced. */}
        <span role="status">{saved && <span class="saved">{t.saved}</span>}</span>
      </div>
    </form>
  );
}
