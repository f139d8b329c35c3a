// import { defineTemplate } from './defineTemplate.js';

/** Mails of the maintenance area (owned by that module's work; add templates with defineTemplate). */
export const maintenanceMailTemplates = {} as const;
