import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { StartWorkflowDocument, type WorkflowTemplatesQuery } from '../__generated__/graphql';
import { fieldValueOf, fieldViolations, jsonFromForm, type SettingFieldValue } from '../live/workflow-run-events';
import { ErrorNotice } from '../ui/status';
import { SettingField } from './workflow-settings-form';

type Template = WorkflowTemplatesQuery['workflowTemplates'][number];

/**
 * "Start now" for an enabled template: a form generated from the trigger fields it declares, sent as
 * startWorkflow's trigger. A refusal names each bad field (`trigger.<name>`) under it, and nothing starts; a
 * started run is named here and reaches the runs list live, as any other run does.
 */
export function StartForm({ template }: { template: Template }) {
  const [values, setValues] = useState<Record<string, SettingFieldValue>>({});
  const [start, starting] = useMutation(StartWorkflowDocument);
  const types = Object.fromEntries(template.triggerFields.map((f) => [f.name, f.type]));
  const error = starting.error;
  const fieldErrors = CombinedGraphQLErrors.is(error) ? fieldViolations(error.errors[0]?.extensions, 'trigger.') : {};
  const started = error ? undefined : starting.data?.startWorkflow;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void start({ variables: { template: template.name, trigger: jsonFromForm(values, types) } }).catch(() => undefined);
  };
  return (
    <form onSubmit={submit} aria-label={`Start ${template.title}`} className="connect-form" noValidate data-start-form={template.name}>
      {error ? <ErrorNotice error={error} title={`${template.title} was not started`} /> : null}
      {template.triggerFields.map((field) => (
        <SettingField
          key={field.name}
          id={`wf-start-${template.name}-${field.name}`}
          setting={field}
          value={values[field.name] ?? fieldValueOf(undefined, field.type)}
          problem={fieldErrors[field.name]}
          onChange={(value) => setValues({ ...values, [field.name]: value })}
        />
      ))}
      <button type="submit" disabled={starting.loading}>Start now</button>
      <p role="status" className="muted wrap-anywhere">
        {started ? <>Started run <code data-started-run>{started.id}</code>; it shows under Workflow runs.</> : null}
      </p>
    </form>
  );
}
