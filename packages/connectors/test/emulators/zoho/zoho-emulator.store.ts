/**
 * The Zoho CRM emulator's state: Contacts, Accounts and Deals records and the Deals pipelines, with the
 * write validation Zoho documents (mandatory fields, lookups that must exist, field types, Stage values
 * of the deal's pipeline). Answers are Zoho-shaped error objects, never exceptions.
 */
export type ZohoModule = 'Contacts' | 'Accounts' | 'Deals';
export type ZohoRow = Record<string, unknown> & { id: string; Created_Time: string; Modified_Time: string };
export interface ZohoApiError {
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly message: string;
  readonly status: 'error';
}

type FieldType = 'text' | 'number' | 'integer' | 'currency' | 'date' | 'lookup' | 'pipeline' | 'stage';
interface FieldDef {
  readonly type: FieldType;
  readonly lookup?: ZohoModule;
  readonly mandatory?: boolean;
}

/**
 * Field definitions of the default layouts. One deliberate difference: Zoho's default Deals layout makes
 * Closing_Date mandatory; the CrmPort lets a deal have no close date, so the emulator does not require it
 * (a real org that does answers MANDATORY_NOT_FOUND, which the adapter reports naming `closeDate`).
 */
export const ZOHO_FIELDS: Readonly<Record<ZohoModule, Readonly<Record<string, FieldDef>>>> = {
  Contacts: {
    First_Name: { type: 'text' },
    Last_Name: { type: 'text', mandatory: true },
    Email: { type: 'text' },
    Phone: { type: 'text' },
    Title: { type: 'text' },
    Account_Name: { type: 'lookup', lookup: 'Accounts' },
  },
  Accounts: {
    Account_Name: { type: 'text', mandatory: true },
    Website: { type: 'text' },
    Industry: { type: 'text' },
    Employees: { type: 'integer' },
  },
  Deals: {
    Deal_Name: { type: 'text', mandatory: true },
    Amount: { type: 'currency' },
    Currency: { type: 'text' },
    Stage: { type: 'stage', mandatory: true },
    Pipeline: { type: 'pipeline' },
    Probability: { type: 'integer' },
    Closing_Date: { type: 'date' },
    Contact_Name: { type: 'lookup', lookup: 'Contacts' },
    Account_Name: { type: 'lookup', lookup: 'Accounts' },
  },
};

export interface ZohoEmulatorStage {
  id: string;
  display_value: string;
  actual_value: string;
  sequence_number: number;
  forecast_type: 'Open' | 'Closed Won' | 'Closed Lost';
}
export interface ZohoEmulatorPipeline {
  id: string;
  display_value: string;
  actual_value: string;
  default: boolean;
  maps: ZohoEmulatorStage[];
}

const STANDARD_STAGES: readonly [string, ZohoEmulatorStage['forecast_type']][] = [
  ['Qualification', 'Open'],
  ['Needs Analysis', 'Open'],
  ['Proposal/Price Quote', 'Open'],
  ['Negotiation/Review', 'Open'],
  ['Closed Won', 'Closed Won'],
  ['Closed Lost', 'Closed Lost'],
];

export function invalid(code: string, message: string, details: Record<string, unknown> = {}): ZohoApiError {
  return { code, details, message, status: 'error' };
}

export class ZohoEmulatorStore {
  private next = 5725767000000100000n;
  readonly records: Record<ZohoModule, Map<string, ZohoRow>> = { Contacts: new Map(), Accounts: new Map(), Deals: new Map() };
  readonly layoutId: string;
  readonly pipelines: ZohoEmulatorPipeline[];
  /** The org's home currency: deals written without `Currency` get it. */
  homeCurrency = 'USD';
  /** Custom single-line fields an org added to Deals (API names); other unknown fields are ignored, as Zoho does. */
  readonly customDealFields = new Set<string>();

  constructor(private readonly now: () => Date = () => new Date()) {
    this.layoutId = this.newId();
    const stages = STANDARD_STAGES.map(([name, type], index) => ({ id: this.newId(), display_value: name, actual_value: name, sequence_number: index + 1, forecast_type: type }));
    this.pipelines = [{ id: this.newId(), display_value: 'Standard', actual_value: 'Standard', default: true, maps: stages }];
  }

  newId(): string {
    this.next += 1n;
    return this.next.toString();
  }

  private timestamp(): string {
    // Zoho answers in the user's offset with second precision.
    return `${this.now().toISOString().slice(0, 19)}+00:00`;
  }

