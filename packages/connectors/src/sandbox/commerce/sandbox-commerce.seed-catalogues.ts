import type { SandboxSeedProfileName } from '../crm/sandbox-crm.seed-profiles.js';

/** One variant: title, SKU, unit price (decimal string) and units in stock. */
export type CatalogueVariant = readonly [title: string, sku: string, price: string, inventory: number];

/** One product: title, description, status, the most units one order line takes, and its variants. */
export interface CatalogueProduct {
  readonly title: string;
  readonly description: string;
  readonly status: 'active' | 'draft' | 'archived';
  readonly maxPerLine: number;
  readonly variants: readonly CatalogueVariant[];
}

/** What one demo shop sells, and to whom besides the CRM's contacts. */
export interface SandboxCommerceCatalogue {
  /** PRNG seed: the same profile always yields the same shop. */
  readonly seed: number;
  readonly currency: string;
  readonly products: readonly CatalogueProduct[];
  /** Buyers the CRM does not know (web shop sign-ups): first name, last name, email (`.example`). */
  readonly walkInCustomers: readonly (readonly [first: string, last: string, email: string])[];
}

const product = (title: string, description: string, maxPerLine: number, variants: readonly CatalogueVariant[], status: CatalogueProduct['status'] = 'active'): CatalogueProduct => ({
  title,
  description,
  status,
  maxPerLine,
  variants,
});

/** Acme Cloud's shop: software licences, add-ons, services and training seats. EUR. */
const acme: SandboxCommerceCatalogue = {
  seed: 0xac3e_c0,
  currency: 'EUR',
  products: [
    product('Platform licence', 'Annual subscription to the Acme Cloud platform, billed per seat tier.', 2, [
      ['Team (25 seats)', 'ACME-PL-025', '4800.00', 400],
      ['Business (100 seats)', 'ACME-PL-100', '16500.00', 250],
      ['Enterprise (250 seats)', 'ACME-PL-250', '36000.00', 60],
    ]),
    product('Analytics add-on', 'Dashboards, scheduled reports and a SQL workspace on top of the platform.', 3, [
      ['Per 25 seats', 'ACME-AN-025', '1200.00', 500],
      ['Per 100 seats', 'ACME-AN-100', '3900.00', 300],
    ]),
    product('SSO & audit add-on', 'SAML single sign-on, SCIM provisioning and a tamper-evident audit log.', 1, [['Default', 'ACME-SSO', '2400.00', 300]]),
    product('Premium support', 'Named support engineer and a 4-hour response target.', 1, [
      ['Annual, business hours', 'ACME-SUP-BH', '6000.00', 120],
      ['Annual, 24/7', 'ACME-SUP-247', '9600.00', 40],
    ]),
    product('Onboarding package', 'Guided set-up, data import and admin hand-over.', 1, [
      ['Remote (2 days)', 'ACME-ONB-R2', '2950.00', 30],
      ['On-site (3 days)', 'ACME-ONB-S3', '5450.00', 12],
    ]),
    product('Admin training course', 'One seat on the two-day administrator course.', 6, [
      ['Online seat', 'ACME-TRN-ONL', '690.00', 48],
      ['Classroom seat, Berlin', 'ACME-TRN-BER', '1190.00', 14],
      ['Classroom seat, Amsterdam', 'ACME-TRN-AMS', '1190.00', 0],
    ]),
    product('Certification exam voucher', 'One attempt at the Acme Certified Administrator exam.', 8, [['Default', 'ACME-CERT', '149.50', 200]]),
    product('Data migration service', 'Fixed-price migration from a legacy CRM or spreadsheet estate.', 1, [['Default', 'ACME-MIG', '3500.00', 20]]),
    product('API access add-on', 'Raised API quotas for integrations.', 2, [
      ['10k calls/day', 'ACME-API-10K', '890.00', 400],
      ['100k calls/day', 'ACME-API-100K', '2490.00', 150],
    ]),
    product('Priority ticket pack', 'Ten priority support tickets, valid for twelve months.', 5, [['Pack of 10', 'ACME-TKT-10', '249.99', 90]]),
    product('On-premise licence (legacy)', 'No longer sold; kept for the order history.', 1, [['Default', 'ACME-ONPREM', '12000.00', 0]], 'archived'),
  ],
  walkInCustomers: [
    ['Greta', 'Solberg', 'greta.solberg@fjordline-studio.example'],
    ['Ruben', 'Achterberg', 'ruben@achterberg-consult.example'],
    ['Lena', 'Vogt', 'lena.vogt@vogt-steuer.example'],
  ],
};

