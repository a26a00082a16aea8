import { describe, expect, it } from 'vitest';
import { foldText } from '../../core/text.ts';
import { internationalNameForms } from './organisation.service.ts';

const forms = (name: string) => internationalNameForms(foldText(name));
const same = (a: string, b: string) => forms(a).some((f) => forms(b).includes(f));

describe('the names of an international organisation', () => {
  it('include the name without brackets and each name given in brackets', () => {
    expect(
      forms(
        'Organización Internacional para las Migraciones (OIM) (International Organization for Migration)',
      ),
    ).toEqual([
      'organizacion internacional para las migraciones (oim) (international organization for migration)',
      'organizacion internacional para las migraciones',
      'international organization for migration',
    ]);
  });

  it('join one body written in several ways', () => {
    expect(
      same(
        'International Organization for Migration (IOM)',
        'International Organization for Migration',
      ),
    ).toBe(true);
    expect(
      same(
        'Haut Commissariat des Nations Unies pour les réfugiés (HCR) (Office of the United Nations High Commissioner for Refugees, UNHCR)',
        'Office of the United Nations High Commissioner for Refugees (UNHCR)',
      ),
    ).toBe(true);
    expect(
      same("United Nations Children's Fund (UNICEF)", "UNICEF (United Nations Children's Fund)"),
    ).toBe(true);
  });

  it('never join two bodies on an acronym alone', () => {
    expect(
      same('Council of Europe Development Bank (CEB)', 'Caribbean Examinations Board (CEB)'),
    ).toBe(false);
    expect(same('International Labour Organization (ILO)', 'World Food Programme (WFP)')).toBe(
      false,
    );
  });
});
