/**
 * Builds parameterised SQL fragments: `$n` placeholders, `set col = $n` clauses for patches and `and`-ed
 * conditions. Column names come from code, never from input; values always travel as parameters.
 */
export class SqlAssignments {
  readonly params: unknown[];
  private readonly sets: string[] = [];
  private readonly conditions: string[] = [];

  /** `fixed` are the leading parameters the statement already uses ($1 = dataset, $2 = id, ...). */
  constructor(fixed: readonly unknown[]) {
    this.params = [...fixed];
  }

  /** Adds a parameter and answers its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Patch semantics: `undefined` leaves the column alone, `null` clears it. */
  assign(column: string, value: unknown): void {
    if (value === undefined) return;
    this.sets.push(`${column} = ${this.param(value)}`);
  }

  /** A condition ANDed after `dataset = $1`. */
  add(condition: string): void {
    this.conditions.push(condition);
  }

  /** The `set` list; always touches `updated_at`, so an update is visible even when nothing else changed. */
  setClause(): string {
    return [...this.sets, 'updated_at = now()'].join(', ');
  }

  whereClause(): string {
    return ['dataset = $1', ...this.conditions].join(' and ');
  }
}
