import { describe, expect, it } from 'vitest';
import { withIdleTransactionTimeout } from './dbos-workflow-engine.js';

describe('withIdleTransactionTimeout', () => {
  it('adds the timeout as a connection option, keeping the other parameters and options', () => {
    const url = new URL(withIdleTransactionTimeout('postgres://app:s3cret@db:5432/main?sslmode=require&options=-c%20search_path%3Dx'));
    expect(url.searchParams.get('sslmode')).toBe('require');
    expect(url.searchParams.get('options')).toBe('-c search_path=x -c idle_in_transaction_session_timeout=60000');
    expect(url.password).toBe('s3cret');
  });

  it('leaves a URL that sets the timeout itself, or is no URL, as it is', () => {
    const own = 'postgres://db/main?options=-c%20idle_in_transaction_session_timeout%3D5000';
    expect(withIdleTransactionTimeout(own)).toBe(own);
    expect(withIdleTransactionTimeout('host=db dbname=main')).toBe('host=db dbname=main');
  });
});
