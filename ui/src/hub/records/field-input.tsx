// One form input per field type (text, email, url, number, bool, select, date, json, relation),
// labelled with the field's name, marked when required, with its error next to it.
import { Checkbox, JsonInput, MultiSelect, NumberInput, Select, TextInput } from '@mantine/core';
import { formatNumber } from './format';
import type { CollectionModel, FieldModel } from './schema';
import { labelOf } from './schema';
import { type FormValue, inputKind } from './inputs';
import { RelationMultiSelect, RelationSelect } from './relation-picker';

export interface FieldInputProps {
  field: FieldModel;
  value: FormValue;
  onChange: (value: FormValue) => void;
  error?: string;
  readOnly: boolean;
  /** Relations: the target collection and the chosen records (from the record's expand). */
  target?: CollectionModel;
  known?: readonly Record<string, unknown>[];
}

const asString = (v: FormValue) => (typeof v === 'string' ? v : '');
const asList = (v: FormValue) => (Array.isArray(v) ? v : []);

export function FieldInput(props: FieldInputProps) {
  const { field, value, onChange, error, readOnly } = props;
  const common = {
    label: labelOf(field),
    required: field.required ?? false,
    error,
    readOnly,
  };
  const numberBound = (b: FieldModel['min']) => (typeof b === 'number' ? b : undefined);
  const min = numberBound(field.min);
  const max = numberBound(field.max);
  switch (inputKind(field)) {
    case 'number':
      return (
        <NumberInput
          {...common}
          description={
            min !== undefined && max !== undefined
              ? `From ${formatNumber(min)} to ${formatNumber(max)}`
              : min !== undefined
                ? `At least ${formatNumber(min)}`
                : max !== undefined
                  ? `At most ${formatNumber(max)}`
                  : undefined
          }
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => {
            onChange(typeof v === 'number' ? v : v === '' ? '' : Number(v));
          }}
          allowDecimal={!field.onlyInt}
          min={min}
          max={max}
          clampBehavior="none"
        />
      );
    case 'bool':
      return (
        <Checkbox
          label={common.label}
          checked={value === true}
          disabled={readOnly}
          error={error}
          onChange={(e) => {
            onChange(e.currentTarget.checked);
          }}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          disabled={readOnly}
          data={field.values ?? []}
          placeholder="Choose…"
          value={typeof value === 'string' ? value : null}
          onChange={(v) => {
            onChange(v);
          }}
          clearable={!common.required}
        />
      );
    case 'multiselect':
      return (
        <MultiSelect
          {...common}
          disabled={readOnly}
          data={field.values ?? []}
          value={asList(value)}
          onChange={(v) => {
            onChange(v);
          }}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="datetime-local"
          description="In your time zone"
          value={asString(value)}
          onChange={(e) => {
            onChange(e.currentTarget.value);
          }}
        />
      );
    case 'json':
      return (
        <JsonInput
          {...common}
          description="JSON"
          autosize
          minRows={3}
          maxRows={16}
          value={asString(value)}
          onChange={(v) => {
            onChange(v);
          }}
        />
      );
    case 'relation':
      return (
        <RelationSelect
          {...common}
          disabled={readOnly}
          target={props.target}
          known={props.known ?? []}
          value={typeof value === 'string' ? value : null}
          onChange={onChange}
        />
      );
    case 'relations':
      return (
        <RelationMultiSelect
          {...common}
          disabled={readOnly}
          target={props.target}
          known={props.known ?? []}
          value={asList(value)}
          onChange={onChange}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={inputKind(field) === 'text' ? 'text' : inputKind(field)}
          value={asString(value)}
          onChange={(e) => {
            onChange(e.currentTarget.value);
          }}
        />
      );
  }
}
