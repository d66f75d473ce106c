// The options page's Advanced part: the plumbing (viewer page, broker, ICE servers, media server),
// which most people never change.
import { useState } from 'preact/hooks';
import { text } from '../shared/i18n/strings';
import type { Fields } from './fields';

type Open = { open: boolean; onToggle: (open: boolean) => void };

/** Closed until wanted, and opened by the page when one of its fields is wrong. */
export function AdvancedSection({ fields, open, onToggle }: { fields: Fields } & Open) {
  const t = text().options;
  return (
    <details class="advanced" data-testid="advanced" open={open} onToggle={(e) => onToggle(e.currentTarget.open)}>
      <summary>{t.advanced}</summary>
      <p class="help">{t.advancedHelp}</p>

      <div class="field">
        <label for="viewerUrl">{t.viewerUrl}</label>
        <input type="url" {...fields.textField('viewerUrl', 'viewerUrl-help')} />
        <p class="help" id="viewerUrl-help">
          {t.viewerUrlHelp}
        </p>
        {fields.errorFor('viewerUrl')}
      </div>

      <BrokerChoice fields={fields} />
      <IceChoice fields={fields} />
      <MediaServerChoice fields={fields} />
    </details>
  );
}

function BrokerChoice({ fields: { form, update, control, textField, errorFor } }: { fields: Fields }) {
  const t = text().options;
  return (
    <fieldset aria-describedby="broker-help">
      <legend>{t.broker}</legend>
      <p class="help" id="broker-help">
        {t.brokerHelp}
      </p>
      <label>
        <input type="radio" name="broker" checked={!form.ownBroker} onChange={() => update({ ownBroker: false })} />{' '}
        {t.publicBroker}
      </label>
      <label>
        <input
          type="radio"
          name="broker"
          {...control('ownBroker')}
          checked={form.ownBroker}
          onChange={() => update({ ownBroker: true })}
        />{' '}
        {t.ownBroker}
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
            <input
              name="secure"
              type="checkbox"
              {...control('secure')}
              checked={form.secure}
              onChange={(e) => update({ secure: e.currentTarget.checked })}
            />{' '}
            {t.secure}
          </label>
        </div>
      )}
      {errorFor('broker')}
    </fieldset>
  );
}

function IceChoice({ fields: { form, update, control, textField, errorFor } }: { fields: Fields }) {
  const t = text().options;
  return (
    <fieldset aria-describedby="ice-intro">
      <legend id="ice-legend">{t.ice}</legend>
      <p class="help" id="ice-intro">
        {t.iceIntro}
      </p>
      <label>
        <input type="radio" name="ice" checked={!form.customIce} onChange={() => update({ customIce: false })} />{' '}
        {t.defaultIce}
      </label>
      <label>
        <input
          type="radio"
          name="ice"
          {...control('customIce')}
          checked={form.customIce}
          onChange={() => update({ customIce: true })}
        />{' '}
        {t.customIce}
      </label>
      {form.customIce && (
        <>
          <textarea
            rows={4}
            aria-labelledby="ice-legend"
            {...textField('ice', 'ice-help')}
            placeholder="turn:turn.example.com:3478 alice s3cret"
          />
          <p class="help" id="ice-help">
            {t.iceHelp}
          </p>
        </>
      )}
      {errorFor('iceServers')}
    </fieldset>
  );
}

function MediaServerChoice({ fields: { form, update, control, textField, errorFor } }: { fields: Fields }) {
  const [showSecret, setShowSecret] = useState(false);
  const t = text().options;
  return (
    <fieldset aria-describedby="mediaServer-help">
      <legend>{t.mediaServer}</legend>
      <p class="help" id="mediaServer-help">
        {t.mediaServerHelp}
      </p>
      <label class="check">
        <input
          name="mediaServerOn"
          type="checkbox"
          data-testid="media-server-on"
          {...control('mediaServerOn')}
          checked={form.mediaServerOn}
          onChange={(e) => update({ mediaServerOn: e.currentTarget.checked })}
        />{' '}
        {t.mediaServerOn}
      </label>
      {form.mediaServerOn && (
        <>
          <label>
            {t.mediaServerUrl}{' '}
            <input
              type="url"
              data-testid="media-server-url"
              {...textField('mediaServerUrl', 'mediaServerUrl-help')}
              placeholder="wss://janus.example.com/"
            />
          </label>
          <p class="help" id="mediaServerUrl-help">
            {t.mediaServerUrlHelp}
          </p>
          <div class="grid">
            <div>
              <label for="mediaServerSecret">{t.mediaServerSecret}</label>
              <input
                type={showSecret ? 'text' : 'password'}
                autocomplete="off"
                spellcheck={false}
                data-testid="media-server-secret"
                {...textField('mediaServerSecret')}
              />
              <label class="check">
                <input
                  type="checkbox"
                  data-testid="media-server-secret-show"
                  checked={showSecret}
                  onChange={(e) => setShowSecret(e.currentTarget.checked)}
                />{' '}
                {t.showSecret}
              </label>
            </div>
            <div>
              <label for="mediaServerThreshold">{t.mediaServerThreshold}</label>
              <input
                inputMode="numeric"
                data-testid="media-server-threshold"
                {...textField('mediaServerThreshold', 'mediaServerThreshold-help')}
              />
              <p class="help" id="mediaServerThreshold-help">
                {t.mediaServerThresholdHelp}
              </p>
            </div>
          </div>
        </>
      )}
      {errorFor('mediaServer')}
    </fieldset>
  );
}
