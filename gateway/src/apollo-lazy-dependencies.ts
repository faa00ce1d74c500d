import Module from 'node:module';
import { sep } from 'node:path';

/*
 * `@apollo/gateway` requires, when it loads, OpenTelemetry's metrics SDK, its OTLP exporter and four cloud
 * resource detectors (for Apollo's usage telemetry, which this gateway turns off), make-fetch-happen (its
 * default HTTP client, which this gateway replaces) and @apollo/composition (for supergraph managers this
 * gateway does not use): ~450 modules, about 0.35 s of CPU and 10-15 MB on every start, for code that never
 * runs. Imported before `@apollo/gateway`, this module makes those requires, issued from inside
 * `@apollo/gateway` only, return stand-ins that load the real module on first use, so nothing breaks if a
 * later version does use one of them.
 */

/** Plain CommonJS requires whose exports are only read inside functions. */
const LAZY_MODULES = new Set([
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/exporter-metrics-otlp-http',
  '@opentelemetry/resources',
  '@opentelemetry/resource-detector-alibaba-cloud',
  '@opentelemetry/resource-detector-aws',
  '@opentelemetry/resource-detector-gcp',
  '@opentelemetry/resource-detector-azure',
  '@apollo/composition',
]);

/** Loaded through TypeScript's `__importDefault`/`__importStar`, and `.defaults()` called at construction. */
const MAKE_FETCH_HAPPEN = 'make-fetch-happen';

const GATEWAY_DIR = `${sep}node_modules${sep}@apollo${sep}gateway${sep}`;

type Parent = { readonly filename?: string | null } | undefined;

let installed = false;

/**
 * Installs the stand-ins (through `Module._load`, the hook CommonJS instrumentation uses); idempotent. Does
 * nothing if Node's module loader is not shaped as expected.
 */
export function deferUnusedApolloDependencies(): void {
  const original: unknown = Reflect.get(Module, '_load');
  if (installed || typeof original !== 'function') return;
  installed = true;
  Reflect.set(Module, '_load', function load(this: unknown, request: string, parent: Parent, isMain: boolean): unknown {
    const loadReal = () => Reflect.apply(original, this, [request, parent, isMain]);
    const fromGateway = parent?.filename?.includes(GATEWAY_DIR) === true;
    if (fromGateway && LAZY_MODULES.has(request)) return lazyModule(loadReal);
    if (fromGateway && request === MAKE_FETCH_HAPPEN) return lazyFetch(loadReal);
    return loadReal();
  });
}

/** An object that loads the real module the first time anything of it is read. */
export function lazyModule(load: () => unknown): object {
  let real: object | undefined;
  const target = (): object => {
    if (real === undefined) {
      const loaded = load();
      real = typeof loaded === 'object' && loaded !== null ? loaded : { default: loaded };
    }
    return real;
  };
  return new Proxy(
    {},
    {
      get: (_, key) => Reflect.get(target(), key),
      has: (_, key) => Reflect.has(target(), key),
      ownKeys: () => Reflect.ownKeys(target()),
      // Reported configurable: the proxy's own (empty) target cannot hold a non-configurable property.
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}

type Fetch = ((...args: unknown[]) => unknown) & { defaults(...options: unknown[]): Fetch };

function isFetch(value: unknown): value is Fetch {
  return typeof value === 'function' && 'defaults' in value && typeof value.defaults === 'function';
}

/**
 * make-fetch-happen's shape (a fetch function with `.defaults()`, which chains), loading the real one at the
 * first fetch and applying the recorded `.defaults()` calls to it in order.
 */
export function lazyFetch(load: () => unknown, chain: readonly unknown[][] = []): Fetch {
  let real: Fetch | undefined;
  const resolve = (): Fetch => {
    if (real === undefined) {
      const loaded = load();
      if (!isFetch(loaded)) throw new Error('make-fetch-happen has an unexpected shape');
      real = chain.reduce<Fetch>((fetch, options) => fetch.defaults(...options), loaded);
    }
    return real;
  };
  const fetch = (...args: unknown[]) => resolve()(...args);
  fetch.defaults = (...options: unknown[]): Fetch => lazyFetch(load, [...chain, options]);
  return fetch;
}

// On import: the gateway's index imports this module before anything that loads `@apollo/gateway`.
deferUnusedApolloDependencies();
