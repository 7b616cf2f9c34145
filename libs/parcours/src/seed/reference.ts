/**
 * Small built-in lists the demo population draws from: CRIs weighted by size, communes of each CRI
 * (INS/REFNIS codes of the French-language region, 2019 list), origins with their names and
 * languages, training operators. Sizes: docs/rules.md and the research notes (§7): CRIPEL and CRIC
 * are the largest CRIs, CRILUX and CRIBW the smallest; the split between CRIs is not published.
 */
import type { CriCode } from '../domain';
import type { Weighted } from './prng';

export const CRI_WEIGHTS: Weighted<CriCode> = [
  ['CRIPEL', 24],
  ['CRIC', 20],
  ['CAI', 12],
  ['CIMB', 11],
  ['CERAIC', 10],
  ['CRVI', 8],
  ['CRIBW', 8],
  ['CRILUX', 7],
];

/** Communes served by each CRI: [INS code, name, weight]. The big towns carry most of the newcomers. */
export const CRI_COMMUNES: Readonly<Record<CriCode, readonly (readonly [string, string, number])[]>> = {
  CRIPEL: [
    ['62063', 'Liège', 40],
    ['62096', 'Seraing', 10],
    ['62051', 'Herstal', 7],
    ['62003', 'Ans', 4],
    ['62120', 'Flémalle', 4],
    ['62093', 'Saint-Nicolas', 4],
    ['62118', 'Grâce-Hollogne', 3],
    ['62108', 'Visé', 2],
    ['62022', 'Chaudfontaine', 2],
    ['62038', 'Fléron', 2],
    ['62079', 'Oupeye', 2],
    ['61031', 'Huy', 5],
    ['61072', 'Wanze', 1],
    ['61003', 'Amay', 1],
    ['64074', 'Waremme', 2],
    ['64034', 'Hannut', 1],
  ],
  CRIC: [
    ['52011', 'Charleroi', 55],
    ['52012', 'Châtelet', 6],
    ['52015', 'Courcelles', 4],
    ['52018', 'Farciennes', 3],
    ['52021', 'Fleurus', 4],
    ['52022', "Fontaine-l'Evêque", 3],
    ['52025', 'Gerpinnes', 2],
    ['52048', 'Montigny-le-Tilleul', 2],
    ['52074', 'Aiseau-Presles', 2],
    ['52055', 'Pont-à-Celles', 2],
    ['52075', 'Les Bons Villers', 1],
    ['56078', 'Thuin', 2],
    ['56016', 'Chimay', 1],
    ['56086', 'Ham-sur-Heure-Nalinnes', 1],
  ],
  CAI: [
    ['92094', 'Namur', 35],
    ['92003', 'Andenne', 5],
    ['92142', 'Gembloux', 5],
    ['92137', 'Sambreville', 5],
    ['92140', 'Jemeppe-sur-Sambre', 2],
    ['92035', 'Eghezée', 2],
    ['92048', 'Fosses-la-Ville', 2],
    ['91034', 'Dinant', 4],
    ['91030', 'Ciney', 3],
    ['91114', 'Rochefort', 2],
    ['93056', 'Philippeville', 2],
    ['93014', 'Couvin', 2],
  ],
  CIMB: [
    ['53053', 'Mons', 30],
    ['53014', 'Boussu', 5],
    ['53082', 'Colfontaine', 5],
    ['53020', 'Dour', 3],
    ['53028', 'Frameries', 5],
    ['53065', 'Quaregnon', 5],
    ['53070', 'Saint-Ghislain', 5],
    ['57081', 'Tournai', 12],
    ['57096', 'Mouscron', 8],
    ['51004', 'Ath', 4],
    ['57064', 'Péruwelz', 2],
  ],
  CERAIC: [
    ['58001', 'La Louvière', 35],
    ['58002', 'Binche', 8],
    ['58004', 'Morlanwelz', 4],
    ['55086', 'Manage', 5],
    ['55040', 'Soignies', 6],
    ['55004', 'Braine-le-Comte', 5],
    ['55035', 'Le Roeulx', 2],
    ['55085', 'Seneffe', 2],
    ['51067', 'Enghien', 3],
    ['51069', 'Lessines', 3],
    ['56001', 'Anderlues', 2],
  ],
  CRVI: [
    ['63079', 'Verviers', 45],
    ['63020', 'Dison', 10],
    ['63072', 'Spa', 5],
    ['63058', 'Pepinster', 4],
    ['63035', 'Herve', 5],
    ['63084', 'Welkenraedt', 4],
    ['63049', 'Malmedy', 5],
    ['63076', 'Theux', 3],
    ['63046', 'Limbourg', 3],
    ['63073', 'Stavelot', 2],
  ],
  CRIBW: [
    ['25112', 'Wavre', 15],
    ['25072', 'Nivelles', 14],
    ['25121', 'Ottignies-Louvain-la-Neuve', 14],
    ['25105', 'Tubize', 12],
    ['25014', "Braine-l'Alleud", 12],
    ['25110', 'Waterloo', 8],
    ['25091', 'Rixensart', 6],
    ['25048', 'Jodoigne', 5],
    ['25031', 'Genappe', 4],
    ['25023', 'Court-Saint-Etienne', 3],
  ],
  CRILUX: [
    ['81001', 'Arlon', 25],
    ['81004', 'Aubange', 10],
    ['81015', 'Messancy', 5],
    ['82003', 'Bastogne', 10],
    ['83034', 'Marche-en-Famenne', 12],
    ['84077', 'Libramont-Chevigny', 8],
    ['85045', 'Virton', 8],
    ['84009', 'Bertrix', 4],
    ['83012', 'Durbuy', 4],
    ['84043', 'Neufchâteau', 5],
    ['82032', 'Vielsalm', 4],
  ],
};

