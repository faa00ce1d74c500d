import type { SandboxStage } from './sandbox-crm.rows.js';

/** The demo businesses a sandbox dataset can be seeded as. */
export type SandboxSeedProfileName = 'acme' | 'globex';

/** Everything that makes one demo dataset different from another; the seed turns it into rows. */
export interface SandboxSeedProfile {
  /** PRNG seed: the same profile always yields the same rows. */
  readonly seed: number;
  readonly currency: string;
  readonly pipeline: { readonly id: string; readonly name: string; readonly stages: readonly SandboxStage[] };
  /** Name, domain (always `.example`), industry and head count of each customer company. */
  readonly companies: readonly (readonly [name: string, domain: string, industry: string, employees: number])[];
  readonly contactCount: number;
  readonly dealCount: number;
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
  readonly jobTitles: readonly string[];
  /** What the business sells; deal titles are "<company> – <product>". */
  readonly products: readonly string[];
  /** Deal amounts in whole currency units, rounded to 50. */
  readonly amountRange: readonly [min: number, max: number];
  /** Phone number for the n-th contact, from ranges reserved for fiction (Ofcom 020 7946 0xxx, NANP 555-01xx). */
  phone(n: number): string;
  /** Start of the dataset's history; timestamps grow from here. */
  readonly since: string;
}

const stage = (id: string, name: string, probability: number, closed = false, won = false): SandboxStage => ({ id, name, probability, closed, won });

/** Acme Cloud: a European B2B software firm selling subscriptions to mid-sized companies. EUR. */
const acme: SandboxSeedProfile = {
  seed: 0xac3e,
  currency: 'EUR',
  pipeline: {
    id: 'sales',
    name: 'Sales',
    stages: [
      stage('lead', 'Lead', 10),
      stage('qualified', 'Qualified', 30),
      stage('proposal', 'Proposal', 60),
      stage('negotiation', 'Negotiation', 80),
      stage('won', 'Won', 100, true, true),
      stage('lost', 'Lost', 0, true),
    ],
  },
  companies: [
    ['Brightwater Analytics', 'brightwater-analytics.example', 'Professional services', 85],
    ['Kestrel Freight', 'kestrel-freight.example', 'Logistics', 420],
    ['Lindqvist Dental Group', 'lindqvist-dental.example', 'Healthcare', 160],
    ['Orchard Lane Foods', 'orchard-lane-foods.example', 'Food & beverage', 310],
    ['Halvorsen Maritime', 'halvorsen-maritime.example', 'Shipping', 640],
    ['Veridia Health Partners', 'veridia-health.example', 'Healthcare', 220],
    ['Copperleaf Architects', 'copperleaf-architects.example', 'Architecture', 45],
    ['Mistral Retail', 'mistral-retail.example', 'Retail', 1250],
    ['Tannery Row Studios', 'tannery-row.example', 'Media', 30],
    ['Bergmann Feinmechanik', 'bergmann-feinmechanik.example', 'Manufacturing', 380],
    ['Alder & Finch Legal', 'alder-finch.example', 'Legal', 70],
    ['Solenne Hotels', 'solenne-hotels.example', 'Hospitality', 900],
  ],
  contactCount: 40,
  dealCount: 60,
  firstNames: ['Anna', 'Lukas', 'Sofia', 'Matteo', 'Elena', 'Jonas', 'Camille', 'Tomás', 'Ingrid', 'Pieter', 'Marta', 'Henrik', 'Chloé', 'Nikolai', 'Freya', 'Luca', 'Ines', 'Oskar'],
  lastNames: ['Berger', 'Rossi', 'Dubois', 'Jansen', 'Nowak', 'Lindgren', 'García', 'Müller', 'Costa', 'Eriksen', 'Moreau', 'Van Dijk', 'Horvat', 'Keller', 'Novak', 'Fischer'],
  jobTitles: ['Head of IT', 'CFO', 'Operations Manager', 'CTO', 'Procurement Lead', 'Head of Data', 'Managing Director', 'IT Administrator'],
  products: ['Platform licence (25 seats)', 'Platform licence (100 seats)', 'Analytics add-on', 'Onboarding package', 'Annual renewal', 'Premium support', 'Data migration', 'SSO & audit add-on'],
  amountRange: [2400, 96000],
  phone: (n) => `+44 20 7946 0${String(100 + n * 7).padStart(3, '0').slice(-3)}`,
  since: '2024-01-08T09:00:00.000Z',
};

/** Globex Industrial: a US manufacturer of machinery and parts selling to plants and distributors. USD. */
const globex: SandboxSeedProfile = {
  seed: 0x610be,
  currency: 'USD',
  pipeline: {
    id: 'enterprise',
    name: 'Enterprise',
    stages: [
      stage('discovery', 'Discovery', 10),
      stage('technical-review', 'Technical review', 25),
      stage('quote-sent', 'Quote sent', 50),
      stage('purchase-order', 'Purchase order', 90),
      stage('closed-won', 'Closed won', 100, true, true),
      stage('closed-lost', 'Closed lost', 0, true),
    ],
  },
  companies: [
    ['Redstone Industrial Supply', 'redstone-supply.example', 'Distribution', 240],
    ['Prairie Fabrication', 'prairie-fab.example', 'Metal fabrication', 130],
    ['Lakeshore Equipment Co.', 'lakeshore-equipment.example', 'Equipment rental', 510],
    ['Ironbridge Contractors', 'ironbridge-contractors.example', 'Construction', 760],
    ['Sierra Packaging', 'sierra-packaging.example', 'Packaging', 340],
    ['Bluegrass Automotive Parts', 'bluegrass-auto.example', 'Automotive', 1800],
    ['Cascade Facilities Group', 'cascade-facilities.example', 'Facilities management', 95],
    ['Tidewater Marine Works', 'tidewater-marine.example', 'Shipbuilding', 2300],
  ],
  contactCount: 25,
  dealCount: 55,
  firstNames: ['James', 'Maria', 'Robert', 'Linda', 'Michael', 'Patricia', 'David', 'Jennifer', 'Carlos', 'Aisha', 'Kevin', 'Denise', 'Tyrone', 'Megan'],
  lastNames: ['Johnson', 'Williams', 'Martinez', 'Brown', 'Davis', 'Hernandez', 'Walker', 'Thompson', 'Reed', 'Coleman', 'Patel', 'Nguyen'],
  jobTitles: ['Plant Manager', 'Purchasing Manager', 'VP Operations', 'Maintenance Supervisor', 'Director of Engineering', 'Buyer', 'Controller'],
  products: ['CNC spindle assemblies', 'Hydraulic press retrofit', 'Conveyor line expansion', 'Spare parts contract', 'Stamping dies', 'Preventive maintenance plan', 'Robotic welding cell'],
  amountRange: [8000, 450000],
  phone: (n) => `+1 312 555 01${String(n % 100).padStart(2, '0')}`,
  since: '2023-09-04T14:00:00.000Z',
};

/** The seed profiles by name. */
export const sandboxSeedProfiles: Readonly<Record<SandboxSeedProfileName, SandboxSeedProfile>> = { acme, globex };
