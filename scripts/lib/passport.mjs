// EU battery passport helpers shared by the demo story and the tests: the model passport an
// economic operator declares (`modelPassport`, as `passport.declare` arguments) and the
// Catena-X Battery Pass 6.1.0 schema check of an export (`catenaxValidator`, ajv with the
// draft-04 dialect the schema is written in).

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringToHex, stringToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { encodePlaintext, seal } from './sealed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** The schema (a copy of ../shared/schemas, CC-BY-4.0, Eclipse Tractus-X). */
export const SCHEMA = resolve(here, '../../testdata/schemas/catenax-battery-pass-6.1.0.schema.json');

/** The document kinds of a passport and the tier the chain gives each (DocumentKind::tier). */
export const DOCUMENT_TIERS = {
  DeclarationOfConformity: 'Public', ThirdPartyAssurance: 'Public', DueDiligence: 'Public',
  SeparateCollection: 'Public', WastePrevention: 'Public', MeaningOfLabels: 'Public',
  SustainabilityReport: 'Public', PerformanceDocument: 'Public', Dismantling: 'LegitimateInterest',
  SafetyMeasures: 'LegitimateInterest', SafeDischarging: 'LegitimateInterest',
  RemovalFromAppliance: 'LegitimateInterest', DetailedComposition: 'LegitimateInterest',
  SpareParts: 'LegitimateInterest', TestReport: 'Authority', LifetimeTestReport: 'Authority',
};

const substance = (cas, name, location, concentrationPpm, recycledPermille, critical) => ({
  cas, name, location, concentrationPpm, recycledPermille, renewablePermille: 0, critical,
});

/** The documents' URLs under `base`, one per kind: `[kind, tier, header, url]`. */
export function documents(base) {
  return Object.entries(DOCUMENT_TIERS).map(([kind, tier]) =>
    [kind, tier, kind.replace(/([a-z])([A-Z])/g, '$1 $2'), `${base}/${kind.toLowerCase()}`]);
}

/**
 * The `passport.declare` attribute of the documents of one kind: a public kind's links in the
 * clear; a restricted kind's header and content hash in the clear, its link sealed about `model`
 * (category `Factory`) for `readers` (`passportApi.documentKeys` of the operator).
 */
function documentsAttribute(api, model, readers, [kind, tier, header, url]) {
  if (tier === 'Public') return { Documents: [kind, [{ header, url, contentHash: null }]] };
  const link = encodePlaintext(api, 'DocumentLink', { url, key: null });
  const contentHash = u8aToHex(blake2AsU8a(stringToU8a(`the content of ${url}`)));
  return { Restricted: [kind, [{ header, contentHash, link: { envelope: seal('Factory', model, link, readers) } }]] };
}

/**
 * A complete model passport for a traction battery model `model`: every data group and a
 * document of every kind, as `passport.declare` attributes (restricted links sealed for
 * `readers`). `operator` is the economic operator's BPNL, `plant` its plant's BPNA, `base` where
 * its documents are.
 */