/** The city named in operator names for each CRI. */
export const CRI_CITY: Readonly<Record<CriCode, string>> = {
  CRIPEL: 'Liège',
  CRIC: 'Charleroi',
  CAI: 'Namur',
  CIMB: 'Mons',
  CERAIC: 'La Louvière',
  CRVI: 'Verviers',
  CRIBW: 'Brabant wallon',
  CRILUX: 'Luxembourg',
};

/**
 * The accompagnateurs of each CRI in the demo population (username → display name). They are demo users too
 * (apps/api/src/auth/user-directory.ts), so every case of the seed is assigned to a user who can sign in, and « Mes
 * dossiers » of cai.aline and cripel.marc holds their share of their CRI's cases.
 */
export const DEMO_STAFF: Readonly<Record<CriCode, readonly { readonly username: string; readonly displayName: string }[]>> = {
  CRIPEL: [
    { username: 'cripel.marc', displayName: 'Marc Lejeune' },
    { username: 'cripel.nadia', displayName: 'Nadia Benali' },
    { username: 'cripel.thomas', displayName: 'Thomas Dubois' },
    { username: 'cripel.julie', displayName: 'Julie Renard' },
    { username: 'cripel.karim', displayName: 'Karim Haddou' },
    { username: 'cripel.sarah', displayName: 'Sarah Collignon' },
    { username: 'cripel.pierre', displayName: 'Pierre Lambotte' },
    { username: 'cripel.ines', displayName: 'Inès Moreau' },
  ],
  CRIC: [
    { username: 'cric.laura', displayName: 'Laura Delvaux' },
    { username: 'cric.youssef', displayName: 'Youssef El Idrissi' },
    { username: 'cric.anne', displayName: 'Anne Wautier' },
    { username: 'cric.david', displayName: 'David Coppens' },
    { username: 'cric.fatima', displayName: 'Fatima Ouali' },
    { username: 'cric.nicolas', displayName: 'Nicolas Hanquet' },
    { username: 'cric.elise', displayName: 'Élise Thiry' },
  ],
  CAI: [
    { username: 'cai.aline', displayName: 'Aline Dupont' },
    { username: 'cai.sophie', displayName: 'Sophie Lambert' },
    { username: 'cai.olivier', displayName: 'Olivier Gérard' },
    { username: 'cai.amina', displayName: 'Amina Diallo' },
    { username: 'cai.luc', displayName: 'Luc Francotte' },
  ],
  CIMB: [
    { username: 'cimb.chloe', displayName: 'Chloé Delhaye' },
    { username: 'cimb.rachid', displayName: 'Rachid Amrani' },
    { username: 'cimb.marie', displayName: 'Marie Lecomte' },
    { username: 'cimb.jerome', displayName: 'Jérôme Urbain' },
  ],
  CERAIC: [
    { username: 'ceraic.giulia', displayName: 'Giulia Russo' },
    { username: 'ceraic.samuel', displayName: 'Samuel Nkoma' },
    { username: 'ceraic.lea', displayName: 'Léa Vandenberghe' },
    { username: 'ceraic.hakim', displayName: 'Hakim Zerrouki' },
  ],
  CRVI: [
    { username: 'crvi.emilie', displayName: 'Émilie Schmitz' },
    { username: 'crvi.jonathan', displayName: 'Jonathan Lemaire' },
    { username: 'crvi.salma', displayName: 'Salma Tahiri' },
  ],
  CRIBW: [
    { username: 'cribw.catherine', displayName: 'Catherine Nizet' },
    { username: 'cribw.mehdi', displayName: 'Mehdi Bouzid' },
    { username: 'cribw.valerie', displayName: 'Valérie Gilson' },
  ],
  CRILUX: [
    { username: 'crilux.francois', displayName: 'François Collard' },
    { username: 'crilux.aicha', displayName: 'Aïcha Sow' },
    { username: 'crilux.benoit', displayName: 'Benoît Lefèvre' },
  ],
};

