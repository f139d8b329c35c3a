import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OperationStatus, OrderStatus } from './api';

const STATUS_COLOR: Record<OrderStatus, string> = {
  draft: 'gray.7',
  planned: 'blue.8',
  released: 'indigo.9',
  in_progress: 'grape.9',
  done: 'teal.9',
  cancelled: 'dark.6',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="filled" data-testid="order-status">
      {t(`processOrders.status.${status}`)}
    </Badge>
  );
}

export function OperationStatusBadge({ status }: { status: OperationStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'done' ? 'teal.9' : status === 'in_progress' ? 'grape.9' : 'gray.7'} variant="filled">
      {t(`processOrders.operationStatus.${status}`)}
    </Badge>
  );
}

/** 納期遅れ: colour, a warning sign and the word, so it does not rest on colour alone. */
export function LateBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="red.9" variant="filled" data-testid="order-late">
      <span aria-hidden="true">⚠ </span>
      {t('processOrders.late')}
    </Badge>
  );
}
