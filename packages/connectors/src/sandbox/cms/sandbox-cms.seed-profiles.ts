/** The demo sites a sandbox CMS dataset can be seeded as (the same businesses as the sandbox CRM). */
export type SandboxCmsProfileName = 'acme' | 'globex';

/** Everything that makes one demo site differ from another; the seed turns it into rows. */
export interface SandboxCmsProfile {
  /** PRNG seed: the same profile always yields the same rows. */
  readonly seed: number;
  /** The site's base URL, always on an `.example` domain. */
  readonly siteUrl: string;
  /** When the first post was written; later posts follow every `gapDays` days. */
  readonly since: string;
  readonly gapDays: readonly [min: number, max: number];
  readonly authors: readonly string[];
  /** Blog post titles, oldest first. */
  readonly postTitles: readonly string[];
  /** Pages: title and whether the page is live yet. */
  readonly pages: readonly (readonly [title: string, published: boolean])[];
  /** Opening sentences; `{title}` is replaced by the post's title. */
  readonly intros: readonly string[];
  readonly headings: readonly string[];
  /** Body paragraphs, plain text (the seed wraps them in <p>). */
  readonly paragraphs: readonly string[];
}

/** Acme Cloud: a European B2B software firm (the sandbox CRM's acme profile). */
const acme: SandboxCmsProfile = {
  seed: 0xc3a5,
  siteUrl: 'https://acme-software.example',
  since: '2025-10-06T08:30:00.000Z',
  gapDays: [11, 17],
  authors: ['Sofia Lindgren', 'Matteo Rossi', 'Camille Dubois', 'Jonas Berger'],
  postTitles: [
    'Why we rebuilt our onboarding in 2025',
    'Five signs your team has outgrown spreadsheets',
    'GDPR-friendly analytics without the guesswork',
    'How Kestrel Freight cut reporting time by 60%',
    'Single sign-on for mid-sized companies: a practical guide',
    'What a data migration really costs',
    'Release notes: audit trails and custom roles',
    'Choosing between 25 and 100 seats',
    'Our approach to uptime and incident reviews',
    'Building dashboards your CFO will actually read',
    'From pilot to rollout in eight weeks',
    'Security questionnaires: answers we give every customer',
    'The hidden cost of tool sprawl',
    'Customer story: Lindqvist Dental Group goes paperless',
    'Release notes: faster exports and a new API',
    'How we price premium support',
    'A checklist for your annual software renewal',
    'Data residency in the EU explained',
    'Workflow automation for operations teams',
    'Lessons from 100 onboarding projects',
    'Customer story: Halvorsen Maritime tracks every vessel',
    'Release notes: SSO and audit add-on generally available',
    'Planning your 2027 software budget',
    'What we learned from our customer advisory board',
    'Preview: AI-assisted reporting',
  ],
  pages: [
    ['About Acme Cloud', true],
    ['Pricing', true],
    ['Contact sales', true],
    ['Security and compliance', false],
  ],
  intros: [
    'Customers ask us about this every week, so here is the long answer to "{title}".',
    'This post is about {title}, and what it means for teams of 50 to 500 people.',
    '{title}: a question we have worked through with dozens of European customers.',
  ],
  headings: ['What we saw', 'Where teams get stuck', 'A better way to start', 'What it costs', 'What to do next', 'The numbers'],
  paragraphs: [
    'Most teams start with a handful of spreadsheets and a shared drive. That works until the third department joins and nobody knows which file is current.',
    'We measured the time our customers spend on monthly reporting before and after rollout. The median team saved two working days a month.',
    'Access control is where projects slow down. Agree early on who owns which data, and the technical work becomes the easy part.',
    'Every customer on our platform keeps their data in an EU region, encrypted at rest and in transit, with an audit log of every change.',
    'A good rollout starts small: one team, one process, one dashboard. Once that team would not go back, the next one asks to join.',
    'Licences are only part of the cost. Training, migration and the hours spent reconciling numbers matter just as much.',
    'Our support team answers in your language during European business hours, and premium customers get a named engineer.',
    'We publish our uptime every month and write an incident review for every outage, including what we changed afterwards.',
    'The best dashboards answer one question each. If a chart needs a paragraph of explanation, it is trying to do too much.',
    'Renewal time is a good moment to check seat counts, unused add-ons and whether your contract still matches how you work.',
  ],
};

/** Globex Industrial: a US manufacturer of machinery and parts (the sandbox CRM's globex profile). */
const globex: SandboxCmsProfile = {
  seed: 0x6e0b,
  siteUrl: 'https://globex-manufacturing.example',
  since: '2025-12-15T15:00:00.000Z',
  gapDays: [12, 20],
  authors: ['Robert Walker', 'Maria Hernandez', 'Kevin Reed'],
  postTitles: [
    'Preventive maintenance plans that pay for themselves',
    'Inside our new stamping die shop',
    'How to spec a hydraulic press retrofit',
    'Conveyor line expansion: a case study with Sierra Packaging',
    'Lead times in 2026: what buyers should know',
    'Robotic welding cells for small batch runs',
    'CNC spindle rebuild or replace?',
    'Safety first: our lockout/tagout training program',
    'Spare parts contracts explained',
    'Customer story: Bluegrass Automotive Parts doubles throughput',
    'Reducing downtime with vibration monitoring',
    'What tariffs mean for your replacement parts budget',
    'Meet the field service team',
    'Energy savings from variable frequency drives',
    'Customer story: Tidewater Marine Works modernizes its yard',
    'Planning a plant shutdown the right way',
    'Quality control on every weld: how we inspect',
    'Year-end equipment purchases and Section 179',
  ],
  pages: [
    ['About Globex Industrial', true],
    ['Capabilities', true],
    ['Request a quote', true],
  ],
  intros: [
    'Plant managers ask us about this on almost every site visit, so here is our take on "{title}".',
    '{title} comes down to uptime, safety and cost. Here is how we look at each.',
    'This post covers {title} and what it means for your next purchase order.',
  ],
  headings: ['The problem on the floor', 'What we recommend', 'Cost and lead time', 'Safety considerations', 'Next steps', 'Results'],
  paragraphs: [
    'Unplanned downtime costs a mid-sized plant between ten and fifty thousand dollars an hour. A maintenance plan is cheap insurance against that.',
    'Every machine we ship is tested under load in our Ohio facility before it goes on the truck, and our technicians commission it on site.',
    'Lead times for castings and electrical components are still longer than before 2020. Order spare parts before you need them.',
    'Our field service team covers the Midwest and the Gulf Coast with same-week response, and emergency visits within 48 hours.',
    'A retrofit keeps the frame you already own and replaces the parts that wear out. For many presses it costs a third of a new machine.',
    'We design fixtures and tooling in-house, which lets us quote custom work in days rather than weeks.',
    'Operators need training as much as machines need oil. Every installation includes a hands-on session for each shift.',
    'Our quality team inspects every weld and keeps the records for ten years, so your auditors can trace any part back to its batch.',
    'Energy is now the second-largest operating cost for many of our customers. Drives and controls upgrades often pay back within two years.',
    'Talk to us before you budget: we can often phase a project across two fiscal years without stopping production.',
  ],
};

/** The CMS seed profiles by name. */
export const sandboxCmsProfiles: Readonly<Record<SandboxCmsProfileName, SandboxCmsProfile>> = { acme, globex };
