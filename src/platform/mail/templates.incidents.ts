// import { defineTemplate } from './defineTemplate.js';

/** Mails of the incidents area (owned by that module's work; add templates with defineTemplate). */
export const incidentMailTemplates = {} as const;
