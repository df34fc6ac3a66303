import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, ValidationTypes } from 'class-validator';
import { fieldProblems } from '../common/validation';
import { CreateReferralDto } from '../referrals/referrals.dto';

type Dto = new (...args: never[]) => object;

/** The classes every DTO module of the service exports (loaded, so class-validator's storage holds their constraints). */
function allDtos(directory: string): Dto[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return allDtos(path);
    if (!entry.name.endsWith('.dto.ts')) return [];
    return Object.values(jest.requireActual<object>(path)).filter((value): value is Dto => typeof value === 'function');
  });
}

/** The constraint names class-validator reports for a DTO's properties (a decorator of our own under the name it was given). */
function constraintNames(dto: Dto): string[] {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<object, { type: string; name?: string }[]> };
  return (storage.validationMetadatas.get(dto) ?? [])
    .filter((metadata) => metadata.type !== ValidationTypes.CONDITIONAL_VALIDATION)
    .map((metadata) => (metadata.type === ValidationTypes.CUSTOM_VALIDATION ? metadata.name! : metadata.type));
}

describe('the request bodies’ constraints', () => {
  it('each have a problem code, so no 400 of a DTO answers unclassified', () => {
    const names = new Set(allDtos(join(__dirname, '..')).flatMap(constraintNames));
    expect(names).toContain('isPhoneNumber');
    expect(names).toContain('isLocalTime');
    const uncoded = [...names].filter((name) => fieldProblems([{ property: 'x', constraints: { [name]: 'x is wrong' }, children: [] }])[0].code === 'unclassified');
    expect(uncoded).toEqual([]);
  });

  it('say a missing referrer in the words of its code', async () => {
    const problems = fieldProblems(await validate(plainToInstance(CreateReferralDto, {}), { stopAtFirstError: true }));
    expect(problems).toContainEqual({ field: 'referrer', problem: 'must not be empty', code: 'validation.required', params: {} });
  });
});
