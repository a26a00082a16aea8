import { describe, expect, it } from 'vitest';
import { createViewContext } from '../../core/http/view-context.ts';
import { translator } from '../../core/i18n/i18n.ts';
import { ChoiceGroup, Field, SelectField, TextArea } from './Form.tsx';
import { FormFields } from './FormFields.tsx';

const context = () =>
  createViewContext({
    locale: 'en',
    text: translator('en'),
    path: '/editor',
    publicUrl: 'http://localhost',
    assets: { css: '/c.css', js: '/s.js', icon: '/i.svg' },
  });

const problems = [{ field: 'body', message: 'is too long' }];
const values = { title: 'Kept <title>', body: 'Text', kind: ['b', 'a'], tags: ['x', 'y'], on: '1' };
const choices = [
  { value: 'a', label: 'A' },
  { value: 'b', label: 'B' },
];

describe('FormFields', () => {
  it('draws each field as its own component would, filled with what the form holds', async () => {
    const ctx = context();
    const fromList = String(
      await FormFields({
        ctx,
        problems,
        values,
        fields: [
          { name: 'title', label: 'Title', maxlength: 300 },
          { type: 'date', name: 'day', label: 'Day', value: '2026-01-02' },
          { kind: 'area', name: 'body', label: 'Body', hint: 'Say it', rows: 3 },
          { kind: 'select', name: 'kind', label: 'Kind', empty: '', choices },
          { kind: 'choices', name: 'tags', label: 'Tags', choices },
          { kind: 'box', name: 'on', label: 'On', box: 'Yes' },
          { kind: 'box', name: 'off', label: 'Off', box: 'Yes' },
        ],
      }),
    );
    const byHand = [
      Field({
        ctx,
        name: 'title',
        label: 'Title',
        problems,
        value: 'Kept <title>',
        maxlength: 300,
      }),
      Field({ ctx, type: 'date', name: 'day', label: 'Day', problems, value: '2026-01-02' }),
      TextArea({
        ctx,
        name: 'body',
        label: 'Body',
        hint: 'Say it',
        problems,
        value: 'Text',
        rows: 3,
      }),
      SelectField({ ctx, name: 'kind', label: 'Kind', problems, value: 'b', empty: '', choices }),
      ChoiceGroup({ ctx, name: 'tags', label: 'Tags', problems, values: ['x', 'y'], choices }),
      ChoiceGroup({
        ctx,
        name: 'on',
        label: 'On',
        problems,
        values: ['1'],
        choices: [{ value: '1', label: 'Yes' }],
      }),
      ChoiceGroup({
        ctx,
        name: 'off',
        label: 'Off',
        problems,
        values: [],
        choices: [{ value: '1', label: 'Yes' }],
      }),
    ].join('');
    expect(fromList).toBe(byHand);
    expect(fromList).toContain('value="Kept <title>"');
    expect(fromList).toContain('id="field-body-error"');
  });
});