/** Accompagnateurs per CRI (usernames, as the API records them on a case). */
export const ACCOMPAGNATEURS: Readonly<Record<CriCode, readonly string[]>> = Object.fromEntries(
  Object.entries(DEMO_STAFF).map(([cri, people]) => [cri, people.map((p) => p.username)]),
) as unknown as Record<CriCode, readonly string[]>;

export type NameSet = {
  readonly last: readonly string[];
  readonly first: { readonly F: readonly string[]; readonly M: readonly string[] };
};

const ARABIC: NameSet = {
  last: [
    'El Amrani',
    'Benali',
    'Haddad',
    'Al-Hassan',
    'Bouzid',
    'Cherkaoui',
    'Mansour',
    'Khalil',
    'Saleh',
    'Darwish',
    'Ouali',
    'Azzouzi',
    'Belkacem',
    'El Idrissi',
    'Bennani',
    'Hamdi',
    'Nasser',
    'Al-Khatib',
    'Jaber',
    'Taha',
    'Boukhari',
    'Mahmoud',
  ],
  first: {
    F: [
      'Fatima',
      'Aïcha',
      'Samira',
      'Nour',
      'Leïla',
      'Khadija',
      'Amina',
      'Rania',
      'Yasmina',
      'Salma',
      'Hanane',
      'Zineb',
      'Mariam',
      'Houda',
    ],
    M: [
      'Mohamed',
      'Ahmed',
      'Youssef',
      'Omar',
      'Karim',
      'Hamza',
      'Bilal',
      'Rachid',
      'Mehdi',
      'Ayoub',
      'Khaled',
      'Tarek',
      'Ibrahim',
      'Anas',
    ],
  },
};
const PERSIAN: NameSet = {
  last: [
    'Ahmadi',
    'Hosseini',
    'Rahimi',
    'Karimi',
    'Sultani',
    'Noori',
    'Mohammadi',
    'Haidari',
    'Jafari',
    'Sadat',
    'Rezaei',
    'Stanikzai',
  ],
  first: {
    F: ['Zahra', 'Maryam', 'Parisa', 'Fatemeh', 'Shabnam', 'Nargis', 'Freshta', 'Mina', 'Soraya'],
    M: ['Ali', 'Reza', 'Farid', 'Mustafa', 'Wahid', 'Hamid', 'Jawad', 'Mahdi', 'Sayed', 'Navid'],
  },
};
const CENTRAL_AFRICAN: NameSet = {
  last: [
    'Mukendi',
    'Mbuyi',
    'Kalonji',
    'Tshibanda',
    'Ilunga',
    'Kabongo',
    'Lukusa',
    'Mbarga',
    'Nkoulou',
    'Ngono',
    'Uwimana',
    'Habimana',
    'Niyonzima',
    'Mutombo',
    'Ndayishimiye',
    'Kasongo',
  ],
  first: {
    F: [
      'Grâce',
      'Christelle',
      'Divine',
      'Sandrine',
      'Nadège',
      'Josiane',
      'Bénédicte',
      'Clarisse',
      'Aline',
      'Merveille',
    ],
    M: [
      'Jean-Claude',
      'Patrick',
      'Arsène',
      'Espoir',
      'Blaise',
      'Serge',
      'Didier',
      'Fabrice',
      'Cédric',
      'Héritier',
    ],
  },
};
const WEST_AFRICAN: NameSet = {
  last: [
    'Diallo',
    'Bah',
    'Sow',
    'Barry',
    'Camara',
    'Ndiaye',
    'Fall',
    'Diop',
    'Traoré',
    'Keita',
    'Condé',
    'Touré',
    'Sylla',
    'Balde',
  ],
  first: {
    F: ['Aminata', 'Fatoumata', 'Mariama', 'Kadiatou', 'Aïssatou', 'Awa', 'Hawa', 'Binta', 'Oumou'],
    M: ['Mamadou', 'Ibrahima', 'Alpha', 'Ousmane', 'Souleymane', 'Moussa', 'Abdoulaye', 'Cheikh', 'Amadou'],
  },
};
const HORN_OF_AFRICA: NameSet = {
  last: [
    'Tesfaye',
    'Ghebremedhin',
    'Tekle',
    'Abdi',
    'Warsame',
    'Haile',
    'Berhane',
    'Yohannes',
    'Osman',
    'Hussein',
    'Mebrahtu',
  ],
  first: {
    F: ['Senait', 'Saba', 'Luwam', 'Hodan', 'Helen', 'Ruta', 'Fiori', 'Ayan', 'Hawo'],
    M: ['Yonas', 'Filmon', 'Dawit', 'Abdirahman', 'Samuel', 'Robel', 'Mohamed', 'Abdullahi', 'Semere'],
  },
};
const SLAVIC: NameSet = {
  last: [
    'Shevchenko',
    'Kovalenko',
    'Bondarenko',
    'Melnyk',
    'Tkachenko',
    'Petrenko',
    'Kravchenko',
    'Boyko',
    'Ivanova',
    'Sokolova',
    'Popova',
    'Morozov',
  ],
  first: {
    F: ['Oksana', 'Olena', 'Iryna', 'Natalia', 'Yulia', 'Tetiana', 'Svitlana', 'Anastasia', 'Kateryna'],
    M: ['Andriy', 'Dmytro', 'Serhiy', 'Oleksandr', 'Vitaliy', 'Mykola', 'Yevhen', 'Ivan', 'Pavlo'],
  },
};
const TURKISH: NameSet = {
  last: [
    'Yılmaz',
    'Kaya',
    'Demir',
    'Şahin',
    'Çelik',
    'Öztürk',
    'Aydın',
    'Arslan',
    'Doğan',
    'Koç',
    'Kurt',
    'Özdemir',
  ],
  first: {
    F: ['Ayşe', 'Elif', 'Zeynep', 'Fatma', 'Emine', 'Merve', 'Büşra', 'Esra', 'Hatice'],
    M: ['Mehmet', 'Emre', 'Mustafa', 'Hakan', 'Burak', 'Murat', 'Yusuf', 'Hüseyin', 'Serkan'],
  },
};
const LATIN: NameSet = {
  last: [
    'Silva',
    'Santos',
    'Oliveira',
    'Pereira',
    'Rodríguez',
    'González',
    'Martínez',
    'Hernández',
    'Gómez',
    'Fernandes',
    'Costa',
    'Ramírez',
    'Torres',
  ],
  first: {
    F: ['Ana', 'Mariana', 'Camila', 'Gabriela', 'Daniela', 'Valentina', 'Juliana', 'Lucía', 'Beatriz'],
    M: ['Carlos', 'José', 'Luis', 'João', 'Diego', 'Andrés', 'Rafael', 'Pedro', 'Miguel'],
  },
};
const ASIAN: NameSet = {
  last: [
    'Singh',
    'Kumar',
    'Patel',
    'Sharma',
    'Wang',
    'Li',
    'Zhang',
    'Chen',
    'Nguyễn',
    'Trần',
    'Khan',
    'Hussain',
    'Rahman',
  ],
  first: {
    F: ['Priya', 'Anjali', 'Mei', 'Xin', 'Linh', 'Anh', 'Ayesha', 'Sana', 'Nusrat'],
    M: ['Rahul', 'Arjun', 'Wei', 'Jun', 'Minh', 'Duc', 'Imran', 'Bilal', 'Tanvir'],
  },
};
const EUROPEAN: NameSet = {
  last: [
    'Martin',
    'Bernard',
    'Dubois',
    'Lefèvre',
    'Rossi',
    'Russo',
    'Esposito',
    'Popescu',
    'Ionescu',
    'Kowalski',
    'Nowak',
    'Müller',
    'Schmidt',
    'De Vries',
    'Papadopoulos',
    'Ivanov',
    'García',
    'Ferreira',
  ],
  first: {
    F: ['Camille', 'Giulia', 'Elena', 'Anna', 'Sophie', 'Maria', 'Ioana', 'Katarzyna', 'Laura', 'Inês'],
    M: ['Lucas', 'Luca', 'Andrei', 'Piotr', 'Lukas', 'Thomas', 'Marco', 'Nikos', 'Jan', 'Tiago'],
  },
};