/** Globex Industrial's parts counter: spindles, hydraulics, bearings, sensors, safety gear. USD. */
const globex: SandboxCommerceCatalogue = {
  seed: 0x610be_c0,
  currency: 'USD',
  products: [
    product('CNC spindle assembly', 'Cartridge spindle with ceramic bearings, drop-in for VMC retrofits.', 2, [
      ['12,000 RPM', 'GX-SPN-12K', '4385.00', 9],
      ['24,000 RPM', 'GX-SPN-24K', '6920.00', 4],
    ]),
    product('Hydraulic cylinder', 'Tie-rod cylinder, 3000 psi, 12 in stroke.', 6, [
      ['2 in bore', 'GX-HC-200', '312.45', 36],
      ['3 in bore', 'GX-HC-300', '468.90', 22],
      ['4 in bore', 'GX-HC-400', '689.00', 0],
    ]),
    product('Deep groove ball bearing 6205', '25 x 52 x 15 mm, C3 clearance.', 40, [
      ['Open', 'GX-BRG-6205', '7.85', 1200],
      ['Sealed (2RS)', 'GX-BRG-6205-2RS', '9.40', 860],
    ]),
    product('Conveyor roller', 'Galvanised gravity roller, 1.9 in diameter.', 30, [
      ['18 in', 'GX-CR-18', '42.60', 340],
      ['24 in', 'GX-CR-24', '51.25', 210],
    ]),
    product('Stamping die set', 'Four-post die set, 12 x 18 in, precision ball bushings.', 1, [['Default', 'GX-DIE-1218', '12750.00', 3]]),
    product('Hydraulic press seal kit', 'Rod, piston and wiper seals for 50-ton presses.', 10, [['Default', 'GX-SK-50T', '186.30', 75]]),
    product('Industrial V-belt', 'Oil- and heat-resistant classical V-belt.', 25, [
      ['A42', 'GX-VB-A42', '14.95', 480],
      ['B55', 'GX-VB-B55', '21.80', 310],
    ]),
    product('Inductive proximity sensor M18', '8 mm sensing range, IP67, M12 connector.', 20, [
      ['PNP', 'GX-PS-M18-P', '58.40', 150],
      ['NPN', 'GX-PS-M18-N', '58.40', 95],
    ]),
    product('Pneumatic solenoid valve', '5/2-way, 24 V DC.', 12, [
      ['1/4 in port', 'GX-SV-025', '96.75', 120],
      ['1/2 in port', 'GX-SV-050', '142.10', 60],
    ]),
    product('Gear reducer 20:1', 'Right-angle worm gear reducer, 56C input flange.', 3, [['Default', 'GX-GR-20', '1240.00', 18]]),
    product('Welding torch liner', 'Steel liner for 400 A MIG torches.', 20, [['15 ft', 'GX-WL-15', '38.90', 260]]),
    product('Safety light curtain', 'Type 4, 14 mm resolution, with muting controller.', 2, [
      ['24 in', 'GX-LC-24', '1895.00', 11],
      ['48 in', 'GX-LC-48', '2640.00', 6],
    ]),
    product('Linear guide rail', '20 mm profile rail with two carriages.', 8, [
      ['500 mm', 'GX-LG-500', '174.20', 80],
      ['1000 mm', 'GX-LG-1000', '312.60', 45],
    ]),
    product('Machine levelling mount', 'Anti-vibration levelling mount, swivel base.', 40, [
      ['M12', 'GX-LM-12', '23.15', 600],
      ['M16', 'GX-LM-16', '31.70', 420],
      ['M20', 'GX-LM-20', '44.05', 0],
    ]),
    product('Robotic welding cell (quote only)', 'Configured per plant; ordered through sales.', 1, [['Default', 'GX-RWC', '185000.00', 0]], 'draft'),
  ],
  walkInCustomers: [
    ['Dale', 'Harmon', 'dale.harmon@harmon-machine.example'],
    ['Rosa', 'Villanueva', 'purchasing@villanueva-tooling.example'],
    ['Earl', 'Whitfield', 'earl@whitfield-farm-equipment.example'],
    ['Priya', 'Raman', 'priya.raman@northstar-plastics.example'],
  ],
};

/** The shop catalogues by profile name; the profile names are the CRM's, so the datasets line up. */
export const sandboxCommerceCatalogues: Readonly<Record<SandboxSeedProfileName, SandboxCommerceCatalogue>> = { acme, globex };
