// The options page: loads the stored settings into the form, and saves them only when all are valid.
// Its parts: settings-form.ts (the form's values), fields.tsx (controls wired to their problems),
// policy-sections.tsx and advanced-section.tsx (what is shown).
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { text } from '../shared/i18n/strings';
import { validateSettings, type FieldError, type Settings, type Validated } from '../shared/settings';
import { AdvancedSection } from './advanced-section';
import { wireFields } from './fields';
import { DevicesSection, QualitySection, WhoCanWatch, type AllowDevices } from './policy-sections';
import { ADVANCED, fromForm, toForm, type Form } from './settings-form';

export type { AllowDevices } from './policy-sections';

interface Store {
  read(): Promise<Validated<Settings>>;
  save(settings: Settings): Promise<void>;
  reset(): Promise<void>;
}

export function OptionsPage({
  store,
  defaults,
  allowDevices,
}: {
  store: Store;
  defaults: Settings;
  allowDevices: AllowDevices;
}) {
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState(false);
  const [advanced, setAdvanced] = useState(false);
  /** Set by a failed Save: focus goes to the first field that is wrong, once it has rendered. */
  const [focusInvalid, setFocusInvalid] = useState(0);
  const formElement = useRef<HTMLFormElement>(null);
  const { options: t, settings: problemText } = text();

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
  const fields = wireFields(form, errors, update, problemText);

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

      <WhoCanWatch fields={fields} />
      <QualitySection fields={fields} />
      <DevicesSection allowDevices={allowDevices} />
      <AdvancedSection fields={fields} open={advanced} onToggle={setAdvanced} />

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
