import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { DisableWorkflowDocument, EnableWorkflowDocument, EnabledWorkflowsDocument, WorkflowTemplatesDocument, type EnabledWorkflowFieldsFragment, type WorkflowTemplatesQuery } from '../__generated__/graphql';
import { settingsFromForm, settingViolations } from '../live/workflow-run-events';
import { formatDate } from '../ui/format';
import { ErrorNotice, QueryState } from '../ui/status';

type Template = WorkflowTemplatesQuery['workflowTemplates'][number];

/** The built-in templates, each with whether the tenant enabled it and a settings form made from its settings. */
export function WorkflowCatalogue() {
  const templates = useQuery(WorkflowTemplatesDocument);
  const enabled = useQuery(EnabledWorkflowsDocument);
  const list = templates.data?.workflowTemplates ?? [];
  const byName = new Map((enabled.data?.enabledWorkflows ?? []).map((e) => [e.template, e]));
  return (
    <section aria-labelledby="workflow-catalogue">
      <h2 id="workflow-catalogue">Workflow catalogue</h2>
      {enabled.error ? <ErrorNotice error={enabled.error} title="Could not load the enabled workflows" /> : null}
      <QueryState loading={templates.loading} error={templates.error} hasData={!!templates.data} isEmpty={list.length === 0} what="workflow templates" empty="No workflow templates.">
        {() => <ul className="list">{list.map((t) => <TemplateItem key={t.name} template={t} enabled={byName.get(t.name)} />)}</ul>}
      </QueryState>
    </section>
  );
}

function TemplateItem({ template, enabled }: { template: Template; enabled: EnabledWorkflowFieldsFragment | undefined }) {
  const on = enabled?.enabled === true;
  const [disable, disabling] = useMutation(DisableWorkflowDocument, { refetchQueries: [EnabledWorkflowsDocument] });
  return (
    <li data-template={template.name} data-enabled={on}>
      <h3 className="approval-title">
        {template.title} <span className={`badge badge-${on ? 'active' : 'off'}`} data-template-badge>{on ? 'enabled' : 'not enabled'}</span>
      </h3>
      <p className="wrap-anywhere">{template.description}</p>
      <p className="muted wrap-anywhere">
        Starts on {template.triggerEventType ? <code>{template.triggerEventType}</code> : 'a schedule or by hand'} · ports {template.ports.join(', ')}
        {enabled ? ` · ${on ? 'enabled' : 'disabled'} by ${enabled.updatedBy}, ${formatDate(enabled.updatedAt)}` : ''}
      </p>
      <details>
        <summary>{on ? 'Settings' : 'Enable…'}</summary>
        <SettingsForm template={template} enabled={enabled} />
      </details>
      {on ? (
        <button type="button" className="danger" disabled={disabling.loading} onClick={() => void disable({ variables: { template: template.name } }).catch(() => undefined)}>
          Disable {template.title}
        </button>
      ) : null}
      {disabling.error ? <ErrorNotice error={disabling.error} title={`${template.title} was not disabled`} /> : null}
    </li>
  );
}

/**
 * A form generated from the template's settings. A refusal names each bad setting: its reason shows under
 * that field (and the message with its request id above the form); nothing was stored then.
 */
function SettingsForm({ template, enabled }: { template: Template; enabled: EnabledWorkflowFieldsFragment | undefined }) {
  const previous = isRecord(enabled?.settings) ? enabled.settings : {};
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(previous).map(([k, v]) => [k, String(v)])));
  const [enable, enabling] = useMutation(EnableWorkflowDocument, { refetchQueries: [EnabledWorkflowsDocument], awaitRefetchQueries: true });
  const error = enabling.error;
  const fieldErrors = CombinedGraphQLErrors.is(error) ? settingViolations(error.errors[0]?.extensions) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void enable({ variables: { template: template.name, settings: settingsFromForm(values, previous) } }).catch(() => undefined);
  };
  const formId = `wf-${template.name}`;
  return (
    <form onSubmit={submit} aria-label={`Settings of ${template.title}`} className="connect-form" noValidate>
      {error ? <ErrorNotice error={error} title={`${template.title} was not enabled`} /> : null}
      {template.settings.length === 0 ? <p className="muted">No settings.</p> : null}
      {template.settings.map((setting) => {
        const id = `${formId}-${setting.name}`;
        const problem = fieldErrors[setting.name];
        return (
          <div className="field" key={setting.name}>
            <label htmlFor={id}>{setting.name}{setting.required ? ' (required)' : ''}</label>
            <input
              id={id}
              name={setting.name}
              value={values[setting.name] ?? ''}
              onChange={(e) => setValues({ ...values, [setting.name]: e.target.value })}
              aria-invalid={problem ? true : undefined}
              aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
              autoComplete="off"
            />
            <small id={`${id}-hint`}>{setting.description}</small>
            {problem ? <small id={`${id}-error`} className="warn" data-field-error={setting.name}>{setting.name} {problem}</small> : null}
          </div>
        );
      })}
      <button type="submit" disabled={enabling.loading}>{enabled?.enabled ? 'Save settings' : `Enable ${template.title}`}</button>
    </form>
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
