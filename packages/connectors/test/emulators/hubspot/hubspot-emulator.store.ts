/**
 * The HubSpot emulator's state: CRM objects, associations (both directions, as HubSpot keeps them) and
 * deal pipelines, with the search semantics of `POST /crm/v3/objects/{type}/search` (filter groups OR-ed,
 * filters AND-ed, EQ / NEQ / IN, `associations.<type>` pseudo-properties, 10 000 result cap).
 */

export type ObjectType = 'contacts' | 'companies' | 'deals';
export const OBJECT_TYPES: readonly ObjectType[] = ['contacts', 'companies', 'deals'];

export interface StoredRecord {
  readonly id: string;
  readonly type: ObjectType;
  properties: Record<string, string>;
  readonly createdAt: string;
  updatedAt: string;
}

export interface Filter {
  readonly propertyName: string;
  readonly operator: string;
  readonly value?: string;
  readonly values?: readonly string[];
}

/** Singular names HubSpot uses in `associations.<name>` search properties and association type labels. */
const SINGULAR: Record<ObjectType, string> = { contacts: 'contact', companies: 'company', deals: 'deal' };
const PRIMARY_CONTACT_TO_COMPANY = 1;

export interface StageSeed { id: string; label: string; probability: string; closed: boolean }
export interface PipelineSeed { id: string; label: string; stages: readonly StageSeed[] }

export const DEFAULT_PIPELINE: PipelineSeed = {
  id: 'default',
  label: 'Sales Pipeline',
  stages: [
    { id: 'appointmentscheduled', label: 'Appointment Scheduled', probability: '0.2', closed: false },
    { id: 'qualifiedtobuy', label: 'Qualified To Buy', probability: '0.4', closed: false },
    { id: 'presentationscheduled', label: 'Presentation Scheduled', probability: '0.6', closed: false },
    { id: 'contractsent', label: 'Contract Sent', probability: '0.9', closed: false },
    { id: 'closedwon', label: 'Closed Won', probability: '1.0', closed: true },
    { id: 'closedlost', label: 'Closed Lost', probability: '0.0', closed: true },
  ],
};

export class HubSpotStore {
  readonly records = new Map<string, StoredRecord>();
  /** `${fromType}/${fromId}/${toType}` -> [{ toId, typeId }] in creation order. */
  private readonly links = new Map<string, { toId: string; typeId: number }[]>();
  pipelines: PipelineSeed[] = [DEFAULT_PIPELINE];
  private nextId = 1001;
  private clock = Date.parse('2025-01-01T00:00:00Z');

  /** Strictly increasing timestamps, so "oldest first" is well defined even within one millisecond. */
  private tick(): string {
    this.clock = Math.max(this.clock + 1, Date.now());
    return new Date(this.clock).toISOString();
  }

  private key(type: ObjectType, id: string): string {
    return `${type}:${id}`;
  }

  get(type: ObjectType, id: string): StoredRecord | undefined {
    return this.records.get(this.key(type, id));
  }

  all(type: ObjectType): StoredRecord[] {
    return [...this.records.values()].filter((r) => r.type === type).sort((a, b) => Number(a.id) - Number(b.id));
  }

  create(type: ObjectType, properties: Record<string, string>): StoredRecord {
    const id = String(this.nextId++);
    const now = this.tick();
    const props = { ...properties };
    if (type === 'contacts' && props.email) props.email = props.email.toLowerCase();
    const record: StoredRecord = { id, type, properties: { ...props, hs_object_id: id, createdate: now, lastmodifieddate: now, hs_lastmodifieddate: now }, createdAt: now, updatedAt: now };
    this.records.set(this.key(type, id), record);
    return record;
  }

  update(record: StoredRecord, properties: Record<string, string>): void {
    const now = this.tick();
    for (const [name, value] of Object.entries(properties)) {
      if (value === '') delete record.properties[name];
      else record.properties[name] = name === 'email' ? value.toLowerCase() : value;
    }
    record.updatedAt = now;
    record.properties.lastmodifieddate = now;
    record.properties.hs_lastmodifieddate = now;
  }

  associate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, typeId: number): void {
    this.addLink(fromType, fromId, toType, toId, typeId);
    this.addLink(toType, toId, fromType, fromId, typeId);
    // HubSpot mirrors the primary company into the contact's `associatedcompanyid`.
    if (fromType === 'contacts' && toType === 'companies' && typeId === PRIMARY_CONTACT_TO_COMPANY) {
      const contact = this.get('contacts', fromId);
      if (contact) contact.properties.associatedcompanyid = toId;
    }
  }

  dissociate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string): void {
    this.removeLink(fromType, fromId, toType, toId);
    this.removeLink(toType, toId, fromType, fromId);
    const contactId = fromType === 'contacts' ? fromId : toType === 'contacts' ? toId : undefined;
    const companyId = fromType === 'companies' ? fromId : toType === 'companies' ? toId : undefined;
    if (contactId !== undefined && companyId !== undefined) {
      const contact = this.get('contacts', contactId);
      if (contact?.properties.associatedcompanyid === companyId) delete contact.properties.associatedcompanyid;
    }
  }

  associated(fromType: ObjectType, fromId: string, toType: ObjectType): { toId: string; typeId: number }[] {
    return this.links.get(`${fromType}/${fromId}/${toType}`) ?? [];
  }

  private addLink(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, typeId: number): void {
    const key = `${fromType}/${fromId}/${toType}`;
    const list = this.links.get(key) ?? [];
    if (!list.some((l) => l.toId === toId)) list.push({ toId, typeId });
    this.links.set(key, list);
  }

  private removeLink(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string): void {
    const key = `${fromType}/${fromId}/${toType}`;
    this.links.set(key, (this.links.get(key) ?? []).filter((l) => l.toId !== toId));
  }

  /** Records matching any filter group (each group's filters AND-ed), in id order. */
  search(type: ObjectType, filterGroups: readonly { filters: readonly Filter[] }[]): StoredRecord[] {
    const groups = filterGroups.length === 0 ? [{ filters: [] }] : filterGroups;
    return this.all(type).filter((record) => groups.some((g) => g.filters.every((f) => this.matches(record, f))));
  }

  private matches(record: StoredRecord, filter: Filter): boolean {
    const assoc = /^associations\.(contact|company|deal)$/.exec(filter.propertyName);
    const values: string[] = assoc
      ? this.associated(record.type, record.id, (OBJECT_TYPES.find((t) => SINGULAR[t] === assoc[1]) ?? 'contacts')).map((l) => l.toId)
      : record.properties[filter.propertyName] === undefined ? [] : [record.properties[filter.propertyName] ?? ''];
    // String comparisons in HubSpot search are case-insensitive.
    const norm = (v: string) => v.toLowerCase();
    const has = (wanted: string) => values.some((v) => norm(v) === norm(wanted));
    switch (filter.operator) {
      case 'EQ':
        return filter.value !== undefined && has(filter.value);
      case 'NEQ':
        return filter.value !== undefined && !has(filter.value);
      case 'IN':
        return (filter.values ?? []).some(has);
      case 'HAS_PROPERTY':
        return values.length > 0;
      case 'NOT_HAS_PROPERTY':
        return values.length === 0;
      default:
        throw new Error(`unsupported operator ${filter.operator}`);
    }
  }

  associationLabel(fromType: ObjectType, toType: ObjectType): string {
    return `${SINGULAR[fromType]}_to_${SINGULAR[toType]}`;
  }
}