export type Origin = {
  readonly country: string;
  readonly names: NameSet;
  /** Contact languages, most likely first. */
  readonly languages: readonly string[];
  /** Share of people already at A2 or above in French at positioning. */
  readonly francophone: number;
};

const o = (country: string, names: NameSet, languages: readonly string[], francophone = 0.1): Origin => ({
  country,
  names,
  languages,
  francophone,
});

/** Countries of origin of the primo-arrivants (not EU/EEA/CH), weighted. */
export const THIRD_COUNTRY_ORIGINS: Weighted<Origin> = [
  [o('MA', ARABIC, ['ar', 'fr', 'ber'], 0.45), 14],
  [o('SY', ARABIC, ['ar', 'ku', 'en']), 9],
  [o('AF', PERSIAN, ['ps', 'fa', 'en']), 8],
  [o('CD', CENTRAL_AFRICAN, ['fr', 'ln', 'sw'], 0.8), 9],
  [o('CM', CENTRAL_AFRICAN, ['fr', 'en'], 0.75), 6],
  [o('GN', WEST_AFRICAN, ['fr', 'ff', 'sus'], 0.55), 6],
  [o('SN', WEST_AFRICAN, ['fr', 'wo'], 0.6), 3],
  [o('DZ', ARABIC, ['ar', 'fr'], 0.55), 4],
  [o('TN', ARABIC, ['ar', 'fr'], 0.5), 3],
  [o('ER', HORN_OF_AFRICA, ['ti', 'ar', 'en']), 5],
  [o('SO', HORN_OF_AFRICA, ['so', 'ar', 'en']), 3],
  [o('PS', ARABIC, ['ar', 'en']), 4],
  [o('IQ', ARABIC, ['ar', 'ku']), 3],
  [o('RU', SLAVIC, ['ru', 'en']), 2],
  [o('BR', LATIN, ['pt', 'es', 'en']), 4],
  [o('CO', LATIN, ['es']), 2],
  [o('VE', LATIN, ['es']), 2],
  [o('IN', ASIAN, ['en', 'hi']), 3],
  [o('CN', ASIAN, ['zh', 'en']), 2],
  [o('PK', ASIAN, ['ur', 'en']), 2],
  [o('RW', CENTRAL_AFRICAN, ['fr', 'rw', 'en'], 0.6), 2],
  [o('BI', CENTRAL_AFRICAN, ['fr', 'rn'], 0.7), 2],
];

