import { describe, expect, it } from 'vitest';
import { parsePostmasterPid } from './postmaster-pid.js';

// Written by PostgreSQL 18 for a server on port 54321 without Unix sockets.
const READY = '4242\n/data/postgres\n1765000000\n54321\n\n127.0.0.1\n  1234567    98304\nready   \n';

describe('parsePostmasterPid', () => {
  it('reads pid, port and status of a running server', () => {
    expect(parsePostmasterPid(READY)).toEqual({ pid: 4242, port: 54321, status: 'ready' });
  });

  it('reports a server that is still starting', () => {
    expect(parsePostmasterPid(READY.replace('ready   ', 'starting'))?.status).toBe('starting');
  });

  it('rejects a file still being written or not a lock file', () => {
    expect(parsePostmasterPid('4242\n/data/postgres\n')).toBeUndefined();
    expect(parsePostmasterPid('')).toBeUndefined();
    expect(parsePostmasterPid('hello\nworld\n1\n2\n')).toBeUndefined();
    expect(parsePostmasterPid('4242\n/d\n1\n99999\n')).toBeUndefined();
  });
});
