import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every Swedish text of the web app, as the modules write them: t('…') calls, and the values of
 * labels({ … }) maps. The English files must have each one, and nothing more.
 */
function webTexts(directory: string): Set<string> {
  const texts = new Set<string>();
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.js'))) {
    const source = readFileSync(join(directory, file), 'utf8');
    for (const [, text] of source.matchAll(/\bt\('((?:[^'\\]|\\.)*)'/g)) texts.add(text);
    for (const [, body] of source.matchAll(/\blabels\(\{([\s\S]*?)\}\)/g)) {
      for (const [, text] of body.matchAll(/:\s*'((?:[^'\\]|\\.)*)'/g)) texts.add(text);
    }
  }
  return texts;
}

/** The dictionaries i18n.js loads, read off its own list so the two cannot disagree. */
function dictionaries(directory: string): string[] {
  const source = readFileSync(join(directory, 'i18n.js'), 'utf8');
  const list = /DICTIONARIES = \[([^\]]*)\]/.exec(source)![1];
  return [...list.matchAll(/'([^']+)'/g)].map(([, file]) => file);
}

describe('the web app in English', () => {
  const directory = __dirname;
  const files = dictionaries(directory);
  const english: Record<string, string> = Object.assign({}, ...files.map((file) => JSON.parse(readFileSync(join(directory, file), 'utf8'))));
  const texts = webTexts(directory);

  it('has an English text for every Swedish one, with the same placeholders', () => {
    expect(files).toContain('en.json');
    expect(texts.size).toBeGreaterThan(100);
    const missing = [...texts].filter((text) => !(text in english));
    expect(missing).toEqual([]);
    for (const text of texts) {
      expect([english[text], (english[text].match(/\{\d\}/g) ?? []).sort()]).toEqual([english[text], (text.match(/\{\d\}/g) ?? []).sort()]);
    }
  });

  it('keeps no English text that the app no longer uses, and each in one file only', () => {
    expect(Object.keys(english).filter((text) => !texts.has(text))).toEqual([]);
    const seen = new Map<string, string>();
    const twice = files.flatMap((file) =>
      Object.keys(JSON.parse(readFileSync(join(directory, file), 'utf8'))).flatMap((text) => (seen.has(text) ? [`${text} (${seen.get(text)}, ${file})`] : (seen.set(text, file), []))),
    );
    expect(twice).toEqual([]);
  });
});
