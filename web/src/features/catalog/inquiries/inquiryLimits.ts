import type { InquiryBox } from '../api';

/** The two boxes of the inquiry list: sent by this company, or received by it as publisher. */
export const INQUIRY_BOXES: readonly InquiryBox[] = ['sent', 'received'];

/** Rows per page of the inquiry list (the API's page size). */
export const PAGE_SIZE = 50;

/** Limits the API applies to a subject and a message, checked here first to show the message beside the field. */
export const SUBJECT_MAX = 200;
export const BODY_MAX = 10_000;