export function modelPassport(api, model, readers,
  { operator = 'BPNL00000003AYRE', plant = 'BPNA000000000001', base, partId }) {
  const doc = (header, slug) => ({ header, url: `${base}/${slug}`, contentHash: null });
  return [
    { Identification: {
      category: 'Ev', partId, carrierType: 'NFC tag (NDEF) and QR code', carrierLayout: 'top cover, front left',
      classification: [{ standard: 'UNSPSC', id: '26111711', description: 'Rechargeable batteries' }],
      codes: [{ key: 'TARIC', value: '8507 60 00 10' }],
    } },
    { Operator: { economicOperator: stringToHex(operator), facilities: [stringToHex(plant)] } },
    { CarbonFootprint: {
      figures: [
        { kind: 'Total', stage: 'WholeLifeCycle', gPerKwh: 61_240 },
        { kind: 'Total', stage: 'RawMaterialAcquisition', gPerKwh: 38_500 },
        { kind: 'Total', stage: 'MainProduction', gPerKwh: 17_900 },
        { kind: 'Total', stage: 'Distribution', gPerKwh: 1_340 },
        { kind: 'Total', stage: 'EndOfLife', gPerKwh: 3_500 },
      ],
      performanceClass: 'B',
      study: doc('PEF study, JRC rules 2024', 'cf-study'),
      declaration: doc('Carbon footprint declaration', 'cf'),
    } },
    { Materials: {
      nickel: substance('7440-02-0', 'Nickel', 'cathode', 0, 160, true),
      lithium: substance('7439-93-2', 'Lithium', 'cathode', 0, 60, true),
      cobalt: substance('7440-48-4', 'Cobalt', 'cathode', 0, 160, true),
      lead: substance('7439-92-1', 'Lead', 'whole battery', 3, 0, false),
      cadmium: substance('7440-43-9', 'Cadmium', 'whole battery', 1, 0, false),
      mercury: substance('7439-97-6', 'Mercury', 'whole battery', 0, 0, false),
      composition: [
        substance('7440-02-0', 'Nickel', 'cathode', 118_000, 160, true),
        substance('7440-48-4', 'Cobalt', 'cathode', 15_000, 160, true),
        substance('7439-93-2', 'Lithium', 'cathode', 17_000, 60, true),
        substance('7782-42-5', 'Graphite', 'anode', 142_000, 0, true),
        substance('7429-90-5', 'Aluminium', 'housing', 190_000, 350, true),
      ],
      documentation: doc('Material declaration', 'materials'),
      impactOfSubstances: doc('Hazardous substances: impact on health and environment', 'hazards'),
    } },
    { Performance: {
      powerW: 250_000, powerAt20SocW: 190_000, powerAt80SocW: 245_000, cellResistanceMicroOhm: 1_100,
      packResistanceMicroOhm: 95_000, roundTripEfficiencyPermille: 950, roundTripEfficiencyAtHalfLifePermille: 930,
      efficiencyTestDodPercent: 80, capacityExhaustionPercent: 70, storageMinC: -30, storageMaxC: 55,
      selfDischargePermillePerMonth: 20, expectedLifetimeYears: 12, cycleTestC: 25, cycleTestDodPercent: 100,
      cycleTestChargeMilliC: 500, cycleTestDischargeMilliC: 1_000, dispatchSocPercent: 30,
      dimensions: { lengthMm: 2_100, widthMm: 1_400, heightMm: 150 },
    } },
    { Commercial: {
      purpose: ['automotive'], extinguishers: [{ media: 'Water', fireClass: 'A, B' }], validityYears: 22,
      declarationId: `EU-DoC-${partId}`, spareParts: true,
    } },
    ...documents(base).map((document) => documentsAttribute(api, model, readers, document)),
  ];
}

/** The restricted documents' URLs of `modelPassport({ base })` (none may be in a public export). */
export const restrictedUrls = (base) => documents(base)
  .filter(([, tier]) => tier !== 'Public').map(([, , , url]) => url);

/** `schema` with every object closed (`additionalProperties: false` wherever it is not set). */
function closed(schema) {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, closed(value)]));
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/**
 * A validator of Catena-X Battery Pass 6.1.0 JSON: `validate(json)` returns the list of schema
 * errors (`[]` when the export is valid). Stricter than the schema, which leaves every object
 * open: a key the schema does not define where it stands (a misplaced or misspelt field) is an
 * error too. The schema's own sample passes.
 */
export async function catenaxValidator() {
  const { default: Ajv } = await import('ajv-draft-04');
  const ajv = new Ajv({ allErrors: true, strict: false });
  const check = ajv.compile(closed(JSON.parse(readFileSync(SCHEMA, 'utf8'))));
  return (json) => (check(json) ? [] : check.errors.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
}

/**
 * The steps (`[tx, what]`, for `inOrder` / `together`) by which `pair` declares the model
 * passport of `model` (`modelPassport(options)` in one `utility.batchAll`), or none if `pair`
 * declared one for `model` already (the story told again on the same chain).
 */
export async function declareModelPassport(api, pair, model, options) {
  const declared = await api.call.passportApi.model(pair.address, model);
  if (declared.isSome) return [];
  const readers = (await api.call.passportApi.documentKeys(pair.address)).map((key) => key.toHex());
  const calls = modelPassport(api, model, readers, options)
    .map((attribute) => api.tx.passport.declare(model, attribute));
  return [[api.tx.utility.batchAll(calls), `model passport of ${model}`]];
}