  /** Records in id order (ascending). */
  all(module: ZohoModule): ZohoRow[] {
    return [...this.records[module].values()].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  create(module: ZohoModule, input: Record<string, unknown>, path = '$.data[0]'): ZohoRow | ZohoApiError {
    const row: ZohoRow = { id: this.newId(), Created_Time: this.timestamp(), Modified_Time: this.timestamp() };
    for (const field of Object.keys(ZOHO_FIELDS[module])) row[field] = null;
    const error = this.apply(module, row, input, path, true);
    if (error) return error;
    this.records[module].set(row.id, row);
    return row;
  }

  update(module: ZohoModule, id: string, input: Record<string, unknown>, path = '$.data[0]'): ZohoRow | ZohoApiError {
    const existing = this.records[module].get(id);
    if (!existing) return invalid('INVALID_DATA', 'the id given seems to be invalid', { id });
    const row: ZohoRow = { ...existing, Modified_Time: this.timestamp() };
    const error = this.apply(module, row, input, path, false);
    if (error) return error;
    this.records[module].set(id, row);
    return row;
  }

  /** Validates `input` field by field and writes it into `row`; the first problem is the answer. */
  private apply(module: ZohoModule, row: ZohoRow, input: Record<string, unknown>, path: string, creating: boolean): ZohoApiError | undefined {
    const custom = module === 'Deals' ? Object.fromEntries([...this.customDealFields].map((name): [string, FieldDef] => [name, { type: 'text' }])) : {};
    const fields: Readonly<Record<string, FieldDef>> = { ...ZOHO_FIELDS[module], ...custom };
    for (const [name, value] of Object.entries(input)) {
      const def = fields[name];
      if (def === undefined || name === 'id') continue; // Zoho ignores fields it does not know
      const where = { api_name: name, json_path: `${path}.${name}` };
      if (value === null) {
        if (def.mandatory) return invalid('MANDATORY_NOT_FOUND', 'required field not found', where);
        row[name] = null;
        continue;
      }
      const converted = this.convert(def, name, value);
      if ('code' in converted) return { ...converted, details: { ...where, ...converted.details } };
      row[name] = converted.value;
    }
    if (creating) {
      for (const [name, def] of Object.entries(fields)) {
        if (def.mandatory && (row[name] === null || row[name] === undefined)) return invalid('MANDATORY_NOT_FOUND', 'required field not found', { api_name: name, json_path: `${path}.${name}` });
      }
    }
    if (module === 'Deals') return this.finishDeal(row, path);
    return undefined;
  }

  private convert(def: FieldDef, name: string, value: unknown): { value: unknown } | ZohoApiError {
    switch (def.type) {
      case 'text':
        if (typeof value !== 'string') return invalid('INVALID_DATA', 'invalid data', { expected_data_type: 'text' });
        if (name === 'Currency' && !/^[A-Z]{3}$/.test(value)) return invalid('INVALID_DATA', 'invalid currency', { expected_data_type: 'text' });
        return { value };
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) return invalid('INVALID_DATA', 'invalid data', { expected_data_type: 'integer' });
        if (name === 'Probability' && (value < 0 || value > 100)) return invalid('INVALID_DATA', 'invalid data', { expected_data_type: 'integer', maximum_length: 100 });
        return { value };
      case 'number':
      case 'currency':
        if (typeof value !== 'number' || !Number.isFinite(value)) return invalid('INVALID_DATA', 'invalid data', { expected_data_type: 'double' });
        // Currency fields keep 2 decimal places.
        return { value: def.type === 'currency' ? Number(value.toFixed(2)) : value };
      case 'date':
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return invalid('INVALID_DATA', 'invalid data', { expected_data_type: 'date' });
        return { value };
      case 'lookup': {
        const id = typeof value === 'object' && value !== null && 'id' in value ? String((value as { id: unknown }).id) : undefined;
        const target = id === undefined ? undefined : this.records[def.lookup ?? 'Accounts'].get(id);
        if (target === undefined) return invalid('INVALID_DATA', 'the related id given seems to be invalid');
        return { value: { id: target.id, name: def.lookup === 'Contacts' ? [target.First_Name, target.Last_Name].filter(Boolean).join(' ') : target.Account_Name } };
      }
      case 'pipeline': {
        const ref = typeof value === 'object' && value !== null ? (value as { id?: unknown; name?: unknown }) : {};
        const pipeline = this.pipelines.find((p) => p.id === String(ref.id) || p.display_value === ref.name);
        if (pipeline === undefined) return invalid('INVALID_DATA', 'invalid data', { expected_data_type: 'picklist' });
        return { value: { id: pipeline.id, name: pipeline.display_value } };
      }
      case 'stage':
        if (typeof value !== 'string') return invalid('INVALID_DATA', 'invalid data', { expected_data_type: 'picklist' });
        return { value };
    }
  }

  /** Defaults and cross-field rules of a deal: pipeline, Stage within it, currency with amount. */
  private finishDeal(row: ZohoRow, path: string): ZohoApiError | undefined {
    const current = row.Pipeline as { id: string } | null;
    const pipeline = this.pipelines.find((p) => p.id === current?.id) ?? this.pipelines.find((p) => p.default) ?? this.pipelines[0];
    if (pipeline === undefined) return invalid('INVALID_DATA', 'no pipeline', { api_name: 'Pipeline' });
    row.Pipeline = { id: pipeline.id, name: pipeline.display_value };
    if (!pipeline.maps.some((stage) => stage.actual_value === row.Stage)) {
      return invalid('INVALID_DATA', 'invalid data', { api_name: 'Stage', json_path: `${path}.Stage`, expected_data_type: 'picklist' });
    }
    if (row.Amount !== null && row.Currency === null) row.Currency = this.homeCurrency;
    return undefined;
  }
}
