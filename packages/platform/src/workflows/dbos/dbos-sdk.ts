/**
 * DBOS Transact, loaded on first use: a process that never launches a workflow engine (the idle default, gateway
 * and subgraph processes) does not pay for the module, about 6 MB of memory and 0.2 s of CPU at start.
 */
export type DbosSdk = typeof import('@dbos-inc/dbos-sdk');

let loading: Promise<DbosSdk> | undefined;
let loaded: DbosSdk | undefined;

export function loadDbos(): Promise<DbosSdk> {
  loading ??= import('@dbos-inc/dbos-sdk').then((sdk) => (loaded = sdk));
  return loading;
}

/** The module if something loaded it already, without loading it. */
export function loadedDbos(): DbosSdk | undefined {
  return loaded;
}
