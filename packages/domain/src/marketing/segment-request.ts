import { parseEmail } from '../shared/email.js';
import { Violations } from '../shared/errors.js';
import { MAX_SEGMENT_MEMBERS, type AudienceMember } from './campaign.entities.js';

/** A tag request after validation: the tag trimmed, members with parsed emails, one per email (the last wins). */
export interface SegmentRequest {
  readonly tag: string;
  readonly members: readonly AudienceMember[];
}

/** Longest tag Mailchimp takes (its segment names are capped at 100 characters). */
export const MAX_TAG_LENGTH = 100;

/**
 * Checks a `tagAudienceMembers` call before anything is written: every bad field at once, named
 * `tag`, `members` or `members[i].email`. Duplicate emails (case-insensitive) collapse into one member.
 */
export function parseSegmentRequest(tag: string, members: readonly AudienceMember[]): SegmentRequest {
  const violations = new Violations();
  const trimmed = tag.trim();
  if (trimmed === '') violations.add('tag', 'must not be empty');
  else if (trimmed.length > MAX_TAG_LENGTH) violations.add('tag', `must be at most ${MAX_TAG_LENGTH} characters`);
  if (members.length === 0) violations.add('members', 'must list at least one member');
  else if (members.length > MAX_SEGMENT_MEMBERS) violations.add('members', `must list at most ${MAX_SEGMENT_MEMBERS} members per call`);
  const byEmail = new Map<string, AudienceMember>();
  if (members.length <= MAX_SEGMENT_MEMBERS) {
    members.forEach((member, i) => {
      const email = violations.collect(() => parseEmail(member.email, `members[${i}].email`));
      if (email !== undefined) byEmail.set(email.toLowerCase(), { ...member, email });
    });
  }
  violations.throwIfAny();
  return { tag: trimmed, members: [...byEmail.values()] };
}
