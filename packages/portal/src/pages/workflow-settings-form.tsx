import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { EnableWorkflowDocument, EnabledWorkflowsDocument, type EnabledWorkflowFieldsFragment, type WorkflowTemplatesQuery } from '../__generated__/graphql';
import { fieldValueOf, jsonFromForm, fieldViolations, type SettingFieldValue } from '../live/workflow-run-events';
import { ErrorNotice } from '../ui/status';

type Template = WorkflowTemplatesQuery['workflowTemplates'][number];
/** A setting or a trigger field, as the catalogue describes it. */
type Field = Pick<Template['settings'][number], 'name' | 'description' | 'required' | 'type'>;

/**
 * A form generated from the template's settings, one input per setting as its declared type says (a number
 * input for a NUMBER, a checkbox for a BOOLEAN, text otherwise), each value sent as that JSON type. A refusal
 * names each bad setting: its reason shows under that field (and the message with its request id above the
 * form); nothing was stored then.
 */
export function SettingsForm({ template, enabled }: { template: Template; enabled: EnabledWorkflowFieldsFragment | undefined }) {
  const previous = isRecord(enabled?.settings) ? enabled.settings : {};
  const types = Object.fromEntries(template.settings.map((s) => [s.name, s.type]));
  const [values, setValues] = useState<Record<string, SettingFieldValue>>(() =>
    Object.fromEntries(template.settings.filter((s) => s.name in previous).map((s) => [s.name, fieldValueOf(previous[s.name], s.type)])),
  );
  const [enable, enabling] = useMutation(EnableWorkflowDocument, { refetchQueries: [EnabledWorkflowsDocument], awaitRefetchQueries: true });
  const error = enabling.error;
  const fieldErrors = CombinedGraphQLErrors.is(error) ? fieldViolations(error.errors[0]?.extensions) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void enable({ variables: { template: template.name, settings: jsonFromForm(values, types) } }).catch(() => undefined);
  };
  return (
    <form onSubmit={submit} aria-label={`Settings of ${template.title}`} className="connect-form" noValidate>
      {error ? <ErrorNotice error={error} title={`${template.title} was not enabled`} /> : null}
      {template.settings.length === 0 ? <p className="muted">No settings.</p> : null}
      {template.settings.map((setting) => (
        <SettingField
          key={setting.name}
          id={`wf-${template.name}-${setting.name}`}
          setting={setting}
          value={values[setting.name] ?? fieldValueOf(undefined, setting.type)}
          problem={fieldErrors[setting.name]}
          onChange={(value) => setValues({ ...values, [setting.name]: value })}
        />
      ))}
      <button type="submit" disabled={enabling.loading}>{enabled?.enabled ? 'Save settings' : `Enable ${template.title}`}</button>
    </form>
  );
}

/** One input of a generated form: a number input for a NUMBER, a checkbox for a BOOLEAN, text otherwise; its refusal under it. */
export function SettingField({ id, setting, value, problem, onChange }: { id: string; setting: Field; value: SettingFieldValue; problem: string | undefined; onChange: (value: SettingFieldValue) => void }) {
  const described = { 'aria-invalid': problem ? true : undefined, 'aria-describedby': `${id}-hint${problem ? ` ${id}-error` : ''}` } as const;
  const label = `${setting.name}${setting.required ? ' (required)' : ''}`;
  return (
    <div className="field" data-setting-type={setting.type}>
      {setting.type === 'BOOLEAN' ? (
        <label htmlFor={id} className="check">
          <input id={id} name={setting.name} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} {...described} />
          {label}
        </label>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            name={setting.name}
            type={setting.type === 'NUMBER' ? 'number' : 'text'}
            {...(setting.type === 'NUMBER' ? { inputMode: 'decimal', step: 'any' } : {})}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => onChange(e.target.value)}
            autoComplete="off"
            {...described}
          />
        </>
      )}
      <small id={`${id}-hint`}>{setting.description}</small>
      {problem ? <small id={`${id}-error`} className="warn" data-field-error={setting.name}>{setting.name} {problem}</small> : null}
    </div>
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
