import { unsafeTextProblem } from './safe-text.js';

describe('unsafeTextProblem', () => {
  it('accepts any well-formed text, emoji and accents included', () => {
    for (const text of ['', 'Hola, ¿qué tal?', 'Meeting 🚗 at 6', '\uD83D\uDE97', 'tab\tand\nnewline'])
      expect(unsafeTextProblem(text)).toBeNull();
  });

  it('refuses NUL anywhere', () => {
    for (const text of ['\u0000', 'a\u0000', '\u0000b'])
      expect(unsafeTextProblem(text)).toBe('must not contain NUL characters');
  });

  it('refuses a surrogate that is not half of a pair', () => {
    for (const text of ['\uD800', 'x\uDC00', '\uDE97\uD83D', 'end \uD83D'])
      expect(unsafeTextProblem(text)).toBe('must not contain unpaired surrogate characters');
  });
});
