import { useMutation, useQuery } from '@apollo/client/react';
import { DisableWorkflowDocument, EnabledWorkflowsDocument, WorkflowTemplatesDocument, type EnabledWorkflowFieldsFragment, type WorkflowTemplatesQuery } from '../__generated__/graphql';
import { formatDate } from '../ui/format';
import { ErrorNotice, QueryState } from '../ui/status';
import { SettingsForm } from './workflow-settings-form';
import { StartForm } from './workflow-start-form';

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
        <>
          <details>
            <summary>Start now…</summary>
            <StartForm template={template} />
          </details>
          <button type="button" className="danger" disabled={disabling.loading} onClick={() => void disable({ variables: { template: template.name } }).catch(() => undefined)}>
            Disable {template.title}
          </button>
        </>
      ) : null}
      {disabling.error ? <ErrorNotice error={disabling.error} title={`${template.title} was not disabled`} /> : null}
    </li>
  );
}
