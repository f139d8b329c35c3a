import { Modal, type MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../data/session';
import type { Lang } from '../../../i18n';
import { ENERGY_UNITS, isEnergyType, type EnergyMap } from './api';

/**
 * Whether the signed-in user is an admin of the process service. Read from the session
 * query (already loaded by the app layout), since the process layout's outlet has no context.
 */
export function useIsProcessAdmin(): boolean {
  const session = useSession();
  return session.data?.memberships.some((m) => m.service === 'process' && m.role === 'admin') ?? false;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `${lang}:${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format;
}

/** A quantity with up to three decimals, grouped the usual way. */
export function formatNumber(value: number, lang: Lang, digits = 3): string {
  return numberFormat(lang, digits).format(value);
}

/** kg-CO2e to the gram. */
export function formatKg(value: number, lang: Lang): string {
  return `${numberFormat(lang, 3).format(value)} kg`;
}

/** The energy used, e.g. "電力 120.5 kWh、蒸気 0.4 GJ"; "—" when none. */
export function useEnergyText(): (energy: EnergyMap, lang: Lang) => string {
  const { t } = useTranslation();
  return (energy, lang) => {
    const parts = Object.entries(energy)
      .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] !== 0)
      .map(([type, amount]) =>
        isEnergyType(type) ? `${t(`processRecords.energy.${type}`)} ${formatNumber(amount, lang)} ${ENERGY_UNITS[type]}` : `${type} ${formatNumber(amount, lang)}`,
      );
    return parts.length === 0 ? '—' : parts.join(lang === 'ja' ? '、' : ', ');
  };
}

/** Parses a typed number ("1,200.5", full-width digits allowed); null when empty or not a number. */
export function parseAmount(text: string): number | null {
  const normalized = text
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s]/g, '');
  if (normalized === '') return null;
  const value = Number(normalized);
  return Number.isFinite(value) ? value : null;
}

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** An ISO instant as the value of a datetime-local input in Japan time ('2026-11-27T10:00'). */
export function toJstInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() + JST_OFFSET_MS).toISOString().slice(0, 16);
}

/** The value of a datetime-local input read as Japan time, as an ISO instant; null when empty or invalid. */
export function fromJstInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(`${value}:00+09:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The dialogs of the records screens: a titled modal whose header is not a landmark. */
export function RecordsDialog({ title, onClose, size, children }: { title: string; onClose: () => void; size?: MantineSize; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Modal.Root opened onClose={onClose} size={size ?? 'lg'} centered>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={700}>{title}</Modal.Title>
          <Modal.CloseButton aria-label={t('processRecords.close')} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