/** Turkish nationals: dispense D10 (standstill clause). */
export const TURKEY: Origin = o('TR', TURKISH, ['tr', 'ku', 'en']);
/** Ukrainians under temporary protection: dispense D11. */
export const UKRAINE: Origin = o('UA', SLAVIC, ['uk', 'ru', 'en']);

/** EU / EEA / Swiss citizens: outside the public obligé, sometimes volunteers. */
export const EU_ORIGINS: Weighted<Origin> = [
  [o('FR', EUROPEAN, ['fr'], 1), 8],
  [o('IT', EUROPEAN, ['it', 'fr'], 0.4), 5],
  [o('ES', LATIN, ['es'], 0.2), 4],
  [o('PT', LATIN, ['pt', 'fr'], 0.3), 4],
  [o('RO', EUROPEAN, ['ro', 'fr', 'en'], 0.3), 6],
  [o('PL', EUROPEAN, ['pl', 'en']), 3],
  [o('BG', EUROPEAN, ['bg', 'en']), 2],
  [o('GR', EUROPEAN, ['el', 'en']), 2],
  [o('NL', EUROPEAN, ['nl', 'en']), 1],
  [o('DE', EUROPEAN, ['de', 'en']), 1],
];

/** Belgians of foreign origin, who may follow the parcours voluntarily. */
export const BELGIAN_ORIGINS: Weighted<Origin> = [
  [o('BE', ARABIC, ['fr', 'ar'], 0.9), 3],
  [o('BE', TURKISH, ['fr', 'tr'], 0.8), 1],
  [o('BE', CENTRAL_AFRICAN, ['fr'], 1), 2],
];

