import { SeededRandom } from '../../demo/random.ts';

/**
 * Synthetic, neutral people and places for the payment generator. A person is derived from a number, so
 * the generator keeps numbers, not people, in memory.
 */

export type Culture = 'filipino' | 'western' | 'latin' | 'south-asian' | 'west-african' | 'thai';

export interface Place {
  /** Minutes east of UTC (one typical zone). */
  offset: number;
  currency: string;
  dial: string;
  /** A mobile number: the national prefix, then this many random digits. */
  mobile: string;
  digits: number;
  culture: Culture;
}

export const PLACES: Record<string, Place> = {
  US: { offset: -300, currency: 'USD', dial: '1', culture: 'western', mobile: '2', digits: 9 },
  CA: { offset: -300, currency: 'CAD', dial: '1', culture: 'western', mobile: '2', digits: 9 },
  GB: { offset: 0, currency: 'GBP', dial: '44', culture: 'western', mobile: '7', digits: 9 },
  AU: { offset: 600, currency: 'AUD', dial: '61', culture: 'western', mobile: '4', digits: 8 },
  NZ: { offset: 720, currency: 'NZD', dial: '64', culture: 'western', mobile: '21', digits: 7 },
  DE: { offset: 60, currency: 'EUR', dial: '49', culture: 'western', mobile: '15', digits: 9 },
  NL: { offset: 60, currency: 'EUR', dial: '31', culture: 'western', mobile: '6', digits: 8 },
  SE: { offset: 60, currency: 'SEK', dial: '46', culture: 'western', mobile: '7', digits: 8 },
  IT: { offset: 60, currency: 'EUR', dial: '39', culture: 'western', mobile: '3', digits: 9 },
  JP: { offset: 540, currency: 'JPY', dial: '81', culture: 'western', mobile: '90', digits: 8 },
  SA: { offset: 180, currency: 'SAR', dial: '966', culture: 'western', mobile: '5', digits: 8 },
  AE: { offset: 240, currency: 'AED', dial: '971', culture: 'western', mobile: '5', digits: 8 },
  QA: { offset: 180, currency: 'QAR', dial: '974', culture: 'western', mobile: '3', digits: 7 },
  KW: { offset: 180, currency: 'KWD', dial: '965', culture: 'western', mobile: '5', digits: 7 },
  HK: { offset: 480, currency: 'HKD', dial: '852', culture: 'western', mobile: '9', digits: 7 },
  SG: { offset: 480, currency: 'SGD', dial: '65', culture: 'western', mobile: '9', digits: 7 },
  PH: { offset: 480, currency: 'PHP', dial: '63', culture: 'filipino', mobile: '9', digits: 9 },
  MX: { offset: -360, currency: 'MXN', dial: '52', culture: 'latin', mobile: '55', digits: 8 },
  CO: { offset: -300, currency: 'COP', dial: '57', culture: 'latin', mobile: '3', digits: 9 },
  TH: { offset: 420, currency: 'THB', dial: '66', culture: 'thai', mobile: '8', digits: 8 },
  IN: { offset: 330, currency: 'INR', dial: '91', culture: 'south-asian', mobile: '9', digits: 9 },
  GH: { offset: 0, currency: 'GHS', dial: '233', culture: 'west-african', mobile: '2', digits: 8 },
  NG: { offset: 60, currency: 'NGN', dial: '234', culture: 'west-african', mobile: '80', digits: 8 },
  CI: { offset: 0, currency: 'XOF', dial: '225', culture: 'west-african', mobile: '07', digits: 8 },
};

/** US and Canadian senders live in several zones. */
const NORTH_AMERICAN_OFFSETS = [-300, -360, -420, -480];

/** Given names by culture: women's, then men's. */
const FIRST_NAMES: Record<Culture, readonly [readonly string[], readonly string[]]> = {
  filipino: [
    [
      'Maria',
      'Ana',
      'Rosa',
      'Joy',
      'Liza',
      'Grace',
      'Nina',
      'Rhea',
      'Marites',
      'Aileen',
      'Cristina',
      'Divina',
    ],
    ['Jose', 'Juan', 'Mark', 'Paolo', 'Ramon', 'Carlo', 'Dante', 'Jun', 'Noel', 'Rey', 'Arnel', 'Ricardo'],
  ],
  western: [
    ['Mary', 'Linda', 'Susan', 'Karen', 'Helen', 'Emma', 'Laura', 'Anne', 'Claire', 'Julia', 'Sarah', 'Ruth'],
    [
      'James',
      'Robert',
      'Michael',
      'David',
      'Paul',
      'Daniel',
      'Peter',
      'Thomas',
      'Mark',
      'Simon',
      'Andrew',
      'Brian',
    ],
  ],
  latin: [
    ['Carmen', 'Lucia', 'Elena', 'Sofia', 'Isabel', 'Paula'],
    ['Luis', 'Jorge', 'Miguel', 'Pedro', 'Andres', 'Diego'],
  ],
  'south-asian': [
    ['Priya', 'Anita', 'Meera', 'Kavita', 'Divya'],
    ['Arjun', 'Rahul', 'Vikram', 'Sanjay', 'Rohan'],
  ],
  thai: [
    ['Malee', 'Siriporn', 'Nok', 'Ploy', 'Kanya'],
    ['Somchai', 'Niran', 'Anan', 'Chai', 'Preecha'],
  ],
  'west-african': [
    ['Ama', 'Abena', 'Ngozi', 'Adaeze', 'Aya', 'Efua'],
    ['Kwame', 'Kofi', 'Chidi', 'Emeka', 'Yao', 'Tunde'],
  ],
};

