import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every Swedish text of the web app, as the modules write them: t('…') calls, and the values of
 * labels({ … }) maps. The English file must have each one, and nothing more.
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

describe('the web app in English', () => {
  const directory = __dirname;
  const english: Record<string, string> = JSON.parse(readFileSync(join(directory, 'en.json'), 'utf8'));
  const texts = webTexts(directory);

  it('has an English text for every Swedish one, with the same placeholders', () => {
    expect(texts.size).toBeGreaterThan(100);
    const missing = [...texts].filter((text) => !(text in english));
    expect(missing).toEqual([]);
    for (const text of texts) {
      expect([english[text], (english[text].match(/\{\d\}/g) ?? []).sort()]).toEqual([english[text], (text.match(/\{\d\}/g) ?? []).sort()]);
    }
  });

  it('keeps no English text that the app no longer uses', () => {
    expect(Object.keys(english).filter((text) => !texts.has(text))).toEqual([]);
  });
});
