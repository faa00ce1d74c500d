import { describe, expect, it } from 'vitest';
import { DomainError, NotFoundError, ValidationError, Violations, isDomainError } from './errors.js';

describe('Violations', () => {
  it('collects violations from several checks and throws one ValidationError listing them all', () => {
    const v = new Violations();
    v.add('input.title', 'must not be empty');
    const value = v.collect(() => {
      throw new ValidationError([
        { field: 'input.amount.amount', reason: 'must be a decimal string' },
        { field: 'input.amount.currency', reason: 'must be an ISO 4217 currency code' },
      ]);
    });
    expect(value).toBeUndefined();
    v.add('input.probability', 'must be an integer from 0 to 100');
    expect(v.isEmpty).toBe(false);

    let thrown: unknown;
    try {
      v.throwIfAny();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    const error = thrown as ValidationError;
    expect(error.violations.map((x) => x.field)).toEqual(['input.title', 'input.amount.amount', 'input.amount.currency', 'input.probability']);
    expect(error.kind).toBe('invalid_input');
    expect(error.code).toBe('VALIDATION_FAILED');
    for (const field of ['input.title', 'input.amount.amount', 'input.amount.currency', 'input.probability']) {
      expect(error.message).toContain(field);
    }
    expect(error.message).toContain('must not be empty');
  });

  it('returns the value of a check that passes and records nothing', () => {
    const v = new Violations();
    expect(v.collect(() => 42)).toBe(42);
    expect(v.isEmpty).toBe(true);
    expect(() => v.throwIfAny()).not.toThrow();
  });

  it('uses the code given to throwIfAny', () => {
    const v = new Violations().add('x', 'is wrong');
    expect(() => v.throwIfAny('CRM.BAD_DEAL')).toThrow(expect.objectContaining({ code: 'CRM.BAD_DEAL' }));
  });

  it('rethrows errors that are not validation errors, unchanged', () => {
    const v = new Violations();
    const boom = new Error('database down');
    expect(() => v.collect(() => {
      throw boom;
    })).toThrow(boom);
    const notFound = new NotFoundError('Deal', 'd1', 'CRM');
    expect(() => v.collect(() => {
      throw notFound;
    })).toThrow(notFound);
    expect(v.isEmpty).toBe(true);
  });

  it('snapshots the list when it throws: later additions do not change the thrown error', () => {
    const v = new Violations().add('a', 'is wrong');
    let thrown: ValidationError | undefined;
    try {
      v.throwIfAny();
    } catch (error) {
      thrown = error as ValidationError;
    }
    v.add('b', 'is wrong too');
    expect(thrown?.violations.map((x) => x.field)).toEqual(['a']);
  });
});

describe('error classes', () => {
  it('NotFoundError builds a namespaced code and a message naming entity and id', () => {
    const error = new NotFoundError('Deal', 'd1', 'CRM');
    expect(error.code).toBe('CRM.DEAL_NOT_FOUND');
    expect(error.kind).toBe('not_found');
    expect(error.message).toBe('Deal d1 was not found');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe('NotFoundError');
  });

  it('isDomainError tells domain errors from others', () => {
    expect(isDomainError(new ValidationError([]))).toBe(true);
    expect(isDomainError(new DomainError('conflict', 'X.Y', 'm'))).toBe(true);
    expect(isDomainError(new Error('m'))).toBe(false);
  });
});
