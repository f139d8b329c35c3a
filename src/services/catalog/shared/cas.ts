export { casCheckDigit, isValidCasNumber, normalizeCasNumber } from '../../../core/cas.js';
