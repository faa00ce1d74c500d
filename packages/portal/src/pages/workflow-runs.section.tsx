/**
 * Where workflow runs go on the agents page. The workflows graph (workflowRuns, workflowRunUpdated,
 * approveWorkflowStep) is being added on another branch; once it is in the supergraph, this section lists
 * the runs the way the agent runs above are listed (RunItem, PendingApprovals), with its own operations in
 * src/operations. Until then it says so rather than showing an empty list as if there were no runs.
 */
export function WorkflowRunsSection() {
  return (
    <section aria-labelledby="workflow-runs" data-section="workflow-runs">
      <h2 id="workflow-runs">Workflow runs</h2>
      <p className="empty">Workflow runs are not in the graph yet; they will be listed here.</p>
    </section>
  );
}
