export { CsvSyntaxError, parseCsv, writeCsv } from './csv.js';
export { readTableFile, writeTableFile, XLSX_TYPE, type TableFile } from './tableFile.js';
