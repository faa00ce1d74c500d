import { createHash, randomBytes } from 'node:crypto';

/** A member of an emulated audience, keyed by subscriber hash. */
export interface EmulatedMember {
  readonly email_address: string;
  merge_fields: Record<string, unknown>;
}

/** A tag (static segment): the subscriber hashes of its members. */
export interface EmulatedSegment {
  readonly id: number;
  readonly name: string;
  readonly members: Set<string>;
}

export interface EmulatedList {
  readonly id: string;
  readonly name: string;
  readonly members: Map<string, EmulatedMember>;
  readonly segments: Map<number, EmulatedSegment>;
}

export interface EmulatedCampaign {
  readonly id: string;
  readonly create_time: string;
  status: 'save' | 'sent';
  send_time: string;
  emails_sent: number;
  readonly list_id: string;
  /** The saved segment it goes to, or null for the whole list. */
  readonly segment_id: number | null;
  readonly title: string;
  readonly subject_line: string;
  html: string | null;
  /** How many times the campaign was actually sent (a real account would mail everyone each time). */
  sends: number;
}

/** The emulator's state: audiences with members and campaigns, in creation order. */
export class MailchimpStore {
  readonly lists = new Map<string, EmulatedList>();
  readonly campaigns: EmulatedCampaign[] = [];
  private clock = Date.parse('2026-01-01T00:00:00Z');
  /** Stamps new campaigns with the real time instead of the reproducible clock (tests that compare with now). */
  realClock = false;

  addList(name: string): EmulatedList {
    const list: EmulatedList = { id: randomBytes(5).toString('hex'), name, members: new Map(), segments: new Map() };
    this.lists.set(list.id, list);
    return list;
  }

  /** Upserts by subscriber hash; answers whether the member is new. */
  upsertMember(list: EmulatedList, email: string, mergeFields: Record<string, unknown>): boolean {
    const hash = MailchimpStore.hash(email);
    const existing = list.members.get(hash);
    if (existing !== undefined) {
      existing.merge_fields = { ...existing.merge_fields, ...mergeFields };
      return false;
    }
    list.members.set(hash, { email_address: email, merge_fields: mergeFields });
    return true;
  }

  static hash(email: string): string {
    return createHash('md5').update(email.toLowerCase()).digest('hex');
  }

  private nextSegmentId = 1001;

  addSegment(list: EmulatedList, name: string): EmulatedSegment {
    const segment: EmulatedSegment = { id: this.nextSegmentId++, name, members: new Set() };
    list.segments.set(segment.id, segment);
    return segment;
  }

  addCampaign(listId: string, title: string, subject: string, segmentId: number | null = null): EmulatedCampaign {
    this.clock = this.realClock ? Date.now() : this.clock + 1000;
    const campaign: EmulatedCampaign = { id: randomBytes(5).toString('hex'), create_time: new Date(this.clock).toISOString(), status: 'save', send_time: '', emails_sent: 0, list_id: listId, segment_id: segmentId, title, subject_line: subject, html: null, sends: 0 };
    this.campaigns.push(campaign);
    return campaign;
  }

  send(campaign: EmulatedCampaign): void {
    const list = this.lists.get(campaign.list_id);
    campaign.status = 'sent';
    campaign.sends += 1;
    const segment = campaign.segment_id === null ? undefined : list?.segments.get(campaign.segment_id);
    campaign.emails_sent = segment !== undefined ? segment.members.size : (list?.members.size ?? 0);
    campaign.send_time = new Date().toISOString();
  }

  /** A campaign in the shape of GET /campaigns/{id}. */
  static campaignJson(c: EmulatedCampaign): Record<string, unknown> {
    return {
      id: c.id,
      type: 'regular',
      create_time: c.create_time,
      status: c.status,
      emails_sent: c.emails_sent,
      send_time: c.send_time,
      recipients: { list_id: c.list_id, recipient_count: c.emails_sent, ...(c.segment_id !== null && { segment_opts: { saved_segment_id: c.segment_id } }) },
      settings: { title: c.title, subject_line: c.subject_line },
      ...(c.status === 'sent' && { report_summary: { opens: 0, unique_opens: Math.floor(c.emails_sent / 3), clicks: 0, subscriber_clicks: Math.floor(c.emails_sent / 10) } }),
    };
  }
}
