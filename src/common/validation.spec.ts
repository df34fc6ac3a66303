import { plainToInstance } from 'class-transformer';
import { Contains, IsString, Length, validate } from 'class-validator';
import { fieldProblems } from './validation';
import { IsEmailAddress, IsLocalTime, IsPhoneNumber } from './validators';

/** The problems class-validator finds in `body` as `dto`, as the validation pipe answers them. */
async function problemsOf(dto: new () => object, body: object) {
  return fieldProblems(await validate(plainToInstance(dto, body), { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }));
}

class Contact {
  @IsPhoneNumber() phone: string;
  @IsEmailAddress() email: string;
  @IsLocalTime() callAfter: string;
}

describe('the validation problems', () => {
  const contact = { phone: '+46701234567', email: 'anna@example.se', callAfter: '08:00' };

  it('gives our own validators their codes, by their constraint names, with the code’s English', async () => {
    await expect(problemsOf(Contact, contact)).resolves.toEqual([]);
    await expect(problemsOf(Contact, { ...contact, phone: '0701234567', email: 'anna@', callAfter: '8:00' })).resolves.toEqual([
      { field: 'phone', problem: 'must be an E.164 phone number such as +46701234567', code: 'validation.phone_format', params: {} },
      { field: 'email', problem: 'must be an e-mail address', code: 'validation.email_format', params: {} },
      { field: 'callAfter', problem: 'must be a local time HH:mm', code: 'validation.time_format', params: {} },
    ]);
  });

  it('tells a length limit by the side it was broken on, and a value with no length as no text', async () => {
    class Note {
      // Length before IsString, as most DTOs write it: the first constraint to fail is the length.
      @Length(2, 5)
      @IsString()
      text: string;
    }
    await expect(problemsOf(Note, { text: 'a' })).resolves.toEqual([expect.objectContaining({ field: 'text', code: 'validation.too_short', params: { min: 2 } })]);
    await expect(problemsOf(Note, { text: 'abcdef' })).resolves.toEqual([expect.objectContaining({ field: 'text', code: 'validation.too_long', params: { max: 5 } })]);
    await expect(problemsOf(Note, { text: 42 })).resolves.toEqual([expect.objectContaining({ field: 'text', code: 'validation.not_text', params: {} })]);
  });

  it('answers a constraint without a code as unclassified, its words as the one parameter', async () => {
    class Motto {
      @Contains('rehab') motto: string;
    }
    await expect(problemsOf(Motto, { motto: 'smärta' })).resolves.toEqual([
      { field: 'motto', problem: 'must contain a rehab string', code: 'unclassified', params: { text: 'must contain a rehab string' } },
    ]);
  });
});
