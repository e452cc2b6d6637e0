// The wizard's wire words: the options as the dry run's query, and the invitation links as a CSV.
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, invitationsCsv, optionsQuery } from './data';

describe('optionsQuery', () => {
  it('names the options as the server does (importOptionsSchema)', () => {
    expect(optionsQuery(DEFAULT_OPTIONS)).toBe('onExisting=skip&onUnknownGroup=error&invite=true');
    expect(optionsQuery({ onExisting: 'update', onUnknownGroup: 'create', invite: false })).toBe(
      'onExisting=update&onUnknownGroup=create&invite=false',
    );
  });
});

describe('invitationsCsv', () => {
  it('writes a header and one row per link, quoting what needs it', () => {
    expect(
      invitationsCsv([
        { email: 'ann@example.com', userId: 'a', link: 'https://hub/invitation/a.x' },
        { email: 'odd,"name"@example.com', userId: 'b', link: 'https://hub/invitation/b.y' },
      ]),
    ).toBe(
      'email,link\r\n' +
        'ann@example.com,https://hub/invitation/a.x\r\n' +
        '"odd,""name""@example.com",https://hub/invitation/b.y',
    );
  });
});
