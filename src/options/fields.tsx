// How the options page's controls are wired to the form and to its problems: every section gets
// the same wiring, so a wrong field always says so (aria-invalid) and points at its error.
import type { ComponentChild } from 'preact';
import { describeFieldError, type SettingsText } from '../shared/i18n/format';
import type { FieldError } from '../shared/settings';
import { controlFor, type Form, type TextField } from './settings-form';

interface ControlProps {
  id: string;
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
}

export interface Fields {
  form: Form;
  update(patch: Partial<Form>): void;
  /** A control's id, and whether it is wrong and what explains it: its help (`help`, an id) and its error. */
  control(id: string, help?: string): ControlProps;
  /** A text control's props: its name and id, its value in the form, and what typing changes. */
  textField(
    name: TextField,
    help?: string,
  ): ControlProps & { name: TextField; value: string; onInput: (e: { currentTarget: { value: string } }) => void };
  errorFor(field: FieldError['field']): ComponentChild;
}

export function wireFields(
  form: Form,
  errors: readonly FieldError[],
  update: (patch: Partial<Form>) => void,
  problemText: SettingsText,
): Fields {
  const errorFor = (field: FieldError['field']) => {
    const error = errors.find((e) => e.field === field);
    return (
      error && (
        <p class="error" role="alert" id={`error-${field}`} data-testid={`error-${field}`} data-field={field}>
          {describeFieldError(error, problemText)}
        </p>
      )
    );
  };
  const control = (id: string, help?: string) => {
    const wrong = errors.filter((e) => controlFor(e, form) === id).map((e) => `error-${e.field}`);
    const describedBy = [help, ...wrong].filter(Boolean).join(' ');
    return {
      id,
      'aria-invalid': wrong.length > 0 ? ('true' as const) : undefined,
      'aria-describedby': describedBy || undefined,
    };
  };
  const textField = (name: TextField, help?: string) => ({
    name,
    ...control(name, help),
    value: form[name],
    onInput: (e: { currentTarget: { value: string } }) => update({ [name]: e.currentTarget.value }),
  });
  return { form, update, control, textField, errorFor };
}
