/**
 * Thrown by a workflow step when the engine is stopping in this process (a graceful shutdown): the step's
 * outcome is not the run's. A workflow lets it through without recording a failure or compensating, and
 * the engine leaves the run unfinished, so it resumes from its last completed step at the next launch.
 */
export class WorkflowInterruptedError extends Error {
  constructor(readonly runId: string) {
    super(`workflow run ${runId} was interrupted by the engine stopping; it resumes at the next launch`);
    this.name = 'WorkflowInterruptedError';
  }
}
