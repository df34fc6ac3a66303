import { humanName, nameMatches } from './human-name';

describe('a name as FHIR parts', () => {
  it('makes the last word the family name and the words before the given names, keeping the text', () => {
    expect(humanName('Anna Maria Andersson')).toEqual({ text: 'Anna Maria Andersson', family: 'Andersson', given: ['Anna', 'Maria'] });
    expect(humanName('  Bo   Berg ')).toEqual({ text: 'Bo Berg', family: 'Berg', given: ['Bo'] });
  });

  it('keeps lower-case particles with the family name, never the first word', () => {
    expect(humanName('Carl von Linné')).toEqual({ text: 'Carl von Linné', family: 'von Linné', given: ['Carl'] });
    expect(humanName('Ana de la Cruz')).toEqual({ text: 'Ana de la Cruz', family: 'de la Cruz', given: ['Ana'] });
    expect(humanName('de Geer')).toEqual({ text: 'de Geer', family: 'Geer', given: ['de'] });
  });

  it('gives one word as the text alone, guessing no part', () => {
    expect(humanName('Cher')).toEqual({ text: 'Cher' });
  });
});

describe('a name search', () => {
  it('finds by the start of the name or of any word, without regard to case or accents', () => {
    expect(nameMatches('Anna Andersson', 'and')).toBe(true);
    expect(nameMatches('Anna Andersson', 'ANNA A')).toBe(true);
    expect(nameMatches('Carl von Linné', 'linne')).toBe(true);
    expect(nameMatches('Anna Andersson', 'ersson')).toBe(false);
    expect(nameMatches('Anna Andersson', ' ')).toBe(false);
  });
});
