import { type AreaTranslate, useCatalogue } from '../intake/catalogue';
import { intakeEn } from '../intake/i18n.en';
import { type IntakeKey, intakeZhCN } from '../intake/i18n.zh-CN';
import { fieldEn } from './i18n.en';
import { type FieldKey, fieldZhCN } from './i18n.zh-CN';

export type FT = AreaTranslate<FieldKey>;
export type IT = AreaTranslate<IntakeKey>;

/** The field area's messages in the person's language. */
export function useFieldCatalogue() {
  return useCatalogue(fieldZhCN, fieldEn);
}

/** Ticket terms shared with the customer's and the desk's screens (levels, categories, events). */
export function useTermsCatalogue() {
  return useCatalogue(intakeZhCN, intakeEn);
}
