import type { CountryCode } from 'libphonenumber-js';
import { InvalidPhoneError, maskPhone, parsePhone } from './phone.js';

describe('parsePhone', () => {
  it.each([
    ['(414) 555-0123', 'US', '+14145550123'],
    ['414.555.0123', 'US', '+14145550123'],
    ['+1 414 555 0123', 'US', '+14145550123'],
    ['1-414-286-2000', 'US', '+14142862000'],
    ['  4142862000  ', 'US', '+14142862000'],
    ['+52 55 1234 5678', 'US', '+525512345678'],
    ['55 1234 5678', 'MX', '+525512345678'],
    ['+1 414 286 2000', 'MX', '+14142862000'],
  ])('reads %j in region %s as %s', (input, region, e164) => {
    expect(parsePhone(input, region as CountryCode)).toBe(e164);
  });

  it.each([
    ['12'],
    ['abc'],
    [''],
    ['+1 000 000 0000'],
    ['+1 414 286 200'],
    ['414 286 20001'],
    ['+1 414 286 2000 ext. 12'],
  ])('rejects %j with a message that does not repeat it', (input) => {
    expect(() => parsePhone(input, 'US')).toThrow(InvalidPhoneError);
    expect(() => parsePhone(input, 'US')).toThrow(/^not a valid phone number$/);
  });

  it('reports an unsupported default region as a configuration error, not an invalid phone', () => {
    expect(() => parsePhone('4142862000', 'us' as CountryCode)).toThrow(
      'unsupported default phone region "us"',
    );
  });
});

describe('maskPhone', () => {
  it.each([
    ['+14142862000', '+1•••••••000'],
    ['+525512345678', '+52•••••••678'],
    ['+442079460958', '+44•••••••958'],
    ['+112', '+1••'],
    ['4142862000', '••••••••••'],
  ])('masks %s as %s', (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });
});
