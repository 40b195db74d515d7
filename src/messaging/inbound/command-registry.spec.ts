import { BASE_COMMANDS } from '../text/command-parser.js';
import { CommandRegistry, type CommandHandler, type CommandOutcome } from './command-registry.js';

function handlerFor(entry: CommandHandler['entry'], outcome: CommandOutcome = {}): CommandHandler {
  return { entry, handle: () => Promise.resolve(outcome) };
}

describe('CommandRegistry', () => {
  let registry: CommandRegistry;

  beforeEach(() => {
    registry = new CommandRegistry();
    for (const entry of BASE_COMMANDS) registry.register(handlerFor(entry));
  });

  it('parses the words of registered commands and hands back their handler', () => {
    const yes = handlerFor({ name: 'YES', synonyms: ['ACCEPT', 'SÍ'], takesCode: true });
    registry.register(yes);

    expect(registry.parse('sí, 731 👍')).toMatchObject({ name: 'YES', code: '731' });
    expect(registry.parse('accept731')).toMatchObject({ name: 'YES', code: '731' });
    expect(registry.handlerFor('YES')).toBe(yes);
    expect(registry.parse('Español')).toMatchObject({ name: 'LANG', argument: 'ES' });
    expect(registry.commandNames()).toEqual(['STOP', 'START', 'HELP', 'LANG', 'YES']);
  });

  it('knows no command before a module registers it', () => {
    expect(registry.parse('CLAIM 4821')).toMatchObject({ name: null, code: null });
    expect(registry.handlerFor('CLAIM')).toBeNull();
    expect(registry.handlerFor(null)).toBeNull();
  });

  it('refuses a second handler for the same command', () => {
    registry.register(handlerFor({ name: 'SHIFTS', synonyms: ['TURNOS'] }));
    expect(() => registry.register(handlerFor({ name: 'SHIFTS', synonyms: [] }))).toThrow(
      'SMS command SHIFTS is already registered',
    );
  });

  it('refuses a word another command owns, and registers nothing of the refused command', () => {
    const claim = handlerFor({ name: 'CLAIM', synonyms: ['TOMAR', 'INFO'], takesCode: true });
    expect(() => registry.register(claim)).toThrow(
      'SMS command word "INFO" of CLAIM already belongs to HELP',
    );

    expect(registry.handlerFor('CLAIM')).toBeNull();
    expect(registry.parse('TOMAR 4821').name).toBeNull();
    expect(registry.parse('info').name).toBe('HELP');
    registry.register(handlerFor({ name: 'CLAIM', synonyms: ['TOMAR'], takesCode: true }));
    expect(registry.parse('TOMAR 4821')).toMatchObject({ name: 'CLAIM', code: '4821' });
  });

  it('refuses CANCEL for a feature command: it is a carrier opt-out word', () => {
    expect(() =>
      registry.register(handlerFor({ name: 'DROP', synonyms: ['CANCEL'], takesCode: true })),
    ).toThrow('already belongs to STOP');
  });
});
