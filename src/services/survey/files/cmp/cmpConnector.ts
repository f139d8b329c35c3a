import type { ExportFormat } from '../exportDocuments.js';
import type { SurveyDocument } from '../surveyDocument.js';

/** What travels with a survey document between this system and a chemical management platform (CMP). */
export interface CmpMeta {
  /** The exchange's id: the file's name without extension (letters, digits, `-`, `_`, `.`). */
  id: string;
  /** The document file's name in the drop folder. */
  fileName: string;
  /** The file format written (send) or the format the reader found (receive). */
  format: ExportFormat | SurveyDocument['format'];
  /** Free routing fields a platform may use: sender, addressee, subject, the request it answers. */
  from?: string | undefined;
  to?: string | undefined;
  subject?: string | undefined;
  requestRef?: string | undefined;
  /** When the file was written (ISO). */
  createdAt: string;
}

/** What the caller says about a document it sends; the connector fills in the rest. */
export interface CmpSendMeta {
  id?: string | undefined;
  format?: ExportFormat | undefined;
  from?: string | undefined;
  to?: string | undefined;
  subject?: string | undefined;
  requestRef?: string | undefined;
}

/** A document received from the platform, with its meta. */
export interface CmpIncoming {
  doc: SurveyDocument;
  meta: CmpMeta;
}

/**
 * A connection to a chemical management platform (a CMP, a chemSHERPA data hub, a supplier
 * portal): survey documents go out with `send` and come in through `receive`. The survey
 * service only knows this interface; each platform gets an implementation (FileDropConnector
 * for platforms that exchange files through shared folders).
 */
export interface CmpConnector {
  /** Hands a document to the platform; resolves with the meta written once the platform may pick it up. */
  send(doc: SurveyDocument, meta: CmpSendMeta): Promise<CmpMeta>;
  /**
   * The documents waiting from the platform, oldest name first. A document counts as handled
   * when the consumer asks for the next one (or the loop ends normally); a consumer that
   * stops with an error leaves it waiting, to be received again.
   */
  receive(): AsyncIterable<CmpIncoming>;
}
