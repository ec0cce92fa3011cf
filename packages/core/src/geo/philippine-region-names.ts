import { PHILIPPINE_REGIONS } from './philippines.ts';

type RegionCode = (typeof PHILIPPINE_REGIONS)[number]['code'];

/**
 * Names that stand for a Philippine region, beyond the codes and official names of `PHILIPPINE_REGIONS`:
 * the region names DB-IP gives (its `state1` for Philippine addresses is always region-level, spelt as
 * listed here), older and Roman-numeral forms, and the provinces (and a few cities whose names would
 * otherwise be read as a province), since a report often gives one of those as its "region".
 * Negros Occidental, Negros Oriental and Siquijor stay in VI and VII, as in the 17-region list.
 */
const NAMES: Record<RegionCode, string[]> = {
  NCR: ['Metro Manila', 'Manila', 'Quezon City', 'Makati', 'Taguig', 'Pasig'],
  CAR: ['Cordillera', 'Abra', 'Apayao', 'Benguet', 'Ifugao', 'Kalinga', 'Mountain Province'],
  I: ['Ilocos', 'Region I', 'Ilocos Norte', 'Ilocos Sur', 'La Union', 'Pangasinan'],
  II: ['Region II', 'Batanes', 'Cagayan', 'Isabela', 'Nueva Vizcaya', 'Quirino'],
  III: ['Region III', 'Aurora', 'Bataan', 'Bulacan', 'Nueva Ecija', 'Pampanga', 'Tarlac', 'Zambales'],
  'IV-A': ['Region IV-A', 'Batangas', 'Cavite', 'Laguna', 'Quezon', 'Rizal'],
  MIMAROPA: [
    'Region IV-B',
    'Southwestern Tagalog Region',
    'Marinduque',
    'Occidental Mindoro',
    'Oriental Mindoro',
    'Palawan',
    'Romblon',
  ],
  V: ['Bicol', 'Region V', 'Albay', 'Camarines Norte', 'Camarines Sur', 'Catanduanes', 'Masbate', 'Sorsogon'],
  VI: ['Region VI', 'Aklan', 'Antique', 'Capiz', 'Guimaras', 'Iloilo', 'Negros Occidental'],
  VII: ['Region VII', 'Bohol', 'Cebu', 'Negros Oriental', 'Siquijor'],
  VIII: ['Region VIII', 'Biliran', 'Eastern Samar', 'Leyte', 'Northern Samar', 'Samar', 'Southern Leyte'],
  IX: ['Region IX', 'Zamboanga del Norte', 'Zamboanga del Sur', 'Zamboanga Sibugay'],
  X: ['Region X', 'Bukidnon', 'Camiguin', 'Lanao del Norte', 'Misamis Occidental', 'Misamis Oriental'],
  XI: [
    'Davao',
    'Region XI',
    'Davao de Oro',
    'Compostela Valley',
    'Davao del Norte',
    'Davao del Sur',
    'Davao Occidental',
    'Davao Oriental',
  ],
  XII: ['Region XII', 'Cotabato', 'North Cotabato', 'Sarangani', 'South Cotabato', 'Sultan Kudarat'],
  XIII: [
    'Region XIII',
    'Agusan del Norte',
    'Agusan del Sur',
    'Dinagat Islands',
    'Surigao del Norte',
    'Surigao del Sur',
  ],
  BARMM: [
    'ARMM',
    'Autonomous Region in Muslim Mindanao',
    'Cotabato City',
    'Basilan',
    'Lanao del Sur',
    'Maguindanao',
    'Maguindanao del Norte',
    'Maguindanao del Sur',
    'Sulu',
    'Tawi-Tawi',
  ],
};

/** Case, spaces and punctuation do not matter: "Region IV-A", "region iv a" and "REGION-IVA" are one name. */
const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const BY_NAME = new Map<string, RegionCode>();
for (const region of PHILIPPINE_REGIONS) {
  for (const name of [region.code, region.name, ...NAMES[region.code]]) BY_NAME.set(key(name), region.code);
}

/** The Philippine region code (NCR, VII…) a region, province or DB-IP region name stands for, if known. */
export function philippineRegionCode(name: string): RegionCode | undefined {
  return BY_NAME.get(key(name));
}
