import { describe, expect, it } from 'vitest';
import { idHash, PartyTable } from '../src/finance/party-table.ts';
import { newParty, type Party } from '../src/finance/screening-state.ts';

const party = (id: string): Party => newParty('sender', id, 'AU', undefined);

/** A table holding `ids`, each under the hash `hashOf` gives it. */
function tableOf(ids: string[], hashOf: (id: string) => number = idHash) {
  const table = new PartyTable();
  const parties = new Map(ids.map((id) => [id, party(id)]));
  for (const [id, p] of parties) table.add(hashOf(id), p);
  return { table, parties };
}

describe('the screener party table', () => {
  it.each([
    ['distinct hashes', idHash],
    // Every id in one probe run: found only by comparing ids.
    ['one hash for all', () => 7],
    // Runs that wrap past the last slot to the first.
    ['hashes at the end of the table', (id: string) => -1 - (id.length % 3)],
  ])('finds each party it holds and no other, with %s', (_, hashOf) => {
    const ids = Array.from({ length: 300 }, (_, i) => `C${String(i).padStart(10, '0')}`);
    const { table, parties } = tableOf(ids, hashOf);
    for (const id of ids) expect(table.get(id, hashOf(id))).toBe(parties.get(id));
    expect(table.get('C9999999999', hashOf('C9999999999'))).toBeUndefined();
    expect(table.size).toBe(300);
  });

  it('grows past its first thousand slots and still finds everything', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `P${i}`);
    const { table, parties } = tableOf(ids);
    expect(ids.every((id) => table.get(id, idHash(id)) === parties.get(id))).toBe(true);
  });

  it('retains the parties asked for, asking in the order they were added', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `R${i}`);
    const { table, parties } = tableOf(ids);
    const asked: string[] = [];
    table.retain((p) => {
      asked.push(p.id);
      return Number(p.id.slice(1)) % 10 === 0;
    });
    expect(asked).toEqual(ids);
    expect(table.size).toBe(500);
    for (const id of ids)
      expect(table.get(id, idHash(id))).toBe(Number(id.slice(1)) % 10 === 0 ? parties.get(id) : undefined);
    // Added again after a sweep, an id is found once more.
    const again = party('R1');
    table.add(idHash('R1'), again);
    expect(table.get('R1', idHash('R1'))).toBe(again);
  });

  it('hashes an id the same way every time, never to 0 (the empty slot)', () => {
    const ids = ['', 'a', 'C0763139748', 'wallet:0x52908400098527886E0F7030069857D2E4169EE7'];
    for (const id of ids) {
      expect(idHash(id)).toBe(idHash(`${id}`));
      expect(idHash(id)).not.toBe(0);
    }
    expect(new Set(ids.map(idHash)).size).toBe(ids.length);
  });
});
