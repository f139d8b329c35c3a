import { NativeSelect } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Item } from './api';

/** A native select of items ("code — name"), with an optional first choice such as "all items". */
export function ItemPicker({
  items,
  value,
  onChange,
  label,
  emptyLabel,
  error,
  disabled,
  required,
  testId,
  description,
  size,
  hideLabel,
}: {
  items: readonly Item[];
  value: string;
  onChange: (id: string) => void;
  label: string;
  emptyLabel: string;
  error?: ReactNode;
  disabled?: boolean;
  required?: boolean;
  testId: string;
  description?: string;
  size?: 'xs' | 'sm';
  hideLabel?: boolean;
}) {
  const { t } = useTranslation();
  const known = items.some((item) => item.id === value);
  return (
    <NativeSelect
      label={hideLabel ? undefined : label}
      aria-label={hideLabel ? label : undefined}
      description={description}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      disabled={disabled}
      required={required}
      size={size}
      data={[
        { value: '', label: emptyLabel },
        ...(known || value === '' ? [] : [{ value, label: t('processMaster.unknownItem') }]),
        ...items.map((item) => ({ value: item.id, label: `${item.code} — ${item.name}` })),
      ]}
      data-testid={testId}
    />
  );
}
