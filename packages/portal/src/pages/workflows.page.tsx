import { WorkflowCatalogue } from './workflow-catalogue';
import { WorkflowRunsSection } from './workflow-runs.section';

/** Durable workflows: the catalogue to enable and configure, and the tenant's runs, live. */
export function WorkflowsPage() {
  return (
    <>
      <WorkflowCatalogue />
      <WorkflowRunsSection />
    </>
  );
}