const FAMILY_NAMES: Record<Culture, readonly string[]> = {
  filipino: [
    'Santos',
    'Reyes',
    'Cruz',
    'Bautista',
    'Ocampo',
    'Garcia',
    'Mendoza',
    'Torres',
    'Villanueva',
    'Ramos',
    'Aquino',
    'Castillo',
    'Flores',
    'Navarro',
    'Gonzales',
    'Lopez',
    'Mercado',
    'Aguilar',
    'Pascual',
    'Domingo',
    'Salazar',
    'Soriano',
    'Manalo',
    'Dizon',
    'Tolentino',
    'Valdez',
    'Marquez',
    'Samonte',
    'Lacson',
    'Galang',
    'Magbanua',
    'Panganiban',
    'Macaraeg',
    'Buenaventura',
    'Evangelista',
    'Sison',
  ],
  western: [
    'Smith',
    'Brown',
    'Miller',
    'Walker',
    'Turner',
    'Hughes',
    'Evans',
    'Carter',
    'Baker',
    'Wright',
    'Harris',
    'Clarke',
    'Young',
    'Allen',
    'King',
    'Scott',
    'Green',
    'Adams',
    'Hill',
    'Moore',
    'Wood',
    'Ward',
    'Cook',
    'Bell',
    'Murphy',
    'Bailey',
    'Cooper',
    'Fischer',
    'Keller',
    'Jansen',
    'Larsen',
    'Novak',
    'Webb',
    'Hayes',
    'Porter',
    'Reed',
  ],
  latin: [
    'Hernandez',
    'Martinez',
    'Rodriguez',
    'Gomez',
    'Diaz',
    'Morales',
    'Vargas',
    'Castro',
    'Rojas',
    'Ortiz',
  ],
  'south-asian': ['Kumar', 'Patel', 'Sharma', 'Singh', 'Gupta', 'Iyer', 'Nair', 'Reddy', 'Rao', 'Joshi'],
  thai: ['Srisuk', 'Wongsa', 'Chaiyaporn', 'Thongdee', 'Boonmee', 'Suksawat'],
  'west-african': [
    'Mensah',
    'Okafor',
    'Boateng',
    'Adeyemi',
    'Owusu',
    'Nwosu',
    'Kouassi',
    'Asante',
    'Eze',
    'Traore',
  ],
};

export interface Person {
  id: string;
  name: string;
  familyName: string;
  phone: string;
  email: string;
  sex: 'F' | 'M';
}

/** A bijection on 32-bit numbers, so person numbers give distinct ids that do not show their order. */
function scramble(n: number): number {
  let x = (n ^ 0x5bd1e995) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * The person numbered `n`, named in `culture`; `familyName` makes them a relative (it becomes their
 * mother's family name, as a Filipino middle name, or their own).
 */
export function person(seed: number, n: number, culture: Culture, place: Place, familyName?: string): Person {
  const random = new SeededRandom(scramble(n) ^ Math.imul(seed, 0x9e3779b1));
  const sex = random.chance(0.5) ? 'F' : 'M';
  const first = random.pick(FIRST_NAMES[culture][sex === 'F' ? 0 : 1]);
  // Filipino relatives may share only the mother's family name (the middle name); others share their own.
  const own =
    familyName && (culture !== 'filipino' || random.chance(0.5))
      ? familyName
      : random.pick(FAMILY_NAMES[culture]);
  const middle =
    culture === 'filipino'
      ? familyName && own !== familyName
        ? familyName
        : random.pick(FAMILY_NAMES.filipino)
      : undefined;
  const name = middle && middle !== own ? `${first} ${middle} ${own}` : `${first} ${own}`;
  const local = `${first}.${own}`.toLowerCase().replace(/[^a-z.]/g, '');
  return {
    id: `C${String(scramble(n)).padStart(10, '0')}`,
    name,
    familyName: own,
    phone: `+${place.dial}${place.mobile}${random.digits(place.digits)}`,
    email: `${local}${random.int(1, 999)}@example.${random.pick(['com', 'net', 'org'])}`,
    sex,
  };
}

/** The zone a sender in `country` writes timestamps in (North America spans several). */
export function offsetOf(country: string, n: number): number {
  if (country === 'US' || country === 'CA') return NORTH_AMERICAN_OFFSETS[n % NORTH_AMERICAN_OFFSETS.length]!;
  return PLACES[country]!.offset;
}
