import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './wordpress.cursor.js';

const fieldsOf = (work: () => unknown): string[] => {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations.map((v) => v.field);
    throw error;
  }
  return [];
};

describe('WordPress list cursor', () => {
  it('round-trips offsets per kind and refuses cursors of other lists', () => {
    expect(decodeCursor(null, ['post', 'page'])).toEqual({ post: 0, page: 0 });
    expect(decodeCursor(encodeCursor({ post: 50, page: null }), ['post', 'page'])).toEqual({ post: 50, page: null });
    expect(fieldsOf(() => decodeCursor(encodeCursor({ post: 50 }), ['post', 'page']))).toEqual(['after']);
    expect(fieldsOf(() => decodeCursor('garbage', ['post']))).toEqual(['after']);
    expect(fieldsOf(() => decodeCursor(encodeCursor({ post: -1 }), ['post']))).toEqual(['after']);
  });
});