export const BILAN_NEEDS = [
  'logement',
  'emploi',
  'santé',
  'scolarité des enfants',
  'équivalence de diplôme',
  'permis de conduire',
  "garde d'enfants",
  'aide juridique',
  'mobilité',
  'démarches administratives',
];

export const POSITIONING_TESTS = ['Test de positionnement CRI', 'ELAO', 'Test oral et écrit (CRI)'];

export const CERTIFICATIONS: Weighted<{ issuer: string; test: string | null }> = [
  [{ issuer: 'Enseignement de promotion sociale', test: 'UE français langue étrangère A2' }, 5],
  [{ issuer: 'France Éducation International', test: 'DELF A2' }, 3],
  [{ issuer: 'Alliance française', test: 'TCF' }, 1],
];

export const frenchOperators = (cri: CriCode): readonly string[] => [
  `Lire et Écrire ${CRI_CITY[cri]}`,
  `Promotion sociale ${CRI_CITY[cri]}`,
  `CPAS — cours de français (${CRI_CITY[cri]})`,
  'Collectif Alpha',
];

export const citizenshipOperators = (cri: CriCode): readonly string[] => [
  cri,
  `${cri} — formation à la citoyenneté`,
  `ASBL interculturelle (${CRI_CITY[cri]})`,
];

export const ISP_PROVIDERS = ['Forem', 'Forem', 'CRI'];

export const EVALUATION_NOTES = [
  'Bonne progression en français.',
  'Assiduité régulière aux cours.',
  "Difficultés de garde d'enfants signalées.",
  "Souhaite s'orienter vers une formation qualifiante.",
  'Recherche un emploi ; inscrit au Forem.',
  'Cours interrompus quelques semaines (raisons familiales).',
  null,
];

export const DISPENSE_EVIDENCE: Readonly<Record<string, string>> = {
  D1: "Copie de l'attestation d'intégration obtenue en Flandre (inburgeringsattest)",
  D2: 'Certificat médical circonstancié',
  D3: "Copie du diplôme de l'enseignement belge",
  D5: 'Contrat de travail (mi-temps au moins) et fiches de paie de plus de trois mois',
  D6: "Attestation d'inscription comme étudiant régulier",
  D7: "Attestation de l'établissement d'accueil (échange)",
  D8: 'Attestation de bourse de doctorat',
  D9: "Attestation de l'établissement d'enseignement supérieur",
};

export const CLOSURE_NOTES: Readonly<Record<string, string>> = {
  'left-belgium': 'Départ de Belgique signalé par la commune.',
  'moved-out-of-region': 'Déménagement hors de la région de langue française.',
  deceased: 'Décès signalé par la commune.',
  withdrawn: 'Ne souhaite plus suivre le parcours.',
  completed: 'Parcours terminé après la délivrance de l’attestation.',
  other: 'Dossier clôturé (autre motif).',
};
