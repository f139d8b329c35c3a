import { describe, expect, it } from 'vitest';
import type { Composition } from '../api';
import { compositionDraftOf, compositionOf, compositionProblems, itemOps, materialSum, moved } from './compositionDraft';

const messages = { required: 'required', notANumber: 'nan', percentRange: 'range', casShape: 'shape', casCheck: (n: number) => `check ${n}`, idRequired: 'id' };

const composition: Composition = {
  parts: [
    {
      name: '筐体',
      numberOfUnits: 1,
      isArticle: true,
      massG: 12,
      comment: 'A@B',
      parts: [{ name: 'ねじ', numberOfUnits: 4, isArticle: true, massG: null, parts: [], materials: [] }],
      materials: [{ name: 'ABS樹脂', materialId: 'M-1', massG: 10, substances: [{ name: '鉛', cas: '7439-92-1', massPercent: 0.2, attributes: { k: 'v' } }] }],
    },
  ],
};

describe('compositionDraft', () => {
  it('round-trips a tree, keeping values the editor has no input for', () => {
    expect(compositionOf(compositionDraftOf(composition))).toEqual({
      parts: [
        {
          name: '筐体',
          partNumber: undefined,
          numberOfUnits: 1,
          isArticle: true,
          massG: 12,
          comment: 'A@B',
          parts: [{ name: 'ねじ', partNumber: undefined, numberOfUnits: 4, isArticle: true, massG: null, parts: [], materials: [] }],
          materials: [
            {
              name: 'ABS樹脂',
              materialId: 'M-1',
              materialClass: undefined,
              massG: 10,
              substances: [{ name: '鉛', cas: '7439-92-1', otherId: undefined, massPercent: 0.2, exemption: undefined, attributes: { k: 'v' } }],
            },
          ],
        },
      ],
    });
  });

  it('keys problems by the API field paths and names the expected CAS check digit', () => {
    const draft = compositionDraftOf(composition);
    const material = draft.parts[0]!.materials[0]!;
    material.substances[0]!.cas = '7439-92-2';
    material.substances.push({ rowId: 'x', name: '', cas: '', otherId: '', massPercent: '120', exemption: '' });
    draft.parts[0]!.parts[0]!.numberOfUnits = 'abc';
    expect(compositionProblems(draft, messages)).toEqual({
      'composition.parts.0.materials.0.substances.0.cas': 'check 1',
      'composition.parts.0.materials.0.substances.1.name': 'required',
      'composition.parts.0.materials.0.substances.1.cas': 'id',
      'composition.parts.0.materials.0.substances.1.massPercent': 'range',
      'composition.parts.0.parts.0.numberOfUnits': 'nan',
    });
    expect(materialSum(material)).toBe(120.2);
  });

  it('moves rows within bounds only', () => {
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
  });

  it('gives each row actions that replace, remove or move it in the list', () => {
    const lists: string[][] = [];
    const items = ['a', 'b', 'c'];
    const middle = itemOps(items, 1, (next) => lists.push(next));
    expect([middle.first, middle.last]).toEqual([false, false]);
    expect([itemOps(items, 0, () => undefined).first, itemOps(items, 2, () => undefined).last]).toEqual([true, true]);
    middle.onChange('B');
    middle.onRemove();
    middle.onMove(-1);
    middle.onMove(1);
    expect(lists).toEqual([
      ['a', 'B', 'c'],
      ['a', 'c'],
      ['b', 'a', 'c'],
      ['a', 'c', 'b'],
    ]);
    expect(items).toEqual(['a', 'b', 'c']);
  });
});
