/**
 * The SQL the platform's database speaks (PostgreSQL, embedded under DATA_DIR or external).
 * Placeholders are `$1, $2, ...`. Given to connectors that keep state in the platform database (the
 * sandbox connectors) so they never see which engine runs underneath.
 */
export interface SqlClient {
  /** Runs one statement. Raises the driver's error unchanged (the caller knows the statement). */
  query<TRow extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<{ readonly rows: TRow[]; readonly rowCount: number }>;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws (the error is
   * rethrown). Nested calls on the transaction client run in the same transaction.
   */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
}
