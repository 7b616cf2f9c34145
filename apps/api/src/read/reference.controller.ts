import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  COMMUNES_WALLONIA,
  COUNTRIES,
  CRI_CODES,
  LANGUAGES,
  communeValidAt,
  type CommuneRecord,
} from '@app/parcours';
import { CommunesQuery } from './read.dto';

/** Folded for a search: lower case, no accents, apostrophes and dashes as spaces. */
const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const SEARCH = new Map<string, string>(
  COMMUNES_WALLONIA.map((c) => [c.code, fold(`${c.name} ${c.nameDe ?? ''} ${c.postcode} ${c.code}`)]),
);
const BY_NAME = [...COMMUNES_WALLONIA].sort(
  (a, b) =>
    a.name.localeCompare(b.name, 'fr', { sensitivity: 'base' }) || a.validFrom.localeCompare(b.validFrom),
);

/** Reference data of api.md v2: the communes of Wallonia with their CRI, countries and languages in French. */
@ApiTags('Référentiels')
@ApiBearerAuth()
@Controller('api/reference')
export class ReferenceController {
  @Get('communes')
  @ApiOperation({
    summary:
      'Les communes de Wallonie (codes INS/REFNIS) avec le CRI dont le territoire les couvre (null : région de langue allemande), les anciens codes des fusions de 2019 et 2025 et leur successeur',
    description:
      '`q` cherche dans le nom (sans tenir compte des accents), le code postal et le code INS ; `cri` filtre un territoire ; `at` ne garde que les codes valides à cette date.',
  })
  communes(@Query() query: CommunesQuery): { items: CommuneRecord[] } {
    const words = query.q ? fold(query.q).split(' ') : [];
    const items = BY_NAME.filter(
      (c) =>
        (query.cri === undefined || c.cri === query.cri) &&
        (query.at === undefined || communeValidAt(c.code, query.at) !== undefined) &&
        words.every((w) => ` ${SEARCH.get(c.code) ?? ''}`.includes(` ${w}`)),
    );
    return { items };
  }

  @Get('countries')
  @ApiOperation({ summary: 'Les pays (ISO 3166-1 alpha-2) et leur nom en français, par ordre alphabétique' })
  countries() {
    return { items: COUNTRIES };
  }

  @Get('languages')
  @ApiOperation({ summary: 'Les langues (ISO 639-1) et leur nom en français, par ordre alphabétique' })
  languages() {
    return { items: LANGUAGES };
  }

  @Get('cris')
  @ApiOperation({
    summary: 'Les 8 centres régionaux d’intégration et le nombre de communes de leur territoire',
  })
  cris() {
    return {
      items: CRI_CODES.map((code) => ({
        code,
        communes: COMMUNES_WALLONIA.filter((c) => c.cri === code && c.validTo === null).length,
      })),
    };
  }
}
